"""Values every page template needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

import tidtam


def site(request: HttpRequest) -> dict[str, object]:
    """Return the version and the debug flag for the base layout."""
    return {"tidtam_version": tidtam.__version__, "tidtam_debug": settings.DEBUG}
