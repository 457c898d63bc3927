"""Reads: the texts in force for a notification event, and the list of events for the admin."""

import logging

from notifications import texts
from notifications.models import NotificationTemplate

logger = logging.getLogger(__name__)


def texts_for(event: texts.Event) -> texts.Texts:
    """The stored edit of `event`, or its defaults."""
    return texts_of(event, stored(event))


def stored(event: texts.Event) -> NotificationTemplate | None:
    return NotificationTemplate.objects.filter(event=event.code).first()


def texts_of(event: texts.Event, row: NotificationTemplate | None) -> texts.Texts:
    """`row`'s texts, or the defaults when there is no row or it no longer fits the event's
    variables (a later release renamed one): a stale edit never stops the message being sent."""
    if row is None:
        return texts.defaults(event)
    if stale(event, row):
        logger.warning("notification text %s: its stored edit no longer fits; default sent", event.code)
        return texts.defaults(event)
    return texts.Texts(sms=row.sms_body, subject=row.email_subject, email=row.email_body, customised=True)


def stale(event: texts.Event, row: NotificationTemplate) -> bool:
    return bool(
        texts.check_text(event, row.sms_body, require=True)
        or texts.check_text(event, row.email_subject, require=False)
        or (row.email_body and texts.check_text(event, row.email_body, require=True))
    )


def event_rows() -> list[tuple[texts.Event, NotificationTemplate | None]]:
    """Every declared event with its stored edit (None while it uses the default)."""
    rows = {row.event: row for row in NotificationTemplate.objects.select_related("updated_by")}
    return [(event, rows.get(event.code)) for event in texts.events()]
