"""The complaints report (R8): figures by subject, channel and province with exact counts, times to
answer in working and calendar days, the provinces' ranking, role scoping and bad input."""

import datetime as dt
import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from complaints.models import Source
from core.models import Holiday
from desk import services as desk

pytestmark = pytest.mark.django_db

URL = reverse("complaints:report")
PERIOD = {"start": "۱۴۰۵/۰۹/۰۱", "end": "1405/09/30"}  # 2026-11-22 … 2026-12-21, digits of both scripts
_keys = itertools.count(1)


def at(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def subjects(seeded_subjects):
    return seeded_subjects[:2]


@pytest.fixture
def world(
    settings,
    time_machine,
    complaint_service,
    directorate,
    county_office,
    other_directorate,
    other_office,
    file_complaint,
    make_user,
    subjects,
):
    """Province IR-99: three complaints (online answered in 3 working days, 1517 answered late,
    national system open) and one before the period; IR-98: one answered the next day; HQ: one open."""
    settings.MIZ_WEEKEND = [4]  # Friday
    Holiday.objects.all().delete()
    first, second = subjects
    heads = {
        unit.pk: make_user(role=Role.UNIT_HEAD, scope={"org_unit": unit}, first_name=f"رئیس {unit.code}")
        for unit in (directorate, other_directorate)
    }

    def complaint(when, subject, against=None, source=Source.ONLINE, answered_on=None):
        time_machine.move_to(when)
        extra = {}
        if source == Source.NATIONAL_SYSTEM:
            extra = {"external_system": "samad", "external_reference": f"S-{next(_keys)}"}
        request = file_complaint(subject, against, source=source, **extra)
        if answered_on:
            head = heads[request.unit_id]
            for name in ("accept", "start_review"):
                desk.transition(request=request, name=name, user=head)
            time_machine.move_to(answered_on)
            desk.transition(request=request, name="approve", user=head)
        return request

    made = {
        "a_online": complaint(at(25), first, county_office, answered_on=at(29)),
        "a_phone": complaint(at(25), second, county_office, Source.LINE_1517, answered_on=at(10, 12)),
        "a_national": complaint(at(25), first, county_office, Source.NATIONAL_SYSTEM),
        "a_before": complaint(at(20), first, county_office, answered_on=at(22)),
        "b_online": complaint(at(25), first, other_office, answered_on=at(26)),
        "hq_open": complaint(at(25), second),
    }
    time_machine.move_to(at(15, 12))
    return made


@pytest.fixture
def manager(make_user, directorate):
    return make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": directorate}, first_name="مدیر کل")


@pytest.fixture
def planner(make_user, hq):
    return make_user(role=Role.HQ_PLANNER, scope={"org_unit": hq}, first_name="برنامه‌ریز")


def rows(response, table: str) -> dict[str, dict]:
    """The figures of one table by its rows' keys, from the context the page was drawn from."""
    report = response.context["report"]
    return {r.key: r for r in getattr(report, table)}


def test_the_world_is_routed_as_the_report_assumes(world, directorate, other_directorate, inspection):
    assert world["a_online"].unit == directorate and world["b_online"].unit == other_directorate
    assert world["hq_open"].unit == inspection


def test_hq_sees_every_province_by_subject_channel_and_province(
    client, world, planner, subjects, directorate, other_directorate
):
    client.force_login(planner)
    response = client.get(URL, PERIOD)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.total.received, report.total.answered, report.total.open) == (5, 3, 2)
    by_channel = rows(response, "by_channel")
    assert [(k, r.received, r.answered) for k, r in by_channel.items()] == [
        ("online", 3, 2),
        ("line_1517", 1, 1),
        ("national_system", 1, 0),
    ]
    by_subject = rows(response, "by_subject")
    first, second = subjects
    assert (by_subject[str(first.pk)].received, by_subject[str(first.pk)].answered) == (3, 2)
    assert (by_subject[str(second.pk)].received, by_subject[str(second.pk)].answered) == (2, 1)
    by_province = rows(response, "by_province")
    a, b = str(directorate.province_id), str(other_directorate.province_id)
    assert (by_province[a].received, by_province[a].answered, by_province[a].open) == (3, 2, 1)
    assert (by_province[b].received, by_province[b].answered) == (1, 1)
    assert (by_province["hq"].received, by_province["hq"].open) == (1, 1)
    # Every complaint in a province is about one of its offices, so none is handled there; HQ sees it.
    assert by_province[a].against == 3 and by_province[b].against == 1
    html = response.content.decode()
    assert "۱۵۱۷" in html and "استان دیگر" in html and "ستاد و واحدهای ملی" in html


def test_times_to_answer_in_working_and_calendar_days(client, world, planner, directorate):
    client.force_login(planner)
    province = rows(client.get(URL, PERIOD), "by_province")[str(directorate.province_id)]
    # Online: Wed 25 Nov → Sun 29 Nov = 3 working days (Thu, Sat, Sun), 4 calendar days.
    # 1517: Wed 25 Nov → Thu 10 Dec = 13 working days (two Fridays off), 15 calendar days; due 3 Dec.
    assert sorted(province.working_days) == [3, 13]
    assert sorted(province.calendar_days) == [4, 15]
    assert (province.avg_working_days, province.median_working_days) == (8.0, 8.0)
    assert (province.avg_calendar_days, province.answered_percent) == (9.5, 66.7)
    assert (province.within_sla, province.within_sla_percent) == (1, 50.0)


def test_provinces_ranked_by_share_answered_then_in_time(client, world, planner, directorate):
    client.force_login(planner)
    response = client.get(URL, PERIOD)
    ranking = response.context["report"].ranking
    assert [(r.rank, r.label) for r in ranking] == [(1, "استان دیگر"), (2, directorate.province.name)]
    assert "hq" not in [r.key for r in ranking]
    assert response.context["report"].ranked_count == 2


def test_a_province_manager_sees_their_province_only(client, world, manager, directorate):
    client.force_login(manager)
    response = client.get(URL, PERIOD)
    report = response.context["report"]
    assert (report.total.received, report.total.answered) == (3, 2)
    assert list(rows(response, "by_province")) == [str(directorate.province_id)]
    assert [(r.rank, r.key) for r in report.ranking] == [(2, str(directorate.province_id))]
    assert not report.shows_against
    html = response.content.decode()
    assert "استان دیگر" not in html and "ستاد و واحدهای ملی" not in html


def test_another_province_in_the_url_is_refused(client, world, manager, other_directorate):
    client.force_login(manager)
    response = client.get(URL, {**PERIOD, "province": "IR-98"})
    assert response.status_code == 403
    assert "حوزه دسترسی شما نیست" in response.content.decode()
    assert client.get(URL, {**PERIOD, "province": "IR-98", "export": "csv"}).status_code == 403


def test_hq_narrows_to_one_province(client, world, planner):
    client.force_login(planner)
    report = client.get(URL, {**PERIOD, "province": "IR-98"}).context["report"]
    assert (report.total.received, [r.key for r in report.by_province]) == (1, [str(report.ranking[0].key)])
    assert report.ranking[0].rank == 1


def test_people_without_a_reporting_role_are_refused(client, world, applicant, inspector):
    for user in (applicant, inspector):
        client.force_login(user)
        assert client.get(URL, PERIOD).status_code == 403
    client.logout()
    assert client.get(URL, PERIOD).status_code == 302


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "1405/09/30", "end": "1405/09/01"}, "پایان بازه نمی‌تواند پیش از آغاز آن باشد."),
        ({"start": "1405/12/30", "end": "1405/12/30"}, "تاریخ"),  # 1405 is not a leap year
        ({"start": "2026/11/22", "end": "1405/09/30"}, "تاریخ"),
        ({**PERIOD, "province": "IR-00"}, "این استان در فهرست استان‌ها نیست."),
    ],
)
def test_bad_input_is_a_persian_message_and_no_figures(client, world, planner, params, message):
    client.force_login(planner)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.content.decode()
    assert 'id="by-subject"' not in response.content.decode()


def test_the_default_period_is_this_jalali_year(client, world, planner):
    client.force_login(planner)
    report = client.get(URL).context["report"]
    assert report.start == dt.date(2026, 3, 21) and report.total.received == 6


def test_excel_and_csv_exports_hold_the_same_figures(client, world, manager, directorate):
    client.force_login(manager)
    response = client.get(URL, {**PERIOD, "export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["موضوع", "مجرا", "استان", "رتبه استان‌ها"]
    channel = [list(r) for r in book["مجرا"].iter_rows(values_only=True)]
    assert channel[1][:3] == ["برخط (میز خدمت)", 1, 1]
    assert channel[2][:3] == ["تلفن ۱۵۱۷", 1, 1] and channel[3][:4] == [
        "سامانه ملی رسیدگی به شکایات",
        1,
        0,
        1,
    ]
    ranking = [list(r) for r in book["رتبه استان‌ها"].iter_rows(values_only=True)]
    assert ranking[1][:3] == [2, directorate.province.name, 3]
    text = client.get(URL, {**PERIOD, "export": "csv"}).content.decode("utf-8-sig")
    assert "استان دیگر" not in text
    assert f"استان,{directorate.province.name},3,2,1,0,66.7,50.0,8.0,8.0,9.5,9.5" in text


def test_the_page_links_its_exports_with_its_period(client, world, planner):
    client.force_login(planner)
    html = client.get(URL, PERIOD).content.decode()
    assert "export=xlsx" in html and "start=" in html
    assert html.count('class="table-responsive"') == 4


def test_the_page_reads_a_fixed_number_of_queries(
    client, world, planner, file_complaint, subjects, county_office
):
    client.force_login(planner)
    with CaptureQueriesContext(connection) as before:
        client.get(URL, PERIOD)
    for n in range(3):
        file_complaint(subjects[n % 2], county_office)
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL, {"start": "1405/09/01", "end": "1405/10/01"})
    assert response.context["report"].total.received == 8
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_pause_awaiting_the_complainant_is_not_counted(
    client,
    settings,
    time_machine,
    planner,
    applicant,
    file_complaint,
    make_user,
    other_directorate,
    other_office,
    subject,
):
    settings.MIZ_WEEKEND = [4]
    Holiday.objects.all().delete()
    head = make_user(role=Role.UNIT_HEAD, scope={"org_unit": other_directorate}, first_name="رئیس")
    time_machine.move_to(at(25))
    request = file_complaint(subject, other_office)
    for name in ("accept", "start_review"):
        desk.transition(request=request, name=name, user=head)
    time_machine.move_to(at(28))
    desk.transition(request=request, name="request_more", user=head, note="رسید خرید را بفرستید.")
    time_machine.move_to(at(1, 12))
    desk.post_message(request=request, author=applicant, body="فرستادم.")
    time_machine.move_to(at(2, 12))
    desk.transition(request=request, name="approve", user=head)
    client.force_login(planner)
    row = rows(client.get(URL, PERIOD), "by_province")[str(other_directorate.province_id)]
    # Wed 25 Nov → Wed 2 Dec: 6 working days, less Sun, Mon, Tue awaiting the complainant: 3;
    # 7 calendar days.
    assert (row.working_days, row.calendar_days, row.within_sla) == ([3], [7], 1)
