"""Demo catalogue: real services named in seed 004, and seed 002's service with its SLA verbatim.

Titles, areas and responsible offices come from seed 004 (the 1400 performance report). The
seeds give no service IDs (except seed 002's), fees or durations for these services: those
figures are invented, plausible, and flagged in the data (`*_is_sample`), so the admin and the
pages say so. Idempotent: a service whose ID exists is left as the editors have it.
"""

from django.db import transaction

from catalogue import seed002, services
from catalogue.demo.data import CONTACT, LEGAL_BASIS, SAMPLE_SLA_FROM, SAMPLE_SLA_UNTIL, SERVICES
from catalogue.models import (
    Area,
    RequiredDocument,
    Service,
    ServiceField,
    WorkflowStep,
)
from core.jalali import parse_date
from orgs.models import OrgUnit


def _saved(model, **values):
    """A demo row, checked by the model's own validation before it is saved."""
    row = model(**values)
    row.full_clean()
    row.save()
    return row


def _add_children(service: Service, fields, documents, steps, *, sample: bool) -> None:
    field_names = ("name", "label", "kind", "required", "help_text", "choices")
    for order, values in enumerate(fields, start=1):
        _saved(ServiceField, service=service, order=order, **dict(zip(field_names, values, strict=True)))
    document_names = ("title", "max_size_bytes", "accepted_formats", "required")
    for order, values in enumerate(documents, start=1):
        _saved(
            RequiredDocument, service=service, order=order, **dict(zip(document_names, values, strict=True))
        )
    step_names = ("title", "responsible_role", "target_working_days", "may_need_presence")
    for order, values in enumerate(steps, start=1):
        _saved(
            WorkflowStep,
            service=service,
            order=order,
            # No unit: a step naming one moves the request there (desk.workflow), and these
            # services' steps are worked by whichever responsible unit the request was routed to.
            target_is_sample=sample,
            **dict(zip(step_names, values, strict=True)),
        )


def _seed_sample_services() -> int:
    created = 0
    for row in SERVICES:
        sid, title, area, unit_codes, natural, legal, channels, fee, fields, docs, steps, description = row
        if Service.objects.filter(service_id=sid).exists():
            continue
        units = list(OrgUnit.objects.filter(code__in=unit_codes).order_by("order"))
        service = services.create_service(
            service_id=sid,
            service_id_is_sample=True,
            title=title,
            description=description,
            area=area,
            for_natural_persons=natural,
            for_legal_persons=legal,
            channel_online=channels[0],
            channel_counter=channels[1],
            channel_in_person=channels[2],
            legal_basis=LEGAL_BASIS,
            is_free=fee is None,
            fee_rials=fee,
            fee_is_sample=fee is not None,
            duration_working_days=sum(s[2] for s in steps),
            duration_is_sample=True,
            contact=CONTACT,
            responsible_units=units,
        )
        _add_children(service, fields, docs, steps, sample=True)
        if units:
            services.create_agreement(
                service=service,
                provider_unit=units[0],
                title=f"توافقنامه سطح خدمت {title}",
                introduction=LEGAL_BASIS,
                goals=f"ارائه خدمت «{title}» به‌صورت الکترونیکی، شفاف و در مهلت معین.",
                responsibility=f"مسئولیت اجرای این خدمت بر عهده {units[0].name} است.",
                applicant_obligations="ارائه اطلاعات درست و مدارک کامل در قالب‌های خواسته‌شده.",
                agency_obligations=(
                    "پاسخ در مهلت تعهدشده، اطلاع‌رسانی الکترونیکی هر گام و صدور پاسخ به‌صورت الکترونیکی."
                ),
                fees_and_payments="رایگان." if fee is None else "طبق تعرفه مصوب سازمان.",
                performance_period="یک سال شمسی.",
                valid_from=parse_date(SAMPLE_SLA_FROM),
                valid_until=parse_date(SAMPLE_SLA_UNTIL),
                termination="با تأیید رئیس واحد ارائه‌دهنده.",
                response_working_days=2,
                resolution_working_days=service.duration_working_days,
                targets_are_sample=True,
                is_sample=True,
            )
        created += 1
    return created


def _seed_seed002_service() -> int:
    """Seed 002's service and SLA, exactly as the seed has them; nothing invented is added."""
    if Service.objects.filter(service_id=seed002.SERVICE_ID).exists():
        return 0
    lorestan = OrgUnit.objects.get(code="IR-15")
    service = services.create_service(
        service_id=seed002.SERVICE_ID,
        title="ترویج و فرهنگ سازی استاندارد",
        description=seed002.GOALS,
        area=Area.PROMOTION,
        for_natural_persons=True,
        for_legal_persons=True,
        channel_online=True,
        legal_basis=seed002.INTRODUCTION,
        is_free=True,
        fee_note=seed002.FEES_AND_PAYMENTS,
        responsible_units=[lorestan],
    )
    services.create_agreement(
        service=service,
        provider_unit=lorestan,
        title=seed002.TITLE,
        introduction=seed002.INTRODUCTION,
        goals=seed002.GOALS,
        responsibility=seed002.RESPONSIBILITY,
        agency_obligations=seed002.MUTUAL_OBLIGATIONS,
        fees_and_payments=seed002.FEES_AND_PAYMENTS,
        performance_period=seed002.PERFORMANCE_PERIOD,
        valid_until=parse_date(seed002.VALID_UNTIL),
        termination=seed002.TERMINATION,
    )
    return 1


@transaction.atomic
def seed(*, stdout, debug: bool) -> None:
    created = _seed_sample_services() + _seed_seed002_service()
    total = Service.objects.count()
    stdout.write(f"catalogue: {created} services created ({total} in the catalogue)")
