"""Shell pages: the home page and the health checks (/healthz, /livez, /readyz)."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import nav, scheduler

logger = logging.getLogger(__name__)


def home(request):
    my_roles = nav.user_role_codes(request.user)
    roles = [
        {"info": info, "items": nav.items_for_role(info.code), "mine": info.code in my_roles}
        for info in nav.roles()
    ]
    roles.sort(key=lambda r: not r["mine"])
    return render(request, "core/home.html", {"roles": roles, "has_roles": bool(my_roles)})


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 otherwise.

    `{"status": "ok", "database": true, "jobs": {"status": "ok", "late": []}}`. A periodic job
    whose due period has no successful run is listed in `jobs.late` (with `jobs.status` "late")
    but leaves the answer 200: a stopped scheduler is a cluster-wide fault that taking web nodes
    out of rotation would not cure (docs/operations.md)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = True
    except DatabaseError:
        logger.exception("health check: database unreachable")
        database = False
    payload = {"status": "ok" if database else "unavailable", "database": database}
    if database:
        try:
            late = scheduler.late_jobs()
            payload["jobs"] = {"status": "late" if late else "ok", "late": late}
        except DatabaseError:
            logger.exception("health check: the scheduled-run ledger cannot be read")
            payload["jobs"] = {"status": "unknown", "late": []}
    return JsonResponse(payload, status=200 if database else 503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("readiness: database unreachable")
        return False
    return True


def _cache_answers() -> bool:
    """The cache (Redis in production) holds the rate-limit counters: without it no page that
    counts (sign-in, public tracking) can answer, so the node is not ready."""
    try:
        cache.get("miz:readyz")
    except Exception:  # redis-py's errors are not Django's: any failure means "not ready"
        logger.exception("readiness: cache unreachable")
        return False
    return True


@never_cache
@require_GET
def livez(request):
    """Liveness: this process serves requests. Touches neither the database nor the cache, so an
    outage of either never gets a healthy web node restarted (docs/operations.md)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 when this node can serve pages (the database and the cache answer), 503
    otherwise, so the load balancer sends its traffic elsewhere until they come back."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
