"""Prometheus metrics: the request-latency histogram, the gauges read from the database at scrape
time, and the `/metrics` endpoint that only the monitoring system may read (decision 0063).

- `miz_http_request_duration_seconds{view,method,status}`: observed by
  `core.requestlog.RequestLogMiddleware`, labelled by the resolved URL name (never the path), the
  method (the usual ones, else "other") and the status class ("2xx"). Under gunicorn every worker
  process writes its samples to `PROMETHEUS_MULTIPROC_DIR` (prometheus_client's multiprocess
  mode, set up by `miz/gunicorn_conf.py`) and a scrape of any worker adds them all up.
- Gauges computed per scrape from the database, with a few aggregate queries: the task queue
  (django-tasks-db: READY tasks and the age of the oldest per queue, RUNNING tasks), the periodic
  jobs (lag, late flag, last success) and row counts by state that apps register in their
  `AppConfig.ready()` with `register_count_by` (core imports no domain app); and `miz_cache_up`,
  0 while Redis does not answer (Miz goes on degraded then: decision 0148).
- `/metrics` answers a bearer token equal to `MIZ_METRICS_TOKEN` (constant-time comparison) or a
  client address (`core.policy.client_ip`, so behind the proxy as configured) inside
  `MIZ_METRICS_ALLOW`; anyone else gets the site's ordinary 404.
"""

import ipaddress
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from core import policy, rediscache

logger = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
if os.environ.get(MULTIPROC_ENV):
    # Each process writes its samples here; the directory must exist before the first sample.
    os.makedirs(os.environ[MULTIPROC_ENV], exist_ok=True)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNRESOLVED = "<unresolved>"  # no URL pattern matched (404 before any view)
# Web pages, PDFs and Excel exports: from ten milliseconds to half a minute.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_DURATION = Histogram(
    "miz_http_request_duration_seconds",
    "Time to answer a request, by resolved view, method and status class.",
    ["view", "method", "status"],
    buckets=BUCKETS,
)


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNRESOLVED


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_DURATION.labels(
        view=view, method=method if method in METHODS else "other", status=f"{status // 100}xx"
    ).observe(seconds)


# --- gauges from the database -------------------------------------------------------------------


@dataclass(frozen=True)
class CountBy:
    name: str
    documentation: str
    label: str
    queryset: Callable  # () -> QuerySet
    field: str
    values: tuple[str, ...]  # every value gets a sample, 0 when no row has it


_counts: dict[str, CountBy] = {}


def register_count_by(
    *, name: str, documentation: str, queryset: Callable, field: str, values, label: str = "state"
) -> None:
    """Publish `name{label=value}` = the number of rows of `queryset()` per value of `field`
    (an indexed field: this runs at every scrape). Called from an app's `ready()`."""
    _counts[name] = CountBy(name, documentation, label, queryset, field, tuple(str(v) for v in values))


def _count_families():
    from django.db.models import Count

    for spec in _counts.values():
        rows = spec.queryset().order_by().values(spec.field).annotate(n=Count("*"))  # index-only
        counted = {str(row[spec.field]): row["n"] for row in rows}
        family = GaugeMetricFamily(spec.name, spec.documentation, labels=[spec.label])
        for value in dict.fromkeys([*spec.values, *counted]):
            family.add_metric([value], counted.get(value, 0))
        yield family


def _task_families(now):
    from django.db.models import Case, Count, F, Min, Q, When
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    queues = list(dict.fromkeys(q for backend in settings.TASKS.values() for q in backend.get("QUEUES", [])))
    undeferred = Q(run_after=get_date_max())
    # A deferred task is due from its run_after; an undeferred one carries the far-future sentinel.
    due_since = Case(When(undeferred, then=F("enqueued_at")), default=F("run_after"))
    # One pass for both states (django-tasks-db indexes READY only): ready now, and running.
    rows = (
        DBTaskResult.objects.filter(
            Q(status=TaskResultStatus.RUNNING)
            | (Q(status=TaskResultStatus.READY) & (undeferred | Q(run_after__lte=now)))
        )
        .order_by()
        .values("queue_name", "status")
        .annotate(n=Count("*"), oldest=Min(due_since))
    )
    ready, running = {}, {}
    for row in rows:
        if row["status"] == TaskResultStatus.READY:
            ready[row["queue_name"]] = row
        else:
            running[row["queue_name"]] = row["n"]
    depth = GaugeMetricFamily("miz_task_queue_depth", "Tasks ready to run now, per queue.", labels=["queue"])
    age = GaugeMetricFamily(
        "miz_task_queue_oldest_age_seconds",
        "How long the oldest ready task of a queue has been waiting (0 when none).",
        labels=["queue"],
    )
    busy = GaugeMetricFamily(
        "miz_task_running", "Tasks claimed by a worker and not finished.", labels=["queue"]
    )
    for queue in dict.fromkeys([*queues, *ready, *running]):
        row = ready.get(queue)
        depth.add_metric([queue], row["n"] if row else 0)
        age.add_metric([queue], max((now - row["oldest"]).total_seconds(), 0.0) if row else 0.0)
        busy.add_metric([queue], running.get(queue, 0))
    yield from (depth, age, busy)


def _job_families(now):
    from core import scheduler

    lag = GaugeMetricFamily(
        "miz_scheduled_job_lag_seconds",
        "Seconds since the first period of a periodic job with no successful run began; 0 on time.",
        labels=["job"],
    )
    late = GaugeMetricFamily(
        "miz_scheduled_job_late", "1 when a periodic job's due period has no successful run.", labels=["job"]
    )
    last = GaugeMetricFamily(
        "miz_scheduled_job_last_success_timestamp_seconds",
        "Start of the period of the last successful run (Unix time); absent when it never ran.",
        labels=["job"],
    )
    for item in scheduler.lateness(now=now):
        lag.add_metric([item.job.name], item.lag_seconds)
        late.add_metric([item.job.name], 1 if item.late else 0)
        if item.last_success is not None:
            last.add_metric([item.job.name], item.last_success.timestamp())
    yield from (lag, late, last)


class DatabaseCollector:
    """The gauges above, read when Prometheus scrapes; `miz_database_up` 0 when they could not be."""

    def collect(self):
        now = timezone.now()
        families = []
        try:
            families += _task_families(now)
            families += _job_families(now)
            families += _count_families()
            up = 1
        except DatabaseError:
            logger.exception("metrics: the database could not be read")
            families, up = [], 0
        database = GaugeMetricFamily("miz_database_up", "1 when the scrape could read the database.")
        database.add_metric([], up)
        yield database
        yield from families
        yield _cache_family()


def _cache_family():
    """`miz_cache_up`: 0 while Redis does not answer, when Miz goes on degraded (decision 0148)."""
    family = GaugeMetricFamily(
        "miz_cache_up", "1 when the cache (Redis) answered the scrape; 0 while rate limits count per process."
    )
    family.add_metric([], 1 if rediscache.answers(cache) else 0)
    return family


class _ThisProcess:
    """The default registry's metrics (this process only: runserver, tests)."""

    def collect(self):
        return REGISTRY.collect()


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROC_ENV):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseCollector())
    return generate_latest(registry)


# --- the endpoint ------------------------------------------------------------------------------


def allowed(request) -> bool:
    """The monitoring system: the right bearer token, or an address in MIZ_METRICS_ALLOW."""
    token = settings.MIZ_METRICS_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and constant_time_compare(presented.strip(), token):
        return True
    address = policy.client_ip(request)
    if address is None or not settings.MIZ_METRICS_ALLOW:
        return False
    client = ipaddress.ip_address(address)
    return any(client in ipaddress.ip_network(net, strict=False) for net in settings.MIZ_METRICS_ALLOW)


@csrf_exempt  # read-only; a CSRF 403 on POST would tell a stranger the URL exists
@never_cache
def metrics(request):
    """The exposition for the monitoring system; the site's 404 for anyone else, whatever the
    method (a 405 or 403 would tell a stranger that something is here)."""
    if not allowed(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
