"""Writes about companies and the people who act for them, and about a person's own contact details.

A person adds a company by its national ID: the first person of a company asks to be its registered
representative (staff confirm), later ones its agents (a confirmed representative, or staff,
confirms). Each function is keyword-only, runs in one transaction, and raises a Persian
`ValidationError` that changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import notices, selectors
from accounts.models import Company, CompanyMembership, OneTimeCode, User
from accounts.services import issue_code, verify_code
from core.text import normalize_text
from core.validators import clean_legal_id, clean_mobile, clean_postal_code

Status = CompanyMembership.Status
CompanyRole = CompanyMembership.Role


def _text(value: str, *, limit: int) -> str:
    return normalize_text(value or "").strip()[:limit]


@transaction.atomic
def add_company(
    *, user: User, national_id: str, name: str = "", registration_number: str = ""
) -> CompanyMembership:
    """Ask to act for the company with this national ID (created when Miz does not know it yet).

    The membership is pending: as the company's representative when it has no confirmed one yet
    (staff check the registration and confirm), else as an agent whom a representative confirms.
    """
    national_id = clean_legal_id(national_id)
    company = Company.objects.select_for_update().filter(national_id=national_id).first()
    if company is None:
        name = _text(name, limit=200)
        if not name:
            raise ValidationError(
                {"name": "این شرکت هنوز در میز خدمت نیست؛ نام ثبتی آن را بنویسید."}, code="name"
            )
        company = Company(
            national_id=national_id,
            name=name,
            registration_number=_text(registration_number, limit=20),
        )
        company.full_clean()
        try:
            with transaction.atomic():
                company.save()
        except IntegrityError:  # added by someone else at the same moment
            company = Company.objects.get(national_id=national_id)
    membership = CompanyMembership.objects.select_for_update().filter(user=user, company=company).first()
    if membership is not None and membership.status != Status.REVOKED:
        raise ValidationError(
            f"شرکت «{company.name}» پیش‌تر در فهرست شرکت‌های شماست (وضعیت: {membership.get_status_display()}).",
            code="duplicate",
        )
    has_representative = company.memberships.filter(
        role=CompanyRole.REPRESENTATIVE, status=Status.CONFIRMED
    ).exists()
    role = CompanyRole.AGENT if has_representative else CompanyRole.REPRESENTATIVE
    if membership is None:
        membership = CompanyMembership(user=user, company=company)
    membership.role, membership.status = role, Status.PENDING
    membership.requested_at, membership.decided_by, membership.decided_at = timezone.now(), None, None
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # the same form sent twice at once: the other one won
        raise ValidationError(
            f"شرکت «{company.name}» پیش‌تر در فهرست شرکت‌های شماست.", code="duplicate"
        ) from None
    if role == CompanyRole.AGENT:
        representatives = User.objects.filter(
            company_memberships__company=company,
            company_memberships__role=CompanyRole.REPRESENTATIVE,
            company_memberships__status=Status.CONFIRMED,
        )
        notices.company_request(membership, representatives)
    return membership


@transaction.atomic
def confirm_membership(*, actor: User, membership_id) -> CompanyMembership:
    """Confirm a pending membership: staff any, a company's representative its agents."""
    membership = selectors.access_membership(actor, membership_id, to="confirm")
    if membership.status != Status.PENDING:
        state = membership.get_status_display()
        raise ValidationError(f"این عضویت {state} است و دیگر در انتظار تأیید نیست.", code="not_pending")
    membership.status = Status.CONFIRMED
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    notices.company_decision(membership)
    return membership


@transaction.atomic
def revoke_membership(*, actor: User, membership_id) -> CompanyMembership:
    """End a membership (or refuse a pending one): staff, the company's representative for its
    agents, or the person themselves. The person no longer applies for the company."""
    membership = selectors.access_membership(actor, membership_id, to="revoke")
    if membership.status == Status.REVOKED:
        raise ValidationError("این عضویت پیش‌تر لغو شده است.", code="not_pending")
    membership.status = Status.REVOKED
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    if actor.pk != membership.user_id:  # withdrawing one's own needs no message
        notices.company_decision(membership)
    return membership


# --- the person's own contact details ----------------------------------------------------------


@transaction.atomic
def update_contact(*, user: User, email: str, postal_address: str, postal_code: str) -> User:
    """Keep the person's email and postal address (the mobile changes by `change_mobile`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.email = (email or "").strip()
    user.postal_address = _text(postal_address, limit=500)
    user.postal_code = clean_postal_code(postal_code) if (postal_code or "").strip() else ""
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "postal_address", "postal_code"])
    return user


MOBILE_CHANGE_INTRO = "تأیید شماره همراه تازه شما در میز خدمت"


def begin_mobile_change(*, user: User, mobile: str) -> str:
    """SMS a code to the new mobile; the change waits until it is typed back (`change_mobile`).
    Returns the new mobile in E.164."""
    mobile = clean_mobile(mobile)
    if mobile == user.mobile:
        raise ValidationError("این همان شماره همراه کنونی شماست.", code="same_mobile")
    issue_code(mobile=mobile, purpose=OneTimeCode.Purpose.CONFIRM, intro=MOBILE_CHANGE_INTRO)
    return mobile


def change_mobile(*, user: User, mobile: str, code: str) -> User:
    """Replace the mobile once the code sent to it is typed back."""
    mobile = clean_mobile(mobile)
    # Not inside a transaction: a wrong code must stay counted (accounts.services.verify_code).
    verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.CONFIRM, code=code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.mobile = mobile
        user.save(update_fields=["mobile"])
    return user
