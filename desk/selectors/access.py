"""What a user may do with a request they see: act on it as its unit's staff (`can_work_on`), read
it staff-side, separation of duties (`conflict_of_interest`), and open its files."""

from django.http import Http404

from accounts.models import Role
from accounts.selectors import roles_at
from desk import tracking
from desk.models import Document, ServiceRequest
from desk.selectors.requests import request_for
from desk.selectors.scopes import STAFF_ROLES, auditor_unit_ids, sees_everything, staff_unit_ids


def held_before(user, request: ServiceRequest) -> bool:
    """Whether a unit of this user's (staff or auditor) held the request before it moved on."""
    unit_ids = staff_unit_ids(user) | auditor_unit_ids(user)
    return bool(unit_ids) and request.past_units.filter(unit_id__in=unit_ids).exists()


def can_work_on(user, request: ServiceRequest) -> bool:
    """Staff of the request's unit (or an administrator) may act on it; auditors only read; and
    nobody acts as staff on a request that is their own (`conflict_of_interest`). Every staff
    action in `desk.services` and every staff button on the pages asks this."""
    return is_unit_staff(user, request) and not conflict_of_interest(user, request)


def is_unit_staff(user, request: ServiceRequest) -> bool:
    """Staff of the request's unit (a role held there or, for a head, above it) or an
    administrator, whoever the request is about. Roles held in other units never count."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or Role.ADMINISTRATOR in user.role_codes():
        return True
    return bool(roles_at(user, request.unit) & set(STAFF_ROLES))


OWN_REQUEST = "این درخواست را خودتان ثبت کرده‌اید؛ کارکنان دیگر واحد به آن رسیدگی می‌کنند."
OWN_COMPANY = (
    "این درخواست به خود شما یا شرکتی که به شما وابسته است مربوط است؛ کارکنان دیگر واحد به آن رسیدگی می‌کنند."
)


def _identifiers(user) -> set[str]:
    return {v for v in (user.national_code, getattr(user, "legal_national_id", None)) if v}


def _company_ids(user) -> set[int]:
    """The companies the user acts for or asked to (a pending membership is a tie all the same)."""
    from accounts.models import CompanyMembership

    return set(
        CompanyMembership.objects.filter(user=user)
        .exclude(status=CompanyMembership.Status.REVOKED)
        .values_list("company_id", flat=True)
    )


def conflict_of_interest(user, request: ServiceRequest) -> str:
    """Why `user` may not act as staff on `request` (separation of duties), or "".

    The request is theirs when they are its applicant; it concerns them or their company when its
    applicant is an account whose one-time codes go to their mobile (they act for it), when it was
    filed for a company they belong to (or asked to), or when the request names them: their
    national code or legal id is an answer in its form (a company's request names its CEO or
    representative by national code)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if request.applicant_id == user.pk:
        return OWN_REQUEST
    applicant = request.applicant
    if applicant.mobile and applicant.mobile == user.mobile:
        return OWN_COMPANY
    if request.company_id and request.company_id in _company_ids(user):
        return OWN_COMPANY
    mine = _identifiers(user)
    answers = {tracking.normalize(str(v)) for v in (request.form_data or {}).values() if v not in (None, "")}
    if mine & answers:
        return OWN_COMPANY
    return ""


def is_applicant(user, request: ServiceRequest) -> bool:
    return getattr(user, "is_authenticated", False) and request.applicant_id == user.pk


def document_for(user, pk: int) -> Document:
    """A file of a request the user may see; staff-only attachments stay hidden from others."""
    try:
        document = Document.objects.select_related("request", "message").get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("پرونده یافت نشد.") from exc
    request = request_for(user, document.request_id)
    if document.visible_to_applicant or staff_may_read(user, request):
        return document
    raise Http404("پرونده یافت نشد.")


def staff_may_read(user, request: ServiceRequest) -> bool:
    """Staff-side readers: the unit's staff, HQ roles, unit-scoped auditors; never on a request
    that is their own (they read it as its applicant)."""
    if conflict_of_interest(user, request):
        return False
    if can_work_on(user, request) or sees_everything(user):
        return True
    return request.unit_id in auditor_unit_ids(user) or held_before(user, request)
