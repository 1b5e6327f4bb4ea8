"""Tenancy: staff of one municipality can never read or change another's data.

Two checks that cover every app, including the ones added later:
1. every model says how it belongs to a municipality (a `municipality` field or a `tenant_path`);
2. a crawler visits every URL under /<municipality_slug>/ (pages and API) as the administrator of another
   municipality, with records of the victim municipality in the URL, and proves each request is refused and
   nothing in the database changed. Apps tell the crawler how to make records for their URL kwargs in
   `sammen/<app>/tests/tenancy.py` (URL_KWARGS); a URL kwarg nobody registered fails the test.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from sammen.accounts.models import Role
from sammen.core.testing import client_for, grant, make_municipality, make_user, row_fingerprint
from sammen.places.models import Municipality

KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def sammen_models():
    return [m for m in apps.get_models() if m.__module__.startswith("sammen.") and not m._meta.abstract]


def url_kwarg_registry():
    registry = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sammen."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.tenancy")
        except ModuleNotFoundError:
            continue
        registry.update(module.URL_KWARGS)
    return registry


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def municipality_routes():
    routes = []
    for route in walk(get_resolver().url_patterns):
        names = [m.group("name") for m in KWARG.finditer(route)]
        if "municipality_slug" in names:
            routes.append((route, names))
    return sorted({(r, tuple(n)) for r, n in routes})


def fill(route: str, values: dict[str, str]) -> str:
    path = KWARG.sub(lambda m: values[m.group("name")], route)
    return "/" + path.lstrip("^").rstrip("$")


def test_every_model_declares_its_municipality():
    undeclared = []
    for model in sammen_models():
        if model is Municipality:
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "municipality" in names:
            continue
        if not hasattr(model, "tenant_path"):
            undeclared.append(model._meta.label)
    assert not undeclared, (
        "These models neither have a `municipality` field nor declare `tenant_path` "
        f"(a lookup to the municipality, or None with a comment saying why): {undeclared}"
    )


@pytest.mark.django_db
def test_every_tenant_path_resolves():
    municipality = make_municipality()
    for model in sammen_models():
        path = getattr(model, "tenant_path", None)
        if path:
            # Raises FieldError if the path is wrong.
            list(model.objects.filter(**{path: municipality})[:1])


def test_every_url_kwarg_is_registered():
    registry = url_kwarg_registry()
    unknown = sorted(
        {(name, route) for route, names in municipality_routes() for name in names if name != "municipality_slug"}
        - {(name, route) for route, names in municipality_routes() for name in names if name in registry}
    )
    assert not unknown, (
        f"URL kwargs the tenancy crawler cannot fill; register them in <app>/tests/tenancy.py URL_KWARGS: {unknown}"
    )


# 400 and 422: the API refuses a body it cannot parse before it looks further; nothing is written either way.
REFUSED = {400, 403, 404, 405, 422}


@pytest.mark.django_db
def test_staff_of_one_municipality_cannot_reach_another():
    registry = url_kwarg_registry()
    home = make_municipality(slug="hjemby")
    victim = make_municipality(slug="offerby")
    intruder = grant(make_user("intruder@example.com"), home, Role.MUNICIPALITY_ADMIN)
    intruder_client = client_for(intruder)
    anonymous = client_for(None)
    # A resident with no role: what they may see is open to everyone, so not a leak.
    resident = client_for(make_user("resident@example.com"))
    watched = sammen_models()
    failures = []

    for route, names in municipality_routes():
        built = {}
        values = {}
        for name in names:
            if name == "municipality_slug":
                continue
            spec = registry[name]
            record = spec.factory(victim, built)
            built[name] = record
            values[name] = str(getattr(record, spec.field))
        object_kwargs = [n for n in names if n != "municipality_slug"]

        # 1. The intruder's own municipality in the path, the victim's records in the rest of it.
        if object_kwargs:
            url = fill(route, {**values, "municipality_slug": home.slug})
            before = row_fingerprint(watched)
            get = intruder_client.get(url)
            post = intruder_client.post(url, {})
            if get.status_code not in REFUSED:
                failures.append(f"GET {url} (own slug, foreign ids): {get.status_code}")
            if post.status_code not in REFUSED:
                failures.append(f"POST {url} (own slug, foreign ids): {post.status_code}")
            if row_fingerprint(watched) != before:
                failures.append(f"POST {url} (own slug, foreign ids) changed the database")

        # 2. The victim's municipality in the path: pages that are not open to every resident must be refused.
        url = fill(route, {**values, "municipality_slug": victim.slug})
        before = row_fingerprint(watched)
        public = anonymous.get(url).status_code == 200 or resident.get(url).status_code == 200
        get = intruder_client.get(url)
        if not public and get.status_code not in REFUSED:
            failures.append(f"GET {url} (foreign municipality): {get.status_code}")
        post = intruder_client.post(url, {})
        if post.status_code not in REFUSED and not (public and post.status_code in {200, 302}):
            failures.append(f"POST {url} (foreign municipality): {post.status_code}")
        if row_fingerprint(watched) != before and not public:
            failures.append(f"POST {url} (foreign municipality) changed the database")

    assert not failures, "\n".join(failures)
