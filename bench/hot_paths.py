"""Benchmark and profile of the desk's three hot paths (issue 18), in-process, through Django's test
client with every middleware (sessions in the database, `DEBUG=0`):

- filing online with a 500 KB PDF (`desk:apply`, POST, an applicant who filed `--history` before),
- the public tracking lookup (`desk:track`, POST, code + national code),
- the staff request page (`desk:detail`, as the expert, a request with ten rounds of talk).

    .venv/bin/python bench/hot_paths.py [--rounds 30] [--history 200] [--database-url URL]
    .venv/bin/python bench/hot_paths.py --profile apply [--rounds 30] [--match desk/] [--top 25]
    .venv/bin/python bench/hot_paths.py --calls [--history 20]     # also each path's function calls

Each round runs the three paths once, one after the other (interleaved), after two warm-up
rounds; it prints the median and the 90th percentile in milliseconds and the queries of each.
`--database-url` defaults to a fresh SQLite file in a temporary folder; a PostgreSQL URL must name
a database that may be dropped and created again (`…/miz_<name>`). Timings of a busy machine are
noisy: compare figures of one run, or runs interleaved on the same machine.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDF_KB = 500


def pdf_of(kilobytes: int) -> bytes:
    """A one-page PDF of about `kilobytes` KB (its page content stream carries the bulk), as a
    scanned form sent from a phone would be."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = DecodedStreamObject()
    line = b"BT /F1 10 Tf 20 800 Td (scanned line of the applicant's form, 0123456789) Tj ET\n"
    stream.set_data(line * (kilobytes * 1024 // len(line)))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def prepare_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("miz.request").setLevel(logging.WARNING)  # a line a request otherwise
    settings.MIZ_DESK_TRACK_LIMIT = 10**9
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="miz-bench-media-")
    # Production serves hashed names from collectstatic's manifest (one dict lookup a tag); the
    # bench names them plainly, without a collectstatic of its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def world(history: int):
    """A unit, a service with its form, documents and three steps, an applicant who filed
    `history` requests before, an expert, and a request of theirs with ten rounds of talk."""
    from accounts.models import Role
    from desk import services
    from desk.tests.factories import make_service, pdf_file, submit_request
    from orgs.models import OrgUnit, Province

    province = Province.objects.create(code="IR-98", name="استان سنجش", phone_area_code="098")
    unit = OrgUnit.objects.create(code="IR-98", name="اداره سنجش", kind="province", province=province)
    service = make_service([unit], steps=3)
    applicant = _user(Role.APPLICANT, None, "سارا", "+989135550001", "sara@example.com")
    expert = _user(Role.STAFF_EXPERT, unit, "کارشناس", "+989135550002", "expert@example.com")
    head = _user(Role.UNIT_HEAD, unit, "رئیس", "+989135550003", "head@example.com")
    for _ in range(history):
        submit_request(service, applicant)
    request = submit_request(service, applicant)
    services.assign_expert(requests=[request], expert=expert, by=head)
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert)
    for _ in range(10):
        services.post_message(request=request, author=expert, body="مدرک را بفرستید.", files=[pdf_file()])
        services.post_message(request=request, author=applicant, body="فرستادم.", files=[pdf_file()])
        services.post_message(request=request, author=expert, body="یادداشت", internal=True)
    return service, applicant, expert, request


_codes = iter(range(100, 10**6))


def _user(role, unit, first_name, mobile, email):
    from accounts.models import Membership, User
    from core.validators import national_code_with_check_digit

    user = User.objects.create_user(
        national_code_with_check_digit(f"77777{next(_codes):04d}"),
        mobile,
        None,
        first_name=first_name,
        last_name="سنجش",
        email=email,
    )
    Membership.objects.create(user=user, role=role, org_unit=unit)
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--history", type=int, default=200, help="requests the applicant filed before")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", choices=["apply", "track", "detail"], default="")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--profile-out", default="", help="with --profile: also write the stats to this file")
    parser.add_argument("--show-queries", action="store_true", help="print each path's SQL (150 characters)")
    parser.add_argument("--match", default="", help="with --profile: only functions whose path matches")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also print the Python function calls of each path (cProfile's count, a mean of --rounds): "
        "steadier than a time on a shared machine",
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    prepare_database(url)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    service, applicant, expert, request = world(args.history)
    document = service.documents.get(required=True)
    pdf = pdf_of(PDF_KB)
    filer, staff, public = Client(), Client(), Client()
    filer.force_login(applicant)
    staff.force_login(expert)
    keys = iter(range(10**6))
    apply_url = reverse("desk:apply", args=[service.service_id])
    detail_url = reverse("desk:detail", args=[request.tracking_code])

    def apply():
        upload = SimpleUploadedFile("scan.pdf", pdf, content_type="application/pdf")
        data = {"idempotency_key": f"bench-{next(keys)}", "product_name": "شیر"}
        data[f"document_{document.pk}"] = upload
        response = filer.post(apply_url, data)
        assert response.status_code == 302, response.status_code

    def track():
        response = public.post(
            reverse("desk:track"), {"code": request.tracking_code, "identifier": applicant.national_code}
        )
        assert response.status_code == 200 and shown in response.content

    def detail():
        response = staff.get(detail_url)
        assert response.status_code == 200

    shown = request.service.title.encode()
    paths = {"apply": apply, "track": track, "detail": detail}
    queries = {}
    for name, call in paths.items():
        call()
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured.captured_queries)
        if args.show_queries:
            for number, query in enumerate(captured.captured_queries, 1):
                print(f"{name} {number:2d} {query['time']} {' '.join(query['sql'].split())[:150]}")
    print(f"{connection.vendor}; applicant's history {args.history} requests; PDF {len(pdf) // 1024} KB")

    if args.profile:
        profiler = cProfile.Profile()
        call = paths[args.profile]
        profiler.enable()
        for _ in range(args.rounds):
            call()
        profiler.disable()
        if args.profile_out:
            profiler.dump_stats(args.profile_out)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(*([args.match] if args.match else []), args.top)
        print(out.getvalue())
        return

    calls = {}
    if args.calls:
        for name, call in paths.items():
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.rounds):
                call()
            profiler.disable()
            calls[name] = pstats.Stats(profiler).total_calls // args.rounds

    times = {name: [] for name in paths}
    for _ in range(args.rounds):
        for name, call in paths.items():
            start = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"{args.rounds} rounds, interleaved; ms")
    for name, values in times.items():
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        counted = f"  function calls {calls[name]:,}" if name in calls else ""
        median = statistics.median(values)
        print(f"{name:7} median {median:6.1f}  p90 {p90:6.1f}  queries {queries[name]}{counted}")


if __name__ == "__main__":
    main()
