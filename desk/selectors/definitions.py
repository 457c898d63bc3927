"""The published service an applicant files, with its form definition, from Django's cache.

Filing and the application form read a service with everything the form and the intake use: its
fields, documents, steps, responsible units and agreements (six queries). They change when the
catalogue is edited, not when someone files, so they are cached under the service's id and
version (`catalogue.versioning`: `updated_at`, moved on by every change to any of them). Each
read costs one query, the service's version, which also keeps a closed service out at once.

The cache holds pickled rows, and the processes of two releases share it during a rolling
deployment: every key also names the shape of what it holds (`shape`: the models' columns, the
parts, Django's version), so a release that changes one reads and writes under keys of its own and
never unpickles a row of another shape."""

import hashlib
from functools import cache as once

import django
from django.core.cache import cache

from catalogue.models import Service, WorkflowStep
from core.prepared import Prepared
from core.text import normalize_identifier

# A bound on how long a definition changed behind the models' back (a bulk `update()`, a data
# migration) may still be served; every change through the models is seen at once.
TIMEOUT = 600

PARTS = ("fields", "documents", "steps", "responsible_units", "agreements")


# The version read of every filing's GET and POST (and of its body limit): compiled once per
# process (decision 0127).
_VERSION = Prepared(
    lambda service_id: (
        Service.objects.active().filter(service_id=service_id).order_by("pk").values_list("pk", "updated_at")
    ),
    Service,
    service_id=str,
)


def shape(models) -> str:
    """A short digest of these models' tables and columns, with `PARTS` and Django's version: what
    a pickled row of them depends on."""
    text = ";".join(
        f"{model._meta.db_table}:{','.join(field.attname for field in model._meta.concrete_fields)}"
        for model in models
    )
    text += f";{','.join(PARTS)};{django.__version__}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


@once
def _shape() -> str:
    return shape([Service, *(Service._meta.get_field(part).related_model for part in PARTS)])


def _key(pk: int, version) -> str:
    return f"desk:service:{_shape()}:{pk}:{version.timestamp()}"


def published_service(service_id: str, request=None) -> Service | None:
    """The active service with this id (any digits, dashes) and its definition prefetched, or None.
    Given the web request, read once per request (a filing's body limit asks, then its view)."""
    if request is None:
        return _published_service(service_id)
    memo = request.__dict__.setdefault("_miz_published_services", {})
    if service_id not in memo:
        memo[service_id] = _published_service(service_id)
    return memo[service_id]


def _published_service(service_id: str) -> Service | None:
    found = _VERSION.first_row(service_id=normalize_identifier(service_id or ""))
    if found is None:
        return None
    service = cache.get(_key(*found))
    if service is None:
        service = Service.objects.prefetch_related(*PARTS).filter(pk=found[0], is_active=True).first()
        if service is None:  # closed in between
            return None
        cache.set(_key(service.pk, service.updated_at), service, TIMEOUT)
    return service


def public_steps(service: Service) -> list[WorkflowStep]:
    """The service's workflow steps as the public pages show them (title, order, target; never
    who holds each), from the cache under the service's version (issue 18): the request's row
    brings the version with its service, so a tracking lookup reads the steps without a query.
    A step added, edited, moved or removed moves the version on (`catalogue.versioning`)."""
    key = f"desk:steps:{_shape()}:{service.pk}:{service.updated_at.timestamp()}"
    steps = cache.get(key)
    if steps is None:
        steps = list(WorkflowStep.objects.filter(service_id=service.pk))
        cache.set(key, steps, TIMEOUT)
    return steps


def definition_of(service: Service) -> Service:
    """The definition of this service (its `PARTS` prefetched) at the version its row carries,
    from the cache `published_service` fills, open or closed: a request's page reads the fields
    and responsible units of its service without a query. A closed service's definition is read
    each time and not kept: filings read this cache too, and a service opened again by a bulk
    `update()` (which does not move the version) must not be served as closed."""
    key = _key(service.pk, service.updated_at)
    found = cache.get(key)
    if found is None:
        found = Service.objects.prefetch_related(*PARTS).get(pk=service.pk)
        if found.is_active:
            cache.set(key, found, TIMEOUT)
    return found


def attach(service: Service, name: str, rows) -> None:
    """Give `getattr(service, name).all()` these rows (`name` one of `PARTS`), as
    `prefetch_related(name)` would have: read from there without a query. (Django's own prefetch
    fills the same cache this way; it has no public call for rows read elsewhere.)"""
    rows = list(rows)
    related = getattr(service, name).all()
    related._result_cache = rows
    related._prefetch_done = True
    if not hasattr(service, "_prefetched_objects_cache"):
        service._prefetched_objects_cache = {}
    service._prefetched_objects_cache[name] = related
    relation = Service._meta.get_field(name)
    if relation.one_to_many:  # each row's own link back to the service
        for row in rows:
            relation.field.set_cached_value(row, service)


def attach_steps(service: Service, steps: list[WorkflowStep]) -> None:
    attach(service, "steps", steps)
