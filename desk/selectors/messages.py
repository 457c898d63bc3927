"""Which messages of a request a user may read: internal notes only for staff who work on or may
read the request."""

from django.db.models import Prefetch, prefetch_related_objects

from core.prepared import Prepared
from desk.models import Message, ServiceRequest
from desk.selectors.access import can_work_on, staff_may_read

# A message's attachments as a plain list (`message.files`): a page or an answer lists them for
# every message, and `message.attachments.all()` over a prefetch makes a queryset each time.
FILES = Prefetch("attachments", to_attr="files")


def visible_messages(user, request: ServiceRequest):
    """The request's messages this user may read: staff who work on or may read the request see
    internal notes too; the applicant and everyone else only the public messages."""
    if can_work_on(user, request) or staff_may_read(user, request):
        return request.messages.select_related("author").prefetch_related(FILES)
    return public_messages(request)


def public_messages(request: ServiceRequest):
    """The messages the applicant reads (no staff notes), with their attachments: what the
    applicant's page shows and what a client system acting for the applicant's place reads."""
    return request.messages.filter(internal=False).select_related("author").prefetch_related(FILES)


# What every answer of the API about a request reads: compiled once (decision 0127).
_PUBLIC_MESSAGES = Prepared(
    lambda request_id: public_messages(ServiceRequest(pk=request_id)), Message, request_id=int
)


def public_message_list(request: ServiceRequest) -> list[Message]:
    """`public_messages(request)` read: the messages with their authors and attachments."""
    messages = _PUBLIC_MESSAGES.objects(request_id=request.pk)
    for message in messages:
        Message.request.field.set_cached_value(message, request)  # as `request.messages` does
    prefetch_related_objects(messages, FILES)
    return messages
