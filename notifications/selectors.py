"""Reads: the texts in force for a notification event, the list of events for the admin, and a
user's in-app notices (their list, unread count and links)."""

import logging
from collections.abc import Callable

from django.db.models import QuerySet

from core.nav import BADGE_CAP
from core.prepared import Prepared
from core.registry import Registry
from notifications import texts
from notifications.models import Notice, NotificationTemplate

logger = logging.getLogger(__name__)


def texts_for(event: texts.Event) -> texts.Texts:
    """The stored edit of `event`, or its defaults."""
    return texts_of(event, stored(event))


# Every message sent reads it (three in a filing through the API): compiled once (decision 0127).
_STORED = Prepared(
    lambda code: NotificationTemplate.objects.filter(event=code), NotificationTemplate, code=str
)


def stored(event: texts.Event) -> NotificationTemplate | None:
    return _STORED.first_object(code=event.code)


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


# --- in-app notices ---------------------------------------------------------------------------

# How a notice links to its related object, registered by the app that owns the model (in its
# AppConfig.ready()): model label ("desk.servicerequest") → links(user, ids) giving {id: url} for
# the ids of those objects that this user may open; an object missing from it gets no link.
notice_links = Registry("notice links")


def register_notice_links(model, links: Callable[[object, list[str]], dict[str, str]]) -> None:
    notice_links.register(model._meta.label_lower, links)


def notices_for(user) -> QuerySet[Notice]:
    """The user's own notices, newest first (nobody else's, whatever id is asked for)."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(user=user).select_related("related_type").order_by("-created_at", "-id")


def unread_notice_count(user) -> int:
    """One count over the partial index of unread notices, stopped past the menu badge's cap
    (`core.nav.BADGE_CAP` + 1 at most: the badge then shows «۹۹+»)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).order_by()[: BADGE_CAP + 1].count()


def with_links(user, notices) -> list[Notice]:
    """`notices` with `.link` set: the page of its related object if this user may open it, else
    "" (one query per kind of related object)."""
    notices = list(notices)
    wanted: dict[str, list[str]] = {}
    for notice in notices:
        if notice.related_type_id and notice.related_id:
            wanted.setdefault(_label(notice), []).append(notice.related_id)
    found: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        links = notice_links.get(label)
        if links is not None:
            found.update({(label, str(pk)): url for pk, url in links(user, ids).items()})
    for notice in notices:
        label = _label(notice) if notice.related_type_id else ""
        notice.link = found.get((label, notice.related_id), "")
    return notices


def _label(notice: Notice) -> str:
    """The related object's model label, as `model._meta.label_lower` spells it."""
    return f"{notice.related_type.app_label}.{notice.related_type.model}"
