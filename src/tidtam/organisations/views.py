"""Pages of the organisations app: organisations, people and memberships.

Every page that takes an id loads it through ``access.get_object_or_404``; every list comes
from a selector scoped with ``access.scoped``. Personal data (phone, e-mail, LINE) is shown
only when ``access.can(user, Action.VIEW_PERSONAL, person)``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tidtam.accounts import access
from tidtam.accounts.access import Action, DataKind
from tidtam.areas.forms import attach_errors
from tidtam.organisations import selectors, services
from tidtam.organisations.access import may_add_organisation
from tidtam.organisations.forms import (
    MembershipAddForm,
    MembershipForm,
    OrganisationForm,
    OrganisationSearchForm,
    PersonForm,
)
from tidtam.organisations.models import Membership, Organisation, Person

PAGE_SIZE = 50


def _page_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """List the organisations the user may see; search (Thai-aware), filter by kind and province."""
    form = OrganisationSearchForm(request.GET or None)
    filters = {"query": "", "kind": "", "province": ""}
    if form.is_valid():
        province = form.cleaned_data["province"]
        filters = {
            "query": form.cleaned_data["q"] or "",
            "kind": form.cleaned_data["kind"] or "",
            "province": province.code if province else "",
        }
    organisations = selectors.organisation_list(request.user, **filters)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": _page_query(request),
            "searched": any(filters.values()),
            "may_add": access.may_anywhere(request.user, Action.CHANGE, DataKind.REFERENCE),
        },
    )


@login_required
@require_GET
@access.object_view(Organisation)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an organisation: kind, parent, members (networks), people and roles, areas."""
    organisation = access.get_object_or_404(
        request.user, Organisation.objects.select_related("province"), pk=pk
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "detail": selectors.organisation_detail(request.user, organisation),
            "organisation": organisation,
            "may_change": access.can(request.user, Action.CHANGE, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Add an organisation (in a province of the user's scope, or under a network they manage)."""
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.service_fields()
        if not may_add_organisation(
            request.user, province=values["province"], parent=values["parent"]
        ):
            form.add_error(
                "province",
                _("You may only add organisations in the provinces or networks you work with."),
            )
        else:
            try:
                organisation = services.organisation_create(by=request.user, **values)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Organisation added."))
                return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request, "organisations/organisation_form.html", {"form": form, "organisation": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Organisation, Action.CHANGE, methods=("GET", "POST"))
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an organisation."""
    organisation = access.get_object_or_404(request.user, Organisation, Action.CHANGE, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation, by=request.user, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Organisation, Action.CHANGE, methods=("GET", "POST"))
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member to an organisation: an existing person or a new one, with a role."""
    organisation = access.get_object_or_404(request.user, Organisation, Action.CHANGE, pk=pk)
    form = MembershipAddForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or services.person_create(
                    title=data["title"] or "",
                    first_name=data["first_name"],
                    last_name=data["last_name"] or "",
                    by=request.user,
                )
                services.membership_add(
                    person=person,
                    organisation=organisation,
                    role=data["role"] or "",
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    by=request.user,
                )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/membership_form.html",
        {"form": form, "organisation": organisation, "membership": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Membership, Action.CHANGE, methods=("GET", "POST"))
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a membership's role or dates (end it by giving the date it ended)."""
    membership = access.get_object_or_404(
        request.user,
        Membership.objects.select_related("person", "organisation"),
        Action.CHANGE,
        pk=pk,
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership,
                by=request.user,
                role=form.cleaned_data["role"] or "",
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Membership saved."))
            return redirect("organisations:detail", pk=membership.organisation_id)
    return render(
        request,
        "organisations/membership_form.html",
        {"form": form, "organisation": membership.organisation, "membership": membership},
    )


@login_required
@require_POST
@access.object_view(Membership, Action.CHANGE, methods=("POST",))
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a membership entered by mistake."""
    membership = access.get_object_or_404(request.user, Membership, Action.CHANGE, pk=pk)
    organisation_id = membership.organisation_id
    services.membership_remove(membership, by=request.user)
    messages.success(request, _("Membership removed."))
    return redirect("organisations:detail", pk=organisation_id)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """List the people the user may see (members of organisations in their scope)."""
    query = request.GET.get("q", "")[:200]
    people = selectors.person_list(request.user, query=query).prefetch_related(
        "memberships__organisation"
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/person_list.html",
        {"page_obj": page, "q": query, "query": _page_query(request)},
    )


@login_required
@require_GET
@access.object_view(Person)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person; their contact details only to users who may see personal data."""
    person = access.get_object_or_404(request.user, Person, pk=pk)
    return render(
        request,
        "organisations/person_detail.html",
        {
            "detail": selectors.person_detail(request.user, person),
            "person": person,
            "may_change": access.can(request.user, Action.CHANGE, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Person, Action.CHANGE, methods=("GET", "POST"))
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person; contact details only for users who may see personal data."""
    person = access.get_object_or_404(request.user, Person, Action.CHANGE, pk=pk)
    show_personal = access.can(request.user, Action.VIEW_PERSONAL, person)
    form = PersonForm(request.POST or None, instance=person, show_personal=show_personal)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person, by=request.user, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Person saved."))
            return redirect("organisations:person_detail", pk=person.pk)
    return render(request, "organisations/person_form.html", {"form": form, "person": person})
