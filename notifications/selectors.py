"""Reads: the texts in force for a notification event, and the list of events for the admin."""

from notifications import texts
from notifications.models import NotificationTemplate


def texts_for(event: texts.Event) -> texts.Texts:
    """The stored edit of `event`, or its defaults."""
    return texts_of(event, NotificationTemplate.objects.filter(event=event.code).first())


def texts_of(event: texts.Event, row: NotificationTemplate | None) -> texts.Texts:
    if row is None:
        return texts.defaults(event)
    return texts.Texts(sms=row.sms_body, subject=row.email_subject, email=row.email_body, customised=True)


def event_rows() -> list[tuple[texts.Event, NotificationTemplate | None]]:
    """Every declared event with its stored edit (None while it uses the default)."""
    stored = {row.event: row for row in NotificationTemplate.objects.select_related("updated_by")}
    return [(event, stored.get(event.code)) for event in texts.events()]
