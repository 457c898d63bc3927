"""What keeping the reports summary current costs the desk (issue 11: submitting, answering and
tracking no more than 5 % slower with the summary kept current).

    .venv/bin/python bench/summary_hook.py [--db postgres://...] [--rounds 12] [--batch 10]

One run, one database (a new SQLite file unless --db), the same operation mix with the summary's
receivers (`reports.summary._on_event_saved`, a `post_save` of `RequestEvent`, and
`reports.contact._on_notification_saved`, of the receipt's `Notification`) connected and
disconnected side by side: each round does a batch of every operation with the hook on and a batch
with it off, the order swapping every round, so the machine's load falls on both alike. The
operations are the desk's own services and page:

- submit: `desk.services.submit_request` (form data, one PDF, tracking code, events);
- review: accept, start_review and advance (events the summary reads but that add nothing);
- answer: approve (the summary adds the answer, its working days and the histogram row; the
  receiver's own time on each answer is printed too);
- track: the public tracking page (`/desk/track/`, POST with code and national code).

Per operation: the median time per call with the hook on and off and the difference, then the
whole mix (sum of the medians); wall time (the verdict) and this process's CPU time (on SQLite the
database's work is in it; steadier on a shared machine). Figures and the command are in docs/reports.md.
"""

import argparse
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on, wall_and_cpu

GOAL_PERCENT = 5
OPERATIONS = ("submit", "review", "answer", "track")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    # As production runs: DEBUG off (with it on, Django times and keeps every statement, which
    # weighs on the hook's statements as on every other).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    django_on(args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'summary_hook.sqlite3'}")
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.db.models.signals import post_save
    from django.test import Client

    from accounts.models import Membership, Role, User
    from core.tests.upload_corpus import make_pdf
    from core.validators import national_code_with_check_digit
    from desk import services
    from desk.models import RequestEvent
    from desk.tests.factories import make_service
    from notifications.models import Notification
    from orgs.models import OrgUnit, Province
    from reports import contact, summary

    logging.disable(logging.INFO)  # one log line a request, the same with the hook on and off
    settings.MIZ_DESK_TRACK_LIMIT = 10**9  # the bench tracks far more often than a person may
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp())
    # Production serves hashed names from collectstatic's manifest; the bench names them plainly,
    # as bench/hot_paths.py does.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    province, _ = Province.objects.get_or_create(
        code="IR-98", defaults={"name": "استان سنجش", "phone_area_code": "098"}
    )
    unit, _ = OrgUnit.objects.get_or_create(
        code="IR-98", defaults={"name": "اداره سنجش", "kind": "province", "province": province}
    )
    service = make_service([unit], steps=2, service_id=f"{39000000000 + int(time.time()) % 10**9:011d}")
    required = service.documents.get(required=True)
    people = itertools.count(int(time.time()) % 10**6)

    def person(role):
        n = next(people)
        user = User.objects.create_user(
            national_code_with_check_digit(f"{300000000 + n:09d}"[-9:]),
            f"+98912{n:07d}"[-13:],
            "a-Strong-Pass-123",
            first_name="بنچ",
            last_name=str(n),
        )
        Membership.objects.create(user=user, role=role, org_unit=unit if role != Role.APPLICANT else None)
        return user

    applicant, expert = person(Role.APPLICANT), person(Role.STAFF_EXPERT)
    pdf = make_pdf()
    keys = itertools.count()
    client = Client(SERVER_NAME="localhost")

    def submit():
        request, _ = services.submit_request(
            service=service,
            applicant=applicant,
            form_data={"product_name": "کالا"},
            files={required.pk: SimpleUploadedFile("r.pdf", pdf, content_type="application/pdf")},
            idempotency_key=f"hook-{next(keys)}",
            actor=applicant,
        )
        return request

    def review(request):
        for name in ("accept", "start_review", "advance"):
            services.transition(request=request, name=name, user=expert)

    def answer(request):
        services.transition(request=request, name="approve", user=expert)

    def track(request):
        response = client.post(
            "/desk/track/", {"code": request.tracking_code, "identifier": applicant.national_code}
        )
        assert response.status_code == 200 and service.title in response.content.decode()

    # The receiver's own time on each answer (its figures written in its statement; a filing's
    # are written once at the end of its gathering, decision 0128, outside the receiver).
    receiver_times = []

    def on_event_saved(sender, instance, created, **kwargs):
        if instance.name != "approve":
            return summary._on_event_saved(sender, instance, created, **kwargs)
        _result, wall, cpu = wall_and_cpu(
            lambda: summary._on_event_saved(sender, instance, created, **kwargs)
        )
        receiver_times.append((wall, cpu))

    # The desk's events, and the receipt message a submission queues (decision 0102).
    hooks = [
        (on_event_saved, RequestEvent, "reports_event"),
        (contact._on_notification_saved, Notification, "reports_receipt"),
    ]

    def hook(on: bool) -> None:
        for receiver, sender, uid in hooks:
            if on:
                post_save.connect(receiver, sender=sender, dispatch_uid=uid)
            else:
                assert post_save.disconnect(sender=sender, dispatch_uid=uid)

    def timed(fn, *a):
        result, wall, cpu = wall_and_cpu(fn, *a)
        return result, (wall, cpu)

    times = {(op, on): [] for op in OPERATIONS for on in (True, False)}

    def batch(on: bool) -> None:
        hook(on)
        try:
            for _ in range(args.batch):
                request, ms = timed(submit)
                times[("submit", on)].append(ms)
                for op, fn in (("review", review), ("answer", answer), ("track", track)):
                    request.refresh_from_db()
                    times[(op, on)].append(timed(fn, request)[1])
        finally:
            if not on:
                hook(True)

    batch(True)  # warm-up: templates, first queries, the calendar cache; not counted
    batch(False)
    times = {key: [] for key in times}
    for n in range(args.rounds):
        for on in (True, False) if n % 2 == 0 else (False, True):
            batch(on)

    calls = args.rounds * args.batch
    print(f"{connection.vendor}: {calls} calls of each operation with the hook on and {calls} with it off")
    change = {}
    for index, what in enumerate(("wall", "CPU of this process")):
        print(f"median {what} per call:")
        total = {True: 0.0, False: 0.0}
        for op in OPERATIONS:
            on, off = (statistics.median(t[index] for t in times[(op, flag)]) for flag in (True, False))
            total[True] += on
            total[False] += off
            print(f"{op:>9}: on {on:6.1f} ms, off {off:6.1f} ms, difference {100 * (on - off) / off:+5.1f} %")
        change[what] = 100 * (total[True] - total[False]) / total[False]
        print(
            f"      mix: on {total[True]:6.1f} ms, off {total[False]:6.1f} ms, "
            f"difference {change[what]:+5.1f} %"
        )
    walls, cpus = zip(*receiver_times[-calls:], strict=True)
    print(
        f"the receiver on an answer: median wall {statistics.median(walls):.2f} ms, "
        f"CPU {statistics.median(cpus):.2f} ms ({len(walls)} answers)"
    )
    change = change["wall"]
    print(f"goal ≤ {GOAL_PERCENT} % slower: {'OK' if change <= GOAL_PERCENT else 'TOO SLOW'}")
    return 0 if change <= GOAL_PERCENT else 1


if __name__ == "__main__":
    sys.exit(main())
