"""Pages of the areas app: browse provinces → districts → subdistricts; communities.

Every page that takes an id or a code loads it through ``access.get_object_or_404``; every
list comes from a selector that scopes it with ``access.scoped``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.areas import selectors, services
from tidtam.areas.access import may_add_community
from tidtam.areas.forms import CommunityForm, CommunitySearchForm, attach_errors
from tidtam.areas.models import Community, District, Province, Subdistrict

PAGE_SIZE = 50


@login_required
@require_GET
def area_index(request: HttpRequest) -> HttpResponse:
    """Show the provinces grouped by the regions of the default grouping."""
    return render(
        request,
        "areas/index.html",
        {
            "grouping": selectors.default_grouping(),
            "rows": selectors.province_regions(),
        },
    )


@login_required
@require_GET
@access.object_view(Province, kwarg="code")
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a province and its districts."""
    province = access.get_object_or_404(request.user, Province, code=code)
    return render(
        request,
        "areas/province.html",
        {
            "province": province,
            "districts": selectors.district_list(province),
            "regions": province.regions.select_related("grouping").order_by("grouping__code"),
        },
    )


@login_required
@require_GET
@access.object_view(District, kwarg="code")
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a district and its subdistricts with their postcodes."""
    district = access.get_object_or_404(
        request.user, District.objects.select_related("province"), code=code
    )
    return render(
        request,
        "areas/district.html",
        {
            "district": district,
            "subdistricts": selectors.subdistrict_list(district),
            "municipalities": selectors.municipality_options(district.code),
        },
    )


@login_required
@require_GET
@access.object_view(Subdistrict, kwarg="code")
def subdistrict_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a subdistrict and the communities in it the user may see."""
    subdistrict = access.get_object_or_404(
        request.user, Subdistrict.objects.select_related("district", "province"), code=code
    )
    return render(
        request,
        "areas/subdistrict.html",
        {
            "subdistrict": subdistrict,
            "communities": selectors.community_list(request.user, subdistrict=subdistrict.code),
            "may_add": may_add_community(request.user, subdistrict),
        },
    )


@login_required
@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    """List the communities the user may see; search by name (Thai-aware) and province."""
    form = CommunitySearchForm(request.GET or None)
    query, province = "", ""
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        province = form.cleaned_data["province"].code if form.cleaned_data["province"] else ""
    communities = selectors.community_list(request.user, query=query, province=province)
    page = Paginator(communities, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "areas/community_list.html",
        {"form": form, "page_obj": page, "query": params.urlencode(), "searched": bool(query)},
    )


@login_required
@require_GET
@access.object_view(Community)
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a community: its place, municipality, households, land status and notes."""
    community = access.get_object_or_404(
        request.user,
        Community.objects.select_related("subdistrict__district__province", "municipality"),
        pk=pk,
    )
    return render(
        request,
        "areas/community_detail.html",
        {"community": community, "may_change": access.can(request.user, Action.CHANGE, community)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest) -> HttpResponse:
    """Add a community under a subdistrict (``?subdistrict=<code>`` preselects it)."""
    initial = {}
    code = request.GET.get("subdistrict", "")
    if code:
        initial["subdistrict"] = access.get_object_or_404(
            request.user, Subdistrict.objects.all(), code=code
        )
    form = CommunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        subdistrict = form.cleaned_data["subdistrict"]
        if not may_add_community(request.user, subdistrict):
            form.add_error("subdistrict", _("You may not add communities in this subdistrict."))
        else:
            try:
                community = services.community_create(by=request.user, **form.service_fields())
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Community added."))
                return redirect("areas:community_detail", pk=community.pk)
    return render(
        request,
        "areas/community_form.html",
        {"form": form, "community": None, "subdistrict": initial.get("subdistrict")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Community, Action.CHANGE, methods=("GET", "POST"))
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a community."""
    community = access.get_object_or_404(
        request.user,
        Community.objects.select_related("subdistrict__district__province"),
        Action.CHANGE,
        pk=pk,
    )
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        subdistrict = form.cleaned_data["subdistrict"]
        if subdistrict != community.subdistrict and not may_add_community(
            request.user, subdistrict
        ):
            form.add_error("subdistrict", _("You may not add communities in this subdistrict."))
        else:
            try:
                services.community_update(community, by=request.user, **form.service_fields())
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Community saved."))
                return redirect("areas:community_detail", pk=community.pk)
    return render(request, "areas/community_form.html", {"form": form, "community": community})


@login_required
@require_GET
def district_options(request: HttpRequest) -> HttpResponse:
    """Return the <option>s of the districts of ``?province=`` (for the htmx picker)."""
    options = District.objects.filter(province_id=request.GET.get("province", "")).order_by(
        "name_th"
    )
    return render(
        request,
        "areas/_options.html",
        {"options": options, "empty_label": _("Choose a district")},
    )


@login_required
@require_GET
def subdistrict_options(request: HttpRequest) -> HttpResponse:
    """Return the <option>s of the subdistricts of ``?district=`` (for the htmx picker); none
    when ``?province=`` is given and the district is not in it (the province just changed)."""
    options = Subdistrict.objects.filter(district_id=request.GET.get("district", ""))
    if "province" in request.GET:
        options = options.filter(province_id=request.GET["province"])
    options = options.order_by("name_th")
    return render(
        request,
        "areas/_options.html",
        {"options": options, "empty_label": _("Choose a subdistrict")},
    )


@login_required
@require_GET
def municipality_options(request: HttpRequest) -> HttpResponse:
    """Return the <option>s of the municipalities of ``?district=`` (for the htmx picker)."""
    return render(
        request,
        "areas/_options.html",
        {
            "options": selectors.municipality_options(
                request.GET.get("district", ""), request.GET.get("province")
            ),
            "empty_label": "---------",
        },
    )
