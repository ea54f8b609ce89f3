"""The home page's project panels (registered from ``ProjectsConfig.ready``): the person's
projects and the reviews waiting for them, both scoped by ``accounts.access``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from tidtam.common.views import home_panel
from tidtam.projects import selectors


@home_panel("projects.reviews", order=20, template="projects/_home_reviews.html")
def reviews(request: HttpRequest) -> Mapping[str, Any]:
    return {"waiting": selectors.reviews_waiting(request.user)}


@home_panel("projects.mine", order=30, template="projects/_home_projects.html")
def my_projects(request: HttpRequest) -> Mapping[str, Any]:
    rows, total = selectors.home_projects(request.user)
    return {"rows": rows, "total": total}
