"""Every "Bad input" of issue 5: refused with a clear Persian message, and nothing changed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from counters import services, wizard
from counters.models import Declaration, DeclarationDocument, StaffMember
from counters.tests.conftest import EXE, JPEG, PDF, fill, upload


def page(client, declaration, step):
    return reverse("counters:step", args=[declaration.pk, step])


def errors_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def signed_in(client, holder):
    client.force_login(holder)
    return client


# --- documents ----------------------------------------------------------------------------------


def test_a_3_mb_jpeg_is_refused(signed_in, declaration):
    big = JPEG[:-2] + b"\x00" * (3 * 1024 * 1024) + b"\xff\xd9"
    response = signed_in.post(
        page(signed_in, declaration, "documents"), {"kind": "signboard", "file": upload("big.jpg", big)}
    )
    assert response.status_code == 200
    assert "حجم فایل «big.jpg»" in errors_of(response) and "۲ مگابایت" in errors_of(response)
    assert not DeclarationDocument.objects.exists()


def test_a_pdf_renamed_jpg_is_refused(signed_in, declaration):
    response = signed_in.post(
        page(signed_in, declaration, "documents"), {"kind": "signboard", "file": upload("scan.jpg", PDF)}
    )
    assert "محتوای فایل «scan.jpg» PDF است اما پسوند آن «.jpg» است" in errors_of(response)
    assert not DeclarationDocument.objects.exists()


def test_an_exe_renamed_pdf_is_refused(signed_in, declaration):
    response = signed_in.post(
        page(signed_in, declaration, "documents"), {"kind": "degree", "file": upload("degree.pdf", EXE)}
    )
    assert "محتوای فایل «degree.pdf» تصویر JPEG یا PDF نیست" in errors_of(response)
    assert not DeclarationDocument.objects.exists()


def test_a_real_pdf_named_pdf_is_accepted(signed_in, declaration):
    signed_in.post(
        page(signed_in, declaration, "documents"), {"kind": "degree", "file": upload("degree.pdf", PDF)}
    )
    assert DeclarationDocument.objects.get().content_type == "application/pdf"


# --- staff ------------------------------------------------------------------------------------------

STAFF = {
    "first_name": "زهرا",
    "last_name": "احمدی",
    "birth_date": "۱۳۶۵/۰۲/۱۵",
    "gender": "female",
    "national_code": "0499370899",
    "mobile": "09121234567",
    "accepted_terms": "on",
}


@pytest.fixture
def at_staff(declaration):
    return fill(declaration, until="location")


@pytest.mark.parametrize(
    ("field", "value"),
    [("first_name", "Zahra"), ("first_name", "زه"), ("last_name", "احمدیAhmadi"), ("last_name", "ab")],
)
def test_a_staff_name_with_latin_letters_or_two_letters_is_refused(signed_in, at_staff, field, value):
    response = signed_in.post(page(signed_in, at_staff, "staff"), {**STAFF, field: value})
    assert response.status_code == 200
    assert "باید حداقل ۳ و حداکثر ۳۰ حرف فارسی باشد" in errors_of(response)
    assert not StaffMember.objects.exists()


def test_a_duplicate_staff_national_code_is_refused(signed_in, at_staff):
    signed_in.post(page(signed_in, at_staff, "staff"), STAFF)
    response = signed_in.post(page(signed_in, at_staff, "staff"), {**STAFF, "first_name": "مریم"})
    assert "کد ملی تکراری است" in errors_of(response)
    assert StaffMember.objects.count() == 1


def test_staff_count_not_matching_keeps_the_step_open_and_confirmation_refused(
    signed_in, declaration, holder
):
    fill(declaration, staff=2, disabled=1, until="location")
    signed_in.post(page(signed_in, declaration, "staff"), {**STAFF, "is_disabled": "on"})  # one of two
    problems = wizard.problems(declaration, "staff")
    assert any("با تعداد کارکنان در مشخصات دفتر (۲) برابر نیست" in p for p in problems)
    response = signed_in.get(page(signed_in, declaration, "staff"))
    assert "برابر نیست" in errors_of(response)
    response = signed_in.get(page(signed_in, declaration, "ranking"), follow=True)
    assert "هنوز باز نیست" in errors_of(response)
    # More staff than declared is refused outright.
    fill_two = {**STAFF, "national_code": "0067749828", "first_name": "علی", "gender": "male"}
    signed_in.post(page(signed_in, declaration, "staff"), fill_two)
    response = signed_in.post(
        page(signed_in, declaration, "staff"), {**STAFF, "national_code": "0012345679", "first_name": "رضا"}
    )
    assert "همه ثبت شده‌اند" in errors_of(response)
    assert StaffMember.objects.count() == 2


def test_disabled_staff_not_matching_the_office_details_is_not_done(declaration):
    fill(declaration, staff=2, disabled=1, until="staff")
    StaffMember.objects.filter(is_disabled=True).update(is_disabled=False)
    assert any("معلول" in p for p in wizard.problems(declaration, "staff"))


# --- legal person -------------------------------------------------------------------------------------


def test_a_legal_person_without_board_members_cannot_go_on(signed_in, declaration):
    fill(declaration, until="legal")
    declaration.board_members.all().delete()
    problems = wizard.problems(declaration, "legal")
    assert any("هیئت مدیره" in p for p in problems)
    response = signed_in.get(page(signed_in, declaration, "contact"), follow=True)
    assert "هنوز باز نیست" in errors_of(response)
    assert "هیئت مدیره" in errors_of(response)


# --- location ----------------------------------------------------------------------------------------


def test_a_point_outside_iran_is_refused(signed_in, declaration):
    fill(declaration, until="contact")
    response = signed_in.post(
        page(signed_in, declaration, "location"), {"latitude": "33.3152", "longitude": "44.3661"}
    )
    assert "درون مرز ایران نیست" in errors_of(response)
    declaration.refresh_from_db()
    assert declaration.latitude is None


def test_typed_persian_coordinates_inside_iran_are_accepted(signed_in, declaration):
    fill(declaration, until="contact")
    signed_in.post(page(signed_in, declaration, "location"), {"latitude": "۳۵٫۶۸۹۲", "longitude": "۵۱٫۳۸۹۰"})
    declaration.refresh_from_db()
    assert str(declaration.latitude) == "35.689200"


# --- after final confirmation ---------------------------------------------------------------------------


def test_editing_after_final_confirmation_is_refused(signed_in, submitted):
    before = Declaration.objects.filter(pk=submitted.pk).values().get()
    response = signed_in.post(
        page(signed_in, submitted, "contact"),
        {
            "address": "نشانی تازه",
            "postal_code": "3158888888",
            "phone": "02632222222",
            "contact_mobile": "09121234567",
        },
        follow=True,
    )
    assert "پس از تأیید نهایی، پرونده قابل ویرایش نیست." in errors_of(response)
    response = signed_in.post(
        page(signed_in, submitted, "documents"),
        {"kind": "signboard", "file": upload("s.jpg", JPEG)},
        follow=True,
    )
    assert "قابل ویرایش نیست" in errors_of(response)
    after = Declaration.objects.filter(pk=submitted.pk).values().get()
    assert before == after


# --- access -------------------------------------------------------------------------------------------------


def test_another_offices_file_by_url_is_refused(client, submitted, make_office):
    other = make_office()
    client.force_login(other.licence.holder)
    for url in (
        reverse("counters:declaration", args=[submitted.pk]),
        page(client, submitted, "documents"),
        reverse("counters:document", args=[submitted.pk, submitted.documents.first().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "این پرونده از آنِ دفتر شما نیست" in errors_of(response) or "منطقه شما نیست" in errors_of(
            response
        )
    response = client.post(reverse("counters:objection", args=[submitted.pk]), {"text": "اعتراض"})
    assert response.status_code == 403


def test_a_region_expert_opening_another_regions_file_is_refused(client, submitted, make_expert):
    from orgs.models import Region

    elsewhere = Region.objects.exclude(pk=submitted.office.province.region_id).first()
    stranger = make_expert(elsewhere)
    client.force_login(stranger)
    response = client.get(reverse("counters:review", args=[submitted.pk]))
    assert response.status_code == 403
    assert "این پرونده در منطقه شما نیست" in errors_of(response)
    response = client.post(
        reverse("counters:review", args=[submitted.pk]),
        {"action": "approve", "recipients_score": "100", "association_score": "100"},
    )
    assert response.status_code == 403
    assert Declaration.objects.get(pk=submitted.pk).state == Declaration.State.SUBMITTED
    response = client.get(reverse("counters:document", args=[submitted.pk, submitted.documents.first().pk]))
    assert response.status_code == 403


def test_an_objection_on_day_8_is_refused(signed_in, submitted, expert):
    # The approval SMS went out eight days ago (the clock of the approval is moved back, so the
    # signed-in session stays valid).
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    services.approve(
        declaration=submitted, actor=expert, recipients_score=80, association_score=80, now=eight_days_ago
    )
    response = signed_in.post(
        reverse("counters:objection", args=[submitted.pk]), {"text": "اعتراض دارم"}, follow=True
    )
    assert "مهلت ۷ روزه اعتراض" in errors_of(response) and "پایان یافته است" in errors_of(response)
    declaration = Declaration.objects.get(pk=submitted.pk)
    assert declaration.state == Declaration.State.APPROVED
    assert not Declaration.objects.filter(pk=submitted.pk, objection__isnull=False).exists()
