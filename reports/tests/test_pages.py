"""The managers' report page and its exports: each reader sees only the places their role covers,
bad input is refused in Persian with no figure shown, exports carry the page's rows (within the
configured limit), every linked figure leads to exactly those requests in the queue, and the
page's queries stay under their ceiling whatever the number of requests."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from catalogue.tests.factories import ServiceLevelAgreementFactory
from core.jalali import parse_date
from core.testing import made_once_per_module
from orgs.models import subtree_ids, unit_children
from orgs.tests.factories import CounterOfficeFactory
from reports import scope
from reports.selectors import HEADER, Where, desk_report, report_total
from reports.tests.conftest import build_world

YEAR = {"period": "year", "year": "1404"}
URL = "/reports/"
# The page's ceiling (queries per view, whatever the number of requests; measured 24 with a
# comparison): session and user; the reader's memberships and tree; the units and offices for the
# place list; the services for the form; four per report (summary, histograms, rating reasons,
# overdue)
# for the table and its total, the compared total and the trend, and the names of the table's
# places; the queue's scope for the links (memberships, tree); the menu (roles, unread notices).
# On PostgreSQL two more: the page's lock wait set and set back (`reports.waiting`).
MAX_QUERIES = 24 + (2 if connection.vendor == "postgresql" else 0)


LINKED = {
    "accepted",
    "answered",
    "open",
    "overdue",
    "withdrawn",
    "avg_working_days",
    "median_working_days",
    "avg_calendar_days",
    "median_calendar_days",
    "within_sla_percent",
}
# The figures whose list is the answered requests (their times and share within the SLA).
OF_THE_ANSWERS = LINKED - {"accepted", "open", "overdue", "withdrawn"}


# The organisation and its 200 generated requests are made once for this module (decision 0135),
# in a transaction each test's own nests in, rolled back after the module's last test; the tests
# that do not ask for them run first (`pytest_collection_modifyitems` in this directory's conftest)
# and a guard fails one that would see them anyway.
def _generate() -> dict:
    made = build_world()
    call_command("desk_generate", count=200, seed=11, end="1404/12/29", stderr=io.StringIO())
    return made


_made_once_per_module, generated, _generated_unless_asked = made_once_per_module(
    "generated", _generate, what="the requests generated"
)


def manager_of(world, make_user, index=0, role=Role.PROVINCE_MANAGER):
    return make_user(role=role, scope={"org_unit": world["units"][index]})


def figures(response) -> dict:
    return {item["key"]: item["value"] for item in response.context["summary"]}


def units_of(unit) -> frozenset:
    return frozenset(subtree_ids(unit_children(), unit.pk))


def test_a_province_manager_reads_their_province_and_the_figures_are_the_selectors(
    generated, client, make_user
):
    client.force_login(manager_of(generated, make_user))
    response = client.get(URL, {**YEAR, "place": "p:IR-97", "by": "service"})
    assert response.status_code == 200
    start, end = parse_date("1404/01/01"), parse_date("1404/12/29")
    where = Where(unit_ids=units_of(generated["units"][0]))
    total = report_total(start=start, end=end, where=where)
    assert total["accepted"] > 10
    shown = figures(response)
    for key in LINKED:
        assert shown[key] == total[key], key
    rows = desk_report(start=start, end=end, by="service", where=where)
    assert {r["place_code"]: r["accepted"] for r in response.context["rows"]} == {
        r["place_code"]: r["accepted"] for r in rows
    }
    # the other province's figures are not in it
    everything = report_total(start=start, end=end)
    assert everything["accepted"] > total["accepted"]
    body = response.content.decode()
    assert "استان یکم" in body and 'value="p:IR-98"' not in body and 'value="org"' not in body


@pytest.mark.parametrize("place", ["p:IR-98", "org", "hq", "u:HQ-TEST", "u:IR-T1", "o:other"])
def test_a_place_not_theirs_is_refused_and_nothing_is_shown(generated, client, make_user, place):
    CounterOfficeFactory(code="other", province=generated["units"][1].province)
    client.force_login(manager_of(generated, make_user))
    response = client.get(URL, {**YEAR, "place": place})
    assert response.status_code == 403
    body = response.content.decode()
    assert scope.NOT_YOURS in body
    assert 'id="report-summary"' not in body and "report-table" not in body
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/reports/export.{fmt}", {**YEAR, "place": place}).status_code == 403


def test_a_unit_head_is_held_to_their_unit_and_hq_planning_sees_every_place(generated, client, make_user):
    head = manager_of(generated, make_user, index=2, role=Role.UNIT_HEAD)
    client.force_login(head)
    response = client.get(URL, YEAR)
    assert response.status_code == 200 and response.context["place_name"] == "دفتر ستادی آزمون"
    assert client.get(URL, {**YEAR, "place": "p:IR-97"}).status_code == 403

    planner = make_user(role=Role.HQ_PLANNER, scope={"org_unit": generated["units"][2]})
    client.force_login(planner)
    response = client.get(URL, {**YEAR, "place": "org", "by": "province"})
    assert response.status_code == 200
    codes = [r["place_code"] for r in response.context["rows"]]
    assert set(codes) == {"IR-97", "IR-98", "HQ-TEST"}
    assert [r["rank"] for r in response.context["rows"]] == [1, 2, 3]
    shares = [float(r["within_sla_percent"] or -1) for r in response.context["rows"]]
    assert shares == sorted(shares, reverse=True)
    hq = client.get(URL, {**YEAR, "place": "hq"})
    assert hq.status_code == 200
    assert (
        figures(hq)["accepted"]
        == report_total(
            start=parse_date("1404/01/01"),
            end=parse_date("1404/12/29"),
            where=Where(unit_ids=frozenset({generated["units"][2].pk})),
        )["accepted"]
    )


def test_people_who_read_no_report_are_refused(generated, client, make_user):
    assert client.get(URL).status_code == 302  # to sign in
    for role in (Role.APPLICANT, Role.STAFF_EXPERT, Role.COUNTER_OPERATOR):
        client.force_login(make_user(role=role))
        assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "custom", "start": "1404/06/01", "end": "1404/05/31"}, "پایان دوره پیش از آغاز"),
        ({"period": "day", "day": "۱۴۰۴/۱۲/۳۰"}, "روز ۳۰ وجود ندارد"),
        ({"period": "custom", "start": "1404/01/01", "end": "1404/13/01"}, "ماه باید"),
        ({"period": "month", "year": "۱۴۰۴", "month": ""}, "«ماه»"),
        ({"period": "year", "year": "هزار"}, "سال را با عدد"),
        ({"period": "decade", "year": "1404"}, "شناخته نیست"),
        ({**YEAR, "service": "s:999999"}, "این خدمت یا حوزه شناخته نیست"),
        ({**YEAR, "service": "a:nowhere"}, "این خدمت یا حوزه شناخته نیست"),
        ({**YEAR, "place": "p:IR-00"}, "این محل شناخته نیست"),
    ],
)
def test_bad_input_is_refused_in_persian_with_no_figures(generated, client, make_user, params, message):
    client.force_login(manager_of(generated, make_user))
    response = client.get(URL, {"place": "p:IR-97", **params})
    assert response.status_code in (400, 403)
    body = response.content.decode()
    assert message in body
    assert 'id="report-summary"' not in body
    export = client.get("/reports/export.csv", {"place": "p:IR-97", **params})
    assert export.status_code in (302, 403)


def test_persian_and_arabic_digits_and_every_kind_of_period(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    cases = [
        ({"period": "day", "day": "١٤٠٤/٠٦/٠١"}, ("1404/06/01", "1404/06/01")),
        ({"period": "week", "day": "۱۴۰۴/۰۶/۰۵"}, ("1404/06/01", "1404/06/07")),  # شنبه to جمعه
        ({"period": "month", "year": "۱۴۰۴", "month": "12"}, ("1404/12/01", "1404/12/29")),
        ({"period": "quarter", "year": "1404", "quarter": "2"}, ("1404/04/01", "1404/06/31")),
        ({"period": "custom", "start": "۱۴۰۴/۰۲/۱۰", "end": "١٤٠٤/٠٣/٠٥"}, ("1404/02/10", "1404/03/05")),
    ]
    for params, (first, last) in cases:
        response = client.get(URL, {"place": "p:IR-97", **params})
        assert response.status_code == 200, params
        period = response.context["period"]
        assert (period.start, period.end) == (parse_date(first), parse_date(last)), params
    # the year is shown back in Persian digits, however it was typed
    page = client.get(URL, {"place": "p:IR-97", "period": "year", "year": "1404"}).content.decode()
    assert 'name="year" value="۱۴۰۴"' in page and 'value="1404"' not in page


def test_two_periods_side_by_side(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    where = Where(unit_ids=units_of(generated["units"][0]))
    response = client.get(URL, {"period": "quarter", "year": "1404", "quarter": "1", "compare": "previous"})
    compare = response.context["compare"]
    assert (compare.start, compare.end) == (parse_date("1403/10/01"), parse_date("1403/12/30"))
    before = report_total(start=compare.start, end=compare.end, where=where)
    assert {i["key"]: i["before"] for i in response.context["summary"]}["accepted"] == before["accepted"]
    response = client.get(URL, {"period": "month", "year": "1404", "month": "3", "compare": "last_year"})
    compare = response.context["compare"]
    assert (compare.start, compare.end) == (parse_date("1403/03/01"), parse_date("1403/03/31"))


def test_the_trend_has_one_row_per_month_of_the_year(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    response = client.get(URL, YEAR)
    assert [r["place_code"] for r in response.context["trend"]] == [f"1404-{m:02d}" for m in range(1, 13)]
    assert response.context["chart"]["accepted"] == [r["accepted"] for r in response.context["trend"]]
    assert 'class="table-responsive"><table class="table table-sm table-bordered" id="trend-table"' in (
        response.content.decode()
    )


def test_exports_carry_the_pages_rows(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    params = {**YEAR, "place": "p:IR-97", "by": "service"}
    page = client.get(URL, params)
    response = client.get("/reports/export.csv", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["کد", "خدمت", "پذیرفته", "پاسخ‌داده"]
    assert [line[0] for line in lines[1:-1]] == [r["place_code"] for r in page.context["rows"]]
    assert lines[-1][1] == "جمع" and int(lines[-1][2]) == page.context["total"]["accepted"]
    workbook = client.get("/reports/export.xlsx", params)
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.sheet_view.rightToLeft
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][2] == "پذیرفته" and values[-1][2] == page.context["total"]["accepted"]


def test_an_export_over_the_limit_is_refused_in_persian(generated, client, make_user, settings):
    settings.MIZ_REPORT_EXPORT_MAX_ROWS = 1
    client.force_login(manager_of(generated, make_user))
    response = client.get("/reports/export.xlsx", {**YEAR, "place": "p:IR-97", "by": "service"}, follow=True)
    assert "خروجی تا ۱ ردیف ساخته می‌شود" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(URL)


def test_each_linked_figure_leads_to_exactly_those_requests_in_the_queue(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    service = generated["services"][0]
    response = client.get(URL, {**YEAR, "place": "p:IR-97", "service": f"s:{service.pk}"})
    links = response.context["links"]
    assert set(links) == LINKED
    shown = figures(response)
    assert shown["accepted"] > 0 and shown["answered"] > 0 and shown["withdrawn"] > 0
    body = response.content.decode().replace("&amp;", "&")
    for key, url in links.items():
        assert url in body
        queue = client.get(url)
        assert queue.status_code == 200
        expected = shown["answered"] if key in OF_THE_ANSWERS else shown[key]
        assert queue.context["page"].count == expected, key


def test_a_decision_link_edited_to_another_province_lists_none_of_its_requests(generated, client, make_user):
    manager = manager_of(generated, make_user)
    client.force_login(manager)
    response = client.get(URL, {**YEAR, "place": "p:IR-97"})
    answered = response.context["links"]["answered"]
    mine = client.get(answered).context["page"].count
    assert mine == figures(response)["answered"] > 0
    other = answered.replace("unit=IR-T0", "unit=IR-T1")
    assert other != answered
    admin = make_user(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    theirs = client.get(other).context["page"].count
    assert theirs > 0  # the other province answered requests in the year
    client.force_login(manager)
    refused = client.get(other)
    assert refused.status_code == 200 and refused.context["page"].count == 0
    assert client.get(URL, {**YEAR, "place": "p:IR-98"}).status_code == 403


def test_a_planner_outside_the_queue_gets_no_links_and_hq_none(generated, client, make_user):
    client.force_login(make_user(role=Role.HQ_PLANNER, scope={"org_unit": generated["units"][2]}))
    assert client.get(URL, {**YEAR, "place": "org"}).context["links"] == {}
    admin = make_user(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    assert set(client.get(URL, {**YEAR, "place": "org"}).context["links"]) == LINKED
    assert client.get(URL, {**YEAR, "place": "hq"}).context["links"] == {}


def test_the_page_shows_first_responses_medians_in_calendar_days_and_rating_reasons(world, client, make_user):
    licence = world["services"][0]
    for unit in world["units"][:2]:
        ServiceLevelAgreementFactory(
            service=licence, provider_unit=unit, response_working_days=2, resolution_working_days=5
        )
    call_command("desk_generate", count=200, seed=12, end="1404/12/29", stderr=io.StringIO())
    client.force_login(manager_of(world, make_user))
    response = client.get(URL, {**YEAR, "place": "p:IR-97", "service": f"s:{licence.pk}"})
    assert response.status_code == 200
    start, end = parse_date("1404/01/01"), parse_date("1404/12/29")
    where = Where(unit_ids=units_of(world["units"][0]), service_ids=frozenset({licence.pk}))
    total = report_total(start=start, end=end, where=where)
    assert total["first_responses"] > 0 and total["first_response_targeted"] == total["first_responses"]
    assert total["median_calendar_days"] and total["first_response_within_percent"] and total["reasons"]
    shown = figures(response)
    for key in (
        "median_calendar_days",
        "first_responses",
        "avg_first_response_days",
        "median_first_response_days",
        "first_response_within_percent",
    ):
        assert shown[key] == total[key], key
    body = response.content.decode()
    for key in ("first_responses", "median_calendar_days", "first_response_within_percent"):
        assert f'id="fig-{key}"' in body
    assert 'id="report-reasons"' in body
    reasons = total["reasons"]
    assert sum(r["count"] for r in reasons) >= len(reasons) and reasons[0]["label"] in body
    share = float(reasons[0]["share"])
    assert share == pytest.approx(100 * reasons[0]["count"] / total["ratings"], abs=0.05)
    # The command's CSV is the contract: not a column more.
    out = io.StringIO()
    call_command("desk_report", "--from", "1404/01/01", "--to", "1404/12/29", "--by", "province", stdout=out)
    assert out.getvalue().splitlines()[0] == ",".join(HEADER)


def test_a_service_with_no_agreement_says_so(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    service = generated["services"][1]
    response = client.get(URL, {**YEAR, "service": f"s:{service.pk}"})
    assert response.status_code == 200 and 'id="no-sla"' in response.content.decode()
    ServiceLevelAgreementFactory(
        service=service, provider_unit=generated["units"][0], resolution_working_days=5
    )
    assert 'id="no-sla"' not in client.get(URL, {**YEAR, "service": f"s:{service.pk}"}).content.decode()


def test_the_menu_shows_the_report_to_managers_only(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    assert reverse("reports:report") in client.get("/").content.decode()
    client.force_login(make_user(role=Role.APPLICANT))
    assert reverse("reports:report") not in client.get("/").content.decode()


def test_the_page_costs_the_same_queries_with_few_or_many_requests(world, client, make_user):
    client.force_login(make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": world["units"][0]}))
    params = {**YEAR, "place": "p:IR-97", "by": "unit", "compare": "previous"}
    call_command("desk_generate", count=20, seed=5, end="1404/12/29", stderr=io.StringIO())
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    call_command("desk_generate", count=150, seed=6, end="1404/12/29", stderr=io.StringIO())
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, params).status_code == 200
    assert len(few) == len(many) <= MAX_QUERIES, [q["sql"][:120] for q in many.captured_queries]


def test_a_year_with_nothing_shows_every_month_at_zero(generated, client, make_user):
    client.force_login(manager_of(generated, make_user))
    response = client.get(URL, {"period": "year", "year": "1390"})
    assert response.status_code == 200 and 'id="report-empty"' in response.content.decode()
    trend = response.context["trend"]
    assert [r["place_code"] for r in trend] == [f"1390-{m:02d}" for m in range(1, 13)]
    assert {r["accepted"] for r in trend} == {0} and trend[0]["avg_working_days"] == ""
