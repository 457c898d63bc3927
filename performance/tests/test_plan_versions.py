"""Plan versions as a workflow (issue 20 item 7): a revision copies the version in force, is
edited, proposed and approved by someone else, and becomes the one version reports use; the
earlier one is kept read-only and the differences are listed. Refusals change nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from orgs.models import OrgUnit
from performance import plan_files, plans, selectors
from performance.models import DataValue, Period, PlanVersion, PlanVersionEvent
from performance.report import build_report
from performance.services import get_or_create_period, set_value, total_breakdown
from performance.tests import factories as f

pytestmark = pytest.mark.django_db
State = PlanVersion.State


@pytest.fixture
def world(make_user):
    f.org_tree()
    root = OrgUnit.objects.filter(parent=None).first()
    tehran, yazd = f.province("تهران"), f.province("یزد")
    licences, audits = f.activity(code="P900"), f.activity(code="P901")
    year, version = f.year(1400), f.plan_version(1400, "1400-v2")
    for activity, unit, plan, actual in [
        (licences, tehran, 70, 199),
        (licences, yazd, 10, None),
        (audits, tehran, 40, None),
    ]:
        set_value(
            activity=activity, org_unit=unit, period=year, measure="plan", value=plan, plan_version=version
        )
        if actual is not None:
            set_value(activity=activity, org_unit=unit, period=year, measure="actual", value=actual)
    return {
        "tehran": tehran,
        "yazd": yazd,
        "licences": licences,
        "audits": audits,
        "year": year,
        "version": version,
        "planner": make_user(role="hq_planner", scope={"org_unit": root}),
        "approver": make_user(role="hq_planner", scope={"org_unit": root}),
        "head": make_user(role="unit_head", scope={"org_unit": tehran}),
    }


def revise(w, title="برنامه ۱۴۰۰، ویرایش سوم"):
    return plans.start_revision(user=w["planner"], year=1400, title=title)


def edit(w, version, activity, unit, value, user=None):
    return plans.set_plan(
        user=user or w["planner"],
        version=version,
        activity=activity,
        breakdown=total_breakdown(activity),
        unit=unit,
        period=w["year"],
        value=value,
    )


def plan_of(version, activity, unit):
    return DataValue.objects.get(plan_version=version, activity=activity, org_unit=unit).value


def test_a_revision_copies_the_plans_in_force_and_is_a_draft(world):
    draft = revise(world)
    assert draft.state == State.DRAFT and draft.based_on == world["version"] and draft.year == 1400
    assert DataValue.objects.filter(plan_version=draft).count() == 3
    assert plan_of(draft, world["licences"], world["tehran"]) == 70
    assert selectors.plan_version_for(1400) == world["version"]  # a draft is never reported
    event = draft.events.get()
    assert (event.from_state, event.to_state, event.actor) == ("", State.DRAFT, world["planner"])


def test_propose_then_approve_by_another_puts_it_in_force_and_keeps_the_earlier_read_only(world):
    draft = revise(world)
    edit(world, draft, world["licences"], world["tehran"], Decimal(90))
    plans.move(user=world["planner"], version=draft, name="propose")
    assert draft.state == State.PROPOSED
    plans.move(user=world["approver"], version=draft, name="approve")
    draft.refresh_from_db()
    world["version"].refresh_from_db()
    assert draft.state == State.IN_FORCE and world["version"].state == State.SUPERSEDED
    assert selectors.plan_version_for(1400) == draft
    assert plan_of(world["version"], world["licences"], world["tehran"]) == 70  # earlier one kept
    superseded = world["version"].events.get()
    assert (superseded.to_state, superseded.actor) == (State.SUPERSEDED, world["approver"])
    assert [e.to_state for e in draft.events.all()] == [State.DRAFT, State.PROPOSED, State.IN_FORCE]
    with pytest.raises(ValidationError, match="ویرایش نمی"):
        edit(world, world["version"], world["licences"], world["tehran"], Decimal(1))
    with pytest.raises(ValidationError, match="ویرایش نمی"):
        edit(world, draft, world["licences"], world["tehran"], Decimal(1))


def test_reports_use_the_approved_version(world):
    draft = revise(world)
    edit(world, draft, world["licences"], world["tehran"], Decimal(100))
    plans.move(user=world["planner"], version=draft, name="propose")
    plans.move(user=world["approver"], version=draft, name="approve")
    version = selectors.plan_version_for(1400)
    pairs = {
        (p["unit_id"], p["activity_id"]): p for p in selectors.value_pairs(year=1400, plan_version=version)
    }
    tehran = pairs[(world["tehran"].pk, world["licences"].pk)]
    assert (tehran["plan"], tehran["actual"], tehran["percent"]) == (100, 199, 199)
    report = build_report(year=1400, plan_version=version)
    assert report.plan_version == draft


def test_only_one_version_in_force_per_year():
    f.plan_version(1400, "a")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(code="b", title="ب", year=1400, state=State.IN_FORCE)


@pytest.mark.parametrize("who", ["planner", "editor"])
def test_nobody_approves_or_returns_a_version_they_prepared(world, make_user, who):
    draft = revise(world)
    approver = world["planner"]
    if who == "editor":  # a second planner who only edited one value
        approver = world["approver"]
        edit(world, draft, world["licences"], world["tehran"], Decimal(5), user=approver)
    plans.move(user=world["planner"], version=draft, name="propose")
    for name in ("approve", "return"):
        with pytest.raises(PermissionDenied, match="خودتان"):
            plans.move(user=approver, version=draft, name=name, note="علت")
    draft.refresh_from_db()
    assert draft.state == State.PROPOSED and draft.events.count() == 2
    assert plans.available_moves(approver, draft) == []


def test_only_hq_planners_start_edit_or_move(world):
    with pytest.raises(PermissionDenied):
        plans.start_revision(user=world["head"], year=1400, title="ویرایش")
    draft = revise(world)
    with pytest.raises(PermissionDenied):
        edit(world, draft, world["licences"], world["tehran"], Decimal(1), user=world["head"])
    with pytest.raises(PermissionDenied):
        plans.move(user=world["head"], version=draft, name="propose")
    assert draft.events.count() == 1 and plan_of(draft, world["licences"], world["tehran"]) == 70


def test_return_needs_a_reason_and_goes_back_to_draft(world):
    draft = revise(world)
    plans.move(user=world["planner"], version=draft, name="propose")
    with pytest.raises(ValidationError, match="علت"):
        plans.move(user=world["approver"], version=draft, name="return", note="  ")
    plans.move(user=world["approver"], version=draft, name="return", note="برنامه یزد کم است")
    assert draft.state == State.DRAFT
    assert draft.events.last().note == "برنامه یزد کم است"
    # the approver who returned it may approve the corrected proposal
    plans.move(user=world["planner"], version=draft, name="propose")
    plans.move(user=world["approver"], version=draft, name="approve")
    assert draft.state == State.IN_FORCE


def test_moves_from_the_wrong_state_or_unknown_are_refused(world):
    draft = revise(world)
    with pytest.raises(ValidationError, match="مجاز نیست"):
        plans.move(user=world["approver"], version=draft, name="approve")
    with pytest.raises(ValidationError, match="ناشناخته"):
        plans.move(user=world["approver"], version=world["version"], name="supersede")
    assert world["version"].state == State.IN_FORCE and draft.state == State.DRAFT


def test_one_open_revision_per_year_and_none_without_a_version_in_force(world):
    revise(world)
    with pytest.raises(ValidationError, match="هنوز باز است"):
        revise(world, "ویرایش دیگر")
    with pytest.raises(ValidationError, match="نسخه برنامه جاری نیست"):
        plans.start_revision(user=world["planner"], year=1401, title="برنامه ۱۴۰۱")
    assert PlanVersion.objects.count() == 2


def test_removing_the_plan_of_an_activity_with_actuals_is_refused(world):
    draft = revise(world)
    with pytest.raises(ValidationError, match="عملکرد ثبت") as exc:
        edit(world, draft, world["licences"], world["tehran"], None)
    assert "P900" in str(exc.value) and "تهران" in str(exc.value)
    assert plan_of(draft, world["licences"], world["tehran"]) == 70
    # an activity without actuals in that unit may be removed
    edit(world, draft, world["licences"], world["yazd"], None)
    assert not DataValue.objects.filter(plan_version=draft, org_unit=world["yazd"]).exists()


@pytest.fixture
def draft_without_year(world):
    """A draft of 1402, a year with no year period yet (an actual of P900 in Tehran in its first
    quarter, no plan)."""
    f.plan_version(1402, "1402-v1")
    quarter = get_or_create_period(kind=Period.Kind.QUARTER, year=1402, number=1)
    set_value(activity=world["licences"], org_unit=world["tehran"], period=quarter, measure="actual", value=5)
    return plans.start_revision(user=world["planner"], year=1402, title="برنامه ۱۴۰۲، ویرایش دوم")


def year_periods(y):
    return Period.objects.filter(kind=Period.Kind.YEAR, year=y)


def test_the_service_puts_a_plan_in_the_year_of_the_version_making_its_period(world, draft_without_year):
    value = plans.set_plan(
        user=world["planner"],
        version=draft_without_year,
        activity=world["audits"],
        breakdown=total_breakdown(world["audits"]),
        unit=world["yazd"],
        value=Decimal(12),
    )
    assert value.period == year_periods(1402).get() and value.value == 12
    assert value.plan_version == draft_without_year


def test_a_refused_plan_value_leaves_no_new_year_period(world, draft_without_year, client):
    client.force_login(world["planner"])
    response = client.post(  # removing the plan of an activity with actuals
        reverse("performance:plan_value", args=[draft_without_year.code]),
        {"activity": "P900", "unit": world["tehran"].code, "value": ""},
        follow=True,
    )
    assert "عملکرد ثبت‌شده دارند" in response.content.decode()
    with pytest.raises(ValidationError):  # not a draft: the version in force
        plans.set_plan(
            user=world["planner"],
            version=PlanVersion.objects.get(code="1402-v1"),
            activity=world["audits"],
            breakdown=total_breakdown(world["audits"]),
            unit=world["yazd"],
            value=Decimal(1),
        )
    assert not year_periods(1402).exists()
    assert not DataValue.objects.filter(plan_version=draft_without_year).exists()


def test_a_proposal_that_lost_an_activity_with_actuals_is_refused_on_propose_and_approve(world):
    draft = revise(world)
    # removed behind the edit form's back (a bulk change): the workflow's guard still refuses
    DataValue.objects.filter(
        plan_version=draft, activity=world["licences"], org_unit=world["tehran"]
    ).delete()
    with pytest.raises(ValidationError, match="P900"):
        plans.move(user=world["planner"], version=draft, name="propose")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.events.count() == 1


def test_a_locked_year_refuses_revision_edit_and_approval(world):
    draft = revise(world)
    plans.move(user=world["planner"], version=draft, name="propose")
    world["year"].lock_after = dt.date(2000, 1, 1)
    world["year"].save()
    with pytest.raises(ValidationError, match="قفل است"):
        plans.move(user=world["approver"], version=draft, name="approve")
    with pytest.raises(ValidationError, match="قفل است"):
        plans.start_revision(user=world["planner"], year=1400, title="ویرایش")
    draft.refresh_from_db()
    world["version"].refresh_from_db()
    assert draft.state == State.PROPOSED and world["version"].state == State.IN_FORCE


def test_diff_lists_changed_added_and_removed_values(world):
    draft = revise(world)
    edit(world, draft, world["licences"], world["tehran"], Decimal(90))
    edit(world, draft, world["licences"], world["yazd"], None)
    edit(world, draft, world["audits"], world["yazd"], Decimal(8))
    rows = selectors.version_diff(world["version"], draft)
    got = {(r["activity"].code, r["unit"], r["breakdown"].code, r["old"], r["new"]) for r in rows}
    tehran, yazd = world["tehran"], world["yazd"]
    assert got == {
        ("P900", tehran, "total", Decimal(70), Decimal(90)),
        ("P900", yazd, "total", Decimal(10), None),
        ("P901", yazd, "total", None, Decimal(8)),
    }
    assert selectors.version_diff(draft, draft) == []


def test_the_plan_version_log_is_append_only(world):
    event = revise(world).events.get()
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        PlanVersionEvent.objects.all().delete()


# --- pages ---------------------------------------------------------------------------------


def test_pages_propose_and_approve_through_the_forms(world, client):
    client.force_login(world["planner"])
    response = client.post(
        reverse("performance:plan_start"), {"year": "۱۴۰۰", "title": "برنامه ۱۴۰۰، ویرایش سوم"}
    )
    draft = PlanVersion.objects.get(state=State.DRAFT)
    assert response.url == reverse("performance:plan_version", args=[draft.code])
    client.post(
        reverse("performance:plan_value", args=[draft.code]),
        {"activity": "p900", "breakdown": "", "unit": world["tehran"].code, "value": "۹۰"},
    )
    assert plan_of(draft, world["licences"], world["tehran"]) == 90
    page = client.get(reverse("performance:plan_version", args=[draft.code])).content.decode()
    assert "ارسال برای تأیید" in page and "۷۰" in page and "۹۰" in page and "تأیید و اجرا" not in page
    client.post(reverse("performance:plan_move", args=[draft.code]), {"move": "propose"})
    client.force_login(world["approver"])
    page = client.get(reverse("performance:plan_version", args=[draft.code])).content.decode()
    assert "تأیید و اجرا" in page and "ویرایش یک مقدار برنامه" not in page
    client.post(reverse("performance:plan_move", args=[draft.code]), {"move": "approve"})
    draft.refresh_from_db()
    assert draft.state == State.IN_FORCE
    report = client.get(reverse("performance:report") + "?year=1400").content.decode()
    assert "مقایسه با «برنامه ۱۴۰۰، ویرایش سوم»" in report
    diff = client.get(reverse("performance:plan_diff") + f"?new={draft.code}").content.decode()
    assert "۱ مقدار برنامه تفاوت دارد" in diff


def test_a_refused_removal_shows_the_persian_message_and_changes_nothing(world, client):
    client.force_login(world["planner"])
    draft = revise(world)
    response = client.post(
        reverse("performance:plan_value", args=[draft.code]),
        {"activity": "P900", "unit": world["tehran"].code, "value": ""},
        follow=True,
    )
    assert "عملکرد ثبت‌شده دارند" in response.content.decode()
    assert plan_of(draft, world["licences"], world["tehran"]) == 70


def test_the_report_never_offers_a_draft_and_readers_only_read(world, client):
    draft = revise(world)
    client.force_login(world["head"])
    report = client.get(reverse("performance:report") + f"?year=1400&version={draft.code}").content.decode()
    assert draft.title not in report
    assert client.get(reverse("performance:plans")).status_code == 200
    page = client.get(reverse("performance:plan_version", args=[draft.code])).content.decode()
    assert "ساختن پیش‌نویس" not in page and "ارسال برای تأیید" not in page
    client.post(reverse("performance:plan_move", args=[draft.code]), {"move": "propose"})
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert client.get(reverse("performance:plan_version", args=["nope"])).status_code == 404


def test_applicants_cannot_see_plan_pages(make_user, client):
    client.force_login(make_user(role="applicant"))
    assert client.get(reverse("performance:plans")).status_code == 403


def workbook_of(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("plan.xlsx", data.getvalue())


def test_a_draft_downloaded_edited_and_uploaded_back(world, client):
    from openpyxl import load_workbook

    draft = revise(world)
    client.force_login(world["planner"])
    response = client.get(reverse("performance:plan_xlsx", args=[draft.code]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == plan_files.HEADER[:4] and len(rows) == 4
    edited = [list(r[:4]) for r in rows]
    tehran = next(r for r in edited if r[0] == "P900" and r[2] == world["tehran"].code)
    tehran[3] = "۱۲۰"
    response = client.post(
        reverse("performance:plan_upload", args=[draft.code]), {"file": workbook_of(edited)}, follow=True
    )
    assert "۱ مقدار برنامه تغییر کرد" in response.content.decode()
    assert plan_of(draft, world["licences"], world["tehran"]) == 120


def test_an_upload_with_one_bad_row_changes_nothing(world):
    draft = revise(world)
    rows = [
        plan_files.HEADER[:4],
        ["P900", "", world["tehran"].code, 95],
        ["P999", "", world["tehran"].code, 1],
        ["P901", "", world["yazd"].code, "هفت"],
    ]
    with pytest.raises(ValidationError) as exc:
        plan_files.upload(user=world["planner"], version=draft, upload=workbook_of(rows))
    assert exc.value.messages == [
        "ردیف ۳: فعالیت «P999» شناخته نیست.",
        "ردیف ۴: در ستون «برنامه» عدد نامنفی لازم است، «هفت» نوشته شده است.",
    ]
    assert plan_of(draft, world["licences"], world["tehran"]) == 70
    with pytest.raises(ValidationError, match="ویرایش نمی"):
        plan_files.upload(user=world["planner"], version=world["version"], upload=workbook_of(rows[:2]))
    assert plan_of(world["version"], world["licences"], world["tehran"]) == 70


def test_a_version_added_in_the_admin_is_in_force_only_when_the_year_has_none(world, admin_client):
    url = reverse("admin:performance_planversion_add")
    admin_client.post(url, {"code": "1401-v1", "title": "برنامه ۱۴۰۱", "year": "1401"})
    admin_client.post(url, {"code": "1400-x", "title": "برنامه ۱۴۰۰ دیگر", "year": "1400"})
    states = dict(PlanVersion.objects.values_list("code", "state"))
    assert states == {"1400-v2": State.IN_FORCE, "1401-v1": State.IN_FORCE, "1400-x": State.DRAFT}
