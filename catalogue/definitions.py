"""A service's filing definition (its form's fields, documents, steps, responsible units and SLA
versions, and the application form class built from them) kept per process, per catalogue version.

Every filing through the API reads the same definition of a service, which changes rarely; read
fresh it is five queries and a form class built per call. Here it is read once and reused until the
catalogue changes: any save or delete of a service, its fields, documents, steps, agreements or
an organisation unit, or a change of a service's responsible units, sets a new version token in the
shared cache (Redis in production, so every worker sees it), at once and again on commit (a worker
that read the old rows before the commit does not keep them under the new token). A worker asks
the token once per filing (one cache read, no query). Writes that send no signal (`QuerySet.update`,
`bulk_create`) are bounded by `MAX_AGE`. The service's own row is still read on every call: its
`is_active` and channels are checked against the database, never against this copy.

The objects are shared between calls: read them, never change them (decision 0121)."""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save

from catalogue.forms import build_application_form
from catalogue.models import RequiredDocument, Service, ServiceField, ServiceLevelAgreement, WorkflowStep
from orgs.models import OrgUnit

VERSION_KEY = "catalogue:definition-version"
RELATED = ("fields", "documents", "steps", "responsible_units", "agreements")
MAX_AGE = 300  # seconds a definition is kept at most, whatever the token says
_kept: dict = {}  # key → (token, when, value)


def version() -> str:
    """The catalogue's version token; a new random one when the cache has none (after a restart,
    so no definition kept under an older token is taken for current)."""
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def bump(**_signal) -> None:
    """A new version: every definition kept by every worker is read again at its next use."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def kept(key, compute):
    """`compute()`'s value, computed once per catalogue version in this process (and kept at most
    `MAX_AGE`): for what depends on the catalogue alone."""
    token, now = version(), time.monotonic()
    entry = _kept.get(key)
    if entry is None or entry[0] != token or now - entry[1] > MAX_AGE:
        entry = (token, now, compute())
        _kept[key] = entry
    return entry[2]


def with_definition(service: Service) -> Service:
    """`service` (its row just read) with its definition attached as prefetched rows, and its
    application form class (documents included) as `service.application_form`."""

    def read():
        service._prefetched_objects_cache = {}
        prefetch_related_objects([service], *RELATED)
        form = build_application_form(service, include_documents=True)
        return dict(service._prefetched_objects_cache), form

    related, form = kept(("service", service.pk), read)
    service._prefetched_objects_cache = dict(related)
    service.application_form = form
    return service


def forget() -> None:
    """Drop every definition this process keeps (tests)."""
    _kept.clear()


def connect() -> None:
    """Bump the version on every change of what a definition holds (CatalogueConfig.ready)."""
    for model in (Service, ServiceField, RequiredDocument, WorkflowStep, ServiceLevelAgreement, OrgUnit):
        post_save.connect(bump, sender=model, dispatch_uid=f"catalogue-definition-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"catalogue-definition-delete-{model.__name__}")
    m2m_changed.connect(
        bump, sender=Service.responsible_units.through, dispatch_uid="catalogue-definition-units"
    )
