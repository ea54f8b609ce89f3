"""Writes to news posts: create, edit, add photos, make public. Bodies are always sanitised."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from simple_history.utils import update_change_reason

from tidtam.areas.models import Province
from tidtam.news.models import NewsPhoto, NewsPost, Tag
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Project
from tidtam.thai import normalize_text

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
THUMBNAIL_SIZE = (480, 480)
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_body(text: str) -> str:
    """Return safe HTML for a post body.

    Text with no tags is plain text: blank lines separate paragraphs and single line breaks
    are kept. Text with tags keeps only paragraphs, line breaks, emphasis, lists, headings,
    quotes and http(s)/mailto links; everything else (scripts, styles, event handlers) goes.
    """
    # Normalise line by line: normalize_text collapses whitespace, and line breaks carry meaning.
    text = "\n".join(normalize_text(line) for line in (text or "").splitlines())
    if not re.search(r"<[a-zA-Z/][^>]*>", text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(
            "<p>" + "<br>".join(html.escape(line.strip()) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@dataclass(frozen=True)
class PostData:
    """What a person (or the demo) gives to write a post."""

    title: str
    body: str
    organisation: Organisation
    published_at: dt.datetime
    author_name: str = ""
    tags: tuple[str, ...] = ()
    projects: tuple[Project, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    provinces: tuple[Province, ...] = ()
    is_public: bool = False


def _tags(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        clean = " ".join(normalize_text(name).split())
        if clean:
            tags.append(Tag.objects.get_or_create(name=clean)[0])
    return tags


def _apply(post: NewsPost, data: PostData) -> None:
    title = " ".join(normalize_text(data.title).split())
    if not title:
        raise ValidationError({"title": _("A post needs a title.")})
    body = clean_body(data.body)
    if not body:
        raise ValidationError({"body": _("A post needs a body.")})
    post.title = title
    post.body = body
    post.organisation = data.organisation
    post.published_at = data.published_at
    post.author_name = data.author_name
    post.is_public = data.is_public


@transaction.atomic
def news_post_create(data: PostData, *, user: object | None) -> NewsPost:
    """Create a post with its tags and links."""
    post = NewsPost()
    _apply(post, data)
    if user is not None and getattr(user, "is_authenticated", False):
        post.author = user  # type: ignore[assignment]
    post.save()
    post.tags.set(_tags(data.tags))
    post.projects.set(data.projects)
    post.organisations.set(data.organisations)
    post.provinces.set(data.provinces)
    return post


@transaction.atomic
def news_post_update(
    post: NewsPost, data: PostData, *, user: object | None, reason: str = ""
) -> NewsPost:
    """Change a post; the previous version stays in its history."""
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    _apply(post, data)
    post.save()
    if reason:
        update_change_reason(post, reason)
    post.tags.set(_tags(data.tags))
    post.projects.set(data.projects)
    post.organisations.set(data.organisations)
    post.provinces.set(data.provinces)
    return post


def _read_image(upload: UploadedFile | ContentFile) -> Image.Image:
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo may be at most 10 MB."))
    try:
        image = Image.open(upload)
        image.verify()  # checks the file is really an image, without decoding it all
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP).")) from exc
    if image.format not in PHOTO_FORMATS:
        raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."))
    return image


@transaction.atomic
def news_photo_add(
    post: NewsPost, upload: UploadedFile | ContentFile, *, caption: str = ""
) -> NewsPhoto:
    """Keep the original photo and store a resized copy (at most 480 px) for pages."""
    image = _read_image(upload)
    fmt = image.format or "JPEG"
    extension = PHOTO_FORMATS[fmt]
    name = uuid.uuid4().hex
    upload.seek(0)
    original = ContentFile(upload.read(), name=f"{name}.{extension}")
    thumb = ImageOps.exif_transpose(image) or image
    thumb = thumb.convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=85)
    order = post.photos.count()
    return NewsPhoto.objects.create(
        post=post,
        original=original,
        thumbnail=ContentFile(buffer.getvalue(), name=f"{name}-thumb.jpg"),
        caption=normalize_text(caption).strip(),
        width=image.width,
        height=image.height,
        size=original.size,
        order=order,
    )
