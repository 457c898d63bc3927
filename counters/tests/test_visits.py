"""Site visits (issue 19 item 3; P8): who plans and records them, what a missing facility or staff
member does to the file (notes, score, event log), and the photos' checks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.jalali import format_date
from counters import scoring, services
from counters.models import DeclarationEvent, ReviewNote, Visit, VisitFinding, VisitPhoto
from counters.tests.conftest import JPEG, PDF, upload
from orgs.models import Region

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def approved(submitted, expert):
    return services.approve(declaration=submitted, actor=expert, recipients_score=80, association_score=60)


@pytest.fixture
def visit(approved, expert):
    return services.plan_visit(office=approved.office, actor=expert, planned_on=TODAY)


@pytest.fixture
def stranger(office, make_expert):
    return make_expert(Region.objects.exclude(pk=office.province.region_id).first())


def _record(visit, who, *, missing_facility=False, missing_staff=False, photos=()):
    declaration = visit.declaration
    facilities = list(declaration.facilities.order_by("pk").values_list("pk", flat=True))
    staff = list(declaration.staff.order_by("pk").values_list("pk", flat=True))
    return services.record_visit(
        visit=visit,
        actor=who,
        found_facilities=facilities[1:] if missing_facility else facilities,
        found_staff=staff[1:] if missing_staff else staff,
        photos=photos,
        note="بازدید بی‌خبر",
    )


def test_planning_checks_the_offices_latest_file_sent_to_the_region(approved, visit, expert):
    assert visit.declaration == approved and visit.office == approved.office
    assert visit.state == Visit.State.PLANNED and visit.planned_by == expert


def test_planning_refuses_another_regions_office_a_past_day_and_an_office_with_no_file(
    approved, expert, stranger, make_office
):
    with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
        services.plan_visit(office=approved.office, actor=stranger, planned_on=TODAY)
    with pytest.raises(ValidationError, match="پیش از امروز"):
        services.plan_visit(office=approved.office, actor=expert, planned_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="تاریخ بازدید را وارد کنید"):
        services.plan_visit(office=approved.office, actor=expert, planned_on=None)
    with pytest.raises(ValidationError, match="ندارد که بازدید با آن سنجیده شود"):
        services.plan_visit(office=make_office(), actor=expert, planned_on=TODAY)
    assert not Visit.objects.exists()


def test_a_missing_facility_leaves_the_score_with_a_note_and_a_logged_reason(visit, expert):
    declaration = visit.declaration
    before = declaration.final_score
    gone = declaration.facilities.order_by("pk").first()
    _record(visit, expert, missing_facility=True, photos=[upload("front.jpg", JPEG)])

    declaration.refresh_from_db()
    assert gone not in declaration.facilities.all()
    assert declaration.final_score == before - 1 == scoring.compute(declaration).total  # 1 point a facility
    assert VisitFinding.objects.get(facility=gone).found is False
    assert VisitFinding.objects.filter(visit=visit, found=True).count() == 3 + declaration.staff.count()
    note = ReviewNote.objects.get(declaration=declaration)
    assert note.section == "details" and gone.title in note.text and note.author == expert
    event = declaration.events.get(action="visit")
    assert event.data["missing_facilities"] == [gone.code]
    assert event.data["score_before"] == str(before) and event.data["score_after"] == str(before - 1)
    assert "امکانات یافت‌نشده شمرده نمی‌شود" in event.note
    visit.refresh_from_db()
    assert visit.state == Visit.State.RECORDED and visit.recorded_by == expert
    assert visit.photos.get().content_type == "image/jpeg"


def test_a_staff_member_not_seen_is_a_note_without_a_change_of_score(visit, expert):
    declaration = visit.declaration
    before = declaration.final_score
    _record(visit, expert, missing_staff=True)
    declaration.refresh_from_db()
    assert declaration.final_score == before
    assert ReviewNote.objects.get(declaration=declaration).section == "staff"
    assert declaration.events.get(action="visit").data["missing_staff"]


def test_a_visit_that_finds_everything_leaves_no_note(visit, expert):
    _record(visit, expert)
    assert not ReviewNote.objects.exists()
    assert "همه موارد اعلام‌شده یافت شد" in DeclarationEvent.objects.get(action="visit").note
    with pytest.raises(ValidationError, match="نتیجه این بازدید"):
        _record(visit, expert)


def _nothing_recorded(visit, facilities):
    visit.refresh_from_db()
    assert visit.state == Visit.State.PLANNED
    assert not VisitFinding.objects.exists() and not VisitPhoto.objects.exists()
    assert not ReviewNote.objects.exists()
    assert not DeclarationEvent.objects.filter(action="visit").exists()
    assert list(visit.declaration.facilities.order_by("pk")) == facilities


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (upload("big.jpg", JPEG), "بیش از"),
        (upload("scan.jpg", PDF), "با قالب"),
        (upload("empty.jpg", b""), "خالی است"),
    ],
)
def test_a_photo_over_the_limit_or_not_an_image_changes_nothing(visit, expert, settings, photo, message):
    if photo.name == "big.jpg":
        settings.MIZ_COUNTERS_MAX_VISIT_PHOTO_BYTES = len(JPEG) - 1
    facilities = list(visit.declaration.facilities.order_by("pk"))
    with pytest.raises(ValidationError, match=message):
        _record(visit, expert, missing_facility=True, photos=[photo])
    _nothing_recorded(visit, facilities)


def test_an_expert_of_another_region_cannot_record_and_future_visits_wait(visit, expert, stranger):
    facilities = list(visit.declaration.facilities.order_by("pk"))
    with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
        _record(visit, stranger, missing_facility=True)
    later = services.plan_visit(office=visit.office, actor=expert, planned_on=TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="برنامه"):
        _record(later, expert, missing_facility=True)
    _nothing_recorded(visit, facilities)


# --- request level ----------------------------------------------------------------------------


def test_the_workbench_links_to_visits_and_an_expert_plans_one(client, approved, expert):
    client.force_login(expert)
    assert reverse("counters:visits") in client.get(reverse("counters:workbench")).content.decode()
    response = client.post(
        reverse("counters:visits"), {"office": approved.office.pk, "planned_on": format_date(TODAY)}
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("counters:visit", args=[visit.pk])
    page = client.get(response.url).content.decode()
    assert 'accept="image/*" capture="environment"' in page


def test_another_regions_office_and_visit_are_refused_on_the_pages(client, visit, stranger, make_office):
    client.force_login(stranger)
    assert client.get(reverse("counters:visit", args=[visit.pk])).status_code == 403
    response = client.post(reverse("counters:visits"), {"office": visit.office.pk, "planned_on": ""})
    assert "این دفتر در منطقه شما نیست" in response.content.decode()
    assert Visit.objects.count() == 1


def _record_post(client, visit, photo):
    declaration = visit.declaration
    return client.post(
        reverse("counters:visit", args=[visit.pk]),
        {
            "facilities": [
                str(pk) for pk in declaration.facilities.order_by("pk").values_list("pk", flat=True)[1:]
            ],
            "staff": [str(pk) for pk in declaration.staff.values_list("pk", flat=True)],
            "photos": [photo],
        },
    )


def test_the_visit_page_refuses_a_bad_photo_then_records_and_serves_a_good_one(client, visit, expert):
    client.force_login(expert)
    facilities = list(visit.declaration.facilities.order_by("pk"))
    response = _record_post(client, visit, upload("x.jpg", PDF))
    assert response.status_code == 200 and "عکس «x.jpg»" in response.content.decode()
    _nothing_recorded(visit, facilities)
    response = _record_post(client, visit, upload("front.jpg", JPEG))
    assert response.status_code == 302
    photo = VisitPhoto.objects.get()
    served = client.get(reverse("counters:visit_photo", args=[visit.pk, photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    page = client.get(reverse("counters:visit", args=[visit.pk])).content.decode()
    assert 'data-found="0"' in page
