"""The licence gate at sign-in and at a counter office's intake; licences and the holder's role."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Membership, Role
from core.text import ltr_code, to_persian_digits
from counters import conf
from counters.models import (
    Declaration,
    Licence,
)

State = Declaration.State


def licence_refusal(user, today: dt.date | None = None) -> str:
    """Why a licence holder may not sign in (seed 003's note), with where to go; "" if they may.

    Only people whose roles are all counter-office roles are refused: a licence holder who is also,
    say, a staff expert still signs in for that role."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related(
            "counter_office__province__region", "counter_office__licence"
        )
    )
    held = [m.counter_office for m in memberships if m.role == Role.LICENCE_HOLDER and m.counter_office]
    if not held:
        return ""
    other = {m.role for m in memberships} - {Role.LICENCE_HOLDER, Role.COUNTER_OPERATOR, Role.APPLICANT}
    if other or user.is_superuser:
        return ""
    reasons = []
    for office in held:
        licence = getattr(office, "licence", None)
        if licence is None:
            reason = f"پروانه دفتر {ltr_code(office.code)} در سامانه ثبت نشده است."
        elif licence.holder_id != user.pk:
            reason = f"پروانه دفتر {ltr_code(office.code)} اکنون به نام دارنده دیگری است."
        else:
            reason = licence.refusal_reason(today)
        if not reason:
            return ""
        reasons.append(reason)
    return " ".join(reasons) + " " + where_to_go(held[0])


def counter_office_refusal(office, service=None, today: dt.date | None = None) -> str:
    """Why this office may not file requests at the desk (P1: its licence), or may not file this
    service (P2: not delegated to it); "" when it may. Registered with the desk in apps.py."""
    from counters import selectors

    licence = getattr(office, "licence", None)
    reason = (
        licence.refusal_reason(today)
        if licence is not None
        else f"پروانه دفتر {ltr_code(office.code)} در سامانه ثبت نشده است."
    )
    if reason:
        return f"این دفتر اکنون نمی‌تواند درخواستی ثبت کند. {reason} {where_to_go(office)}"
    if service is None:
        return ""
    if selectors.is_delegated(office, service):
        return ""
    withheld = {rule.service_id: why for rule, why in selectors.withheld_services(office)}
    why = withheld.get(service.pk, "این خدمت به دفاتر پیشخوان واگذار نشده است.")
    return f"خدمت «{service.title}» به این دفتر واگذار نشده است: {why}"


def where_to_go(office) -> str:
    region = office.province.region
    text = "برای رفع مشکل به سامانه صدور پروانه مراجعه کنید"
    if conf.licence_system_url():
        text += f" ({conf.licence_system_url()})"
    if region is not None:
        phone = to_persian_digits(_display(region.phone))
        text += f" و با کارشناس {region.name} به شماره {phone} تماس بگیرید."
    else:
        text += " و با منطقه ذی‌ربط تماس بگیرید."
    return text


def _display(phone: str) -> str:
    from core.validators import display_phone

    return display_phone(phone) if phone else ""


@transaction.atomic
def register_licence(
    *,
    office,
    holder,
    number: str,
    expires_on: dt.date,
    status: str = Licence.Status.ACTIVE,
    issued_on: dt.date | None = None,
    file_complete: bool = True,
    missing_items: str = "",
) -> Licence:
    """Record an office's licence and give its holder the licence-holder role for that office."""
    licence = Licence(
        office=office,
        holder=holder,
        number=number,
        expires_on=expires_on,
        status=status,
        issued_on=issued_on,
        file_complete=file_complete,
        missing_items=missing_items,
    )
    licence.full_clean()
    licence.save()
    sync_holder_role(licence)
    return licence


def sync_holder_role(licence: Licence) -> None:
    """The licence's holder holds the licence-holder role of its office, and nobody else does (a
    licence moved to a new holder takes the office's files away from the former one)."""
    membership, _ = Membership.objects.get_or_create(
        user=licence.holder, role=Role.LICENCE_HOLDER, counter_office=licence.office
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    # Row by row (not .update()): a role taken away is a change the audit trail keeps.
    former = Membership.objects.filter(
        role=Role.LICENCE_HOLDER, counter_office=licence.office, is_active=True
    ).exclude(user=licence.holder)
    for membership in former:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
