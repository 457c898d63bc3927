"""Miz's side of bench/helpdesk_side_by_side.py, run in Miz's virtualenv on its own database:

    python bench/helpdesk/miz_setup.py --count N [--base B] [--service ID] [--reuse]

Migrates, seeds the reference data and `desk_generate --count N` (the bulk generator, no web
path); with `--base B` smaller than N, `desk_generate --count B` and then copies of those requests
made in SQL up to N (bench/queue_1m.py's generator: a million requests in minutes, the copies
without events of their own). Then makes the people the load client acts as: a staff expert of
every unit holding generated requests (so that their queue holds all N, as helpdesk's one queue
holds all its tickets) and an applicant who files the chosen service online, each with a session
made by Django's session store. Prints one JSON object: sessions, the form's fields, a sample of
requests to track and open, and the counts the driver reports."""

import argparse
import json
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))

from _setup import django_on, seed_and_generate  # noqa: E402

SAMPLE = 50


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def person(nine: str, mobile: str, last_name: str):
    from accounts.models import User
    from core.validators import national_code_with_check_digit

    code = national_code_with_check_digit(nine)
    return User.objects.filter(national_code=code).first() or User.objects.create_user(
        code, mobile, None, first_name="سنجش", last_name=last_name
    )


def online_service(wanted: str):
    """The service the applicant files: `wanted`, or the first offered online, without a fee,
    to natural persons, filed by the desk itself, with exactly one required document."""
    from catalogue.models import Service
    from desk import services as desk_services

    candidates = Service.objects.filter(channel_online=True).order_by("service_id")
    if wanted:
        candidates = candidates.filter(service_id=wanted)
    for service in candidates:
        if service.area in desk_services.intake_owners:
            continue
        if desk_services.fee_description(service):
            continue
        if service.documents.filter(required=True).count() != 1 or not desk_services.units_for(service):
            continue
        return service
    raise SystemExit(f"no service fits the submission benchmark (asked for {wanted or 'any'})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--service", default="")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--base", type=int, default=0, help="generate this many, copy the rest in SQL")
    parser.add_argument("--reuse", action="store_true", help="the database is already filled")
    args = parser.parse_args()
    django_on(args.database_url)
    from api_vs_form import answers_for
    from django.core.cache import cache

    from accounts.models import Membership, Role
    from catalogue.forms import document_field_name
    from desk import services as desk_services
    from desk.models import OPEN_STATES, RequestEvent, ServiceRequest

    generate_seconds = None
    if not args.reuse and 0 < args.base < args.count:
        from queue_1m import fill, trim

        started = time.perf_counter()
        fill(args.count, args.base)
        trim(args.count)
        generate_seconds = time.perf_counter() - started
    elif not args.reuse:
        generate_seconds = seed_and_generate(args.count)
    cache.clear()  # the bench's own Redis db: old rate-limit counters and sessions go
    units = list(ServiceRequest.objects.order_by().values_list("unit_id", flat=True).distinct())
    expert = person("777000001", "+989127770001", "کارشناس")
    for unit in units:
        Membership.objects.get_or_create(user=expert, role=Role.STAFF_EXPERT, org_unit_id=unit)
    applicant = person("777000002", "+989127770002", "متقاضی")
    service = online_service(args.service)
    document = document_field_name(service.documents.get(required=True))
    choices = desk_services.units_for(service)
    fields = answers_for(service)
    if len(choices) > 1:
        fields["unit"] = str(choices[0].pk)
    rng = random.Random(18)
    pks = list(ServiceRequest.objects.order_by("pk").values_list("pk", flat=True))
    sample = (
        ServiceRequest.objects.filter(pk__in=rng.sample(pks, min(SAMPLE, len(pks))))
        .select_related("applicant")
        .order_by("pk")
    )
    requests = [{"code": r.tracking_code, "identifier": r.applicant.national_code} for r in sample]
    total = ServiceRequest.objects.count()
    print(
        json.dumps(
            {
                "staff_session": session_for(expert),
                "applicant_session": session_for(applicant),
                "service_id": service.service_id,
                "service_title": service.title,
                "fields": fields,
                "document_field": document,
                "requests": requests,
                "total": total,
                "open": ServiceRequest.objects.filter(state__in=OPEN_STATES).count(),
                "events_per_request": RequestEvent.objects.count() / max(total, 1),
                "generate_seconds": generate_seconds,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
