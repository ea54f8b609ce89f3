"""News pages: the list and one post inside Tidtam, the public page of a public post, the Atom feed."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404 as public_get_object_or_404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tidtam.accounts import access
from tidtam.news import selectors, services
from tidtam.news.forms import NewsPostForm
from tidtam.news.models import NewsPhoto, NewsPost
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Project


@login_required
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    """List the posts the person may read, newest first."""
    tag = request.GET.get("tag") or None
    page = Paginator(selectors.news_posts_for(request.user, tag=tag), 20).get_page(
        request.GET.get("page")
    )
    can_write = access.may_anywhere(request.user, access.Action.CHANGE, access.DataKind.PROJECT)
    return render(request, "news/list.html", {"page": page, "tag": tag, "can_write": can_write})


@login_required
@require_GET
@access.object_view(NewsPost)
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one post with its photos, tags and links."""
    post = access.get_object_or_404(request.user, selectors.news_posts_for(request.user), pk=pk)
    return render(request, "news/detail.html", {"post": post, "public": False})


def _form_querysets(user: object) -> dict[str, QuerySet]:  # type: ignore[type-arg]
    return {
        "organisations": access.scoped(
            user, Organisation.objects.order_by("name"), access.Action.CHANGE
        ),
        "projects": access.scoped(user, Project.objects.order_by("code"), access.Action.CHANGE),
    }


def _data(form: NewsPostForm, published_at: object) -> services.PostData:
    cleaned = form.cleaned_data
    return services.PostData(
        title=cleaned["title"],
        body=cleaned["body"],
        organisation=cleaned["organisation"],
        published_at=published_at,  # type: ignore[arg-type]
        tags=form.tag_names(),
        projects=tuple(cleaned["projects"]),
        provinces=tuple(cleaned["provinces"]),
        is_public=cleaned["is_public"],
    )


def _save_photo(request: HttpRequest, form: NewsPostForm, post: NewsPost) -> bool:
    photo = form.cleaned_data.get("photo")
    if not photo:
        return True
    try:
        services.news_photo_add(post, photo, caption=form.cleaned_data.get("photo_caption", ""))
    except ValidationError as exc:
        form.add_error("photo", exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    """Write a new post for an organisation the person may change."""
    querysets = _form_querysets(request.user)
    form = NewsPostForm(request.POST or None, request.FILES or None, **querysets)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.news_post_create(_data(form, form.published_at()), user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if _save_photo(request, form, post):
                messages.success(request, _("Post saved."))
                return redirect("news:detail", pk=post.pk)
    return render(request, "news/form.html", {"form": form, "post": None})


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(NewsPost, access.Action.CHANGE, methods=("GET", "POST"))
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a post (its earlier versions stay in the history)."""
    post = access.get_object_or_404(request.user, NewsPost, access.Action.CHANGE, pk=pk)
    querysets = _form_querysets(request.user)
    form = NewsPostForm(
        request.POST or None,
        request.FILES or None,
        initial=NewsPostForm.initial_for(post),
        **querysets,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.news_post_update(post, _data(form, post.published_at), user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if _save_photo(request, form, post):
                messages.success(request, _("Post saved."))
                return redirect("news:detail", pk=post.pk)
    return render(request, "news/form.html", {"form": form, "post": post})


@require_GET
@access.no_object_view("serves only posts their authors made public, to anyone")
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a public post to anyone, signed in or not."""
    post = public_get_object_or_404(selectors.public_news_posts(), pk=pk)
    return render(request, "news/detail.html", {"post": post, "public": True})


@require_GET
@access.no_object_view("a photo of a public post is public; others go through access.can")
def photo(request: HttpRequest, pk: int, variant: str) -> FileResponse:
    """Send a photo (resized or original) of a post the person may read, or of a public post."""
    item = public_get_object_or_404(NewsPhoto.objects.select_related("post"), pk=pk)
    if not item.post.is_public and not access.can(request.user, access.Action.VIEW, item.post):
        raise Http404
    field = item.thumbnail if variant == "thumb" else item.original
    response = FileResponse(field.open("rb"), content_type=None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


class PublicFeed(Feed):
    """Atom feed of public posts."""

    feed_type = Atom1Feed
    title = gettext_lazy("Tidtam news")
    subtitle = gettext_lazy("Public news posts and project updates")

    def link(self) -> str:
        return reverse("news:feed")

    def items(self) -> QuerySet[NewsPost]:
        return selectors.public_news_posts()[:50]

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        text = strip_tags(re.sub(r"<(br|/p|/li|/h[23])\s*/?>", " ", item.body))
        return " ".join(text.split())[:500]

    def item_link(self, item: NewsPost) -> str:
        return reverse("news:public", kwargs={"pk": item.pk})

    def item_pubdate(self, item: NewsPost) -> object:
        return item.published_at

    def item_updateddate(self, item: NewsPost) -> object:
        return item.updated_at

    def item_author_name(self, item: NewsPost) -> str:
        return item.author_name or (str(item.author) if item.author else item.organisation.name)

    def item_categories(self, item: NewsPost) -> list[str]:
        return [tag.name for tag in item.tags.all()]
