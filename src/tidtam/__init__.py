"""Tidtam (ติดตาม): plan, fund, monitor and report community-development projects."""

__version__ = "0.1.0"
