"""Writes of notification texts: save an edit of an event's texts (checked), restore the default.

An edit is refused whole, with Persian reasons, when a text uses an unknown variable, drops a
required one from the SMS, or has a malformed placeholder (notifications.texts); nothing is saved.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.text import normalize_text
from notifications import texts
from notifications.models import NotificationTemplate

CHANGE_PERMISSION = "notifications.change_notificationtemplate"


def check_editor(actor) -> None:
    if actor is None or not actor.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied("شما اجازه ویرایش متن اعلان‌ها را ندارید.")


def clean_texts(event: texts.Event, *, sms_body: str, email_subject: str, email_body: str) -> texts.Texts:
    """The edit as it would be stored, or ValidationError with a Persian message per field."""

    def plain(value: str) -> str:  # a browser sends a textarea's line breaks as CR LF
        return normalize_text((value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()

    edit = texts.Texts(sms=plain(sms_body), subject=plain(email_subject), email=plain(email_body))
    errors: dict[str, list[str]] = {}
    if not edit.sms:
        errors["sms_body"] = ["متن پیامک را بنویسید."]
    elif problems := texts.check_text(event, edit.sms, require=True):
        errors["sms_body"] = problems
    if "\n" in edit.subject:
        errors["email_subject"] = ["موضوع رایانامه یک سطر است."]
    elif problems := texts.check_text(event, edit.subject, require=False):
        errors["email_subject"] = problems
    if edit.email and (problems := texts.check_text(event, edit.email, require=True)):
        errors["email_body"] = problems
    if errors:
        raise ValidationError(errors)
    return edit


@transaction.atomic
def save_template(*, actor, event: texts.Event, sms_body: str, email_subject: str = "", email_body: str = ""):
    """Store the edit of `event`'s texts; an edit equal to the defaults removes the stored one.
    Returns the row, or None when the event is back on its defaults."""
    check_editor(actor)
    edit = clean_texts(event, sms_body=sms_body, email_subject=email_subject, email_body=email_body)
    if edit == texts.defaults(event):
        _delete(event)
        return None
    row = NotificationTemplate.objects.select_for_update().filter(event=event.code).first()
    row = row or NotificationTemplate(event=event.code)
    row.sms_body, row.email_subject, row.email_body = edit.sms, edit.subject, edit.email
    row.updated_by = actor
    row.save()
    return row


@transaction.atomic
def restore_default(*, actor, event: texts.Event) -> bool:
    """Back to the texts in code; True when there was an edit to remove."""
    check_editor(actor)
    return _delete(event)


def _delete(event: texts.Event) -> bool:
    # Row by row, so that the audit trail records the removed texts.
    removed = False
    for row in NotificationTemplate.objects.filter(event=event.code):
        row.delete()
        removed = True
    return removed
