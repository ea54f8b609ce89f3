"""The ``tidtam`` command: Django's management commands with Tidtam's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``tidtam migrate``, ``tidtam load-areas`` ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["tidtam", *argv])
    # Our own commands are named with dashes on the command line (tidtam load-areas) and
    # with underscores as Python modules (load_areas.py).
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
