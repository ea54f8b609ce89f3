"""Reads of news posts: the scoped list, one post, the public feed."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from tidtam.accounts import access
from tidtam.news.models import NewsPhoto, NewsPost


def _with_relations(queryset: QuerySet[NewsPost]) -> QuerySet[NewsPost]:
    return queryset.select_related("organisation", "author").prefetch_related(
        "tags",
        "projects",
        "provinces",
        "organisations",
        Prefetch("photos", queryset=NewsPhoto.objects.order_by("order", "pk")),
    )


def news_posts_for(user: Any, *, tag: str | None = None) -> QuerySet[NewsPost]:
    """Return the posts ``user`` may read, newest first, optionally with one tag."""
    queryset = access.scoped(user, NewsPost.objects.all())
    if tag:
        queryset = queryset.filter(tags__name=tag)
    return _with_relations(queryset)


def public_news_posts() -> QuerySet[NewsPost]:
    """Return the posts their authors made public, newest first (for anyone and the feed)."""
    return _with_relations(NewsPost.objects.filter(is_public=True))
