"""Building the whole report in the background, once per state of the data.

`request_build` is what the report page's buttons call: it fingerprints the data the report
reads (every value of the year — actuals and the plan version's plans — with the catalogue's
titles and order), and returns the build of that fingerprint if there is one (done: its file at
once; queued or running: the same job), else queues a new one when the transaction commits. Any
change of a value, an activity's title or a province's name changes the fingerprint, so the next
request builds again. A build that finished replaces the files of the earlier ones.

`run` is the worker's side (`performance.tasks.build_full_report`): it reads the report, builds
the file, reporting its progress on the row, and stores the file in Django's default storage
(local disk or the S3 bucket) under `private/performance/reports/`; only the access-checked
download view serves it. Running it again is safe: a finished build is left alone."""

import hashlib
import logging
import secrets
import time

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.jalali import format_datetime
from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance import selectors
from performance.models import Activity, Area, Breakdown, DataValue, Measure, PlanVersion, ReportBuild

logger = logging.getLogger(__name__)

PREFIX = "private/performance/reports"
# Bump when the file's layout changes: earlier files are then rebuilt on the next request.
FORMAT = "1"


def fingerprint(year: int, plan_version: PlanVersion | None) -> str:
    """A digest of everything the whole report of `year` shows: the values of the year's periods
    (actuals, and the plans of `plan_version`), the catalogue and the units' names."""
    digest = hashlib.sha256(f"{FORMAT}|{year}|{plan_version.pk if plan_version else ''}".encode())
    if plan_version:
        digest.update(plan_version.title.encode())
    values = DataValue.objects.filter(period__year=year).filter(
        Q(measure=Measure.ACTUAL) | Q(measure=Measure.PLAN, plan_version=plan_version)
    )
    sources = (
        values.order_by("pk").values_list("pk", "period_id", "value"),
        Activity.objects.order_by("pk").values_list(
            "pk",
            "code",
            "title",
            "unit_of_measure",
            "order",
            "area_id",
            "scope",
            "aggregation",
            "rolls_up_to_id",
            "higher_is_better",
        ),
        Area.objects.order_by("pk").values_list("pk", "code", "title", "order"),
        Breakdown.objects.order_by("pk").values_list("pk", "activity_id", "code", "title", "order"),
        OrgUnit.objects.order_by("pk").values_list("pk", "code", "name", "kind", "order", "province__name"),
    )
    for rows in sources:
        digest.update(b"\x1e")
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def check_reader(user) -> None:
    if not selectors.can_read(user):
        raise PermissionDenied("گزارش سالانه برای مدیران و برنامه‌ریزان است.")


def request_build(*, user, year: int, plan_version: PlanVersion | None, kind: str) -> ReportBuild:
    """The build of the whole report of `year` for the data as they are now: an existing one
    (done or under way) or a new one, queued when the caller's transaction commits."""
    from performance.tasks import build_full_report

    check_reader(user)
    key = {
        "year": year,
        "plan_version": plan_version,
        "kind": kind,
        "fingerprint": fingerprint(year, plan_version),
    }
    live = ReportBuild.objects.exclude(state=ReportBuild.State.FAILED).filter(**key).first()
    if live and (live.working or default_storage.exists(live.stored_name)):
        return live
    if live:  # done, but its file is gone (storage restored, deleted by hand): build it again
        ReportBuild.objects.filter(pk=live.pk).update(state=ReportBuild.State.FAILED, stage="پرونده نیست")
    try:
        with transaction.atomic():
            build = ReportBuild.objects.create(**key, requested_by=user, stage="در صف ساخت")
    except IntegrityError:  # another request created it a moment ago
        return ReportBuild.objects.exclude(state=ReportBuild.State.FAILED).get(**key)
    transaction.on_commit(lambda: build_full_report.enqueue(build.pk))
    return build


class _Reporter:
    """Writes progress to the row when its whole percent moves (not on every page)."""

    def __init__(self, build: ReportBuild):
        self.pk, self.last = build.pk, -1

    def __call__(self, percent: int, stage: str) -> None:
        percent = max(self.last, min(99, percent))
        if percent != self.last:
            self.last = percent
            ReportBuild.objects.filter(pk=self.pk).update(progress=percent, stage=stage[:120])


def run(build_id: int) -> str:
    """Build and store the file of one `ReportBuild` (the worker's side)."""
    build = ReportBuild.objects.select_related("plan_version").filter(pk=build_id).first()
    if build is None or build.state in (ReportBuild.State.DONE, ReportBuild.State.FAILED):
        return build.state if build else "gone"
    ReportBuild.objects.filter(pk=build.pk).update(state=ReportBuild.State.RUNNING, progress=1)
    started = time.perf_counter()
    report = _Reporter(build)
    try:
        content, pages = build_file(build, report)
    except Exception:
        logger.exception("whole report build %s failed", build.pk)
        ReportBuild.objects.filter(pk=build.pk).update(
            state=ReportBuild.State.FAILED, stage="ساخت ناموفق بود", finished_at=timezone.now()
        )
        raise
    name = default_storage.save(
        f"{PREFIX}/{build.year}/{secrets.token_hex(16)}.{build.kind}", ContentFile(content)
    )
    ReportBuild.objects.filter(pk=build.pk).update(
        state=ReportBuild.State.DONE,
        progress=100,
        stage="آماده",
        stored_name=name,
        size=len(content),
        pages=pages,
        seconds=round(time.perf_counter() - started, 2),
        finished_at=timezone.now(),
    )
    _drop_earlier(build)
    return ReportBuild.State.DONE


def _drop_earlier(build: ReportBuild) -> None:
    """The earlier finished builds of the same report (older data) and their files."""
    earlier = ReportBuild.objects.filter(
        year=build.year, plan_version=build.plan_version_id, kind=build.kind, state=ReportBuild.State.DONE
    ).exclude(pk=build.pk)
    for old in earlier.filter(created_at__lte=build.created_at):
        if old.stored_name:
            default_storage.delete(old.stored_name)
        old.delete()


def build_file(build: ReportBuild, progress) -> tuple[bytes, int]:
    """The file's bytes and its number of pages (sheets for a workbook)."""
    from performance.fullreport import charts
    from performance.report import build_report

    progress(2, "خواندن داده‌ها")
    report = build_report(year=build.year, plan_version=build.plan_version)
    areas = charts.area_charts(report)
    ranking = charts.province_ranking(
        selectors.province_matrix(year=build.year, plan_version=build.plan_version)
    )
    if build.kind == ReportBuild.Kind.XLSX:
        from performance.fullreport import xlsx

        def sheets(done: int, total: int) -> None:
            progress(10 + int(80 * done / total), to_persian_digits(f"جدول {done} از {total}"))

        progress(10, "ساختن برگه‌ها")
        content = xlsx.build(report, areas, ranking, sheets)
        return content, 0
    from performance.fullreport import pdf

    progress(8, "ساختن متن گزارش")
    html = pdf.document_html(report, areas, ranking, built_at=format_datetime(timezone.now()))
    previous = (
        ReportBuild.objects.filter(
            kind=build.kind, year=build.year, state=ReportBuild.State.DONE, pages__gt=0
        )
        .values_list("pages", flat=True)
        .first()
    )
    return pdf.render(html, progress, previous or pdf.expected_pages(report))


def open_file(build: ReportBuild):
    return default_storage.open(build.stored_name, "rb")
