"""A small world with one object of every kind a URL names (a service and its agreement, a request
with a file, a response and an appointment, a counter office's file with a scan, a performance
year) and one user per role scoped to it: what the hostile-input sweep walks."""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Membership, Role, User
from catalogue.tests import factories as catalogue_factories
from catalogue.tests.factories import (
    RequiredDocumentFactory,
    ServiceFieldFactory,
    ServiceLevelAgreementFactory,
    WorkflowStepFactory,
)
from core.calendar import add_working_days
from core.validators import national_code_with_check_digit
from orgs.models import OrgUnit, Province
from orgs.services import seed_reference_data
from orgs.tests.factories import CounterOfficeFactory

_numbers = itertools.count(1)


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    params: dict[str, dict[str, str]] = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def _user(role: str | None = None, *, superuser: bool = False, staff: bool = False, **scope) -> User:
    n = next(_numbers)
    user = User.objects.create_user(
        national_code_with_check_digit(f"{223456000 + n:09d}"),
        f"+98912{5000000 + n:07d}",
        "a-Strong-Pass-123",
        first_name="آزمون",
        last_name=f"کاربر {n}",
        is_superuser=superuser,
        is_staff=staff or superuser,
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


def _pdf() -> bytes:
    from core.tests.upload_corpus import make_pdf

    return make_pdf()


def build() -> World:
    from counters import services as counters_services
    from counters.defaults import seed_configuration
    from counters.demo import fill
    from desk import services as desk_services

    seed_reference_data()
    seed_configuration()
    tehran = Province.objects.get(code="IR-23")
    unit = OrgUnit.objects.filter(province=tehran).first()
    hq = OrgUnit.objects.filter(kind=OrgUnit.Kind.HQ_OFFICE).first()
    region = tehran.region
    office = CounterOfficeFactory(code="1108-40-01", name="دفتر آزمون", province=tehran)

    world = World()
    applicant = _user(Role.APPLICANT)
    holder = _user()
    counters_services.register_licence(
        office=office,
        holder=holder,
        number="PL-00001",
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    expert = _user(Role.STAFF_EXPERT, org_unit=unit)
    world.users = {
        "anonymous": None,
        "superuser": _user(superuser=True),
        Role.APPLICANT: applicant,
        Role.COUNTER_OPERATOR: _user(Role.COUNTER_OPERATOR, counter_office=office),
        Role.LICENCE_HOLDER: holder,
        Role.STAFF_EXPERT: expert,
        Role.UNIT_HEAD: _user(Role.UNIT_HEAD, org_unit=unit),
        Role.REGION_EXPERT: _user(Role.REGION_EXPERT, region=region),
        Role.PROVINCE_MANAGER: _user(Role.PROVINCE_MANAGER, org_unit=unit),
        Role.HQ_PLANNER: _user(Role.HQ_PLANNER, org_unit=hq),
        Role.AUDITOR: _user(Role.AUDITOR),
        Role.ADMINISTRATOR: _user(Role.ADMINISTRATOR, staff=True),
    }

    service = catalogue_factories.make_service(
        clean=False,
        service_id="30000000001",
        title="پروانه آزمون",
        description="شرح",
        area="conformity_assessment",
        fee_rials=1000,
        duration_working_days=5,
        channel_online=True,
        channel_counter=True,
        channel_in_person=True,
    )
    service.responsible_units.set([unit])
    ServiceFieldFactory(service=service, name="product_name", label="نام کالا", kind="text", order=1)
    ServiceFieldFactory(service=service, name="pieces", label="تعداد قطعات", kind="integer", order=2)
    required = RequiredDocumentFactory(service=service, title="گزارش", accepted_formats="pdf", order=1)
    for n in (1, 2):
        WorkflowStepFactory(
            service=service,
            order=n,
            title=f"گام {n}",
            responsible_role=Role.STAFF_EXPERT,
            target_working_days=2,
        )
    agreement = ServiceLevelAgreementFactory(service=service, provider_unit=unit, title="توافقنامه")

    def submit(key):
        request, _ = desk_services.submit_request(
            service=service,
            applicant=applicant,
            form_data={"product_name": "شیر", "pieces": 2},
            files={required.pk: SimpleUploadedFile("r.pdf", _pdf(), content_type="application/pdf")},
            idempotency_key=key,
            actor=applicant,
        )
        return request

    open_request = submit("world-open")
    decided = submit("world-decided")
    for name in ("accept", "start_review", "advance", "approve"):
        desk_services.transition(request=decided, name=name, user=expert)
    response = desk_services.issue_response(request=decided, user=expert, text="پاسخ")
    day = add_working_days(timezone.localdate(), 2)
    appointment = desk_services.book_appointment(
        request=open_request,
        user=expert,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        reason="بازدید",
        unit=unit,
    )

    declaration = counters_services.start_declaration(office=office, actor=holder)
    fill(declaration, until="documents")
    scan = declaration.documents.first()

    world.params = {
        "pk": {
            "catalogue:agreement": str(agreement.pk),
            "catalogue:agreement_pdf": str(agreement.pk),
            "desk:document": str(open_request.documents.first().pk),
            "desk:answer_appointment": str(appointment.pk),
        },
        "service_id": {"": service.service_id},
        "office_id": {"": str(office.pk)},
        "document_id": {"": str(scan.pk)},
        "step": {"": "manager"},
        "token": {"": response.verification_token},
        "code": {"": open_request.tracking_code, "performance:province": "IR-23"},
        "name": {"": "assign"},
        "section": {"": "summary"},
        "object_id": {"": "1"},
        "app_label": {"": "accounts"},
    }
    world.params["pk"][""] = str(declaration.pk)
    world.objects = {
        "service": service,
        "unit": unit,
        "expert": expert,
        "applicant": applicant,
        "open_request": open_request,
        "declaration": declaration,
        "submit": submit,
    }
    world.params["decided_code"] = {"": decided.tracking_code}
    return world
