"""Electronic response (D6): decision, generated certificate with a QR link to the public
verification page, or an uploaded file; the applicant downloads it and the request closes."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from desk import services, uploads
from desk.models import Response, State
from desk.tests.factories import PDF_BYTES, pdf_file
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(submit, expert):
    request = submit()
    for name in ("accept", "start_review", "advance", "approve"):
        services.transition(request=request, name=name, user=expert)
    return request


def test_generated_certificate_and_applicant_download(client, approved, expert, applicant):
    client.force_login(expert)
    client.post(reverse("desk:response", args=[approved.tracking_code]), {"text": "پروانه صادر شد."})
    response = Response.objects.get()
    approved.refresh_from_db()
    assert approved.state == State.RESPONSE_ISSUED and response.generated
    # The certificate itself: a PDF whose text names its verification address beside a QR image.
    certificate = PdfReader(io.BytesIO(uploads.read(response.document.stored_name)))
    text = "".join(page.extract_text() for page in certificate.pages)
    verify_url = "http://testserver" + reverse("desk:verify", args=[response.verification_token])
    assert verify_url in text.replace("\n", "")
    assert any(page.images for page in certificate.pages)
    assert Notification.objects.filter(event="desk.response_ready").exists()
    assert Notification.objects.filter(event="desk.decision").exists()

    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[approved.tracking_code])).content.decode()
    assert 'id="download-response"' in page
    download = client.get(reverse("desk:download_response", args=[approved.tracking_code]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    approved.refresh_from_db()
    assert approved.state == State.CLOSED and approved.closed_at
    assert approved.events.filter(name="download_response").count() == 1
    assert Notification.objects.filter(event="desk.survey").exists()
    # Downloading again logs it and changes nothing else.
    client.get(reverse("desk:download_response", args=[approved.tracking_code]))
    assert approved.events.filter(name="download_response").count() == 2
    assert approved.events.filter(name="close").count() == 1


def test_public_verification_page(client, approved, expert):
    response = services.issue_response(request=approved, user=expert, text="گواهی")
    html = client.get(reverse("desk:verify", args=[response.verification_token])).content.decode()
    assert approved.tracking_display in html and "تأیید" in html and response.document.sha256 in html
    assert approved.applicant.national_code not in html
    assert client.get(reverse("desk:verify", args=["not-a-token"])).status_code == 404


def test_verification_hash_is_latin_left_to_right_and_wraps_on_a_phone(client, approved, expert):
    # The body font draws Persian digits (ss01): a hex digest compared with `sha256sum` must keep
    # its Latin digits (monospace), read left to right, and wrap instead of overflowing a phone.
    response = services.issue_response(request=approved, user=expert, text="گواهی")
    html = client.get(reverse("desk:verify", args=[response.verification_token])).content.decode()
    cell = re.search(r"<dd([^>]*)>\s*" + response.document.sha256, html)
    assert cell, html
    attrs = cell.group(1)
    assert 'dir="ltr"' in attrs and "font-monospace" in attrs and "text-break" in attrs


def test_uploaded_response_file(approved, expert):
    response = services.issue_response(
        request=approved, user=expert, text="نامه پیوست", upload=pdf_file("letter.pdf")
    )
    assert not response.generated and response.document.original_name == "letter.pdf"
    assert response.document.sha256


def test_uploaded_response_must_be_a_pdf(approved, expert):
    fake = SimpleUploadedFile("letter.pdf", b"plain text", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.issue_response(request=approved, user=expert, text="x", upload=fake)
    approved.refresh_from_db()
    assert approved.state == State.APPROVED and not Response.objects.exists()


def test_rejection_letter(submit, expert):
    request = submit()
    services.transition(request=request, name="reject", user=expert, note="مدارک ناقص است.")
    response = services.issue_response(request=request, user=expert, text="درخواست رد شد.")
    assert response.decision == "rejected" and request.state == State.RESPONSE_ISSUED


def test_no_response_before_a_decision_or_twice(submit, approved, expert):
    with pytest.raises(ValidationError, match="تأییدشده یا ردشده"):
        services.issue_response(request=submit(), user=expert, text="x")
    services.issue_response(request=approved, user=expert, text="x")
    with pytest.raises(ValidationError):
        services.issue_response(request=approved, user=expert, text="x")


def test_other_users_cannot_download_the_response(client, approved, expert, other_applicant, other_expert):
    response = services.issue_response(request=approved, user=expert, text="x")
    for user in (other_applicant, other_expert):
        client.force_login(user)
        assert client.get(reverse("desk:download_response", args=[approved.tracking_code])).status_code == 404
        assert client.get(reverse("desk:document", args=[response.document.pk])).status_code == 404
    approved.refresh_from_db()
    assert approved.state == State.RESPONSE_ISSUED


def test_pdf_bytes_are_a_real_pdf(approved, expert):
    response = services.issue_response(request=approved, user=expert, text="x")
    data = uploads.read(response.document.stored_name)
    assert data.startswith(b"%PDF") and data != PDF_BYTES and len(data) > 5000
