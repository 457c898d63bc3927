"""Demo data of counter offices: licences (one expired), self-declaration files in every state of the
review, delegation rules for the catalogue's counter services, and approved ranks for the rankings.

`fill` completes a file's wizard through the services exactly as a licence holder would; the tests
use it too.
"""

import datetime as dt
import secrets
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from catalogue.models import Service
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit
from counters import services, wizard
from counters.defaults import seed_configuration
from counters.models import (
    Declaration,
    DeclarationDocument,
    DelegationRule,
    Discipline,
    Facility,
    Licence,
    ViolationItem,
)
from orgs.models import CounterOffice, Province


def _jpeg() -> bytes:
    """A small real JPEG (a blue card), so thumbnails show in the demo."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (96, 64), (30, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _jpeg()


def _pdf() -> bytes:
    """A small real PDF (one blank page): uploads are parsed, not only sniffed."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


TEHRAN = (Decimal("35.689200"), Decimal("51.389000"))


def _point_in(province_code: str) -> tuple[Decimal, Decimal]:
    from counters.geo import inside_province, province_capital

    if inside_province(float(TEHRAN[0]), float(TEHRAN[1]), province_code):
        return TEHRAN
    lat, lon = province_capital(province_code)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def fill(
    declaration,
    *,
    legal: bool = True,
    staff: int = 2,
    disabled: int = 1,
    until: str = "ranking",
    location: tuple[Decimal, Decimal] | None = None,
    missing_only: bool = False,
):
    """Complete the file's steps through the services, as a holder would, up to `until` (the point
    by default: Tehran, or the capital of the office's province when Tehran is outside it).
    `missing_only` leaves a step already done as it is, and a staff list not done is made afresh."""
    actor = declaration.office.licence.holder
    location = location or _point_in(declaration.office.province.code)
    steps = ["documents", "manager", "details", "legal", "contact", "location", "staff", "ranking"]
    todo = steps[: steps.index(until) + 1]
    if missing_only:
        todo = [step for step in todo if wizard.problems(declaration, step)]
        for member in declaration.staff.all() if "staff" in todo else []:
            services.remove_staff(declaration=declaration, member_id=member.pk, actor=actor)
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
        if not declaration.board_members.filter(national_code=actor.national_code).exists():
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
            values={"latitude": location[0], "longitude": location[1]},
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


# (code, name, kind, province, city, state to reach, recipients' and association's scores)
DEMO_OFFICES = [
    ("1108-40-72", "دفتر پیشخوان خدمات دولت کرج", "counter", "IR-30", "کرج", "approved", 85),
    ("2101-10-15", "دفتر پیشخوان خدمات دولت تهران ۱۵", "counter", "IR-23", "تهران", "approved", 92),
    ("2101-10-22", "دفتر پیشخوان خدمات دولت تهران ۲۲", "counter", "IR-23", "تهران", "submitted", None),
    ("7101-20-05", "دفتر پیشخوان خدمات دولت شیراز", "counter", "IR-07", "شیراز", "final", 75),
    ("5101-30-08", "دفتر ICT روستایی طرقبه", "rural_ict", "IR-09", "طرقبه", "returned", None),
    ("3101-40-11", "دفتر پیشخوان خدمات دولت اصفهان", "counter", "IR-10", "اصفهان", "final", 55),
    ("1520-01-01", "دفتر پیشخوان نمونه خرم‌آباد", "counter", "IR-15", "خرم‌آباد", "submitted", None),
    ("1701-60-12", "دفتر ICT روستایی بیستون", "rural_ict", "IR-05", "بیستون", "returned", None),
    ("1108-40-80", "دفتر پیشخوان خدمات دولت فردیس", "counter", "IR-30", "فردیس", "new", None),
]
# The demo licence holder's offices: one approved (objection open), one under review, one new.
HOLDER_OFFICES = {"1108-40-72", "1520-01-01", "1108-40-80"}
LEGAL_PERSONS = {"1108-40-72", "2101-10-15"}
CITY_LOCATIONS = {
    "کرج": (Decimal("35.832700"), Decimal("50.991500")),
    "تهران": (Decimal("35.689200"), Decimal("51.389000")),
    "شیراز": (Decimal("29.591800"), Decimal("52.583700")),
    "طرقبه": (Decimal("36.310000"), Decimal("59.370000")),
    "اصفهان": (Decimal("32.653900"), Decimal("51.666000")),
    "خرم‌آباد": (Decimal("33.487800"), Decimal("48.355800")),
    "بیستون": (Decimal("34.396000"), Decimal("47.434000")),
    "فردیس": (Decimal("35.729700"), Decimal("50.986400")),
    "تبریز": (Decimal("38.080000"), Decimal("46.291900")),
}
EXPIRED_OFFICE = ("4101-50-03", "دفتر پیشخوان خدمات دولت تبریز", "counter", "IR-03", "تبریز")
DEMO_HOLDER_NINE = "012534782"  # accounts.demo's licence holder

# Delegation of the catalogue's counter services: most to rank 3 or better, the last two need a
# qualified chemistry or physics expert on site (seed 000).
DISCIPLINE_ROTATION = [None, None, None, "chemistry", "physics"]


def _person(nine: str, first: str, last: str, mobile: str) -> User:
    code = national_code_with_check_digit(nine)
    user = User.objects.filter(national_code=code).first()
    return user or User.objects.create_user(code, mobile, None, first_name=first, last_name=last)


def _office(code, name, kind, province, city) -> CounterOffice:
    office, _ = CounterOffice.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "province": Province.objects.get(code=province), "city": city},
    )
    if not office.kind:
        office.kind = kind
        office.save(update_fields=["kind"])
    _contact(office)
    return office


OPENING_HOURS = "شنبه تا چهارشنبه ۷:۳۰ تا ۱۶، پنجشنبه ۸ تا ۱۲"


def _contact(office: CounterOffice) -> None:
    """Where the public finds a demo office: an address, a phone of its province's area code, the
    usual hours and a point near its city's centre (two offices of a city a few streets apart).
    Filled only where blank, so an edit made in the admin survives another `seed_demo`."""
    serial = int(office.code[-2:])
    lat, lng = CITY_LOCATIONS.get(office.city, TEHRAN)
    contact = {
        "address": f"{office.city}، خیابان امام، نبش کوچه {to_persian_digits(serial)}، طبقه همکف",
        "phone": f"+98{office.province.phone_area_code.lstrip('0')}3{serial:03d}{serial:04d}",
        "opening_hours": OPENING_HOURS,
        "latitude": lat + Decimal(serial) / 2000,
        "longitude": lng - Decimal(serial) / 2000,
    }
    blank = {k: v for k, v in contact.items() if getattr(office, k) in ("", None)}
    if blank:
        for field, value in blank.items():
            setattr(office, field, value)
        office.full_clean()
        office.save(update_fields=list(blank))


def _licence(office, holder, n: int, *, expires_on=None) -> None:
    if Licence.objects.filter(office=office).exists():
        return
    services.register_licence(
        office=office,
        holder=holder,
        number=f"1403-{office.province.code[-2:]}-{n:04d}",
        issued_on=dt.date(2023, 4, 1),
        expires_on=expires_on or dt.date(2028, 3, 19),
    )


def _expert_for(office) -> User:
    region = office.province.region
    membership = Membership.objects.filter(role=Role.REGION_EXPERT, region=region, is_active=True).first()
    if membership:
        return membership.user
    n = 100 + region.order
    expert = _person(f"{n + 900000000:09d}", "کارشناس", region.name, f"+98912300{n:04d}")
    Membership.objects.get_or_create(user=expert, role=Role.REGION_EXPERT, region=region, is_head=True)
    return expert


def _advance(declaration, target: str, score) -> None:
    holder = declaration.office.licence.holder
    expert = _expert_for(declaration.office)
    fill(
        declaration,
        legal=declaration.office.code in LEGAL_PERSONS,
        staff=3,
        disabled=1,
        location=CITY_LOCATIONS.get(declaration.office.city, TEHRAN),
    )
    if target == "draft":
        return
    declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
    if target == "submitted":
        return
    if target == "returned":
        services.return_for_correction(
            declaration=declaration,
            actor=expert,
            notes={"documents": "تصویر تابلوی سردر خوانا نیست؛ دوباره بارگذاری کنید."},
        )
        return
    # A "final" file was approved ten days ago: its objection window has closed, the sweeper locks it.
    approved_at = timezone.now() - dt.timedelta(days=10 if target == "final" else 0)
    services.approve(
        declaration=declaration,
        actor=expert,
        recipients_score=score,
        association_score=score - 10,
        now=approved_at,
    )
    if target == "final":
        services.sweep_deadlines()


def _rules() -> int:
    created = 0
    chosen = Service.objects.filter(channel_counter=True, is_active=True).order_by("service_id")
    for n, service in enumerate(chosen):
        code = DISCIPLINE_ROTATION[n % len(DISCIPLINE_ROTATION)]
        _rule, new = DelegationRule.objects.get_or_create(
            service=service,
            defaults={
                "max_rank": 2 if n % 3 == 0 else 3,
                "discipline": Discipline.objects.get(code=code) if code else None,
            },
        )
        created += new
    return created


@transaction.atomic
def seed(*, stdout, debug: bool) -> None:
    seed_configuration()  # normally there from the data migration; back after a `flush`
    holder = _person(DEMO_HOLDER_NINE, "مریم", "کریمی", "+989121000003")
    others = 0
    for n, (code, name, kind, province, city, target, score) in enumerate(DEMO_OFFICES, start=1):
        office = _office(code, name, kind, province, city)
        if code in HOLDER_OFFICES:
            owner = holder
        else:
            others += 1
            owner = _person(f"{300000000 + n:09d}", "دارنده", f"پروانه {n}", f"+98935100{n:04d}")
        _licence(office, owner, n)
        if target != "new" and not Declaration.objects.filter(office=office).exists():
            declaration = services.start_declaration(office=office, actor=owner)
            _advance(declaration, target, score)
    code, name, kind, province, city = EXPIRED_OFFICE
    expired_owner = _person("310000099", "دارنده", "پروانه منقضی", "+989351009999")
    _licence(_office(code, name, kind, province, city), expired_owner, 99, expires_on=dt.date(2024, 3, 19))
    password = _demo_password(expired_owner)
    rules = _rules()
    _operator_in_ranked_office()
    stdout.write(
        f"counters: {CounterOffice.objects.count()} offices, {Declaration.objects.count()} files, "
        f"{rules} delegation rules created"
    )
    if debug:
        stdout.write(
            f"  licence holder refused at sign-in (expired licence of {code}): "
            f"{expired_owner.national_code}  {password}"
        )


def _operator_in_ranked_office() -> None:
    """accounts' demo counter operator works at the Khorramabad office, whose first file is still
    under review (no rank, so no delegated service: the desk says why); they also work at the
    approved Karaj office, where the delegated services can be filed."""
    operator = (
        Membership.objects.filter(role=Role.COUNTER_OPERATOR, counter_office__code="1520-01-01")
        .select_related("user")
        .first()
    )
    office = CounterOffice.objects.filter(code="1108-40-72").first()
    if operator is not None and office is not None:
        Membership.objects.get_or_create(
            user=operator.user, role=Role.COUNTER_OPERATOR, counter_office=office
        )


def _demo_password(user: User) -> str:
    """A random password for a demo person, kept with accounts' demo credentials (never derived)."""
    from accounts import demo as accounts_demo

    credentials = accounts_demo._load_credentials()
    password = credentials.get(user.national_code)
    if password is None or not user.check_password(password):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        credentials[user.national_code] = password
        accounts_demo._save_credentials(credentials)
    return password
