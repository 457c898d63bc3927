"""Gateway ids on the payment pages (issue 13, defect 4 for payments): a transaction's reference,
card, deposit ID and gateway id go through the one `code` filter — kept left to right in the
right-to-left page, in Persian digits like every other code (`IR-۲۳`, `PL-۰۰۰۱۲`): never a bare run
of digits, never a code in Latin digits beside codes in Persian ones."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.jalali import format_date
from core.testing import page_text
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory
from payments.models import Payment
from payments.tests.conftest import come_back, press
from payments.tests.factories import SandboxTransactionFactory

pytestmark = pytest.mark.django_db

ID_RUN = re.compile(r"[0-9۰-۹A-Za-z*]*[0-9۰-۹]{6,}[0-9۰-۹A-Za-z*]*")


class Ids:
    """A page's ids: those outside the code filter (runs of six digits or more in its text, the
    title aside), and the codes inside it."""

    def __init__(self, html: str):
        self.loose: list[str] = []
        self.codes: list[str] = []
        for data, in_code, tags in page_text(html):
            if {"script", "style", "title"} & set(tags):
                continue
            if in_code:
                self.codes.append(data)
            else:
                self.loose += ID_RUN.findall(data)


def latin_digits(code: str) -> bool:
    return bool(re.search(r"[0-9]", code))


def test_the_scanner_finds_a_bare_id_and_a_code_in_latin_digits():
    html = (
        '<p>مرجع ۱۲۳۴۵۶۷۸ و <bdi dir="ltr" class="code">S3fa09</bdi></p>'
        '<p><bdi dir="ltr" class="code">۶۰۳۷۹۹******۱۲۳۴</bdi> ۱٬۲۰۰٬۰۰۰ ریال</p>'
    )
    ids = Ids(html)
    assert ids.loose == ["۱۲۳۴۵۶۷۸"]
    assert [c for c in ids.codes if latin_digits(c)] == ["S3fa09"]


def check(client, url: str, *must_show: str) -> list[str]:
    """The codes of the page at `url`; fails on a bare id, a code in Latin digits, or a code not
    shown."""
    response = client.get(url)
    assert response.status_code == 200, url
    ids = Ids(response.content.decode())
    assert ids.loose == [], f"{url}: {ids.loose}"
    assert [c for c in ids.codes if latin_digits(c)] == [], url
    for code in must_show:
        assert code in ids.codes, f"{url}: {code} not in {ids.codes}"
    return ids.codes


@pytest.fixture
def paid(client, applicant, paid_service, file_request, start):
    """A request of the paid service, paid in the sandbox (reference 12 digits, card masked)."""
    request = file_request(paid_service)
    payment = start(request)
    come_back(client, applicant, payment, press(payment))
    payment.refresh_from_db()
    assert payment.state == Payment.State.SETTLED and len(payment.reference) == 12
    return payment


def test_the_receipt_and_the_request_page_show_the_reference_card_and_deposit_as_codes(client, paid):
    reference = paid.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    request = paid.charge.request
    check(client, reverse("payments:receipt", args=[paid.pk]), reference, "۶۰۳۷۹۹******۱۲۳۴", "۳۳۶۰۵۱۲۳۴۵")
    check(client, reverse("desk:detail", args=[request.tracking_code]), reference, "۳۳۶۰۵۱۲۳۴۵")


def test_the_pay_page_and_the_service_page_show_the_deposit_id_as_a_code(
    client, applicant, paid_service, file_request
):
    request = file_request(paid_service)
    client.force_login(applicant)
    check(client, reverse("payments:pay", args=[request.tracking_code]), "۳۳۶۰۵۱۲۳۴۵")
    check(client, reverse("catalogue:detail", args=[paid_service.service_id]), "۳۳۶۰۵۱۲۳۴۵")


def test_the_reconciliation_shows_gateway_ids_as_codes(client, make_user, paid):
    """A gateway's transaction id (the sandbox's `S…` hex, ZarinPal's `A000…`, or digits only) was
    in Latin digits, the only ones on the page."""
    SandboxTransactionFactory(
        authority="S0a1b2c3d4", amount_rials=50_000, callback_url="/", state="paid", reference="999"
    )
    SandboxTransactionFactory(
        authority="77001234567", amount_rials=60_000, callback_url="/", state="paid", reference="998"
    )
    hq = OrgUnitFactory(code="HQ-FIN", name="دفتر مالی ستاد", kind=OrgUnit.Kind.HQ_OFFICE)
    client.force_login(make_user(role=Role.HQ_PLANNER, scope={"org_unit": hq}))
    url = reverse("payments:reconcile") + "?date=" + format_date(timezone.localdate(), persian_digits=False)
    check(client, url, "S۰a۱b۲c۳d۴", "۷۷۰۰۱۲۳۴۵۶۷")
