"""The licence registry kept by the regulator's staff: create, renew, suspend, reinstate, revoke,
each with a reason and dates, each in the office's licence log; bad input changes nothing; the
sign-in gate and the desk's intake follow the registry at once; reminders 30 and 7 days before."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Membership, Role
from counters import services
from counters.models import Licence, LicenceEvent, LicenceReminder
from counters.services import licences as registry
from desk import services as desk_services
from notifications.models import Notification
from orgs.models import CounterOffice, Province
from orgs.tests.factories import CounterOfficeFactory

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def hq(make_user):
    return make_user(role=Role.HQ_PLANNER, first_name="سارا", last_name="ستادی")


def act(actor, licence, action, reason, *, on=None):
    return registry.change_licence_status(
        actor=actor, licence=licence, action=action, effective_on=on or timezone.localdate(), reason=reason
    )


def snapshot(licence):
    licence.refresh_from_db()
    return (
        licence.status,
        licence.expires_on,
        licence.renewed_on,
        licence.status_reason,
        licence.events.count(),
    )


def test_an_expert_creates_a_licence_for_an_office_of_their_region_and_the_holder_gets_the_role(
    reference, expert, make_user
):
    office = CounterOfficeFactory(code="2201-01-01", province=Province.objects.get(code="IR-30"))
    holder = registry.holder_account(
        national_code="0012345679", mobile="09121234567", first_name="علي", last_name="كريمي"
    )
    licence = registry.create_licence(
        actor=expert,
        office=office,
        holder=holder,
        number="PL-77001",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2029, 1, 1),
    )
    assert holder.last_name == "کریمی"  # Arabic ي/ك typed, Persian stored
    assert Membership.objects.filter(user=holder, role=Role.LICENCE_HOLDER, counter_office=office).exists()
    [event] = LicenceEvent.objects.filter(office=office)
    assert (event.action, event.to_status, event.actor) == ("create", Licence.Status.ACTIVE, expert)
    assert services.licence_refusal(holder) == ""
    assert licence.status_since == dt.date(2024, 1, 1)


def test_an_expert_may_not_touch_an_office_of_another_region(make_office, expert, make_user):
    tehran = make_office(province="IR-07")  # Fars: the south region, not Alborz's north
    assert tehran.province.region_id != expert.memberships.get().region_id
    before = snapshot(tehran.licence)
    with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
        act(expert, tehran.licence, "suspend", "بازدید ناموفق")
    assert snapshot(tehran.licence) == before
    free = CounterOfficeFactory(code="2201-01-02", province=Province.objects.get(code="IR-07"))
    with pytest.raises(PermissionDenied):
        registry.create_licence(
            actor=expert,
            office=free,
            holder=make_user(),
            number="PL-1",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2029, 1, 1),
        )
    assert not Licence.objects.filter(office=free).exists()


def test_hq_acts_on_every_region_and_a_holder_or_applicant_on_none(make_office, hq, make_user):
    tehran = make_office(province="IR-23")
    registry.renew_licence(
        actor=hq,
        licence=tehran.licence,
        renewed_on=timezone.localdate(),
        expires_on=tehran.licence.expires_on + dt.timedelta(days=365),
    )
    for nobody in (tehran.licence.holder, make_user(role=Role.APPLICANT), make_user(role=Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            act(nobody, tehran.licence, "revoke", "هیچ علتی")
    assert tehran.licence.status == Licence.Status.ACTIVE


def test_a_renewal_dated_before_the_issue_is_refused_in_persian_and_changes_nothing(office, expert):
    licence = office.licence
    licence.issued_on = dt.date(2025, 3, 21)
    licence.save()
    before = snapshot(licence)
    with pytest.raises(ValidationError) as caught:
        registry.renew_licence(
            actor=expert, licence=licence, renewed_on=dt.date(2025, 3, 20), expires_on=dt.date(2030, 1, 1)
        )
    assert "پیش از تاریخ صدور پروانه (۱۴۰۴/۰۱/۰۱)" in caught.value.message_dict["renewed_on"][0]
    assert snapshot(licence) == before


def test_a_renewal_must_move_the_expiry_forward(office, expert):
    licence = office.licence
    before = snapshot(licence)
    with pytest.raises(ValidationError) as caught:
        registry.renew_licence(
            actor=expert, licence=licence, renewed_on=timezone.localdate(), expires_on=licence.expires_on
        )
    assert "پس از انقضای کنونی" in caught.value.message_dict["expires_on"][0]
    assert snapshot(licence) == before


def test_a_renewal_sets_the_new_expiry_and_logs_the_old_one(office, expert):
    licence = office.licence
    old = licence.expires_on
    registry.renew_licence(
        actor=expert,
        licence=licence,
        renewed_on=timezone.localdate(),
        expires_on=old + dt.timedelta(days=730),
        reason="تمدید دوساله",
    )
    licence.refresh_from_db()
    assert licence.expires_on == old + dt.timedelta(days=730) and licence.renewed_on == timezone.localdate()
    event = licence.events.get(action="renew")
    assert event.data["expires_before"] == old.isoformat() and event.reason == "تمدید دوساله"


def test_suspend_without_a_reason_or_in_the_future_is_refused(office, expert):
    before = snapshot(office.licence)
    with pytest.raises(ValidationError) as caught:
        act(expert, office.licence, "suspend", " ", on=timezone.localdate() + dt.timedelta(days=3))
    assert set(caught.value.message_dict) == {"reason", "effective_on"}
    assert snapshot(office.licence) == before


def test_revoked_is_final(office, expert):
    act(expert, office.licence, "revoke", "تخلف مکرر")
    with pytest.raises(ValidationError, match="مجاز نیست"):
        act(expert, office.licence, "reinstate", "اشتباه شد")
    with pytest.raises(ValidationError, match="مجاز نیست"):
        registry.renew_licence(
            actor=expert,
            licence=office.licence,
            renewed_on=timezone.localdate(),
            expires_on=office.licence.expires_on + dt.timedelta(days=365),
        )
    assert list(office.licence.events.values_list("action", flat=True)) == ["revoke"]


@pytest.fixture
def operator(office, make_user):
    return make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office})


def desk_refusal(operator, office) -> str:
    with pytest.raises(ValidationError) as caught:
        desk_services.start_counter_intake(
            operator=operator, national_code="0012345679", mobile="09121234567", counter_office=office
        )
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(("action", "word"), [("suspend", "تعلیق‌شده"), ("revoke", "لغوشده")])
def test_a_suspension_or_revocation_blocks_sign_in_and_the_desk_at_once(
    office, expert, operator, action, word
):
    holder = office.licence.holder
    assert services.licence_refusal(holder) == ""
    assert desk_services.counter_office_refusal(CounterOffice.objects.get(pk=office.pk)) == ""
    act(expert, office.licence, action, "بازدید ناموفق")
    # Fresh rows, as the next request reads them: no cache stands between the registry and the gates.
    assert word in services.licence_refusal(holder)
    assert word in desk_refusal(operator, CounterOffice.objects.get(pk=office.pk))
    if action == "suspend":
        act(expert, office.licence, "reinstate", "رفع نقص بازدید")
        assert services.licence_refusal(holder) == ""
        assert desk_services.counter_office_refusal(CounterOffice.objects.get(pk=office.pk)) == ""


def test_a_renewal_lets_an_expired_holder_in_at_once(make_office, expert):
    office = make_office(expires_on=timezone.localdate() - dt.timedelta(days=2))
    holder = office.licence.holder
    assert "منقضی" in services.licence_refusal(holder)
    registry.renew_licence(
        actor=expert,
        licence=office.licence,
        renewed_on=timezone.localdate(),
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    assert services.licence_refusal(holder) == ""


# Reminders ---------------------------------------------------------------------------------------


@given(days_left=st.integers(min_value=-400, max_value=400))
@settings(max_examples=200)
def test_the_reminder_due_is_the_smallest_threshold_not_yet_passed(days_left):
    due = registry._threshold(days_left)
    if days_left < 0 or days_left > 30:
        assert due is None
    elif days_left <= 7:
        assert due == 7
    else:
        assert due == 30


def run_reminders(day: dt.date) -> int:
    return registry.send_expiry_reminders()


def reminders() -> list[Notification]:
    return list(Notification.objects.filter(event="counters.licence_expiring", channel="sms").order_by("pk"))


def test_reminders_go_30_and_7_days_before_expiry_once_each(make_office, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    office = make_office(expires_on=TODAY + dt.timedelta(days=31))
    holder = office.licence.holder
    sent_on = {}
    for offset in range(0, 40):
        day = TODAY + dt.timedelta(days=offset)
        time_machine.move_to(dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC), tick=False)
        for _run in range(2):  # the job run twice the same day sends nothing more
            if n := run_reminders(day):
                sent_on[day] = sent_on.get(day, 0) + n
    assert sent_on == {TODAY + dt.timedelta(days=1): 1, TODAY + dt.timedelta(days=24): 1}
    sent = reminders()
    assert [m.recipient for m in sent] == [holder.mobile, holder.mobile]
    assert "۳۰ روز دیگر" in sent[0].body and "۷ روز دیگر" in sent[1].body
    assert "۱۴۰۵/۱۰/۱۲" in sent[0].body  # 2027-01-02, the expiry, in Jalali
    assert LicenceReminder.objects.filter(licence=office.licence).count() == 2


def test_no_reminder_for_a_suspended_licence_and_a_renewed_one_is_reminded_again(
    make_office, make_expert, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    office = make_office(expires_on=TODAY + dt.timedelta(days=30))
    expert = make_expert(office.province.region)
    suspended = make_office(expires_on=TODAY + dt.timedelta(days=30))
    act(expert, suspended.licence, "suspend", "بازدید ناموفق", on=TODAY)
    assert run_reminders(TODAY) == 1
    registry.renew_licence(
        actor=expert, licence=office.licence, renewed_on=TODAY, expires_on=TODAY + dt.timedelta(days=365)
    )
    late = TODAY + dt.timedelta(days=335)
    time_machine.move_to(dt.datetime.combine(late, dt.time(9, 0), tzinfo=dt.UTC), tick=False)
    assert run_reminders(late) == 1  # the new expiry's 30 days
    assert len(reminders()) == 2 and all(m.user == office.licence.holder for m in reminders())


def test_the_reminders_command_is_a_scheduled_job(settings, make_office, time_machine, capsys):
    from core import scheduler
    from core.checks import check_scheduled_jobs

    job = scheduler.all_jobs()["counters_licence_reminders"]
    assert list(job.command) == ["counters_licence_reminders"]
    assert not [e for e in check_scheduled_jobs() if "counters_licence_reminders" in e.msg]
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    make_office(expires_on=dt.date(2027, 1, 1))
    call_command("counters_licence_reminders", today="2026-12-02")
    call_command("counters_licence_reminders", today="2026-12-02")
    assert capsys.readouterr().out.splitlines() == ["reminders queued: 1", "reminders queued: 0"]
