"""Multi-unit workflows (issue 14 item 2, D5, D7, P2): a step of another unit moves the request to
that unit's queue; the unit it left reads it and does not act; a step run by an external party is
left once its answer is recorded with its document; a step's role is respected; a unit no longer
active, a stale or double submit are refused or done once, with nothing changed."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from catalogue.models import WorkflowStep
from desk import services
from desk.models import Document, PastUnit, RequestEvent, ServiceRequest, State
from desk.tests.factories import docx_bytes, pdf_file

pytestmark = pytest.mark.django_db


@contextmanager
def refused(text: str):
    """A Persian refusal containing `text` (messages hold ZWNJs, which `match` would see escaped)."""
    with pytest.raises(ValidationError) as caught:
        yield
    assert text in " ".join(caught.value.messages), caught.value.messages


def queue_codes(client, user):
    client.force_login(user)
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 200
    return {r.tracking_code for r in response.context["reqs"]}


def advance(client, user, request, *, at_step=None, follow=True):
    client.force_login(user)
    data = {} if at_step is None else {"at_step": str(at_step)}
    return client.post(
        reverse("desk:transition", args=[request.tracking_code, "advance"]), data, follow=follow
    )


def answer(client, user, request, upload, *, at_step=None, note="نمونه با استاندارد ۱۵۶۸ منطبق است"):
    client.force_login(user)
    data = {"document": upload, "note": note}
    if at_step is not None:
        data["at_step"] = str(at_step)
    return client.post(reverse("desk:external_answer", args=[request.tracking_code]), data, follow=True)


def snapshot(request):
    row = ServiceRequest.objects.get(pk=request.pk)
    return (
        row.unit_id,
        row.step_number,
        row.assignee_id,
        row.state,
        row.events.count(),
        Document.objects.count(),
    )


def test_a_step_of_another_unit_moves_the_request_to_that_units_queue(
    client, in_review, expert, other_expert, unit, other_unit
):
    assert in_review.tracking_code in queue_codes(client, expert)
    assert in_review.tracking_code not in queue_codes(client, other_expert)
    page = advance(client, expert, in_review, at_step=1)
    assert "درخواست به «دفتر دیگر» رفت" in page.content.decode()
    request = ServiceRequest.objects.get(pk=in_review.pk)
    assert (request.unit, request.step_number, request.assignee) == (other_unit, 2, None)
    event = request.events.get(name="advance")
    assert event.payload["from_unit"] == unit.pk and event.payload["to_unit"] == other_unit.pk
    assert event.payload["from_unit_name"] == str(unit) and event.payload["to_unit_name"] == str(other_unit)
    assert (event.actor, event.step_number, event.payload["from_step"]) == (expert, 2, 1)
    assert in_review.tracking_code not in queue_codes(client, expert)
    assert in_review.tracking_code in queue_codes(client, other_expert)
    assert PastUnit.objects.filter(request=request, unit=unit).exists()
    assert request.search.unit_id == other_unit.pk  # the new unit's search finds it


def test_the_unit_it_left_reads_the_request_and_may_not_act_on_it(client, in_review, expert, head):
    advance(client, expert, in_review, at_step=1)
    before = snapshot(in_review)
    client.force_login(expert)
    page = client.get(reverse("desk:detail", args=[in_review.tracking_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="read-only-note"' in html and 'id="staff-actions"' not in html
    refusal = advance(client, expert, in_review, at_step=2).content.decode()
    assert "اکنون نزد «دفتر دیگر» است" in refusal
    with refused("فقط می‌تواند آن را ببیند"):
        services.transition(request=in_review, name="request_more", user=head, note="مدرک بیشتر")
    assert snapshot(in_review) == before


def test_a_unit_that_never_held_the_request_does_not_see_it(client, in_review, make_user, other_unit):
    stranger = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": other_unit})
    client.force_login(stranger)
    assert client.get(reverse("desk:detail", args=[in_review.tracking_code])).status_code == 404


def test_a_step_without_a_unit_keeps_the_request_where_it_is(
    client, in_review, expert, other_expert, other_unit
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)  # to the laboratory's step: no unit named
    request = ServiceRequest.objects.get(pk=in_review.pk)
    assert (request.unit, request.step_number) == (other_unit, 3)
    assert "to_unit" not in request.events.filter(name="advance").last().payload


def test_the_laboratorys_answer_is_recorded_with_its_document_and_the_request_moves_on(
    client, in_review, expert, other_expert, head, applicant, unit, lab
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    # Without the laboratory's answer the step is not left.
    with refused("پاسخ آزمایشگاه آزمون‌گستر"):
        services.transition(request=in_review, name="advance", user=other_expert)
    client.force_login(other_expert)
    page = client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    assert 'id="external-answer-form"' in page and 'id="do-advance"' not in page
    answer(client, other_expert, in_review, pdf_file("lab-report.pdf"), at_step=3)
    request = ServiceRequest.objects.get(pk=in_review.pk)
    assert (request.unit, request.step_number, request.state) == (unit, 4, State.IN_REVIEW)
    event = request.events.get(kind=RequestEvent.Kind.EXTERNAL)
    document = Document.objects.get(pk=event.payload["document"])
    assert (document.kind, document.original_name, event.step_number) == ("external", "lab-report.pdf", 3)
    assert event.payload["party"] == lab.pk and not event.public and event.actor == other_expert
    assert event.payload["note"] == "نمونه با استاندارد ۱۵۶۸ منطبق است"
    # The staff of both units read it, with the laboratory named; the applicant does not get it.
    for reader in (head, other_expert):
        client.force_login(reader)
        assert client.get(reverse("desk:document", args=[document.pk])).status_code == 200
        html = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
        assert "ثبت پاسخ طرف بیرونی" in html and "آزمایشگاه آزمون‌گستر" in html
    client.force_login(applicant)
    assert client.get(reverse("desk:document", args=[document.pk])).status_code == 404
    assert (
        "آزمون‌گستر" not in client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    )


def test_an_answer_whose_document_is_not_a_real_pdf_or_image_is_refused(
    client, in_review, expert, other_expert
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    before = snapshot(in_review)
    bad = SimpleUploadedFile("report.pdf", docx_bytes(), content_type="application/pdf")
    page = answer(client, other_expert, in_review, bad, at_step=3).content.decode()
    assert "پرونده «پاسخ آزمایشگاه آزمون‌گستر» تصویر JPEG یا PDF یا تصویر PNG نیست" in page
    assert snapshot(in_review) == before


def test_an_answer_is_only_for_a_step_an_external_party_runs(in_review, expert):
    with refused("در گامی نیست که طرف بیرونی"):
        services.record_external_answer(request=in_review, user=expert, upload=pdf_file(), at_step=1)
    assert not Document.objects.filter(kind="external").exists()


def test_a_step_sent_to_a_unit_no_longer_active_is_refused_and_nothing_changes(
    client, in_review, expert, other_unit
):
    other_unit.is_active = False
    other_unit.save()
    before = snapshot(in_review)
    page = advance(client, expert, in_review, at_step=1)
    assert page.status_code == 200
    assert "واحد «دفتر دیگر» که گام «ارزیابی فنی» بر عهده آن است دیگر فعال نیست" in page.content.decode()
    assert snapshot(in_review) == before
    assert not PastUnit.objects.exists()


def test_an_answer_whose_next_step_is_at_an_inactive_unit_stores_nothing(
    client, in_review, expert, other_expert, unit
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    unit.is_active = False
    unit.save()
    before = snapshot(in_review)
    page = answer(client, other_expert, in_review, pdf_file(), at_step=3).content.decode()
    assert "دیگر فعال نیست" in page
    assert snapshot(in_review) == before


def test_a_double_submit_of_advance_moves_the_request_one_step(client, in_review, expert, other_expert):
    first = advance(client, expert, in_review, at_step=1)
    second = advance(client, expert, in_review, at_step=1)
    assert first.status_code == second.status_code == 200
    assert "انجام شد" in second.content.decode()
    request = ServiceRequest.objects.get(pk=in_review.pk)
    assert request.step_number == 2
    assert request.events.filter(name="advance").count() == 1
    # Someone else's page, showing a step the request has left, is told so.
    with refused("دیگر در گامی که صفحه شما نشان می‌داد نیست"):
        services.transition(request=request, name="advance", user=other_expert, at_step=1)
    assert ServiceRequest.objects.get(pk=in_review.pk).step_number == 2


def test_a_double_submit_of_the_laboratorys_answer_records_it_once(client, in_review, expert, other_expert):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    answer(client, other_expert, in_review, pdf_file(), at_step=3)
    page = answer(client, other_expert, in_review, pdf_file(), at_step=3)
    assert page.status_code == 200 and "alert-danger" not in page.content.decode()
    assert Document.objects.filter(kind="external").count() == 1
    assert ServiceRequest.objects.get(pk=in_review.pk).step_number == 4


def test_a_step_of_the_unit_head_is_decided_by_the_head_not_an_expert(
    client, in_review, expert, other_expert, head
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    answer(client, other_expert, in_review, pdf_file(), at_step=3)
    with refused("«تصمیم نهایی» بر عهده رئیس واحد است"):
        services.transition(request=in_review, name="approve", user=expert)
    assert ServiceRequest.objects.get(pk=in_review.pk).state == State.IN_REVIEW
    services.transition(request=in_review, name="approve", user=head)
    assert ServiceRequest.objects.get(pk=in_review.pk).state == State.APPROVED


def test_the_applicant_sees_one_line_of_steps_without_units_or_the_laboratory(
    client, in_review, expert, other_expert, applicant
):
    advance(client, expert, in_review, at_step=1)
    advance(client, other_expert, in_review, at_step=2)
    client.force_login(applicant)
    html = client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    assert "گام ۳ از ۴: «آزمون نمونه» در حال انجام است." in html
    for internal in ("دفتر دیگر", "اداره کل آزمون", "آزمون‌گستر", "step-holder", "event-detail"):
        assert internal not in html, internal
    client.force_login(other_expert)
    staff_html = client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    assert "آزمایشگاه آزمون‌گستر" in staff_html and "step-holder" in staff_html


def test_a_unit_head_reassigning_a_request_leaves_their_unit_a_reader(
    client, head, submit, service, other_unit
):
    service.responsible_units.add(other_unit)
    request = submit()
    services.reassign_unit(request=request, unit=other_unit, by=head)
    client.force_login(head)
    assert client.get(reverse("desk:detail", args=[request.tracking_code])).status_code == 200
    with refused("فقط می‌تواند آن را ببیند"):
        services.transition(request=request, name="accept", user=head)


def test_a_catalogue_step_run_outside_names_its_party(routed, lab):
    step = WorkflowStep(service=routed, order=9, title="بازرسی", run_by=WorkflowStep.RunBy.EXTERNAL)
    with refused("طرف بیرونی انجام‌دهنده این گام را برگزینید"):
        step.full_clean()
    inside = WorkflowStep(
        service=routed, order=9, title="بازرسی", responsible_role=Role.STAFF_EXPERT, external_party=lab
    )
    with refused("فقط برای گامی است"):
        inside.full_clean()


def test_the_services_information_package_says_a_laboratory_runs_the_step_without_naming_it(client, routed):
    html = client.get(reverse("catalogue:detail", args=[routed.service_id])).content.decode()
    assert "آزمون نمونه" in html and "(در آزمایشگاه)" in html
    assert "آزمون‌گستر" not in html


def test_the_applicants_line_before_the_steps_begin_and_after_a_rejection(
    client, routed, submit, expert, applicant
):
    request = submit(svc=routed)
    client.force_login(applicant)
    url = reverse("desk:detail", args=[request.tracking_code])
    assert "بررسی هنوز آغاز نشده است؛ ۴ گام در پیش است." in client.get(url).content.decode()
    services.transition(request=request, name="reject", user=expert, note="مدارک ناقص است")
    html = client.get(url).content.decode()
    assert "هیچ گامی انجام نشد" in html and 'id="steps-summary"' not in html
