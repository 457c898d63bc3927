"""The self-declaration wizard: steps open in order, done only when valid, locked after confirmation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from counters import services, wizard
from counters.models import Declaration
from counters.tests.conftest import JPEG, fill, upload


def statuses(declaration):
    return {s.step.slug: (s.done, s.open) for s in wizard.status(declaration)}


def test_a_new_file_is_prefilled_from_the_holder_but_not_done_until_reviewed(declaration, holder):
    assert declaration.manager_national_code == holder.national_code
    assert declaration.manager_mobile == holder.mobile
    steps = statuses(declaration)
    assert steps["documents"] == (False, True)
    assert steps["manager"] == (False, False)  # closed until the documents are in


def test_each_step_opens_only_after_the_previous_is_done(declaration):
    fill(declaration, until="documents")
    assert statuses(declaration)["manager"] == (False, True)
    assert statuses(declaration)["details"] == (False, False)
    fill(declaration, until="details")
    steps = statuses(declaration)
    assert steps["details"][0] and steps["legal"] == (False, True)
    assert steps["contact"] == (False, False)


def test_legal_step_exists_only_for_a_legal_person(declaration):
    fill(declaration, legal=False, until="details")
    assert "legal" not in statuses(declaration)
    assert statuses(declaration)["contact"] == (False, True)


def test_saving_a_closed_step_is_refused(declaration):
    with pytest.raises(ValidationError) as info:
        services.save_step(
            declaration=declaration,
            step="contact",
            values={"address": "x"},
            actor=declaration.office.licence.holder,
        )
    assert "هنوز باز نیست" in str(info.value)


def test_a_complete_file_has_every_step_done_but_the_confirmation(filled):
    steps = statuses(filled)
    assert all(done for slug, (done, _open) in steps.items() if slug != "confirm")
    assert steps["confirm"] == (False, True)


def test_final_confirmation_sends_the_file_to_the_region_and_locks_it(filled, holder):
    declaration = services.confirm(declaration=filled, actor=holder, agree=True)
    assert declaration.state == Declaration.State.SUBMITTED
    assert declaration.due_on is not None
    assert not declaration.holder_may_edit
    assert [e.action for e in declaration.events.all()] == ["create", "confirm"]


def test_confirmation_needs_the_agreement_and_every_step(declaration, holder):
    with pytest.raises(ValidationError):
        services.confirm(declaration=declaration, actor=holder, agree=True)
    fill(declaration)
    with pytest.raises(ValidationError):
        services.confirm(declaration=declaration, actor=holder, agree=False)


def test_the_wizard_pages_render_for_the_holder(client, filled, holder):
    client.force_login(holder)
    for status in wizard.status(filled):
        response = client.get(reverse("counters:step", args=[filled.pk, status.step.slug]))
        assert response.status_code == 200, status.step.slug
        assert status.step.title in response.content.decode()


def test_a_closed_step_url_sends_the_holder_to_the_open_one(client, declaration, holder):
    client.force_login(holder)
    response = client.get(reverse("counters:step", args=[declaration.pk, "staff"]), follow=True)
    assert response.redirect_chain[-1][0].endswith("/step/documents/")
    assert "هنوز باز نیست" in response.content.decode()


def test_uploading_a_document_through_the_page(client, declaration, holder):
    client.force_login(holder)
    response = client.post(
        reverse("counters:step", args=[declaration.pk, "documents"]),
        {"kind": "signboard", "file": upload("sign.jpg", JPEG)},
    )
    assert response.status_code == 302
    assert declaration.documents.get().content_type == "image/jpeg"
    document = declaration.documents.get()
    response = client.get(reverse("counters:document", args=[declaration.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG


def test_staff_page_adds_a_person_with_a_jalali_birth_date(client, declaration, holder):
    fill(declaration, until="location")
    client.force_login(holder)
    response = client.post(
        reverse("counters:step", args=[declaration.pk, "staff"]),
        {
            "first_name": "زهرا",
            "last_name": "احمدی",
            "birth_date": "۱۳۶۵/۰۲/۱۵",
            "gender": "female",
            "national_code": "0499370899",
            "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
            "is_disabled": "on",
            "accepted_terms": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = declaration.staff.get()
    assert str(person.birth_date) == "1986-05-05"
    assert person.mobile == "+989121234567"


def test_holder_home_lists_the_office_and_starts_a_file(client, office, holder):
    client.force_login(holder)
    response = client.get(reverse("counters:home"))
    assert office.code in response.content.decode() or "۱۱۰۸" in response.content.decode()
    response = client.post(reverse("counters:start", args=[office.pk]), {"confirm_identity": "1"})
    declaration = Declaration.objects.get(office=office)
    assert response.url == reverse("counters:declaration", args=[declaration.pk])


def test_the_file_log_records_the_client_behind_the_trusted_proxy(client, office, holder, settings):
    """The client address comes from core.policy, as in the desk (it ignored MIZ_PROXY_COUNT)."""
    settings.MIZ_PROXY_COUNT = 1
    client.force_login(holder)
    client.post(
        reverse("counters:start", args=[office.pk]),
        {"confirm_identity": "1"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5",
    )
    event = Declaration.objects.get(office=office).events.first()
    assert event.ip == "203.0.113.5"


def test_last_years_contact_and_location_are_prefilled_but_not_done_until_reviewed(filled, holder):
    """Seed 003: prefilled data is for the holder to review; a carried-over step is not "done"."""
    services.confirm(declaration=filled, actor=holder, agree=True)
    next_year = services.start_declaration(office=filled.office, actor=holder, year=filled.year + 1)
    assert (next_year.latitude, next_year.longitude) == (filled.latitude, filled.longitude)
    assert next_year.address == filled.address
    assert wizard.problems(next_year, "contact") == ["اطلاعات این مرحله را بازبینی و ثبت کنید."]
    assert wizard.problems(next_year, "location") == ["اطلاعات این مرحله را بازبینی و ثبت کنید."]
    fill(next_year, until="contact")
    next_year.refresh_from_db()
    assert statuses(next_year)["location"] == (False, True)
    services.save_step(
        declaration=next_year,
        step="location",
        values={"latitude": next_year.latitude, "longitude": next_year.longitude},
        actor=holder,
    )
    next_year.refresh_from_db()
    assert statuses(next_year)["location"] == (True, True)


def test_a_new_file_shows_no_step_as_done_before_its_turn(client, declaration, holder):
    """An empty staff list used to pass for a complete one on a new file (side bar: «انجام شد»)."""
    assert wizard.problems(declaration, "staff")
    assert [s.step.slug for s in wizard.status(declaration) if s.done] == []
    client.force_login(holder)
    html = client.get(reverse("counters:step", args=[declaration.pk, "documents"])).content.decode()
    assert 'data-done="1"' not in html


def test_a_step_closed_by_an_earlier_change_is_not_shown_as_done(filled):
    filled.documents.filter(kind="degree").delete()
    steps = statuses(filled)
    assert steps["documents"] == (False, True)
    assert all(not done and not is_open for slug, (done, is_open) in steps.items() if slug != "documents")
