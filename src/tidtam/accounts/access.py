"""Who may see or do what: the ONE access module of Tidtam.

Every view, export, API endpoint and CLI command that takes an id loads its object through
this module; a bare ``Project.objects.get(pk=...)`` in a view is a bug. See ``docs/access.md``.

* Each app declares, in its own ``access.py`` (imported from its ``AppConfig.ready``), how its
  models belong to organisations, areas and projects::

      access.register(Project,
                      organisations=("proposing_organisation", "implementing_organisation"),
                      provinces=("province", "working_provinces"),
                      subdistricts=("working_subdistricts",),
                      funders=("programme__funder",))
      access.register(ActivitySession, projects=("activity__plan__project",))

  A path is an ORM lookup from the model to the related Organisation / Province / District /
  Subdistrict / Region / funder Organisation. ``""`` (or ``"pk"``) means "the model itself"
  (``register(Organisation, organisations=("",))``). ``projects=`` paths point at another
  registered object (normally the Project) whose rules the model inherits: its paths are
  joined onto the given path.
* ``scoped(user, queryset, action)`` filters a queryset to what the user may see/do (one SQL
  query, no loop over rows); ``can`` / ``require`` check one object;
  ``get_object_or_404(user, queryset_or_model, action, **lookup)`` loads one object: 404 when
  the user may not even see it (existence is never revealed), 403 when they may see it but
  not do ``action``.
* ``ROLE_ACTIONS`` is the single table of which role may do which action on which kind of data.
* Grants are (role, scope) pairs (``tidtam.accounts.models.Grant``), resolved once per request
  and cached on the user object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tidtam.accounts.models import Grant, Role, ScopeKind

__all__ = [
    "ROLE_ACTIONS",
    "Action",
    "DataKind",
    "ObjectView",
    "Registration",
    "Role",
    "ScopeKind",
    "area_filter",
    "can",
    "forget",
    "get_object_or_404",
    "grants_of",
    "is_administrator",
    "may_anywhere",
    "no_object_view",
    "object_view",
    "register",
    "registration",
    "registry",
    "require",
    "role_may",
    "scope_filter",
    "scoped",
]

M = TypeVar("M", bound=models.Model)


class Action(models.TextChoices):
    """What a user wants to do with an object."""

    VIEW = "view", _("view")
    CHANGE = "change", _("change")  # create, edit, delete
    SUBMIT = "submit", _("submit")  # send a report / proposal for review
    REVIEW = "review", _("review")  # accept or return a report; approve within an area
    TRANSFER = "transfer", _("transfer")  # record a tranche transfer
    DECIDE = "decide", _("decide")  # record a committee decision
    MANAGE_INDICATORS = "manage_indicators", _("manage indicators and targets")
    VIEW_PERSONAL = "view_personal", _("view personal data")
    VIEW_HISTORY = "view_history", _("view change history")


class DataKind(models.TextChoices):
    """What kind of data a registered model holds; CHANGE rights differ by kind."""

    REFERENCE = "reference", _("organisations, people and areas")
    PROJECT = "project", _("project data (plans, activities, sessions, results, reports)")
    FINANCE = "finance", _("money (frames, approvals, tranches, expenditure)")
    INDICATORS = "indicators", _("indicators and targets")


_ALL_KINDS = frozenset(DataKind)
_NON_FINANCE = frozenset({DataKind.REFERENCE, DataKind.PROJECT})

# The one table: role -> action -> the kinds of data on which the role may do it.
# Scope (which objects) comes from the grant; this table says what the role may do there.
ROLE_ACTIONS: Mapping[Role, Mapping[Action, frozenset[DataKind]]] = {
    Role.FIELD_STAFF: {
        Action.VIEW: _ALL_KINDS,
        Action.CHANGE: _NON_FINANCE,
    },
    Role.COORDINATOR: {
        Action.VIEW: _ALL_KINDS,
        Action.CHANGE: _ALL_KINDS - {DataKind.INDICATORS},
        Action.SUBMIT: _ALL_KINDS,
        Action.VIEW_PERSONAL: _ALL_KINDS,
        Action.VIEW_HISTORY: _ALL_KINDS,
    },
    Role.FINANCE_OFFICER: {
        Action.VIEW: _ALL_KINDS,
        Action.CHANGE: frozenset({DataKind.FINANCE}),
        Action.SUBMIT: frozenset({DataKind.FINANCE}),
    },
    Role.AREA_OFFICER: {
        Action.VIEW: _ALL_KINDS,
        Action.CHANGE: _ALL_KINDS - {DataKind.INDICATORS},
        Action.REVIEW: _ALL_KINDS,
        Action.TRANSFER: _ALL_KINDS,
        Action.VIEW_PERSONAL: _ALL_KINDS,
        Action.VIEW_HISTORY: _ALL_KINDS,
    },
    Role.COMMITTEE_MEMBER: {
        Action.VIEW: _ALL_KINDS,
        Action.DECIDE: _ALL_KINDS,
    },
    Role.ANALYST: {
        Action.VIEW: _ALL_KINDS,
        Action.MANAGE_INDICATORS: _ALL_KINDS,
        Action.CHANGE: frozenset({DataKind.INDICATORS}),
        Action.VIEW_HISTORY: _ALL_KINDS,
    },
    # A funder sees only what it funds: its grants match the ``funders=`` paths, nothing else.
    Role.FUNDER: {
        Action.VIEW: _ALL_KINDS,
    },
    Role.AUDITOR: {
        Action.VIEW: _ALL_KINDS,
        Action.VIEW_PERSONAL: _ALL_KINDS,
        Action.VIEW_HISTORY: _ALL_KINDS,
    },
    Role.ADMINISTRATOR: dict.fromkeys(Action, _ALL_KINDS),
}


def role_may(role: Role | str, action: Action | str, kind: DataKind | str) -> bool:
    """Return True when ``ROLE_ACTIONS`` lets ``role`` do ``action`` on data of ``kind``."""
    return DataKind(kind) in ROLE_ACTIONS.get(Role(role), {}).get(Action(action), frozenset())


# --- Registration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """How one model belongs to organisations, areas and projects (see ``register``)."""

    model: type[models.Model]
    organisations: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    subdistricts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    public: bool = False
    kind: DataKind = DataKind.PROJECT
    personal_fields: tuple[str, ...] = ()
    viewed_through: tuple[str, ...] = ()


_REGISTRY: dict[type[models.Model], Registration] = {}
_PATH_KINDS = ("organisations", "provinces", "districts", "subdistricts", "regions", "funders")


def _norm(path: str) -> str:
    return "" if path in ("", "pk") else path


def register(
    model: type[models.Model],
    *,
    organisations: Iterable[str] = (),
    provinces: Iterable[str] = (),
    districts: Iterable[str] = (),
    subdistricts: Iterable[str] = (),
    regions: Iterable[str] = (),
    projects: Iterable[str] = (),
    funders: Iterable[str] = (),
    public: bool = False,
    kind: DataKind | str = DataKind.PROJECT,
    personal_fields: Iterable[str] = (),
    viewed_through: Iterable[str] = (),
) -> Registration:
    """Declare how ``model`` is scoped. Call from the owning app's ``access.py``.

    Each argument lists ORM lookup paths from ``model`` to the related object; ``""``/``"pk"``
    is the model itself. ``projects`` paths lead to another registered model (usually
    ``Project``) whose paths are inherited. ``public=True`` lets every signed-in user VIEW
    (reference data such as provinces); other actions still need a scope. ``kind`` selects
    the column of ``ROLE_ACTIONS`` used for CHANGE and the other actions. ``personal_fields``
    are hidden (history page, exports) from users without ``Action.VIEW_PERSONAL``.
    ``viewed_through`` lists paths to registered objects (a programme's ``projects``) whose
    viewers may also VIEW ``model`` as data of its own ``kind``; it gives no other action, no
    VIEW asked with another ``kind``, and is not inherited by models that point at ``model``
    through ``projects=``.
    Registering a model twice replaces the first registration.
    """
    reg = Registration(
        model=model,
        organisations=tuple(_norm(p) for p in organisations),
        provinces=tuple(_norm(p) for p in provinces),
        districts=tuple(_norm(p) for p in districts),
        subdistricts=tuple(_norm(p) for p in subdistricts),
        regions=tuple(_norm(p) for p in regions),
        projects=tuple(_norm(p) for p in projects),
        funders=tuple(_norm(p) for p in funders),
        public=public,
        kind=DataKind(kind),
        personal_fields=tuple(personal_fields),
        viewed_through=tuple(_norm(p) for p in viewed_through),
    )
    _REGISTRY[model] = reg
    _flat_paths.cache_clear()
    return reg


def registry() -> dict[type[models.Model], Registration]:
    """Return a copy of every registration, by model."""
    return dict(_REGISTRY)


def registration(model: type[models.Model]) -> Registration:
    """Return the registration of ``model`` (or of its concrete parent); refuse an unknown model."""
    for candidate in (model, *model._meta.get_parent_list()):
        concrete = candidate._meta.concrete_model or candidate
        reg = _REGISTRY.get(concrete) or _REGISTRY.get(candidate)
        if reg is not None:
            return reg
    raise ImproperlyConfigured(
        f"{model._meta.label} is not registered with tidtam.accounts.access.register(); "
        "declare how it belongs to organisations/areas/projects in its app's access.py."
    )


def _join(prefix: str, path: str) -> str:
    return "__".join(part for part in (prefix, path) if part)


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    current: Any = model
    for name in path.split("__") if path else []:
        current = current._meta.get_field(name).related_model
        if current is None:
            raise ImproperlyConfigured(f"{model._meta.label}: {path!r} is not a relation")
    return current  # type: ignore[no-any-return]


def _is_multi_valued(model: type[models.Model], path: str) -> bool:
    current: Any = model
    for name in path.split("__") if path else []:
        try:
            fld = current._meta.get_field(name)
        except FieldDoesNotExist:
            return True  # a lookup we cannot follow: be safe and de-duplicate
        if fld.many_to_many or fld.one_to_many:
            return True
        current = fld.related_model
        if current is None:
            return False
    return False


@dataclass(frozen=True)
class _Paths:
    organisations: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    subdistricts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    multi_valued: bool = False


def _flat_paths_uncached(model: type[models.Model], depth: int = 0) -> _Paths:
    if depth > 6:
        raise ImproperlyConfigured(f"access: projects= paths of {model._meta.label} loop")
    reg = registration(model)
    collected: dict[str, list[str]] = {name: list(getattr(reg, name)) for name in _PATH_KINDS}
    for parent_path in reg.projects:
        parent_model = _related_model(reg.model, parent_path)
        parent = _flat_paths_uncached(parent_model, depth + 1)
        for name in _PATH_KINDS:
            collected[name].extend(_join(parent_path, p) for p in getattr(parent, name))
    every = [p for name in _PATH_KINDS for p in collected[name]]
    return _Paths(
        **{name: tuple(dict.fromkeys(collected[name])) for name in _PATH_KINDS},
        multi_valued=any(_is_multi_valued(reg.model, p) for p in every),
    )


class _PathCache:
    """A tiny cache of flattened paths per model, cleared whenever a model is (re)registered."""

    def __init__(self) -> None:
        self._data: dict[type[models.Model], _Paths] = {}

    def __call__(self, model: type[models.Model]) -> _Paths:
        reg_model = registration(model).model
        if reg_model not in self._data:
            self._data[reg_model] = _flat_paths_uncached(reg_model)
        return self._data[reg_model]

    def cache_clear(self) -> None:
        self._data.clear()


_flat_paths = _PathCache()


def _view_paths_uncached(model: type[models.Model]) -> _Paths | None:
    reg = registration(model)
    if not reg.viewed_through:
        return None
    collected: dict[str, list[str]] = {name: [] for name in _PATH_KINDS}
    for path in reg.viewed_through:
        target = _flat_paths(_related_model(reg.model, path))
        for name in _PATH_KINDS:
            collected[name].extend(_join(path, p) for p in getattr(target, name))
    every = [p for name in _PATH_KINDS for p in collected[name]]
    return _Paths(
        **{name: tuple(dict.fromkeys(collected[name])) for name in _PATH_KINDS},
        multi_valued=any(_is_multi_valued(reg.model, p) for p in every),
    )


def _view_paths(
    model: type[models.Model], action: Action | str, kind: DataKind | str | None
) -> _Paths | None:
    """The VIEW-only paths of ``model`` (``viewed_through``), flattened; None when it has none or
    when they do not apply: another action, or a ``kind`` other than the registered one (the
    money page of a programme asks VIEW with ``kind=FINANCE``: not widened)."""
    reg = registration(model)
    if Action(action) != Action.VIEW or (kind is not None and DataKind(kind) != reg.kind):
        return None
    return _view_paths_uncached(reg.model)


# --- Grants of a user, resolved once per request ----------------------------------------------


@dataclass(frozen=True)
class ResolvedGrant:
    """A grant with its scope expanded to ids (region -> provinces, organisation -> members)."""

    role: Role
    scope_kind: ScopeKind
    organisation_ids: frozenset[int] = frozenset()
    province_codes: frozenset[str] = frozenset()
    district_codes: frozenset[str] = frozenset()
    subdistrict_codes: frozenset[str] = frozenset()
    region_ids: frozenset[int] = frozenset()


@dataclass
class _UserAccess:
    grants: list[ResolvedGrant] = field(default_factory=list)
    checks: dict[tuple[str, str, Any, str], bool] = field(default_factory=dict)


_CACHE_ATTR = "_tidtam_access"


def _organisation_and_members(organisation_id: int) -> frozenset[int]:
    from tidtam.organisations.models import Organisation

    found = {organisation_id}
    frontier = {organisation_id}
    for _level in range(8):  # networks nest a few levels at most
        frontier = set(
            Organisation.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        if not frontier:
            break
        found |= frontier
    return frozenset(found)


def _resolve(grant: Grant) -> ResolvedGrant:
    from tidtam.areas.models import RegionProvince

    kind = grant.scope_kind
    role = Role(grant.role)
    if kind == ScopeKind.ORGANISATION:
        return ResolvedGrant(
            role, kind, organisation_ids=_organisation_and_members(grant.organisation_id or 0)
        )
    if kind == ScopeKind.REGION:
        codes = RegionProvince.objects.filter(region_id=grant.region_id or 0).values_list(
            "province_id", flat=True
        )
        return ResolvedGrant(
            role,
            kind,
            province_codes=frozenset(codes),
            region_ids=frozenset({grant.region_id}) if grant.region_id else frozenset(),
        )
    if kind == ScopeKind.PROVINCE:
        return ResolvedGrant(role, kind, province_codes=frozenset({grant.province_id or ""}))
    if kind == ScopeKind.DISTRICT:
        return ResolvedGrant(role, kind, district_codes=frozenset({grant.district_id or ""}))
    if kind == ScopeKind.SUBDISTRICT:
        return ResolvedGrant(role, kind, subdistrict_codes=frozenset({grant.subdistrict_id or ""}))
    return ResolvedGrant(role, kind)


def _access(user: Any) -> _UserAccess:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grants = [_resolve(g) for g in Grant.objects.filter(user_id=user.pk)]
        cached = _UserAccess(grants=grants)
        setattr(user, _CACHE_ATTR, cached)
    return cached  # type: ignore[no-any-return]


def grants_of(user: Any) -> list[ResolvedGrant]:
    """Return the user's grants with their scopes expanded (cached on the user object)."""
    if not _active(user):
        return []
    return list(_access(user).grants)


def forget(user: Any) -> None:
    """Drop the grants cached on ``user`` (call after changing its grants in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_administrator(user: Any) -> bool:
    """Return True for a superuser or a user granted ADMINISTRATOR for the whole country."""
    if not _active(user):
        return False
    return _is_administrator(user)


def _is_administrator(user: Any) -> bool:
    if user.is_superuser:
        return True
    return any(
        g.role == Role.ADMINISTRATOR and g.scope_kind == ScopeKind.COUNTRY
        for g in _access(user).grants
    )


# --- Scoping ----------------------------------------------------------------------------------

_NOTHING = Q(pk__in=[])


def _in(path: str, values: Iterable[Any]) -> Q:
    return Q(**{f"{path}__in" if path else "pk__in": sorted(values)})


def _grant_q(grant: ResolvedGrant, paths: _Paths) -> Q | None:
    """Return the filter for one grant; None means "everything"."""
    q = _NOTHING
    if grant.role == Role.FUNDER:
        # A funder's organisation (and its members) must be the funder of the object.
        if grant.scope_kind != ScopeKind.ORGANISATION:
            return _NOTHING
        for path in paths.funders:
            q |= _in(path, grant.organisation_ids)
        return q
    if grant.scope_kind == ScopeKind.COUNTRY:
        return None
    if grant.scope_kind == ScopeKind.ORGANISATION:
        for path in paths.organisations:
            q |= _in(path, grant.organisation_ids)
    elif grant.scope_kind in (ScopeKind.REGION, ScopeKind.PROVINCE):
        for path in paths.provinces:
            q |= _in(path, grant.province_codes)
        for path in paths.districts:
            q |= _in(_join(path, "province"), grant.province_codes)
        for path in paths.subdistricts:
            q |= _in(_join(path, "province"), grant.province_codes)
        if grant.region_ids:
            for path in paths.regions:
                q |= _in(path, grant.region_ids)
    elif grant.scope_kind == ScopeKind.DISTRICT:
        for path in paths.districts:
            q |= _in(path, grant.district_codes)
        for path in paths.subdistricts:
            q |= _in(_join(path, "district"), grant.district_codes)
    elif grant.scope_kind == ScopeKind.SUBDISTRICT:
        for path in paths.subdistricts:
            q |= _in(path, grant.subdistrict_codes)
    return q


def scope_filter(
    user: Any,
    model: type[models.Model],
    action: Action | str = Action.VIEW,
    *,
    kind: DataKind | str | None = None,
) -> Q | None:
    """Return the filter on ``model`` for what ``user`` may do ``action`` on; None = everything.

    ``Q(pk__in=[])`` means nothing. Use ``scoped`` for querysets; this is for callers that
    filter something else by the model's ids (e.g. historical rows in the audit trail).
    """
    action = Action(action)
    if not _active(user):
        return _NOTHING
    reg = registration(model)
    if _is_administrator(user):
        return None
    if reg.public and action == Action.VIEW:
        return None
    data_kind = DataKind(kind) if kind is not None else reg.kind
    paths = _flat_paths(model)
    view_paths = _view_paths(model, action, kind)
    combined = _NOTHING
    for grant in _access(user).grants:
        if not role_may(grant.role, action, data_kind):
            continue
        for grant_paths in (paths, view_paths):
            if grant_paths is None:
                continue
            q = _grant_q(grant, grant_paths)
            if q is None:
                return None
            combined |= q
    return combined


def area_filter(model: type[models.Model], province_codes: Iterable[str]) -> Q:
    """Return the filter on ``model`` for objects located in any of ``province_codes``."""
    grant = ResolvedGrant(
        Role.AREA_OFFICER, ScopeKind.PROVINCE, province_codes=frozenset(province_codes)
    )
    return _grant_q(grant, _flat_paths(model)) or _NOTHING


def may_anywhere(user: Any, action: Action | str, kind: DataKind | str | None = None) -> bool:
    """Return True when at least one of the user's grants allows ``action`` (on ``kind`` data).

    For pages that are not about one object (the audit page): whether to show them at all.
    """
    if not _active(user):
        return False
    if _is_administrator(user):
        return True
    kinds = [DataKind(kind)] if kind is not None else list(DataKind)
    return any(role_may(grant.role, action, k) for grant in _access(user).grants for k in kinds)


def scoped(
    user: Any,
    queryset: QuerySet[M],
    action: Action | str = Action.VIEW,
    *,
    kind: DataKind | str | None = None,
) -> QuerySet[M]:
    """Return ``queryset`` filtered to the objects ``user`` may do ``action`` on.

    One SQL query; never loops over rows. Objects reached through a many-valued path are
    filtered with a ``pk IN (subquery)`` so the result has no duplicates and keeps its own
    ordering and annotations. ``kind`` overrides the registered data kind (e.g. checking
    CHANGE of FINANCE data on a Project before creating a tranche under it).
    """
    q = scope_filter(user, queryset.model, action, kind=kind)
    if q is None:
        return queryset
    if q == _NOTHING:
        return queryset.none()
    view_paths = _view_paths(queryset.model, action, kind)
    if _flat_paths(queryset.model).multi_valued or (view_paths and view_paths.multi_valued):
        model = queryset.model
        return queryset.filter(pk__in=model._default_manager.filter(q).values("pk"))
    return queryset.filter(q)


def can(
    user: Any, action: Action | str, obj: models.Model, *, kind: DataKind | str | None = None
) -> bool:
    """Return True when ``user`` may do ``action`` on ``obj`` (cached per user object).

    For creating a child object (a session under a project) check the parent:
    ``can(user, Action.CHANGE, project)``; for money under a project pass
    ``kind=DataKind.FINANCE``.
    """
    action = Action(action)
    if not _active(user) or obj is None or obj.pk is None:
        return False
    if _is_administrator(user):
        return True
    model = type(obj)
    key = (model._meta.label, action.value, obj.pk, str(kind or ""))
    checks = _access(user).checks
    if key not in checks:
        qs = model._default_manager.filter(pk=obj.pk)
        checks[key] = scoped(user, qs, action, kind=kind).exists()
    return checks[key]


def require(
    user: Any, action: Action | str, obj: models.Model, *, kind: DataKind | str | None = None
) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` on ``obj``."""
    if not can(user, action, obj, kind=kind):
        raise PermissionDenied


def get_object_or_404(
    user: Any,
    queryset_or_model: QuerySet[M] | type[M],
    action: Action | str = Action.VIEW,
    *,
    kind: DataKind | str | None = None,
    **lookup: Any,
) -> M:
    """Load one object for ``user``: 404 if they may not see it, 403 if they may see but not act.

    The 404 is the same as for an id that does not exist, so ids of other organisations'
    objects never leak.
    """
    if isinstance(queryset_or_model, QuerySet):
        queryset = queryset_or_model
    else:
        queryset = queryset_or_model._default_manager.all()
    try:
        obj = scoped(user, queryset, Action.VIEW).get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError) as exc:
        raise Http404 from exc
    if Action(action) != Action.VIEW or kind is not None:
        require(user, action, obj, kind=kind)
    return obj


# --- Declaring object views (checked by the access matrix test) -------------------------------


@dataclass(frozen=True)
class ObjectView:
    """What a URL that takes an object id shows or changes.

    ``model`` None means a generic view (any registered model, e.g. the history page).
    ``url_kwargs(obj)`` returns the URL kwargs that address ``obj`` (default ``{kwarg: obj.pk}``).
    """

    model: type[models.Model] | None
    action: Action = Action.VIEW
    kwarg: str = "pk"
    url_kwargs: Callable[[Any], dict[str, Any]] | None = None
    methods: tuple[str, ...] = ("GET",)
    query: tuple[tuple[str, str], ...] = ()

    def kwargs_for(self, obj: models.Model) -> dict[str, Any]:
        """Return the URL kwargs addressing ``obj``."""
        if self.url_kwargs is not None:
            return self.url_kwargs(obj)
        return {self.kwarg: obj.pk}


V = TypeVar("V")


def object_view(
    model: type[models.Model] | None,
    action: Action | str = Action.VIEW,
    *,
    kwarg: str = "pk",
    url_kwargs: Callable[[Any], dict[str, Any]] | None = None,
    methods: Iterable[str] = ("GET",),
    query: Mapping[str, str] | None = None,
) -> Callable[[V], V]:
    """Declare that a view (function or class) shows/changes one ``model`` object named by ``kwarg``.

    Purely declarative: the view must still load the object with ``get_object_or_404``. The
    access matrix test walks the URL configuration and, for every pattern with an id-like
    kwarg, uses this declaration to build URLs for objects in and out of each role's scope.
    ``methods`` lists how the view is used (``("POST",)`` for a POST-only action view);
    ``query`` is a query string the page needs besides the id (``{"cell": "annual"}``).
    """
    declaration = ObjectView(
        model=model,
        action=Action(action),
        kwarg=kwarg,
        url_kwargs=url_kwargs,
        methods=tuple(m.upper() for m in methods),
        query=tuple((query or {}).items()),
    )

    def decorate(view: V) -> V:
        view.access_object = declaration  # type: ignore[attr-defined]
        return view

    return decorate


def no_object_view(reason: str) -> Callable[[V], V]:
    """Declare that a view's id-like kwarg does not name a scoped object (say why)."""

    def decorate(view: V) -> V:
        view.access_no_object = reason  # type: ignore[attr-defined]
        return view

    return decorate


def declaration_of(callback: Any) -> ObjectView | str | None:
    """Return a URL callback's ObjectView, its no-object reason, or None if undeclared."""
    for target in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        if target is None:
            continue
        declared = getattr(target, "access_object", None)
        if isinstance(declared, ObjectView):
            return declared
        reason = getattr(target, "access_no_object", None)
        if isinstance(reason, str):
            return reason
    wrapped = getattr(callback, "__wrapped__", None)
    if wrapped is not None and wrapped is not callback:
        return declaration_of(wrapped)
    return None
