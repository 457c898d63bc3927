"""Benchmark of the complaints report (issue 11 item 2): N synthetic desk requests (`desk_generate`),
each made a complaint (subject and channel in turn), then `complaints.report.complaints_report`
for the Jalali year 1404, as HQ and as one province (median of 20 warm runs).

    .venv/bin/python bench/complaints_report.py [--count 5000] [--db sqlite:////tmp/complaints.sqlite3]
        [--runs 20] [--reuse]

Figures and the command are in docs/complaints.md.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on


def make_complaints(count: int) -> None:
    from django.core.management import call_command

    from catalogue import demo as catalogue_demo
    from complaints.models import Complaint, ComplaintSubject, ExternalSystem, Source
    from core import demo as core_demo
    from desk.models import ServiceRequest
    from orgs import demo as orgs_demo

    for module in (core_demo, orgs_demo, catalogue_demo):
        module.seed(stdout=io.StringIO(), debug=True)
    began = time.perf_counter()
    call_command("desk_generate", count=count, seed=1, end="1405/06/31", stderr=io.StringIO())
    print(f"desk_generate --count {count}: {time.perf_counter() - began:.0f} s")
    subjects = list(ComplaintSubject.objects.values_list("pk", flat=True))
    sources = [Source.ONLINE, Source.LINE_1517, Source.NATIONAL_SYSTEM]
    rows = []
    for n, pk in enumerate(ServiceRequest.objects.order_by("pk").values_list("pk", flat=True)):
        national = sources[n % 3] == Source.NATIONAL_SYSTEM
        rows.append(
            Complaint(
                request_id=pk,
                subject_id=subjects[n % len(subjects)],
                source=sources[n % 3],
                external_system=ExternalSystem.SAMAD if national else "",
                external_reference=f"B-{n}" if national else "",
            )
        )
    Complaint.objects.bulk_create(rows, batch_size=2000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--db", default="")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the complaints already in --db")
    args = parser.parse_args()
    django_on(args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'complaints.sqlite3'}")
    from complaints.models import Complaint
    from complaints.report import Scope, complaints_report
    from core.jalali import parse_date
    from orgs.models import Province

    if not (args.reuse and Complaint.objects.exists()):
        make_complaints(args.count)
    start, end = parse_date("1404/01/01"), parse_date("1404/12/29")
    province = Province.objects.get(code="IR-23")
    for name, scope in (
        ("HQ (every province)", Scope(everywhere=True)),
        ("one province manager", Scope(everywhere=False, province_ids=frozenset({province.pk}))),
    ):
        report = complaints_report(start=start, end=end, scope=scope)  # warm
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            complaints_report(start=start, end=end, scope=scope)
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"complaints_report 1404, {name}: {report.total.received:,} complaints, "
            f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms ({args.runs} runs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
