"""The electronic response: issued with its document or a generated PDF, and its delivery."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from core.text import normalize_text
from core.uploads import CheckedFile, check_upload
from desk import notices, selectors, uploads, workflow
from desk.models import (
    Decision,
    Document,
    RequestEvent,
    Response,
    State,
)
from desk.services.access import _staff_role, check_staff
from desk.services.intake import _save_document

Kind = RequestEvent.Kind


@transaction.atomic
def issue_response(
    *, request, user, text: str, upload=None, ip: str | None = None, base_url: str = ""
) -> Response:
    """Record the response to a decided request: a generated PDF letter or certificate with a QR
    link to the public verification page, or an uploaded PDF; then `issue_response`."""
    check_staff(user, request)
    if request.state not in (State.APPROVED, State.REJECTED):
        raise ValidationError(
            "پاسخ فقط برای درخواست تأییدشده یا ردشده صادر می‌شود.", code="invalid_transition"
        )
    if hasattr(request, "response"):
        raise ValidationError("پاسخ این درخواست پیش‌تر صادر شده است.", code="duplicate")
    text = normalize_text(strip_tags(text or "")).strip()
    if not text:
        raise ValidationError("متن پاسخ را بنویسید.", code="empty")
    decision = Decision.APPROVED if request.state == State.APPROVED else Decision.REJECTED
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    if upload is not None:
        checked = check_upload(
            upload, formats=uploads.RESPONSE_FORMATS, max_bytes=uploads.RESPONSE_MAX_BYTES, title="پاسخ خدمت"
        )
        generated = False
    else:
        from desk import pdf

        data = pdf.response_pdf(
            request=request, decision=decision, text=text, token=token, issued_at=now, base_url=base_url
        )
        checked = CheckedFile(
            original_name=f"response-{request.tracking_code}.pdf",
            data=data,
            format="pdf",
            content_type="application/pdf",
            sha256=__import__("hashlib").sha256(data).hexdigest(),
        )
        generated = True
    document = _save_document(request=request, checked=checked, kind=Document.Kind.RESPONSE, by=user)
    response = Response.objects.create(
        request=request,
        decision=decision,
        text=text,
        document=document,
        generated=generated,
        verification_token=token,
        issued_by=user,
        issued_at=now,
    )
    request.response = response
    workflow.apply(
        request,
        "issue_response",
        actor=user,
        actor_kind=workflow.STAFF,
        actor_role=_staff_role(user, request),
        ip=ip,
        payload={"document": document.pk, "generated": generated},
    )
    notices.response_ready(request)
    return response


@transaction.atomic
def record_response_download(*, request, user, ip: str | None = None) -> None:
    """The applicant took their response: log it, and the first time close the request."""
    if not selectors.is_applicant(user, request):
        return
    first = not request.events.filter(kind=Kind.DOWNLOAD).exists()
    workflow.record(
        request, kind=Kind.DOWNLOAD, name="download_response", actor=user, actor_role=Role.APPLICANT, ip=ip
    )
    if first and request.state == State.RESPONSE_ISSUED:
        workflow.apply(
            request,
            "close",
            actor=user,
            actor_kind=workflow.SYSTEM,
            actor_role=Role.APPLICANT,
            ip=ip,
            payload={"reason": "response_delivered"},
        )
        notices.survey(request)
