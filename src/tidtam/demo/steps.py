"""The demo data, built from the seeds, one step per domain area.

``tidtam load-demo`` runs every step in order. Each step goes through the same services the
UI uses and is idempotent: running it twice changes nothing the second time. A step returns
the demo logins it created, which the command prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class DemoLogin:
    """A demo account to print: who it is for, its username and its password."""

    role: str
    username: str
    password: str
    scope: str = ""


# Dotted paths of the step functions, in dependency order. Each takes no argument and returns
# a list of DemoLogin (possibly empty).
STEPS: list[str] = [
    "tidtam.demo.accounts.load",
    "tidtam.demo.organisations.load",
    "tidtam.demo.projects.load",
    "tidtam.demo.finance.load",
    "tidtam.demo.news.load",
    "tidtam.demo.results.load",
    "tidtam.demo.accounts.load_grants",
]
# Each domain's engineer appends their step here, e.g. "tidtam.demo.projects.load".


def run_steps() -> list[DemoLogin]:
    """Run every demo step in order and return the logins they created."""
    logins: list[DemoLogin] = []
    for dotted in STEPS:
        module_name, func_name = dotted.rsplit(".", 1)
        step: Callable[[], list[DemoLogin]] = getattr(import_module(module_name), func_name)
        logins.extend(step())
    return logins
