"""The daily reconciliation report (issue 16 item 5): totals by service, unit and gateway, the
mismatches both ways against the sandbox gateway's ledger, the staff's inquiry, scope by role,
bad dates, the exports and `payments_reconcile --mismatches`."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Role
from core.jalali import format_date
from desk.tests.factories import make_service
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory
from payments import reconcile, services
from payments.models import FeeRule, Payment, SandboxTransaction
from payments.reconcile_views import DayForm
from payments.tests.conftest import press
from payments.tests.factories import FeeRuleFactory, SandboxTransactionFactory
from reports.scope import Scope

pytestmark = pytest.mark.django_db
URL = reverse("payments:reconcile")


def today(persian: bool = False) -> str:
    return format_date(timezone.localdate(), persian_digits=persian)


def settle(payment) -> Payment:
    services.settle(payment_id=payment.pk, via="callback")
    payment.refresh_from_db()
    return payment


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(
        code="IR-97",
        name="اداره کل استان دیگر",
        kind=OrgUnit.Kind.PROVINCE,
        province=ProvinceFactory(code="IR-97", name="استان دیگر", phone_area_code="097"),
    )


@pytest.fixture
def other_service(other_unit):
    service = make_service([other_unit], documents=False, title="آزمون استان دیگر")
    FeeRuleFactory(service=service, kind=FeeRule.Kind.FIXED, amount_rials=700_000)
    return service


@pytest.fixture
def day(file_request, start, paid_service, per_unit_service, other_service):
    """A day of payments in several states, services and units, and its gateway side:
    - paid service (unit IR-98): one settled, a second payment of the same charge reversed, one
      only started, one settled whose gateway amount differs;
    - per-unit service (IR-98, 2 samples = 600,000): paid at the gateway, the tab closed (open);
    - the other province's service (IR-97): settled, then reversed on the gateway's side;
    - a paid gateway transaction Miz never opened."""
    r1 = file_request(paid_service)
    settled, duplicate = start(r1), start(r1)
    press(settled), press(duplicate)
    settled, duplicate = settle(settled), settle(duplicate)
    started = start(file_request(paid_service))
    amount = start(file_request(paid_service))
    press(amount)
    amount = settle(amount)
    SandboxTransaction.objects.filter(authority=amount.authority).update(amount_rials=1_100_000)
    closed_tab = start(file_request(per_unit_service, form_data={"product_name": "شیر", "samples": 2}))
    press(closed_tab, "close_tab")
    elsewhere = start(file_request(other_service))
    press(elsewhere)
    elsewhere = settle(elsewhere)
    SandboxTransaction.objects.filter(authority=elsewhere.authority).update(state="reversed")
    SandboxTransactionFactory(
        authority="SORPHAN", amount_rials=50_000, callback_url="/", state="paid", reference="999"
    )
    return {
        "settled": settled,
        "duplicate": duplicate,
        "started": started,
        "amount": amount,
        "closed_tab": closed_tab,
        "elsewhere": elsewhere,
    }


@pytest.fixture
def hq(make_user):
    hq_unit = OrgUnitFactory(code="HQ-FIN", name="دفتر مالی ستاد", kind=OrgUnit.Kind.HQ_OFFICE)
    return make_user(role=Role.HQ_PLANNER, scope={"org_unit": hq_unit})


@pytest.fixture
def manager(make_user, unit):
    return make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": unit})


def test_the_day_is_what_the_payments_were(day):
    assert [p.state for p in day.values()] == [
        "settled",
        "reversed",
        "started",
        "settled",
        "started",
        "settled",
    ]


def test_totals_by_service_unit_and_gateway(day, paid_service, per_unit_service, other_service):
    report = reconcile.day_report(day=timezone.localdate(), scope=Scope(None))
    by_service = {line.name: line for line in report.by_service}
    assert by_service[paid_service.title] == reconcile.Line(
        str(paid_service.pk), paid_service.title, 4, 2, 2_400_000, 1, 1_200_000
    )
    per_unit = by_service[per_unit_service.title]
    assert (per_unit.count, per_unit.settled_count, per_unit.settled_rials) == (1, 0, 0)
    assert by_service[other_service.title].settled_rials == 700_000
    assert [(line.key, line.count, line.settled_rials) for line in report.by_unit] == [
        ("IR-97", 1, 700_000),
        ("IR-98", 5, 2_400_000),
    ]
    assert [(line.key, line.name, line.count) for line in report.by_gateway] == [
        ("sandbox", "درگاه آزمایشی میز", 6)
    ]
    assert report.total == reconcile.Line("", "جمع", 6, 3, 3_100_000, 1, 1_200_000)


def test_mismatches_both_ways(day):
    found, unavailable = reconcile.mismatches(day=timezone.localdate(), scope=Scope(None))
    assert unavailable == []
    kinds = {(m.kind, m.payment.pk if m.payment else m.authority) for m in found}
    assert kinds == {
        ("not_settled", day["closed_tab"].pk),  # the gateway took the money, Miz did not settle
        ("not_settled", "SORPHAN"),  # a transaction Miz never opened
        ("not_reported", day["elsewhere"].pk),  # Miz settled it, the gateway reversed it
        ("amount", day["amount"].pk),  # another amount at the gateway
    }
    fixable = [m for m in found if m.fixable]
    assert [m.payment.pk for m in fixable] == [day["closed_tab"].pk]


def test_no_mismatch_when_they_agree(file_request, start, paid_service):
    payment = start(file_request(paid_service))
    press(payment)
    settle(payment)
    assert reconcile.mismatches(day=timezone.localdate(), scope=Scope(None)) == ([], [])


def test_page_shows_totals_in_persian_digits_and_the_mismatches(client, hq, day):
    client.force_login(hq)
    response = client.get(URL, {"date": today(persian=True)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "۳٬۱۰۰٬۰۰۰" in html and "۲٬۴۰۰٬۰۰۰" in html
    assert "استان دیگر" in html
    assert html.count('class="mismatch-') == 4
    # on a phone each mismatch is a card with its inquiry button in view, not past a sideways scroll
    assert 'miz-stack" id="mismatches"' in html and html.count('data-label="کار"') == 4
    assert reverse("payments:reconcile_inquire", args=[day["closed_tab"].pk]) in html


def test_default_day_is_today(client, hq, day):
    client.force_login(hq)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["report"].day == timezone.localdate()
    assert f'value="{today(persian=True)}"' in response.content.decode()


def test_arabic_digits_are_accepted(client, hq):
    client.force_login(hq)
    arabic = today().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.get(URL, {"date": arabic})
    assert response.status_code == 200 and response.context["report"].day == timezone.localdate()
    assert f'value="{today(persian=True)}"' in response.content.decode()


def test_a_day_typed_in_latin_digits_is_shown_back_in_persian(client, hq):
    """The inquiry's redirect names the day in Latin digits (`?date=1405/09/12`); the field shows it
    as a Persian page does."""
    client.force_login(hq)
    response = client.get(URL, {"date": today()})
    assert response.status_code == 200
    assert f'value="{today(persian=True)}"' in response.content.decode()
    assert f'value="{today()}"' not in response.content.decode()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("1405/07/31", "روز ۳۱ وجود ندارد"),
        ("فردا", "سال/ماه/روز"),
        ("2026-12-02", "شمسی"),
        ("1499/01/01", "هنوز نیامده"),
    ],
)
def test_bad_date_is_a_persian_message_and_no_figure(client, hq, day, bad, message):
    client.force_login(hq)
    response = client.get(URL, {"date": bad})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["report"] is None


@given(st.text(max_size=20))
@settings(max_examples=40, deadline=None)
def test_any_date_text_is_a_day_or_a_persian_refusal(text):
    form = DayForm({"date": text})
    if form.is_valid():
        day = form.cleaned_data["date"]
        assert day is None or day <= timezone.localdate()
    else:
        assert all(any("\u0600" <= ch <= "\u06ff" for ch in error) for error in form.errors["date"])


def test_province_manager_sees_only_their_province(client, manager, day):
    client.force_login(manager)
    response = client.get(URL, {"date": today()})
    assert response.status_code == 200
    report = response.context["report"]
    assert [line.key for line in report.by_unit] == ["IR-98"]
    assert report.total.count == 5 and report.total.settled_rials == 2_400_000
    shown = {m.payment.pk for m in report.mismatches if m.payment} | {
        m.authority for m in report.mismatches if not m.payment
    }
    assert shown == {day["closed_tab"].pk, day["amount"].pk}
    html = response.content.decode()
    assert "استان دیگر" not in html and day["elsewhere"].authority not in html and "SORPHAN" not in html


@pytest.mark.parametrize("role", ["applicant", "counter_operator", "staff_expert"])
def test_others_are_refused(client, make_user, unit, role):
    scope = {
        "applicant": {},
        "counter_operator": {"counter_office": CounterOfficeFactory()},
        "staff_expert": {"org_unit": unit},
    }[role]
    client.force_login(make_user(role=role, scope=scope))
    for name in ("payments:reconcile", "payments:reconcile_csv", "payments:reconcile_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "مدیران" in response.content.decode()


def test_staff_inquiry_settles_the_paid_open_payment(client, manager, day):
    client.force_login(manager)
    payment = day["closed_tab"]
    response = client.post(
        reverse("payments:reconcile_inquire", args=[payment.pk]), {"date": today(persian=True)}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{URL}?date={today()}"
    payment.refresh_from_db()
    assert payment.state == "settled" and payment.charge.request.state == "submitted"
    assert payment.events.filter(name="staff_inquiry").exists()
    assert "با استعلام از درگاه تسویه شد" in response.content.decode()
    assert all(m.payment != payment for m in response.context["report"].mismatches)


def test_inquiry_of_a_closed_payment_changes_nothing(client, manager, day):
    client.force_login(manager)
    payment = day["amount"]
    response = client.post(reverse("payments:reconcile_inquire", args=[payment.pk]), follow=True)
    assert "استعلام از درگاه چیزی را" in response.content.decode()
    assert not payment.events.filter(name="staff_inquiry").exists()


def test_inquiry_outside_the_scope_is_404_and_by_an_auditor_403(client, manager, make_user, unit, day):
    client.force_login(manager)
    elsewhere = Payment.objects.get(pk=day["elsewhere"].pk)
    assert client.post(reverse("payments:reconcile_inquire", args=[elsewhere.pk])).status_code == 404
    client.force_login(make_user(role=Role.AUDITOR, scope={"org_unit": unit}))
    assert client.get(URL).status_code == 200
    response = client.post(reverse("payments:reconcile_inquire", args=[day["closed_tab"].pk]))
    assert response.status_code == 403
    assert Payment.objects.get(pk=day["closed_tab"].pk).state == "started"


def test_the_auditor_is_shown_no_inquiry_button_the_manager_is(client, manager, make_user, unit, day):
    action = reverse("payments:reconcile_inquire", args=[day["closed_tab"].pk])
    client.force_login(manager)
    assert f'action="{action}"' in client.get(URL).content.decode()
    client.force_login(make_user(role=Role.AUDITOR, scope={"org_unit": unit}))
    html = client.get(URL).content.decode()
    # The mismatch is reported to the auditor too, the inquiry left to the managers.
    assert f'action="{action}"' not in html and "استعلام و تسویه با مدیران" in html


def test_a_gateway_without_a_day_list_is_reported_not_crashed(client, hq, day, settings):
    settings.PAYMENT_BACKEND = "zarinpal"
    settings.ZARINPAL_MERCHANT_ID = "00000000-0000-0000-0000-000000000000"
    client.force_login(hq)
    response = client.get(URL, {"date": today()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "زرین‌پال" in html and "فهرست تراکنش‌های روز را در اختیار نمی‌گذارد" in html
    assert len(response.context["report"].mismatches) == 4  # the sandbox's day is still compared


def test_csv_and_excel_exports(client, hq, day):
    client.force_login(hq)
    response = client.get(reverse("payments:reconcile_csv"), {"date": today()})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["جمع", "6", "3", "3100000", "1", "1200000"] in rows
    assert sum(1 for row in rows if row and row[0] in reconcile.KINDS.values()) == 4
    response = client.get(reverse("payments:reconcile_xlsx"), {"date": today()})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["جمع", 6, 3, 3_100_000, 1, 1_200_000] in [row[:6] for row in values]
    assert sheet.sheet_view.rightToLeft


def test_export_of_a_bad_date_goes_back_with_the_message(client, hq):
    client.force_login(hq)
    response = client.get(reverse("payments:reconcile_csv"), {"date": "1405/07/31"}, follow=True)
    assert "وجود ندارد" in response.content.decode()


def test_menu_link_for_managers_only(client, manager, applicant):
    client.force_login(manager)
    assert URL in client.get(reverse("core:home")).content.decode()
    client.force_login(applicant)
    assert URL not in client.get(reverse("core:home")).content.decode()


def test_command_mismatches_flag(day):
    out = io.StringIO()
    call_command("payments_reconcile", "--date", today(), "--mismatches", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:3] == ["kind", "gateway", "authority"]
    assert sorted(row[0] for row in rows[1:]) == ["amount", "not_reported", "not_settled", "not_settled"]
    default = io.StringIO()
    call_command("payments_reconcile", "--date", today(), "--format", "csv", stdout=default)
    assert (
        default.getvalue().splitlines()[0] == "gateway,reference,tracking_code,amount_rials,state,settled_at"
    )


def test_command_mismatches_fails_when_the_gateway_lists_nothing(day, settings):
    settings.PAYMENT_BACKEND = "zarinpal"
    settings.ZARINPAL_MERCHANT_ID = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(CommandError, match="زرین‌پال"):
        call_command("payments_reconcile", "--date", today(), "--mismatches", stdout=io.StringIO())


def test_page_queries_do_not_grow_with_payments(client, hq, day, file_request, start, paid_service):
    client.force_login(hq)
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"date": today()})
    for _ in range(5):
        payment = start(file_request(paid_service))
        press(payment, "close_tab")
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL, {"date": today()})
    assert len(response.context["report"].mismatches) == 9
    assert len(after) == len(before) <= 30
