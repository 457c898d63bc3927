"""Identity confirmation before a self-declaration (P8): the holder confirms that the holder name and
office code on record are theirs and the file starts, or reports a mismatch, which waits on the
region's workbench until an expert settles it; while it waits no file is started."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from counters import selectors
from counters.models import Declaration, IdentityMismatch
from counters.services.declaration import start_declaration
from counters.services.events import check_holder, check_region_expert


def _refuse_while_reported(office) -> None:
    if selectors.open_identity_report(office) is not None:
        raise ValidationError(
            "گزارش مغایرت مشخصات این دفتر در بررسی منطقه است؛ پس از رسیدگی منطقه، خوداظهاری را آغاز کنید.",
            code="mismatch_open",
        )


@transaction.atomic
def start_with_confirmed_identity(*, office, actor, confirmed: bool, ip=None) -> Declaration:
    """Start this year's file once the holder has confirmed the name and code shown are theirs."""
    check_holder(actor, office)
    if not confirmed:
        raise ValidationError(
            "پیش از آغاز خوداظهاری، تأیید کنید که نام دارنده پروانه و کد دفتر از آنِ شماست؛ "
            "اگر نیست، مغایرت را به منطقه گزارش دهید.",
            code="identity_unconfirmed",
        )
    _refuse_while_reported(office)
    return start_declaration(office=office, actor=actor, ip=ip, identity=selectors.identity_on_record(office))


@transaction.atomic
def report_identity_mismatch(*, office, actor, text: str) -> IdentityMismatch:
    """Record the holder's report that the name or code shown is not theirs, for the region."""
    check_holder(actor, office)
    text = (text or "").strip()
    if not text:
        raise ValidationError("بنویسید کدام مشخصات نادرست است و درست آن چیست.", code="no_text")
    _refuse_while_reported(office)
    shown = selectors.identity_on_record(office)
    report = IdentityMismatch(
        office=office,
        reported_by=actor,
        holder_name_shown=shown["holder_name"][:200],
        office_code_shown=shown["office_code"],
        text=text[:2000],
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def resolve_identity_mismatch(*, report: IdentityMismatch, actor) -> IdentityMismatch:
    """A region expert marks the report settled (the registry put right, or the report unfounded)."""
    report = IdentityMismatch.objects.select_for_update().get(pk=report.pk)
    check_region_expert(actor, report.office)
    if report.resolved_at is not None:
        raise ValidationError("به این گزارش پیش‌تر رسیدگی شده است.", code="resolved")
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report
