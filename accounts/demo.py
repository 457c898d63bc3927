"""Demo people: one per role, each with a random password; and a demo company whose registered
representative is the demo applicant, so the services for legal persons can be tried.

Passwords are generated on first run, kept in `var/demo_credentials.json` (readable by the owner
only) so that later runs can print the same ones, and printed only when DEBUG is on. No password
is ever derived from a national code or any other known fact about the person.
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Company, CompanyMembership, Membership, Role, User
from core.validators import legal_id_with_check_digit, national_code_with_check_digit
from orgs.models import CounterOffice, OrgUnit, Province, Region

CREDENTIALS_FILE = Path(settings.VAR_DIR) / "demo_credentials.json"

# (role, first name, last name, nine digits that the check digit completes, mobile)
DEMO_PEOPLE = [
    (Role.APPLICANT, "سارا", "محمدی", "007312456", "+989121000001"),
    (Role.COUNTER_OPERATOR, "علی", "رضایی", "008425671", "+989121000002"),
    (Role.LICENCE_HOLDER, "مریم", "کریمی", "012534782", "+989121000003"),
    (Role.STAFF_EXPERT, "حسین", "احمدی", "022643893", "+989121000004"),
    (Role.UNIT_HEAD, "زهرا", "حسینی", "032751904", "+989121000005"),
    (Role.REGION_EXPERT, "رضا", "موسوی", "042863015", "+989121000006"),
    (Role.PROVINCE_MANAGER, "فاطمه", "جعفری", "052974126", "+989121000007"),
    (Role.HQ_PLANNER, "محمد", "صادقی", "063085237", "+989121000008"),
    (Role.AUDITOR, "نرگس", "یزدانی", "073196348", "+989121000009"),
    (Role.ADMINISTRATOR, "امیر", "نوری", "083207459", "+989121000010"),
]


# The demo company: (ten digits the check digit completes, name, registration number, place).
DEMO_COMPANY = ("1415000001", "شرکت نمونه فرآورده‌های لبنی لرستان", "12345", "خرم‌آباد")


def _seed_company() -> Company:
    """The demo company, the demo applicant its confirmed representative (confirmed by the demo
    administrator, as staff confirm a representative)."""
    nine_of = {role: nine for role, _first, _last, nine, _mobile in DEMO_PEOPLE}
    applicant = User.objects.get(national_code=national_code_with_check_digit(nine_of[Role.APPLICANT]))
    administrator = User.objects.get(
        national_code=national_code_with_check_digit(nine_of[Role.ADMINISTRATOR])
    )
    ten, name, number, place = DEMO_COMPANY
    company, _ = Company.objects.get_or_create(
        national_id=legal_id_with_check_digit(ten),
        defaults={"name": name, "registration_number": number, "registration_place": place},
    )
    CompanyMembership.objects.get_or_create(
        user=applicant,
        company=company,
        defaults={
            "role": CompanyMembership.Role.REPRESENTATIVE,
            "status": CompanyMembership.Status.CONFIRMED,
            "decided_by": administrator,
            "decided_at": timezone.now(),
        },
    )
    return company


def _scope(role: Role) -> dict:
    province_unit = OrgUnit.objects.filter(code="IR-15").first()  # Lorestan, as in seed 002
    if role in (Role.COUNTER_OPERATOR, Role.LICENCE_HOLDER):
        office, _ = CounterOffice.objects.get_or_create(
            code="1520-01-01",
            defaults={
                "name": "دفتر پیشخوان نمونه خرم‌آباد",
                "province": Province.objects.get(code="IR-15"),
                "city": "خرم‌آباد",
            },
        )
        return {"counter_office": office}
    if role in (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER):
        return {"org_unit": province_unit}
    if role == Role.REGION_EXPERT:
        return {"region": Province.objects.get(code="IR-15").region or Region.objects.first()}
    if role == Role.HQ_PLANNER:
        return {"org_unit": OrgUnit.objects.get(code="HQ-PLANNING")}
    return {}


def _load_credentials() -> dict:
    try:
        return json.loads(CREDENTIALS_FILE.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def _save_credentials(credentials: dict) -> None:
    CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(CREDENTIALS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(credentials, handle, ensure_ascii=False, indent=2)


@transaction.atomic
def seed(*, stdout, debug: bool) -> None:
    credentials = _load_credentials()
    created = 0
    for role, first, last, nine, mobile in DEMO_PEOPLE:
        code = national_code_with_check_digit(nine)
        user = User.objects.filter(national_code=code).first()
        password = credentials.get(code)
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                code,
                mobile,
                password,
                first_name=first,
                last_name=last,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            credentials[code] = password
            created += 1
        elif password is None or not user.check_password(password):
            password = secrets.token_urlsafe(12)  # the file was lost: issue a fresh one
            user.set_password(password)
            user.save(update_fields=["password"])
            credentials[code] = password
        Membership.objects.get_or_create(user=user, role=role, **_scope(role))
    _save_credentials(credentials)
    company = _seed_company()
    stdout.write(f"accounts: {created} demo users created")
    stdout.write(f"accounts: demo company {company.national_id} ({company.name})")
    if debug:
        stdout.write("demo users (national code / password), shown because DEBUG is on:")
        for role, first, last, nine, _mobile in DEMO_PEOPLE:
            code = national_code_with_check_digit(nine)
            stdout.write(f"  {role.label:<28} {first} {last:<10} {code}  {credentials[code]}")
