"""The post form: what a person types, checked before the service writes it."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Province
from tidtam.news.models import NewsPost
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Project


class NewsPostForm(forms.Form):
    """Write or edit a post. Querysets are scoped to the user by the view."""

    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text (a blank line starts a new paragraph) or simple HTML: paragraphs, lists, bold, links."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Publishing organisation"), queryset=Organisation.objects.none()
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"), queryset=Project.objects.none(), required=False
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"), queryset=Province.objects.all(), required=False
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Anyone can read a public post, and it appears in the feed."),
    )
    photo = forms.ImageField(label=_("Add a photo"), required=False)
    photo_caption = forms.CharField(label=_("Photo caption"), max_length=300, required=False)

    def __init__(
        self, *args: object, organisations: object, projects: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["projects"].queryset = projects  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(post: NewsPost) -> dict[str, object]:
        return {
            "title": post.title,
            "body": post.body,
            "organisation": post.organisation_id,
            "tags": ", ".join(t.name for t in post.tags.all()),
            "projects": list(post.projects.all()),
            "provinces": list(post.provinces.all()),
            "is_public": post.is_public,
        }

    def tag_names(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip())

    def published_at(self) -> object:
        return timezone.now()
