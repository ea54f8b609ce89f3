"""News posts and project updates (seed 002): title, body, author, time, tags, photos, links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Province
from tidtam.audit.history import audited
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Project


class Tag(models.Model):
    """A label on posts ("ข่าวสาร-ประชาสัมพันธ์", "โครงการ SUCCESS")."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsPost(models.Model):
    """A news post or project update, visible inside Tidtam and, if its author says so, to anyone."""

    title = models.CharField(_("title"), max_length=300)
    # Sanitised HTML (tidtam.news.services.clean_body): paragraphs, lists, emphasis, links.
    body = models.TextField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("author"),
    )
    # The by-line as printed, for posts brought in from elsewhere ("punyha").
    author_name = models.CharField(_("by-line"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="news_posts",
        verbose_name=_("publishing organisation"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    projects = models.ManyToManyField(
        Project, blank=True, related_name="news_posts", verbose_name=_("projects")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="mentioned_in_news", verbose_name=_("organisations")
    )
    provinces = models.ManyToManyField(
        Province, blank=True, related_name="news_posts", verbose_name=_("provinces")
    )
    is_public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited(m2m_fields=[tags])

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_public", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class NewsPhoto(models.Model):
    """A photo of a post: the original is kept, a resized copy is shown."""

    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="photos")
    original = models.ImageField(_("original"), upload_to="news/originals/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="news/thumbnails/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text=_("bytes"))
    order = models.PositiveSmallIntegerField(default=0)

    history = audited()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["post", "order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original.name
