"""The access matrix: every URL that names an object, for every role, in and out of scope.

Generated from the URL configuration, so a page added tomorrow is checked tomorrow:

* every URL pattern with an id-like kwarg (pk, id, code, slug, *_pk, *_id, *_code) must declare
  what it shows with ``@access.object_view(Model, action)`` (or ``@access.no_object_view(why)``);
* for each declared URL and each role (scoped to side A of the test world), the side-B object
  gives 403/404 and its name is not in the response; the side-A object succeeds exactly when
  ``access.can`` says the role may do the declared action.
"""

from __future__ import annotations

import re
import warnings
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.builders import build
from tidtam.accounts import access
from tidtam.accounts.access import Action, ObjectView, Role

ID_KWARG = re.compile(r"^(pk|id|code|slug|uuid|.+_pk|.+_id|.+_code|.+_slug)$")
# Namespaces whose views have their own permission system (Django admin: staff only, model perms).
SKIPPED_NAMESPACES = {"admin"}
DENIED = {403, 404}
ALLOWED = {200, 302}


def _kwarg_names(pattern: Any) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    regex = getattr(pattern.pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def walk(patterns=None, namespace: str = "", inherited: tuple[str, ...] = ()):
    """Yield (view name, callback, kwarg names) of every named URL pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, full, (*inherited, *_kwarg_names(entry)))
        elif isinstance(entry, URLPattern):
            if not entry.name:
                continue
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.callback, [*inherited, *_kwarg_names(entry)]


def object_urls():
    """Return (name, callback, kwargs) of the URL patterns that take an object id."""
    found = []
    for name, callback, kwargs in walk():
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        if any(ID_KWARG.match(k) for k in kwargs):
            found.append((name, callback, kwargs))
    return found


def declared_object_views() -> list[tuple[str, ObjectView]]:
    result = []
    for name, callback, _kwargs in object_urls():
        declared = access.declaration_of(callback)
        if isinstance(declared, ObjectView):
            result.append((name, declared))
    return sorted(result, key=lambda item: item[0])


def test_there_are_object_urls_to_check():
    assert any(name == "audit:history" for name, _ in declared_object_views())


def test_every_object_url_declares_its_model():
    missing = [
        f"{name} ({', '.join(kwargs)})"
        for name, callback, kwargs in object_urls()
        if access.declaration_of(callback) is None
    ]
    assert missing == [], (
        "These URLs take an object id but do not say which model they show: decorate the view "
        "with @access.object_view(Model, Action.X) or @access.no_object_view('why') "
        "(see docs/access.md): " + "; ".join(missing)
    )


def test_every_declared_model_is_registered():
    for _name, declared in declared_object_views():
        if declared.model is not None:
            access.registration(declared.model)  # raises ImproperlyConfigured, naming the model


def _examples(declared: ObjectView, world) -> list[tuple[Any, Any]]:
    """Return (side A object, side B object) pairs the declared view is checked with."""
    if declared.model is not None:
        return [(build(declared.model, world, "a"), build(declared.model, world, "b"))]
    # A generic view (any registered model): check it with the core objects.
    return [
        (world.a.project, world.b.project),
        (world.a.organisation, world.b.organisation),
    ]


def _request(client: Client, declared: ObjectView, url: str):
    if "GET" in declared.methods:
        return client.get(url)
    return client.post(url, {})


ROLES = list(Role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,declared",
    declared_object_views(),
    ids=lambda v: getattr(v, "__name__", str(v)) if not isinstance(v, ObjectView) else v.action,
)
def test_object_url_for_every_role(name, declared, world, media_dir):
    failures: list[str] = []
    query = f"?{urlencode(declared.query)}" if declared.query else ""
    for obj_a, obj_b in _examples(declared, world):
        url_a = reverse(name, kwargs=declared.kwargs_for(obj_a)) + query
        url_b = reverse(name, kwargs=declared.kwargs_for(obj_b)) + query
        # A page that needs more than the id (a query, related data) is "not found" even for
        # a superuser: its positive checks cannot run; say so instead of failing.
        root = Client(HTTP_ACCEPT_LANGUAGE="th")
        root.force_login(world.superuser())
        positive = (
            "GET" not in declared.methods or _request(root, declared, url_a).status_code != 404
        )
        if not positive:
            warnings.warn(
                f"{name}: {url_a} is 404 even for a superuser; declare query= on its "
                "object_view (or a builder) so the in-scope checks can run",
                stacklevel=1,
            )
        secret = str(obj_b)
        public = access.registration(type(obj_b)).public and declared.action == Action.VIEW
        posted_allowed: list[Role] = []
        for role in ROLES:
            user = world.user(role, "a")
            client = Client(HTTP_ACCEPT_LANGUAGE="th")
            client.force_login(user)
            # out of scope: refused, with nothing of the object in the page
            for method in () if public else ("get", "post"):
                response = getattr(client, method)(url_b, {})
                if method.upper() not in declared.methods and response.status_code == 405:
                    continue
                if response.status_code not in DENIED:
                    failures.append(
                        f"{role} {method.upper()} {url_b}: {response.status_code}, expected 403/404"
                    )
                elif len(secret) >= 4 and secret in response.content.decode():
                    failures.append(f"{role} {method.upper()} {url_b}: leaks {secret!r}")
            # in scope: allowed exactly when the access module says so
            if not positive:
                continue
            expected = access.can(user, declared.action, obj_a)
            if "GET" not in declared.methods and expected:
                posted_allowed.append(role)
                continue
            response = _request(client, declared, url_a)
            if expected and response.status_code not in ALLOWED:
                failures.append(f"{role} {url_a}: {response.status_code}, expected 200/302")
            if not expected and response.status_code not in DENIED:
                failures.append(f"{role} {url_a}: {response.status_code}, expected 403/404")
        # POST-only actions change things: try the allowed ones once, at the end
        if posted_allowed:
            user = world.user(posted_allowed[0], "a")
            client = Client(HTTP_ACCEPT_LANGUAGE="th")
            client.force_login(user)
            response = client.post(url_a, {})
            if response.status_code not in ALLOWED | {400}:
                failures.append(f"{posted_allowed[0]} POST {url_a}: {response.status_code}")
    assert failures == []


@pytest.mark.django_db
def test_scoped_roles_see_their_side_of_the_core_objects(world):
    """The world is wired so that side-A roles do reach side-A objects (guards the matrix)."""
    for role in (Role.COORDINATOR, Role.AREA_OFFICER, Role.FIELD_STAFF, Role.AUDITOR):
        user = world.user(role, "a")
        assert access.can(user, Action.VIEW, world.a.project), role
        assert not access.can(user, Action.VIEW, world.b.project), role
    funder = world.user(Role.FUNDER, "a")
    assert access.can(funder, Action.VIEW, world.a.project)
    assert not access.can(funder, Action.VIEW, world.b.project)
