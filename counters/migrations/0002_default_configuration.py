"""Seed the default scoring configuration once (counters.defaults); later edits are kept."""

from decimal import Decimal

from django.db import migrations

# A copy of counters.defaults as it was when this migration was written (migrations never
# follow later changes of the code).
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


def seed(apps, schema_editor):
    Discipline = apps.get_model("counters", "Discipline")
    Facility = apps.get_model("counters", "Facility")
    ViolationItem = apps.get_model("counters", "ViolationItem")
    Criterion = apps.get_model("counters", "Criterion")
    RankThreshold = apps.get_model("counters", "RankThreshold")
    for order, (code, name) in enumerate(DISCIPLINES):
        Discipline.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, title) in enumerate(FACILITIES):
        Facility.objects.get_or_create(code=code, defaults={"title": title, "order": order})
    for number in range(1, VIOLATION_COUNT + 1):
        ViolationItem.objects.get_or_create(
            number=number,
            defaults={"title": SEED_VIOLATION_TEXT, "penalty_points": DEFAULT_PENALTY},
        )
    for order, (code, title, computation, parameter, points, cap) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "computation": computation,
                "parameter": parameter,
                "points": points,
                "max_points": cap,
                "order": order,
            },
        )
    for rank, title, least in THRESHOLDS:
        RankThreshold.objects.get_or_create(rank=rank, defaults={"title": title, "min_score": least})


class Migration(migrations.Migration):
    dependencies = [("counters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
