"""Builders for counters tests: reference data, an office with its licence and holder, experts."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from counters import services
from orgs.models import CounterOffice, Province
from orgs.services import seed_reference_data

_codes = itertools.count(1)


@pytest.fixture
def reference(db):
    seed_reference_data()


@pytest.fixture
def make_office(reference, make_user):
    """An office of a province (default Alborz, region "north") with a valid licence and holder."""

    def make(*, province="IR-30", holder=None, expires_on=None, **licence):
        n = next(_codes)
        office = CounterOffice.objects.create(
            code=f"1108-{40 + n % 50:02d}-{n % 100:02d}",
            name=f"دفتر پیشخوان آزمون {n}",
            kind=CounterOffice.Kind.GOVERNMENT_COUNTER,
            province=Province.objects.get(code=province),
            city="کرج",
        )
        holder = holder or make_user(first_name="مریم", last_name="کریمی")
        services.register_licence(
            office=office,
            holder=holder,
            number=f"PL-{n:05d}",
            expires_on=expires_on or timezone.localdate() + dt.timedelta(days=365),
            **licence,
        )
        return office

    return make


@pytest.fixture
def office(make_office):
    return make_office()


@pytest.fixture
def holder(office):
    return office.licence.holder


@pytest.fixture
def make_expert(make_user):
    def make(region, *, head=False, **extra):
        user = make_user(**extra)
        Membership.objects.create(user=user, role=Role.REGION_EXPERT, region=region, is_head=head)
        return user

    return make


@pytest.fixture
def expert(office, make_expert):
    return make_expert(office.province.region, first_name="رضا", last_name="موسوی")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


TEHRAN = (Decimal("35.689200"), Decimal("51.389000"))


def fill(declaration, *, legal: bool = True, staff: int = 2, disabled: int = 1, until: str = "ranking"):
    """Complete the file's steps through the services, as a holder would, up to `until`."""
    from core.validators import national_code_with_check_digit
    from counters.models import DeclarationDocument, Discipline, Facility, ViolationItem

    actor = declaration.office.licence.holder
    steps = ["documents", "manager", "details", "legal", "contact", "location", "staff", "ranking"]
    todo = steps[: steps.index(until) + 1]
    if "documents" in todo:
        for kind in DeclarationDocument.Kind.values:
            services.upload_document(
                declaration=declaration, kind=kind, upload=upload(f"{kind}.jpg", JPEG), actor=actor
            )
    if "manager" in todo:
        services.save_step(
            declaration=declaration,
            step="manager",
            values={
                "manager_first_name": "مریم",
                "manager_last_name": "کریمی",
                "manager_national_code": actor.national_code,
                "manager_mobile": actor.mobile,
            },
            actor=actor,
        )
    if "details" in todo:
        services.save_step(
            declaration=declaration,
            step="details",
            values={
                "person_type": "legal" if legal else "natural",
                "staff_count": staff,
                "disabled_staff_count": disabled,
                "contracts_count": 3,
            },
            actor=actor,
            facilities=list(Facility.objects.all()[:4]),
        )
    if "legal" in todo and legal:
        services.save_step(
            declaration=declaration,
            step="legal",
            values={
                "company_name": "شرکت خدمات پیشخوان البرز",
                "company_national_id": "10380284790",
                "registration_number": "12345",
                "registration_date": dt.date(2015, 5, 1),
                "representative_first_name": "مریم",
                "representative_last_name": "کریمی",
                "representative_national_code": actor.national_code,
                "representative_mobile": actor.mobile,
                "representative_position": "مدیرعامل",
            },
            actor=actor,
        )
        services.add_board_member(
            declaration=declaration,
            actor=actor,
            first_name="مریم",
            last_name="کریمی",
            national_code=actor.national_code,
            position="مدیرعامل",
        )
    if "contact" in todo:
        services.save_step(
            declaration=declaration,
            step="contact",
            values={
                "address": "کرج، میدان آزادی، پلاک ۱",
                "postal_code": "3158888888",
                "phone": "02632222222",
                "contact_mobile": "09121234567",
            },
            actor=actor,
        )
    if "location" in todo:
        services.save_step(
            declaration=declaration,
            step="location",
            values={"latitude": TEHRAN[0], "longitude": TEHRAN[1]},
            actor=actor,
        )
    if "staff" in todo:
        chemistry = Discipline.objects.get(code="chemistry")
        for n in range(staff):
            services.add_staff(
                declaration=declaration,
                actor=actor,
                first_name="علی" if n % 2 else "زهرا",
                last_name=["احمدی", "رضایی", "کریمی", "موسوی"][n % 4],
                birth_date=dt.date(1985, 1, 1 + n),
                gender="male" if n % 2 else "female",
                national_code=national_code_with_check_digit(f"{271000000 + n:09d}"),
                mobile=f"+98935{1000000 + n:07d}",
                is_disabled=n < disabled,
                accepted_terms=True,
                discipline=chemistry if n == 0 else None,
            )
    if "ranking" in todo:
        items = ViolationItem.objects.filter(is_active=True)
        services.save_violation_answers(
            declaration=declaration,
            answers={
                i.pk: {"committed": i.number == 1, "ruling_date": None, "description": ""} for i in items
            },
            actor=actor,
        )
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def declaration(office, holder):
    return services.start_declaration(office=office, actor=holder)


@pytest.fixture
def filled(declaration):
    return fill(declaration)


@pytest.fixture
def submitted(filled, holder):
    return services.confirm(declaration=filled, actor=holder, agree=True)
