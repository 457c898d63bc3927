"""The auditor's pages: only an organisation-wide auditor reads them, read-only; filters and
exports give the same rows."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ROLE_SCOPE, Role
from audit.models import SignInRecord
from audit.trails import TRAILS
from catalogue.tests.factories import make_service
from core.jalali import format_date
from core.models import Holiday
from core.text import to_persian_digits
from orgs.models import CounterOffice, Region

pytestmark = pytest.mark.django_db

URLS = [reverse("audit:index")] + [
    reverse(name, args=[slug])
    for slug in TRAILS
    for name in ("audit:trail", "audit:export_xlsx", "audit:export_csv")
]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDITOR])
def test_every_other_role_is_refused(client, make_user, role, unit):
    kind = ROLE_SCOPE[role]
    if kind == "counter_office":
        office = CounterOffice.objects.create(
            code="9901-01-09", name="دفتر", kind="counter", province=unit.province
        )
        scope = {"counter_office": office}
    elif kind == "region":
        scope = {"region": Region.objects.create(code="r9", name="منطقه آزمون")}
    elif kind == "org_unit":
        scope = {"org_unit": unit}
    else:
        scope = {}
    extra = {"is_staff": True, "is_superuser": True} if role == Role.ADMINISTRATOR else {}
    client.force_login(make_user(role=role, scope=scope, **extra))
    for url in URLS:
        assert client.get(url).status_code == 403, url


def test_a_unit_scoped_auditor_and_a_superuser_without_the_role_are_refused(client, make_user, unit):
    client.force_login(make_user(role=Role.AUDITOR, scope={"org_unit": unit}))
    assert all(client.get(url).status_code == 403 for url in URLS)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert all(client.get(url).status_code == 403 for url in URLS)


def test_a_visitor_is_sent_to_sign_in(client):
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_inactive_auditor_role_is_refused(client, make_user):
    user = make_user(role=Role.AUDITOR)
    user.memberships.update(is_active=False)
    client.force_login(user)
    assert client.get(reverse("audit:index")).status_code == 403


def test_the_auditor_reads_but_cannot_write(auditor_client):
    for url in URLS:
        assert auditor_client.get(url).status_code == 200, url
        assert auditor_client.post(url, {}).status_code == 405, url
    # and the back office stays closed to them
    assert auditor_client.get(reverse("admin:index")).status_code == 302


def test_the_auditor_finds_the_audit_in_the_navigation(auditor_client):
    html = auditor_client.get(reverse("core:home")).content.decode()
    assert reverse("audit:index") in html and "سوابق ممیزی" in html


def test_other_roles_do_not_see_the_link(client, make_user):
    client.force_login(make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    assert reverse("audit:index") not in client.get(reverse("core:home")).content.decode()


# --- configuration trail ------------------------------------------------------------------------


@pytest.fixture
def changes(make_user):
    """Two people change configuration through the admin, days apart."""
    client = Client()
    amir = make_user(
        role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, first_name="امیر", last_name="نوری"
    )
    sara = make_user(
        role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, first_name="سارا", last_name="کاظمی"
    )
    LogEntry.objects.all().delete()  # the people themselves: not what these tests count
    client.force_login(amir)
    holiday_add = reverse("admin:core_holiday_add")
    client.post(
        holiday_add, {"date": "۱۴۰۴/۰۹/۰۳", "title": "تعطیل یکم", "is_active": "on", "source": "manual"}
    )
    client.force_login(sara)
    client.post(holiday_add, {"date": "۱۴۰۴/۰۹/۱۰", "title": '=HYPERLINK("http://x")', "source": "manual"})
    service = make_service(title='=HYPERLINK("http://example.com")')
    holiday_ct = LogEntry.objects.get(object_repr__contains="تعطیل یکم").content_type
    LogEntry.objects.filter(content_type=holiday_ct, actor=amir).update(
        timestamp=timezone.now() - dt.timedelta(days=3)
    )
    return {"amir": amir, "sara": sara, "service": service, "holiday_ct": holiday_ct}


def rows(response) -> int:
    return response.content.decode().count('class="audit-row"')


def test_configuration_changes_filter_by_actor_type_id_action_and_jalali_dates(auditor_client, changes):
    url = reverse("audit:trail", args=["configuration"])
    assert rows(auditor_client.get(url)) == 3
    assert rows(auditor_client.get(url, {"actor": to_persian_digits(changes["amir"].national_code)})) == 1
    assert rows(auditor_client.get(url, {"actor": "کاظمی"})) == 1
    assert rows(auditor_client.get(url, {"object_type": changes["holiday_ct"].pk})) == 2
    service_ct = ContentType.objects.get_for_model(changes["service"]).pk
    the_service = {"object_type": service_ct, "object_id": to_persian_digits(changes["service"].pk)}
    assert rows(auditor_client.get(url, the_service)) == 1
    assert rows(auditor_client.get(url, {"action": LogEntry.Action.UPDATE})) == 0
    today = format_date(timezone.localdate())
    two_days_ago = format_date(timezone.localdate() - dt.timedelta(days=2))
    assert rows(auditor_client.get(url, {"date_from": two_days_ago, "date_to": today})) == 2
    assert rows(auditor_client.get(url, {"date_to": two_days_ago})) == 1
    page = auditor_client.get(url, {"actor": "کاظمی"}).content.decode()
    assert "سارا کاظمی" in page and "تعطیل یکم" not in page
    assert "۱۴۰۴/۰۹/۱۰" in page  # the date, before and after, in Jalali with Persian digits


def test_a_reversed_date_range_is_refused_in_persian_and_shows_nothing(auditor_client, changes):
    url = reverse("audit:trail", args=["configuration"])
    response = auditor_client.get(url, {"date_from": "۱۴۰۴/۰۹/۱۰", "date_to": "۱۴۰۴/۰۹/۰۱"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "«از تاریخ» باید پیش از «تا تاریخ» یا همان روز باشد." in html and rows(response) == 0
    bad_year = auditor_client.get(url, {"date_from": "2025/01/01"})
    assert "پذیرفتنی نیست" in bad_year.content.decode() and rows(bad_year) == 0
    export = auditor_client.get(reverse("audit:export_xlsx", args=["configuration"]), {"date_from": "x"})
    assert export.status_code == 302


def test_the_excel_export_holds_the_filtered_rows_with_formulas_escaped(auditor_client, changes):
    response = auditor_client.get(
        reverse("audit:export_xlsx", args=["configuration"]), {"object_type": changes["holiday_ct"].pk}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("زمان", "کاربر", "نشانی IP", "عملیات")
    assert len(values) == 3
    actors = {row[1] for row in values[1:]}
    assert actors == {
        f"امیر نوری ({changes['amir'].national_code})",
        f"سارا کاظمی ({changes['sara'].national_code})",
    }
    assert any("عنوان: — ← تعطیل یکم" in (row[7] or "") for row in values[1:])
    assert sheet.sheet_view.rightToLeft
    everything = auditor_client.get(reverse("audit:export_xlsx", args=["configuration"]))
    sheet = openpyxl.load_workbook(io.BytesIO(everything.content)).active
    reprs = [row[6] for row in list(sheet.values)[1:]]
    assert any(r.startswith("'=HYPERLINK") for r in reprs)  # text, never a live formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_export_matches_the_page(auditor_client, changes):
    response = auditor_client.get(reverse("audit:export_csv", args=["configuration"]), {"actor": "امیر"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(lines) == 2 and lines[1][3] == "ایجاد"


def test_an_export_past_the_limit_is_refused_with_a_message(auditor_client, changes, settings):
    settings.MIZ_AUDIT_EXPORT_MAX_ROWS = 2
    response = auditor_client.get(reverse("audit:export_xlsx", args=["configuration"]), follow=True)
    assert "بازه تاریخ را کوتاه‌تر کنید" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("audit:trail", args=["configuration"]))


# --- the other trails ---------------------------------------------------------------------------


def test_sign_ins_filter_by_outcome_and_page(auditor_client, auditor):
    SignInRecord.objects.bulk_create(
        [SignInRecord(outcome="failure", national_code="0012345678", ip="192.0.2.1") for _ in range(51)]
    )
    url = reverse("audit:trail", args=["sign-ins"])
    first = auditor_client.get(url, {"outcome": "", "action": "failure"})
    assert rows(first) == 50 and "۱ از ۲" in first.content.decode()
    assert rows(auditor_client.get(url, {"action": "failure", "page": 2})) == 1
    assert rows(auditor_client.get(url, {"action": "success"})) == 1  # the auditor's own sign-in
    same_code = auditor_client.get(url, {"object_id": "۰۰۱۲۳۴۵۶۷۸"}).content.decode()
    assert "۵۱ ردیف" in same_code


def test_desk_events_filter_by_tracking_code_and_kind(auditor_client, submit):
    first, second = submit(), submit()
    url = reverse("audit:trail", args=["desk"])
    all_rows = rows(auditor_client.get(url))
    assert all_rows >= 2
    one = auditor_client.get(url, {"object_id": to_persian_digits(first.tracking_display)})
    assert rows(one) == first.events.count() and second.tracking_display not in one.content.decode()
    assert rows(auditor_client.get(url, {"action": "feedback"})) == 0
    book = openpyxl.load_workbook(
        io.BytesIO(auditor_client.get(reverse("audit:export_xlsx", args=["desk"])).content)
    ).active
    assert {row[4] for row in list(book.values)[1:]} == {first.tracking_display, second.tracking_display}


def test_counter_and_performance_trails_show_their_events(
    auditor_client, declaration_event, submission_event
):
    counters = auditor_client.get(reverse("audit:trail", args=["counters"]), {"object_id": "9901-01-07"})
    assert rows(counters) == 1 and "ایجاد پرونده" in counters.content.decode()
    assert rows(auditor_client.get(reverse("audit:trail", args=["counters"]), {"action": "approve"})) == 0
    submissions = auditor_client.get(reverse("audit:trail", args=["performance-submissions"]))
    assert rows(submissions) == 1 and "ارسال" in submissions.content.decode()
    assert (
        rows(
            auditor_client.get(
                reverse("audit:trail", args=["performance-submissions"]), {"action": "approved"}
            )
        )
        == 0
    )


def test_an_unknown_trail_is_a_404(auditor_client):
    assert auditor_client.get("/audit/nothing-here/").status_code == 404


def test_holiday_dates_show_in_jalali_in_changes(auditor_client):
    Holiday.objects.create(date=dt.date(2025, 11, 24), title="آزمون")
    html = auditor_client.get(reverse("audit:trail", args=["configuration"])).content.decode()
    assert "۱۴۰۴/۰۹/۰۳" in html
