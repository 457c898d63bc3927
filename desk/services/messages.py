"""Messages between applicant and staff, and staff-only notes, with their attachments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from core.text import normalize_text
from core.uploads import check_upload
from desk import notices, search, selectors, uploads, workflow
from desk.models import (
    Document,
    Message,
    RequestEvent,
    State,
)
from desk.services import alerts
from desk.services.access import _staff_role
from desk.services.intake import _save_document

Kind = RequestEvent.Kind


def clean_body(body: str) -> str:
    """Messages are plain text: markup is refused, not stored (templates escape it anyway)."""
    text = normalize_text(body or "").strip()
    if not text:
        raise ValidationError("متن پیام را بنویسید.", code="empty")
    if strip_tags(text) != text or ("<" in text and ">" in text):
        raise ValidationError(
            "پیام نمی‌تواند برچسب HTML یا اسکریپت داشته باشد؛ متن ساده بنویسید.", code="markup"
        )
    if len(text) > 5000:
        raise ValidationError("پیام بیش از ۵۰۰۰ نویسه است.", code="too_long")
    return text


@transaction.atomic
def post_message(
    *, request, author, body: str, files=(), internal: bool = False, ip: str | None = None
) -> Message:
    """A message (with attachments) from the applicant or staff, or a staff-only note.

    An applicant's message while the request awaits them is their answer: the clock resumes."""
    staff = selectors.can_work_on(author, request)
    applicant = selectors.is_applicant(author, request)
    if not (staff or applicant):
        conflict = selectors.conflict_of_interest(author, request)
        raise ValidationError(conflict or "شما نمی‌توانید در این درخواست پیام بفرستید.", code="forbidden")
    if internal and not staff:
        raise ValidationError("یادداشت داخلی فقط برای کارکنان است.", code="forbidden")
    if request.state in (State.CLOSED, State.WITHDRAWN):
        raise ValidationError("این درخواست بسته است و پیام تازه نمی‌پذیرد.", code="closed")
    text = clean_body(body)
    checked = []
    errors = []
    for upload in files:
        try:
            checked.append(
                check_upload(
                    upload,
                    formats=uploads.ATTACHMENT_FORMATS,
                    max_bytes=uploads.ATTACHMENT_MAX_BYTES,
                    title=getattr(upload, "name", "پیوست"),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    from_staff = staff and not applicant
    message = Message.objects.create(
        request=request,
        author=author,
        from_staff=from_staff,
        internal=internal,
        body=text,
        created_at=timezone.now(),
    )
    search.refresh(request)
    for item in checked:
        _save_document(
            request=request, checked=item, kind=Document.Kind.ATTACHMENT, by=author, message=message
        )
    role = _staff_role(author, request) if from_staff else Role.APPLICANT
    workflow.record(
        request,
        kind=Kind.NOTE if internal else Kind.MESSAGE,
        name="note" if internal else "message",
        actor=author,
        actor_role=role,
        ip=ip,
        payload={"message": message.pk, "attachments": len(checked)},
        public=not internal,
    )
    if applicant and request.state == State.AWAITING_APPLICANT:
        workflow.apply(
            request,
            "applicant_answer",
            actor=author,
            actor_kind=workflow.APPLICANT,
            actor_role=role,
            ip=ip,
            payload={"message": message.pk},
        )
    elif from_staff and not internal:
        notices.staff_message(request, message.pk)
    if applicant:
        alerts.applicant_replied(request, message.pk)
    return message
