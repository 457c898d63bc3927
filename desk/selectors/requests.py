"""Requests by who asks: `visible_requests` (every list), `request_for` (every lookup by id or
tracking code), the applicant's and the operator's lists, and the API's lookup by places."""

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse

from core.prepared import Prepared
from desk import tracking
from desk.models import PastUnit, ServiceRequest
from desk.selectors import definitions
from desk.selectors.scopes import auditor_unit_ids, sees_everything, staff_unit_ids, user_scopes


def visible_requests(user) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.select_related("service", "unit", "assignee", "applicant", "counter_office")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_everything(user):
        return qs
    condition = Q(applicant=user)
    office_ids = user_scopes(user)["offices"]
    if office_ids:
        condition |= Q(counter_office_id__in=office_ids)
    unit_ids = staff_unit_ids(user) | auditor_unit_ids(user)
    if unit_ids:
        # Requests their unit handles, those its in-person desk filed for applicants, and those
        # it held at an earlier step (read only: `can_work_on` asks for the unit holding it).
        condition |= (
            Q(unit_id__in=unit_ids)
            | Q(intake_unit_id__in=unit_ids)
            | Q(pk__in=PastUnit.objects.filter(unit_id__in=unit_ids).values("request_id"))
        )
    return qs.filter(condition)


def applicant_requests(user) -> QuerySet[ServiceRequest]:
    """The requests `user` filed (or were filed for them), newest first: their «my requests» list."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    return (
        ServiceRequest.objects.filter(applicant=user)
        .select_related("service", "unit")
        .order_by("-submitted_at", "-pk")
    )


def filed_for_others(user) -> QuerySet[ServiceRequest]:
    """Requests this user's counter office or in-person desk filed for applicants (D11): the
    operator's follow-up list. Only what `visible_requests` already allows."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    offices = user_scopes(user)["offices"]
    units = staff_unit_ids(user)
    if not (offices or units):
        return ServiceRequest.objects.none()
    here = Q(counter_office_id__in=offices) | Q(intake_unit_id__in=units)
    return visible_requests(user).filter(here).exclude(applicant=user).select_related("intake_unit")


def request_links(user, ids: list[str]) -> dict[str, str]:
    """{id: page} of the requests among `ids` that `user` may open (links of their notices)."""
    pks = [int(pk) for pk in ids if str(pk).isdigit()]
    rows = visible_requests(user).filter(pk__in=pks).values_list("pk", "tracking_code")
    return {str(pk): reverse("desk:detail", args=[code]) for pk, code in rows}


def _public_lookup(kind: str) -> Prepared:
    """A tracking code with the applicant's national code or mobile: the public tracking page's
    and the API status's read, compiled once per process (decision 0127). The public page and the
    API's status read the service, never the unit: one join less."""
    return Prepared(
        lambda code, value: ServiceRequest.objects.select_related("service").filter(
            tracking_code=code, **{f"applicant__{kind}": value}
        ),
        ServiceRequest,
        code=str,
        value=str,
    )


_PUBLIC_LOOKUPS = {kind: _public_lookup(kind) for kind in ("national_code", "mobile")}


def request_for(user, id_or_code, *, identity: tuple[str, str] | None = None) -> ServiceRequest:
    """The request with this id or tracking code if `user` may see it; otherwise 404.

    The public tracking page passes `identity` = ("national_code" | "mobile", value): then the
    tracking code must belong to an applicant with that national code or mobile, whoever asks.
    """
    text = tracking.normalize(id_or_code)
    if identity is not None:
        kind, value = identity
        if kind not in _PUBLIC_LOOKUPS or not value or len(text) != tracking.LENGTH or not text.isdigit():
            raise Http404("درخواست یافت نشد.")
        found = _PUBLIC_LOOKUPS[kind].first_object(code=text, value=str(value))
        if found is None:
            raise Http404("درخواست یافت نشد.")
        return found
    qs = visible_requests(user)
    if isinstance(id_or_code, int):
        lookup = Q(pk=id_or_code)
    elif len(text) == tracking.LENGTH and text.isdigit():
        lookup = Q(tracking_code=text)
    elif text.isdigit() and len(text) < 12:
        lookup = Q(pk=int(text))
    else:
        raise Http404("درخواست یافت نشد.")
    try:
        return qs.get(lookup)
    except ServiceRequest.DoesNotExist as exc:
        raise Http404("درخواست یافت نشد.") from exc


def requests_at_places(*, office_ids, unit_ids, province_ids) -> QuerySet[ServiceRequest]:
    """Every request filed at one of these counter offices (or an office in one of these
    provinces), taken in or handled by one of these units: what a client system may read."""
    where = (
        Q(counter_office_id__in=office_ids)
        | Q(counter_office__province_id__in=province_ids)
        | Q(intake_unit_id__in=unit_ids)
        | Q(unit_id__in=unit_ids)
    )
    return ServiceRequest.objects.select_related("service", "counter_office", "intake_unit", "unit").filter(
        where
    )


def request_for_places(code, *, office_ids, unit_ids, province_ids) -> ServiceRequest:
    """The request with this tracking code if it was filed at one of these counter offices (or
    an office in one of these provinces), taken in or handled by one of these units; otherwise
    404, the same answer whether the code is unknown or another system's (the API's
    `requests:read`, with the places of `apiclients.selectors.places_of`)."""
    text = tracking.normalize(code)
    if len(text) != tracking.LENGTH or not text.isdigit():
        raise Http404("درخواستی با این کد رهگیری در مکان‌های این سامانه یافت نشد.")
    try:
        request = requests_at_places(office_ids=office_ids, unit_ids=unit_ids, province_ids=province_ids).get(
            tracking_code=text
        )
    except ServiceRequest.DoesNotExist as exc:
        raise Http404("درخواستی با این کد رهگیری در مکان‌های این سامانه یافت نشد.") from exc
    # Its service's steps (the answer's progress, the write services' current step) from the cache.
    definitions.attach_steps(request.service, definitions.public_steps(request.service))
    return request


def in_places(request: ServiceRequest, *, office_ids, unit_ids, province_ids) -> bool:
    """Whether the request is at these places by `request_for_places`' rule (its counter office,
    that office's province, its intake unit or the unit holding it): what a client system hears
    of through webhooks. Reads `counter_office` (select it with the request)."""
    office = request.counter_office
    return bool(
        (office is not None and (office.pk in office_ids or office.province_id in province_ids))
        or request.intake_unit_id in unit_ids
        or request.unit_id in unit_ids
    )


def request_page(user, id_or_code, *, identity: tuple[str, str] | None = None) -> ServiceRequest:
    """`request_for`, with its service's workflow steps fetched in the same go: a request's page
    (staff, applicant, public tracking) reads them for the clock, the timeline, the progress and
    the current step, a query each otherwise (docs/performance-desk.md, «Queries per page»); and
    for the signed-in pages its response and rating with the request, and its fields and
    responsible units from the definition's cache."""
    from django.db.models import Prefetch

    from catalogue.models import WorkflowStep

    request = request_for(user, id_or_code, identity=identity)
    if identity is not None:  # the public page names no one: the steps as the cache keeps them
        definitions.attach_steps(request.service, definitions.public_steps(request.service))
        return request
    # Staff read who holds each step, and a unit renamed does not move the service's version.
    # A signed-in page shows the response and the rating when there are (none there is
    # remembered too, so the page does not ask again). Each is read on its own by the request's
    # id, not joined to the request's read: PostgreSQL spent 2–5 ms planning that read of eight
    # tables and 0.2 ms running it; two reads of one table cost about 0.3 ms each (issue 18,
    # docs/performance-desk.md «The request page: two reads more, planned in less time»).
    steps = WorkflowStep.objects.select_related("responsible_unit", "external_party")
    prefetch_related_objects([request], Prefetch("service__steps", queryset=steps), "response", "feedback")
    # Its form's fields (the answers' labels) and the units responsible for it (places of a visit,
    # units to send it to) as of the service's version, from the cache.
    definition = definitions.definition_of(request.service)
    for name in ("fields", "responsible_units"):
        definitions.attach(request.service, name, getattr(definition, name).all())
    return request
