"""Messages both ways with attachments, staff-only notes, and "ask for more" pausing the clock."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from desk import services
from desk.models import Message, State
from desk.tests.factories import PNG_BYTES, pdf_file
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(submit, expert):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    return request


def test_expert_asks_for_more_applicant_answers_with_attachment(client, in_review, expert, applicant):
    client.force_login(expert)
    client.post(
        reverse("desk:transition", args=[in_review.tracking_code, "request_more"]),
        {"note": "تصویر پروانه بهره‌برداری را بفرستید."},
    )
    in_review.refresh_from_db()
    assert in_review.state == State.AWAITING_APPLICANT and in_review.clock_paused
    assert Notification.objects.filter(event="desk.more_needed", channel="sms").exists()
    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    assert "تصویر پروانه بهره‌برداری را بفرستید." in page
    response = client.post(
        reverse("desk:message", args=[in_review.tracking_code]),
        {"body": "پروانه پیوست است.", "attachment": pdf_file("licence.pdf")},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == State.IN_REVIEW and not in_review.clock_paused
    message = Message.objects.get(body="پروانه پیوست است.")
    assert message.attachments.get().original_name == "licence.pdf"
    answer = in_review.events.get(name="applicant_answer")
    assert answer.actor == applicant and answer.payload == {"message": message.pk}
    # The expert sees the attachment and downloads it.
    client.force_login(expert)
    download = client.get(reverse("desk:document", args=[message.attachments.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")


def test_staff_message_notifies_the_applicant(in_review, expert):
    message = services.post_message(request=in_review, author=expert, body="در حال بررسی است.")
    assert message.from_staff and not message.internal
    assert Notification.objects.filter(event="desk.message", related_id=str(in_review.pk)).exists()


def test_staff_notes_are_never_shown_to_the_applicant(client, in_review, expert, applicant):
    note = services.post_message(
        request=in_review,
        author=expert,
        body="یادداشت محرمانه کارشناس",
        internal=True,
        files=[pdf_file("n.pdf")],
    )
    client.force_login(applicant)
    html = client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    assert "یادداشت محرمانه کارشناس" not in html
    assert client.get(reverse("desk:document", args=[note.attachments.get().pk])).status_code == 404
    assert not in_review.events.get(name="note").public
    track = client.post(
        reverse("desk:track"), {"code": in_review.tracking_code, "identifier": applicant.national_code}
    )
    assert "یادداشت داخلی" not in track.content.decode()
    client.force_login(expert)
    assert (
        "یادداشت محرمانه کارشناس"
        in client.get(reverse("desk:detail", args=[in_review.tracking_code])).content.decode()
    )


def test_applicant_cannot_write_notes(in_review, applicant):
    with pytest.raises(ValidationError, match="یادداشت داخلی فقط برای کارکنان"):
        services.post_message(request=in_review, author=applicant, body="x", internal=True)


def test_a_message_with_script_is_refused_and_nothing_stored(client, in_review, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("desk:message", args=[in_review.tracking_code]),
        {"body": "سلام <script>alert(1)</script>"},
        follow=True,
    )
    html = response.content.decode()
    assert "پیام نمی‌تواند برچسب HTML یا اسکریپت داشته باشد؛ متن ساده بنویسید." in html
    assert "<script>alert(1)</script>" not in html
    assert not Message.objects.exists()
    assert not in_review.events.filter(kind="message").exists()


def test_a_bad_attachment_is_refused_and_nothing_stored(in_review, applicant):
    fake = SimpleUploadedFile("photo.png", b"<html>not a png</html>", content_type="image/png")
    with pytest.raises(ValidationError, match="PNG"):
        services.post_message(request=in_review, author=applicant, body="عکس", files=[fake])
    assert not Message.objects.exists()
    good = SimpleUploadedFile("photo.png", PNG_BYTES, content_type="image/png")
    services.post_message(request=in_review, author=applicant, body="عکس", files=[good])
    assert Message.objects.get().attachments.get().content_type == "image/png"


def test_strangers_cannot_message(client, in_review, other_applicant, other_expert):
    for user in (other_applicant, other_expert):
        client.force_login(user)
        assert (
            client.post(reverse("desk:message", args=[in_review.tracking_code]), {"body": "x"}).status_code
            == 404
        )
    assert not Message.objects.exists()


def test_a_closed_request_takes_no_messages(in_review, applicant):
    from desk.models import ServiceRequest

    ServiceRequest.objects.filter(pk=in_review.pk).update(state=State.CLOSED)
    in_review.refresh_from_db()
    with pytest.raises(ValidationError, match="بسته است"):
        services.post_message(request=in_review, author=applicant, body="x")


def test_the_answer_is_a_message_not_a_bare_button(client, in_review, expert, applicant):
    services.transition(request=in_review, name="request_more", user=expert, note="مدرک")
    client.force_login(applicant)
    response = client.post(
        reverse("desk:transition", args=[in_review.tracking_code, "applicant_answer"]), follow=True
    )
    assert "برای پاسخ، پیام و مدارک خواسته‌شده را بفرستید." in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.state == State.AWAITING_APPLICANT and in_review.clock_paused
