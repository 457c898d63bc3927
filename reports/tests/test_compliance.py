"""Directive compliance from real data (D13): each measure counted from what happened to a few
requests (online or at a counter, answered electronically or not, rated or not, receipts sent or
failed, visits), the thresholds, an empty period, bad periods refused in Persian, each reader
seeing only their places, and the worksheet as Excel and PDF."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Role
from catalogue import compliance as catalogue_compliance
from catalogue.models import Service
from core import nav
from desk import services, workflow
from desk.models import State
from desk.tests.factories import make_service, pdf_file, submit_request
from notifications import services as notification_services
from notifications.models import Notification
from reports import compliance
from reports.tests.conftest import REFUSING_GATEWAY, at

DAY = dt.date(2025, 5, 31)  # 1404/03/10, a Saturday
MONTH = {"period": "month", "year": "1404", "month": "3"}
URL = "/reports/compliance/"


def _submit(world, service, channel, n, **place):
    applicant = world["applicants"][n % len(world["applicants"])]
    return submit_request(
        service,
        applicant,
        form_data={"product_name": "کالا"},
        key=f"c{n}",
        channel=channel,
        unit=world["units"][0],
        **place,
    )


def _approve(world, request):
    expert = world["experts"][request.unit_id]
    while request.state != State.APPROVED:
        names = {t.name for t in workflow.available(request, actor_kind=workflow.STAFF)}
        name = next(n for n in ("accept", "start_review", "advance", "approve") if n in names)
        services.transition(request=request, name=name, user=expert, note="توضیح")
        request.refresh_from_db()


def fail_receipts(request):
    """The outbox gives up on every receipt message of `request` (the gateway refuses them)."""

    with override_settings(SMS_BACKEND=REFUSING_GATEWAY):
        for pk in Notification.objects.filter(event="desk.receipt", related_id=str(request.pk)).values_list(
            "pk", flat=True
        ):
            assert notification_services.deliver(pk) == "failed"


@pytest.fixture
def happened(world, time_machine, monkeypatch):
    """One service of the first province's directorate: two requests online, one at a counter
    office, one at the in-person desk; one receipt failed; two answered, one of them with its
    electronic response, delivered and rated; one online request called to the desk."""
    unit = world["units"][0]
    service = make_service(world["units"][:2], steps=1, title="خدمت سنجش")
    time_machine.move_to(at(DAY), tick=False)
    online = [_submit(world, service, "online", n) for n in range(2)]
    counter = _submit(world, service, "counter", 2, counter_office=world["office"])
    desk = _submit(world, service, "in_person", 3, intake_unit=unit)
    fail_receipts(counter)
    time_machine.move_to(at(DAY + dt.timedelta(days=2)), tick=False)
    for request in (online[0], counter):
        _approve(world, request)
    expert = world["experts"][unit.pk]
    services.issue_response(request=online[0], user=expert, text="پاسخ", upload=pdf_file())
    online[0].refresh_from_db()
    services.record_response_download(request=online[0], user=online[0].applicant)
    online[0].refresh_from_db()
    services.submit_feedback(request=online[0], user=online[0].applicant, score=4)
    services.book_appointment(
        request=online[1],
        user=expert,
        starts_at=at(DAY + dt.timedelta(days=3), 10),
        reason="دیدن نمونه",
        unit=unit,
    )
    return {**world, "service": service, "online": online, "counter": counter, "desk": desk}


def _result(units=None):
    start, end = dt.date(2025, 5, 22), dt.date(2025, 6, 21)  # 1404/03/01 – 1404/03/31
    return compliance.compliance_for(start=start, end=end, units=units)


def _row(rows, code):
    return next(r for r in rows if r.code == code)


def test_each_measure_is_counted_from_what_happened(happened):
    result = _result()
    row = _row(result.services, happened["service"].service_id)
    marks = {code: (m.numerator, m.denominator, m.status) for code, m in row.marks.items()}
    assert marks["online_intake"] == (2, 4, compliance.PARTLY)
    assert marks["receipt"] == (3, 4, compliance.PARTLY)  # the counter's receipt failed
    assert marks["electronic_response"] == (1, 2, compliance.PARTLY)
    assert marks["feedback"] == (1, 2, compliance.PARTLY)
    # The counter intake, the desk intake and the appointment: all at a desk or counter office.
    assert marks["in_person_at_desk"] == (3, 3, compliance.MET)
    assert marks["reports"] == (6, 6, compliance.MET)  # four accepted and two answered, exact
    complete = catalogue_compliance.check_information_package(happened["service"])
    assert marks["information_package"] == (
        int(complete),
        1,
        compliance.MET if complete else compliance.NOT_MET,
    )
    # No contact with staff: the online request without a visit and the counter one (not the
    # desk intake, not the request called to the desk).
    assert (row.contact_cut.numerator, row.contact_cut.denominator) == (2, 4)
    assert (result.contact_cut.numerator, result.contact_cut.denominator) == (2, 4)
    unit_row = _row(result.units, happened["units"][0].code)
    assert unit_row.marks == row.marks
    assert _row(result.units, happened["units"][1].code).no_requests


def test_a_service_with_no_requests_is_shown_without_requests_and_left_out_of_the_score(happened):
    result = _result()
    quiet = _row(result.services, happened["services"][1].service_id)
    assert quiet.no_requests and quiet.score is None
    assert {m.status for m in quiet.marks.values()} == {compliance.NO_REQUESTS}
    measured = _row(result.services, happened["service"].service_id)
    assert result.score == pytest.approx(measured.score)
    # met 1, partly ½: online, receipt, response, feedback partly; in person, reports met; package
    weights = [0.5, 0.5, 0.5, 0.5, 1, 1, 1 if measured.marks["information_package"].status == "met" else 0]
    assert measured.score == pytest.approx(100 * sum(weights) / 7)


def test_a_receipt_queued_again_counts_again_and_a_rebuild_finds_the_same(happened):
    notification_services.retry_now(Notification.objects.filter(related_id=str(happened["counter"].pk)))
    row = _row(_result().services, happened["service"].service_id)
    assert row.marks["receipt"].numerator == 4
    before = {code: (m.numerator, m.denominator) for code, m in row.marks.items()}
    call_command("desk_summary_rebuild", stdout=io.StringIO())
    row = _row(_result().services, happened["service"].service_id)
    assert {code: (m.numerator, m.denominator) for code, m in row.marks.items()} == before


def test_the_figures_are_read_from_the_summary_only(happened):
    with CaptureQueriesContext(connection) as queries:
        _result()
    read = " ".join(q["sql"] for q in queries)
    assert "reports_deskmonth" in read  # a whole Jalali month: its month rows (decision 0111)
    for table in ("desk_servicerequest", "desk_appointment", "notifications_notification", "desk_response"):
        assert table not in read


@pytest.mark.parametrize(
    ("numerator", "denominator", "status"),
    [
        (9, 10, compliance.MET),
        (899, 1000, compliance.PARTLY),
        (1, 2, compliance.PARTLY),
        (499, 1000, compliance.NOT_MET),
        (0, 3, compliance.NOT_MET),
        (0, 0, compliance.NOT_APPLICABLE),
    ],
)
def test_thresholds(numerator, denominator, status):
    assert compliance.share(numerator, denominator).status == status


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_share_is_met_exactly_at_or_above_the_threshold(numerator, denominator):
    mark = compliance.share(numerator, denominator)
    percent = min(100, 100 * numerator / denominator)
    assert mark.percent == pytest.approx(percent)
    assert (mark.status == compliance.MET) == (percent >= compliance.MET_AT)
    assert (mark.status == compliance.NOT_MET) == (percent < compliance.PARTLY_AT)


def hq_client(client, make_user):
    client.force_login(make_user(role=Role.HQ_PLANNER))
    return client


def test_the_page_shows_the_marks_and_links_to_the_configuration_matrix(happened, client, make_user):
    response = hq_client(client, make_user).get(URL, {**MONTH, "place": "org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("catalogue:compliance") in html
    assert "بدون درخواست" in html
    assert 'data-code="online_intake" data-status="partly"' in html
    # «partly» in the darker amber: Bootstrap's text-warning on white is 1.6:1, under WCAG's 4.5:1
    partly = html.split('data-code="online_intake" data-status="partly"')[1].split("</td>")[0]
    assert '<span class="text-warning-emphasis">◐</span>' in partly
    # the total row is «همه», not «همه total» (its code is for machines, the units' codes for people)
    total = html.split('id="compliance-total"')[1].split("</table>")[0]
    assert "همه" in total and "total" not in total.replace('data-code="total"', "")
    matrix = client.get(reverse("catalogue:compliance")).content.decode()
    assert reverse("reports:compliance") in matrix


def test_an_empty_period_shows_every_service_without_requests(happened, client, make_user):
    response = hq_client(client, make_user).get(URL, {"period": "year", "year": "1401", "place": "org"})
    assert response.status_code == 200
    result = response.context["result"]
    assert all(row.no_requests for row in result.services) and result.services
    assert result.score is None and result.contact_cut.percent is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "start": "1404/03/10", "end": "1404/03/01"}, "پایان دوره پیش از آغاز آن است"),
        ({"period": "custom", "start": "۱۴۰۴/۱۲/۳۰", "end": "1405/01/10"}, "۱۴۰۴"),
        ({"period": "decade", "year": "1404"}, "گزینه «دوره» شناخته نیست"),
    ],
)
def test_a_bad_period_is_refused_in_persian_with_no_figures(happened, client, make_user, query, message):
    response = hq_client(client, make_user).get(URL, {**query, "place": "org"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "result" not in response.context
    export = client.get(reverse("reports:compliance_xlsx"), {**query, "place": "org"})
    assert export.status_code == 302


def test_a_non_existent_jalali_date_gets_a_persian_message(happened, client, make_user):
    response = hq_client(client, make_user).get(
        URL, {"period": "custom", "start": "1404/12/30", "end": "1405/01/10", "place": "org"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["start"]
    assert errors and all(any("\u0600" <= ch <= "\u06ff" for ch in e) for e in errors)


def test_a_province_manager_sees_only_their_province(happened, client, make_user):
    manager = make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": happened["units"][0]})
    client.force_login(manager)
    response = client.get(URL, MONTH)  # their province by default
    assert response.status_code == 200
    codes = {row.code for row in response.context["result"].units}
    assert codes == {happened["units"][0].code}
    for place in ("p:IR-98", "org", "hq", f"u:{happened['units'][2].code}"):
        for url in (URL, reverse("reports:compliance_xlsx"), reverse("reports:compliance_pdf")):
            refused = client.get(url, {**MONTH, "place": place})
            assert refused.status_code == 403, (url, place)
            assert b"result" not in refused.content
    options = response.content.decode()
    assert "p:IR-98" not in options and 'value="org"' not in options


def test_the_other_province_sees_none_of_these_requests(happened, client, make_user):
    client.force_login(make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": happened["units"][1]}))
    response = client.get(URL, {**MONTH, "place": "p:IR-98"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.total.counts.accepted == 0
    assert _row(result.services, happened["service"].service_id).no_requests


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.STAFF_EXPERT])
def test_other_roles_are_refused(happened, client, make_user, role):
    scope = {"org_unit": happened["units"][0]} if role == Role.STAFF_EXPERT else None
    client.force_login(make_user(role=role, scope=scope))
    assert client.get(URL, MONTH).status_code == 403
    assert client.get(reverse("reports:compliance_xlsx"), MONTH).status_code == 403


def test_the_worksheet_in_excel_has_a_line_per_service_and_the_total(happened, client, make_user):
    response = hq_client(client, make_user).get(reverse("reports:compliance_xlsx"), {**MONTH, "place": "org"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["کاربرگ خدمات", "واحدها", "تعریف‌ها"]
    sheet = book["کاربرگ خدمات"]
    lines = list(sheet.iter_rows(values_only=True))
    header = lines[1]
    line = next(row for row in lines if row[0] == happened["service"].service_id)
    online = header.index("پذیرش الکترونیکی درخواست (٪)")
    assert line[2:4] == (4, 2)
    assert line[online] == 50.0 and line[online + 1] == "تا اندازه‌ای"
    quiet = next(row for row in lines if row[0] == happened["services"][1].service_id)
    assert quiet[online + 1] == "بدون درخواست"
    assert lines[-1][1] == "همه" and lines[-1][2] == 4
    assert len(lines) == 2 + Service.objects.count() + 1  # title, header, services, total


def test_the_worksheet_prints_as_a_pdf(happened, client, make_user):
    response = hq_client(client, make_user).get(reverse("reports:compliance_pdf"), {**MONTH, "place": "org"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_page_costs_the_same_queries_with_few_or_many_requests(happened, client, make_user):
    hq_client(client, make_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {**MONTH, "place": "org"}).status_code == 200
    for n in range(10, 16):
        _submit(happened, happened["services"][1], "counter", n, counter_office=happened["office"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {**MONTH, "place": "org"})
    assert response.context["result"].total.counts.accepted == 4 + 6
    assert len(many) == len(few)


def test_the_menu_offers_the_page_to_report_readers_only(world, make_user):
    def offered(user):
        return "reports:compliance" in [item.url_name for item in nav.items_for(user)]

    assert offered(make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": world["units"][0]}))
    assert offered(make_user(role=Role.HQ_PLANNER))
    assert not offered(make_user(role=Role.APPLICANT))


def _summary_writes(queries) -> list[list[str]]:
    """The summary tables written, by statement (an `executemany` is logged as one statement,
    «N times: INSERT …»; on PostgreSQL one statement writes several tables: decision 0153)."""
    return [found for q in queries if (found := re.findall(r"INSERT INTO reports_(\w+)", q["sql"]))]


def test_a_filing_writes_its_summary_once_and_counts_one_receipt(world, time_machine):
    """The submission and its receipt messages are gathered (decision 0128): one statement per
    summary level (day, month, margins), not one per event and message; the receipt counts once
    however many messages carry it, and a rebuild finds the same figures."""
    service = make_service(world["units"][:1], steps=1, title="خدمت سنجش")
    time_machine.move_to(at(DAY), tick=False)
    with CaptureQueriesContext(connection) as queries:
        request = _submit(world, service, "online", 0)
    assert Notification.objects.filter(event="desk.receipt", related_id=str(request.pk)).count() >= 1
    writes = _summary_writes(queries)
    tables = ["deskday", "deskmonth", "deskmargin"]
    assert writes == ([tables] if connection.vendor == "postgresql" else [[t] for t in tables])
    row = _row(_result().services, service.service_id)
    assert (row.marks["receipt"].numerator, row.marks["receipt"].denominator) == (1, 1)
    before = {code: (m.numerator, m.denominator) for code, m in row.marks.items()}
    call_command("desk_summary_rebuild", stdout=io.StringIO())
    row = _row(_result().services, service.service_id)
    assert {code: (m.numerator, m.denominator) for code, m in row.marks.items()} == before


def test_a_second_receipt_message_of_a_filing_is_not_counted_twice(world, time_machine, monkeypatch):
    """Two receipt messages (SMS and email, say) in the filing's transaction: one receipt."""
    from django.contrib.contenttypes.models import ContentType

    from desk import notices
    from desk.models import ServiceRequest

    service = make_service(world["units"][:1], steps=1, title="خدمت سنجش")
    time_machine.move_to(at(DAY), tick=False)
    real_receipt = notices.receipt

    def twice(request):
        real_receipt(request)
        Notification.objects.create(
            channel=Notification.Channel.EMAIL,
            recipient="applicant@example.com",
            body="رسید",
            event="desk.receipt",
            related_type=ContentType.objects.get_for_model(ServiceRequest),
            related_id=str(request.pk),
        )

    monkeypatch.setattr(notices, "receipt", twice)
    request = _submit(world, service, "online", 0)
    assert Notification.objects.filter(event="desk.receipt", related_id=str(request.pk)).count() >= 2
    row = _row(_result().services, service.service_id)
    assert (row.marks["receipt"].numerator, row.marks["receipt"].denominator) == (1, 1)
