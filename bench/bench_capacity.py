"""Capacity inputs: `DATABASE_URL=postgres://… .venv/bin/pytest bench/bench_capacity.py -s`
(not collected by `make test`; docs/capacity.md uses its figures).

Runs N whole request lives through the services (submission with one uploaded PDF, acceptance,
review, a message from the applicant with an attachment, approval, the generated certificate, its
download, the survey) and measures what one request leaves behind: database bytes (tables and
indexes, after ANALYZE) and stored file bytes, split into uploads and generated certificates.
Then it turns seed 004's yearly volumes into the national estimate printed at the end."""

import os
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Role
from desk import services
from desk.tests.factories import make_service, pdf_file, submit_request

pytestmark = pytest.mark.django_db

N = int(os.environ.get("MIZ_BENCH_REQUESTS", "100"))

# Seed 004 (the 1400 report), "عملکرد سال 1400" of the activities that reach the organisation as
# an applicant's request (section 2-1, certificates and permits; sections 2-3 and 2-4, tests an
# applicant asks for). Inspections and sampling that staff start themselves are not requests.
SEED_004_REQUESTS_1400 = {
    "پروانه کاربرد علامت استاندارد اجباری": 4_245,
    "تمدید پروانه اجباری": 9_381,
    "پروانه کاربرد علامت استاندارد تشویقی": 539,
    "پروانه نشان حد مجاز آلاینده‌ها": 334,
    "اظهارنامه‌های وارداتی": 39_062,
    "اظهارنامه‌های صادراتی": 16_245,
    "تأییدیه‌های نوعی": 882,
    "مجوز کاربرد علامت استاندارد": 2_151,
    "گواهینامه آسانسور": 56_744,
    "گواهی معیار مصرف انرژی": 498,
    "آزمون نمونه از مراکز تولیدی": 99_913,
    "آزمون نمونه از مراکز عرضه": 11_141,
    "آزمون نازل‌های جایگاه سوخت مایع": 79_751,
    "آزمون باسکول‌ها": 14_507,
    "آزمون سایر وسایل سنجش": 208_826,
    "آزمون نازل‌های CNG": 6_093,
    "آزمون انگ فلزات گرانبها": 1_793,
}


def _database_bytes() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')"
            )
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return int(cursor.fetchone()[0])


def _files_bytes(root: Path, pattern: str = "*") -> int:
    return sum(path.stat().st_size for path in root.rglob(pattern) if path.is_file())


def test_what_one_request_leaves_behind(make_user, bench_unit, tmp_path):
    from desk.models import Document

    unit = bench_unit
    service = make_service([unit], steps=2)
    applicant = make_user(role=Role.APPLICANT)
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit})
    # warm-up: the first request creates rows every later one shares
    submit_request(service, applicant, form_data={"product_name": "کالا"}, key="warm")
    from notifications.models import Notification

    before_db, before_files = _database_bytes(), _files_bytes(tmp_path)
    before_notifications = Notification.objects.count()
    for i in range(N):
        form_data = {"product_name": "کالا", "note": "نمونهٔ سنجش ظرفیت"}
        request = submit_request(service, applicant, form_data=form_data, key=f"cap{i}")
        services.transition(request=request, name="accept", user=expert)
        services.transition(request=request, name="start_review", user=expert)
        services.post_message(
            request=request, author=applicant, body="مدرک تکمیلی پیوست شد.", files=[pdf_file("more.pdf")]
        )
        for name in ("advance", "approve"):
            services.transition(request=request, name=name, user=expert)
        services.issue_response(request=request, user=expert, text="پروانه صادر شد.")
        services.record_response_download(request=request, user=applicant)
        request.refresh_from_db()
        services.submit_feedback(request=request, user=applicant, score=5)
    notifications_per_request = (Notification.objects.count() - before_notifications) / N
    db_per_request = (_database_bytes() - before_db) / N
    files_per_request = (_files_bytes(tmp_path) - before_files) / N
    certificates = Document.objects.filter(kind=Document.Kind.RESPONSE)
    certificate_bytes = sum(doc.size for doc in certificates) / certificates.count()

    yearly = sum(SEED_004_REQUESTS_1400.values())
    working_days = 240
    peak_hour_share = 0.25  # a quarter of a day's requests in its busiest hour
    peak_per_hour = yearly / working_days * peak_hour_share
    print(f"\n{connection.vendor}: {N} whole request lives")
    print(f"database per request: {db_per_request / 1024:.1f} KiB (tables and indexes)")
    print(
        f"files per request: {files_per_request / 1024:.1f} KiB here "
        f"(two uploaded test PDFs of {len(pdf_file().read())} bytes and the certificate); "
        f"generated certificate: {certificate_bytes / 1024:.1f} KiB"
    )
    print(f"notifications (SMS or email) per request: {notifications_per_request:.1f}")
    print(f"seed 004 requests in 1400: {yearly:,} a year; {yearly / working_days:,.0f} a working day")
    print(
        f"busiest hour (25% of a day): {peak_per_hour:,.0f} submissions, {peak_per_hour / 3600:.2f} a second"
    )
    print(f"database after ten years at this volume: {db_per_request * yearly * 10 / 1024**3:.1f} GiB")
    assert db_per_request > 0 and files_per_request > 0
