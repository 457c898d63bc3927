"""Which messages of a request a user may read: internal notes only for staff who work on or may
read the request."""

from desk.models import ServiceRequest
from desk.selectors.access import can_work_on, staff_may_read


def visible_messages(user, request: ServiceRequest):
    """The request's messages this user may read: staff who work on or may read the request see
    internal notes too; the applicant and everyone else only the public messages."""
    if can_work_on(user, request) or staff_may_read(user, request):
        return request.messages.select_related("author").prefetch_related("attachments")
    return public_messages(request)


def public_messages(request: ServiceRequest):
    """The messages the applicant reads (no staff notes), with their attachments: what the
    applicant's page shows and what a client system acting for the applicant's place reads."""
    return request.messages.filter(internal=False).select_related("author").prefetch_related("attachments")
