"""``tidtam makemessages``, refusing to run where it would write into the project catalogue.

Django's makemessages writes the strings of every folder without its own ``locale/`` into the
first of LOCALE_PATHS, which is our hand-edited catalogue of fixes to Django's Thai strings, and
marks those fixes obsolete. Each app keeps its own catalogue instead (docs/i18n.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import makemessages


class Command(makemessages.Command):
    help = (
        "Extract an app's strings into its own locale/ catalogue. Run it inside the app "
        "folder (cd src/tidtam/<app>), which must have a locale/ folder: see docs/i18n.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        here = Path.cwd().resolve()
        project_catalogues = {Path(path).resolve() for path in settings.LOCALE_PATHS}
        own = here / "locale"
        if not own.is_dir() or own.resolve() in project_catalogues:
            raise CommandError(
                f"makemessages must run inside an app folder that has its own locale/ folder, "
                f"not in {here}. Do: mkdir -p src/tidtam/<app>/locale && cd src/tidtam/<app> && "
                f"tidtam makemessages -l th. The project catalogue "
                f"(src/tidtam/locale) is edited by hand (docs/i18n.md)."
            )
        super().handle(*args, **options)
