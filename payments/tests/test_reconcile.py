"""The reconciliation contract: `payments_reconcile --date <Jalali> --format csv`."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.jalali import format_date
from payments import services
from payments.tests.conftest import press

pytestmark = pytest.mark.django_db


def run(date: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("payments_reconcile", "--date", date, "--format", "csv", stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_day_of_payments(file_request, paid_service, start):
    request = file_request(paid_service)
    paid, _unpaid = start(request), start(request)
    press(paid)
    services.settle(payment_id=paid.pk, via="callback")
    paid.refresh_from_db()
    rows = run(format_date(timezone.localdate(), persian_digits=False))
    assert rows[0] == ["gateway", "reference", "tracking_code", "amount_rials", "state", "settled_at"]
    by_state = {row[4]: row for row in rows[1:]}
    assert by_state["settled"][:4] == ["sandbox", paid.reference, request.tracking_code, "1200000"]
    assert dt.datetime.fromisoformat(by_state["settled"][5]) == paid.settled_at
    assert by_state["started"][5] == "" and len(rows) == 3


def test_persian_digits_and_other_day(file_request, paid_service, start):
    start(file_request(paid_service))
    today = format_date(timezone.localdate())  # Persian digits
    assert len(run(today)) == 2
    assert len(run(format_date(timezone.localdate() - dt.timedelta(days=1), persian_digits=False))) == 1


@pytest.mark.parametrize("bad", ["2026-12-02", "1405/13/01", "فردا"])
def test_bad_date_is_a_persian_error(bad):
    with pytest.raises(CommandError, match="معتبر نیست"):
        run(bad)
