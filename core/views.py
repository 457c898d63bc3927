"""Shell pages: the home page and the health checks (/healthz, /livez, /readyz)."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import nav, rediscache, scheduler

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


@never_cache
@require_GET
def livez(request):
    """Liveness: this process serves requests. Touches neither the database nor the cache, so an
    outage of either never gets a healthy web node restarted (docs/operations.md)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 503 when this node cannot serve pages (its database does not answer), so the
    load balancer sends its traffic elsewhere until it comes back. Without Redis a node still
    serves (rate limits per process, sessions from the database; decision 0148): 200, "degraded",
    as /healthz reports late jobs; taking every node out for a shared Redis would only make it worse."""
    checks = {"database": _database_answers(), "cache": rediscache.answers(cache)}
    status = "unavailable" if not checks["database"] else "ok" if checks["cache"] else "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "unavailable" else 200)
