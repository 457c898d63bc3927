"""What a request keeps of its SLA clock for others to read (decision 0145): the figures' field
options, and the requests that should keep figures but keep none (answered or first responded to
without them: rows written in SQL, an interrupted backfill). The summary's rebuild looks for those
first (`reports.measure.unmeasured`); there are normally none, and through their own partial index
looking costs nothing however many requests there are (at 10,000,000 without it, the walk of the
whole primary key for the first and last such id took 3.3-5.7 s of every rebuild)."""

from django.db import models
from django.db.models import Q

__all__ = ["KEPT", "unmeasured", "unmeasured_index"]

KEPT = {"null": True, "blank": True, "editable": False}


def unmeasured(answered) -> Q:
    """Requests in one of the states `answered` with a decision, or first responded to, that keep
    no figures of it."""
    return Q(state__in=answered, decided_at__isnull=False, answer_working_days__isnull=True) | Q(
        first_responded_at__isnull=False, first_response_working_days__isnull=True
    )


def unmeasured_index(answered) -> models.Index:
    return models.Index(fields=["id"], condition=unmeasured(answered), name="desk_request_unmeasured")
