"""The default configuration of scoring and delegation, seeded once and then edited in the admin.

Seed 003 names the regulation's table 5-1 (criteria) and table 5-2 (rank thresholds) without their
contents, and prints its list of 23 violations as one line repeated 23 times. What is below is
therefore: the disciplines of seed 000; the violations as printed (item 1's text is the seed's
line; items 2–23 carry the same printed line, marked as to be replaced from the regulation); and a
documented default for criteria, points and thresholds (docs/counters.md, decision 0020).
"""

from decimal import Decimal

from django.db import transaction

from counters.models import Criterion, Discipline, Facility, RankThreshold, ViolationItem

DISCIPLINES = [
    ("physics", "فیزیک"),
    ("chemistry", "شیمی"),
    ("microbiology", "میکروبی"),
    ("electrical", "برق و الکترونیک"),
    ("minerals", "مواد معدنی"),
    ("textile_leather", "نساجی و چرم"),
]

FACILITIES = [
    ("computers", "رایانه به تعداد کارکنان"),
    ("scanner", "اسکنر رنگی"),
    ("printer", "چاپگر"),
    ("internet", "اینترنت پرسرعت"),
    ("pos", "کارت‌خوان (پایانه فروش)"),
    ("queue_system", "سامانه نوبت‌دهی"),
    ("cctv", "دوربین مداربسته"),
    ("waiting_area", "فضای انتظار با صندلی"),
    ("ramp", "دسترسی معلولان (رمپ)"),
    ("air_conditioning", "سیستم سرمایش و گرمایش"),
    ("fire_extinguisher", "کپسول آتش‌نشانی"),
    ("signboard", "تابلوی استاندارد سردر"),
]

# The line seed 003 prints for every one of its 23 items (table 4-1).
SEED_VIOLATION_TEXT = "عدم رعایت مقررات طرح اعلام احوال - جریمه ۱۰۰۰۰۰ ریال"
VIOLATION_COUNT = 23
# Table 4-1 gives every item the same fine: ۱۰۰۰۰۰ ریال (the amount printed in the line above).
SEED_FINE_RIALS = 100_000
DEFAULT_PENALTY = Decimal("2")

# (code, title, computation, parameter, points per unit, cap)
CRITERIA = [
    ("documents", "کامل بودن مستندات", "documents_complete", "", Decimal(5), None),
    ("staff", "کارکنان ثبت‌شده", "staff_count", "", Decimal(2), Decimal(10)),
    ("disabled_staff", "به‌کارگیری معلولان", "disabled_staff", "", Decimal(3), Decimal(6)),
    ("experts", "کارشناسان صلاحیت‌دار", "qualified_experts", "", Decimal(5), Decimal(15)),
    ("facilities", "امکانات و تجهیزات", "facilities_count", "", Decimal(1), Decimal(12)),
    ("contracts", "قراردادهای ارائه خدمت", "contracts_count", "", Decimal(1), Decimal(7)),
    ("legal", "شخصیت حقوقی", "legal_person", "", Decimal(5), None),
    ("recipients", "رضایت دریافت‌کنندگان خدمت", "recipients_score", "", Decimal(25), None),
    ("association", "ارزیابی انجمن صنفی", "association_score", "", Decimal(15), None),
]

# (rank, title, least score) — a default, since table 5-2 is not in the seed.
THRESHOLDS = [
    (1, "الف", Decimal(80)),
    (2, "ب", Decimal(60)),
    (3, "ج", Decimal(40)),
    (4, "د", Decimal(0)),
]


@transaction.atomic
def seed_configuration() -> dict[str, int]:
    """Create what is missing; rows already there (perhaps edited) are left as they are."""
    created = {"disciplines": 0, "facilities": 0, "violations": 0, "criteria": 0, "thresholds": 0}
    for order, (code, name) in enumerate(DISCIPLINES):
        created["disciplines"] += Discipline.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )[1]
    for order, (code, title) in enumerate(FACILITIES):
        created["facilities"] += Facility.objects.get_or_create(
            code=code, defaults={"title": title, "order": order}
        )[1]
    for number in range(1, VIOLATION_COUNT + 1):
        created["violations"] += ViolationItem.objects.get_or_create(
            number=number,
            defaults={
                "title": SEED_VIOLATION_TEXT,
                "penalty_points": DEFAULT_PENALTY,
                "fine_rials": SEED_FINE_RIALS,
            },
        )[1]
    for order, (code, title, computation, parameter, points, cap) in enumerate(CRITERIA):
        created["criteria"] += Criterion.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "computation": computation,
                "parameter": parameter,
                "points": points,
                "max_points": cap,
                "order": order,
            },
        )[1]
    for rank, title, least in THRESHOLDS:
        created["thresholds"] += RankThreshold.objects.get_or_create(
            rank=rank, defaults={"title": title, "min_score": least}
        )[1]
    return created
