"""`core.prepared`'s moments, rows and writes (decision 0131): a moment is a parameter like any
other and reads as the ORM reads it, whatever its time zone; a prepared UPDATE and INSERT change
the database as the ORM's `update()` and `save()` would; what they cannot do the same way is
refused when compiled, or handed to the ORM."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.signals import post_save
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import OneTimeCode
from core.prepared import Prepared, PreparedInsert, PreparedUpdate

pytestmark = pytest.mark.django_db

MOBILE = "+989121234567"
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
START = dt.datetime(2026, 3, 20, 23, 30, tzinfo=TEHRAN)  # Nowruz night: Tehran's date differs from UTC's

SINCE = Prepared(
    lambda mobile, since: OneTimeCode.objects.filter(mobile=mobile, created_at__gte=since).order_by("pk"),
    OneTimeCode,
    mobile=str,
    since=dt.datetime,
)
COUNTS = Prepared(
    lambda mobile, since: (
        OneTimeCode.objects.filter(mobile=mobile, created_at__gte=since)
        .order_by()
        .values("mobile")
        .annotate(last=Max("created_at"), recent=Count("pk"))
        .values_list("last", "recent")
    ),
    OneTimeCode,
    mobile=str,
    since=dt.datetime,
)


def _codes(count: int = 6) -> list[OneTimeCode]:
    """Codes of one number an hour and a half apart, from Nowruz night on."""
    return [
        OneTimeCode.objects.create(
            mobile=MOBILE,
            purpose="sign_in",
            code_hash="x" * 64,
            created_at=START + dt.timedelta(minutes=90 * i),
            expires_at=START + dt.timedelta(minutes=90 * i + 5),
        )
        for i in range(count)
    ]


moments = st.datetimes(
    min_value=dt.datetime(2026, 3, 19),
    max_value=dt.datetime(2026, 3, 22),
    timezones=st.sampled_from([dt.UTC, TEHRAN]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=moments)
def test_a_moment_reads_as_the_orm_reads_it_in_any_time_zone(since):
    _codes() if not OneTimeCode.objects.exists() else None
    expected = list(OneTimeCode.objects.filter(mobile=MOBILE, created_at__gte=since).order_by("pk"))
    found = SINCE.objects(mobile=MOBILE, since=since)
    assert [c.pk for c in found] == [c.pk for c in expected]
    row = COUNTS.first_row(mobile=MOBILE, since=since)
    if expected:
        assert row == (max(c.created_at for c in expected), len(expected))
        assert row[0].tzinfo is not None
    else:
        assert row is None  # no group: no row, as an aggregate of nothing


def test_a_naive_moment_is_refused():
    with pytest.raises(TypeError, match="timezone-aware"):
        SINCE.objects(mobile=MOBILE, since=dt.datetime(2026, 3, 20, 12, 0))
    with pytest.raises(TypeError, match="timezone-aware"):
        SINCE.objects(mobile=MOBILE, since="2026-03-20 12:00")


def test_a_moment_read_from_the_clock_is_still_refused():
    """A moment passed as a parameter is fine; one the builder reads itself would stay that moment."""
    stale = Prepared(
        lambda mobile: OneTimeCode.objects.filter(mobile=mobile, expires_at__gt=timezone.now()),
        OneTimeCode,
        mobile=str,
    )
    with pytest.raises(ValueError, match="cannot prepare"):
        stale.exists(mobile=MOBILE)
    counted_today = Prepared(  # the clock in an aggregate's filter, not in the WHERE
        lambda mobile: (
            OneTimeCode.objects.filter(mobile=mobile)
            .order_by()
            .values("mobile")
            .annotate(live=Count("pk", filter=Q(expires_at__gt=timezone.now())))
            .values_list("live")
        ),
        OneTimeCode,
        mobile=str,
    )
    with pytest.raises(ValueError, match="cannot prepare"):
        counted_today.first_row(mobile=MOBILE)
    spent_now = PreparedUpdate(  # the clock as a new value
        lambda pk: (OneTimeCode.objects.filter(pk=pk), {"used_at": timezone.now()}), OneTimeCode, pk=int
    )
    with pytest.raises(ValueError, match="cannot prepare"):
        spent_now.run(pk=1)


LIVE = Prepared(
    lambda mobile, now: (
        OneTimeCode.objects.select_for_update()
        .filter(mobile=mobile, expires_at__gt=now)
        .order_by("-created_at")
    ),
    OneTimeCode,
    mobile=str,
    now=dt.datetime,
)


@pytest.mark.django_db(transaction=True)  # outside any transaction between the two reads
def test_a_locking_read_runs_only_in_a_transaction():
    """As the ORM's own `select_for_update()`: outside a transaction the lock would end with the
    statement, so it is refused (after it was compiled in one, too)."""
    codes = _codes(2)
    with transaction.atomic():
        assert LIVE.first_object(mobile=MOBILE, now=START).pk == codes[1].pk
    with pytest.raises(TransactionManagementError):
        LIVE.first_object(mobile=MOBILE, now=START)


SPEND = PreparedUpdate(
    lambda mobile, now: (OneTimeCode.objects.filter(mobile=mobile, used_at__isnull=True), {"used_at": now}),
    OneTimeCode,
    mobile=str,
    now=dt.datetime,
)
TRY = PreparedUpdate(
    lambda pk: (OneTimeCode.objects.filter(pk=pk), {"attempts": F("attempts") + 1}),
    OneTimeCode,
    pk=int,
)


def test_an_update_changes_the_rows_the_orm_would_and_counts_them():
    codes = _codes(3)
    other = OneTimeCode.objects.create(
        mobile="+989351234567", purpose="sign_in", code_hash="y" * 64, expires_at=START
    )
    spent_before = START + dt.timedelta(hours=1)
    OneTimeCode.objects.filter(pk=codes[0].pk).update(used_at=spent_before)
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert SPEND.run(mobile=MOBILE, now=now) == 2
    assert len(queries) == 1
    used = dict(OneTimeCode.objects.values_list("pk", "used_at"))
    assert used == {codes[0].pk: spent_before, codes[1].pk: now, codes[2].pk: now, other.pk: None}
    assert SPEND.run(mobile=MOBILE, now=now) == 0  # nothing left to spend
    assert TRY.run(pk=codes[1].pk) == 1 and TRY.run(pk=codes[1].pk) == 1
    assert OneTimeCode.objects.get(pk=codes[1].pk).attempts == 2


def test_an_update_that_reaches_another_table_or_is_read_is_refused():
    from accounts.models import User

    across = PreparedUpdate(
        lambda national_code: (
            User.objects.filter(memberships__org_unit__code=national_code),
            {"first_name": "x"},
        ),
        User,
        national_code=str,
    )
    with pytest.raises(ValueError, match="another table"):
        across.run(national_code="1")
    with pytest.raises(TypeError):
        SPEND.exists(mobile=MOBILE, now=timezone.now())


NEW_CODE = PreparedInsert(OneTimeCode)


def _new_code(**extra) -> OneTimeCode:
    return OneTimeCode(mobile=MOBILE, purpose="confirm", code_hash="z" * 64, expires_at=START, **extra)


def test_an_insert_stores_the_object_as_save_would_and_gives_it_its_id():
    first = NEW_CODE.insert(_new_code())
    with CaptureQueriesContext(connection) as queries:
        second = NEW_CODE.insert(_new_code(attempts=2))
    assert len(queries) == 1
    assert isinstance(first.pk, int) and second.pk > first.pk
    assert not second._state.adding and second._state.db == "default"
    stored = OneTimeCode.objects.get(pk=second.pk)
    assert (stored.mobile, stored.purpose, stored.attempts, stored.expires_at, stored.used_at) == (
        MOBILE,
        "confirm",
        2,
        START,
        None,
    )
    assert stored.created_at == second.created_at  # the default, as stored
    with pytest.raises(TypeError):
        NEW_CODE.insert(stored)  # not a new object
    with pytest.raises(TypeError, match="expression"):
        NEW_CODE.insert(_new_code(attempts=F("attempts") + 1))


def test_an_insert_is_left_to_the_orm_when_someone_listens_for_saves():
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(receiver, sender=OneTimeCode)
    try:
        code = NEW_CODE.insert(_new_code())
    finally:
        post_save.disconnect(receiver, sender=OneTimeCode)
    assert heard == [(code.pk, True)]
    assert OneTimeCode.objects.filter(pk=code.pk).exists()


def test_what_save_would_add_is_left_to_it_or_refused():
    """An object with its id set is saved by the ORM with that id; one whose related object is not
    saved is refused as `save()` refuses it; a model with a `save()` of its own is saved by it."""
    from apiclients.models import ApiCall, ApiClient

    chosen = NEW_CODE.insert(_new_code(id=987_654))
    assert chosen.pk == 987_654 and OneTimeCode.objects.filter(pk=987_654).exists()
    calls = PreparedInsert(ApiCall)
    with pytest.raises(ValueError, match="unsaved related object"):
        calls.insert(ApiCall(client=ApiClient(name="unsaved"), method="GET", path="/api/x", status=200))
    assert not ApiCall.objects.exists()

    saved, plain_save = [], OneTimeCode.save

    def counting_save(self, *args, **kwargs):  # a model's own save(), as a subclass would write it
        saved.append(self)
        plain_save(self, *args, **kwargs)

    OneTimeCode.save = counting_save
    try:
        counted = NEW_CODE.insert(_new_code())
    finally:
        OneTimeCode.save = plain_save
    assert saved == [counted] and OneTimeCode.objects.filter(pk=counted.pk).exists()
