"""The self-declaration wizard's steps (seed 003, 3-1 … 3-9): their order, and what each still lacks.

A step is *done* only when it has no problems; a step is *open* only when every step before it is
done. The legal-information step exists only for a legal person.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.text import to_persian_digits
from core.validators import clean_mobile, clean_national_code


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS = [
    Step("documents", "مستندات"),
    Step("manager", "مسئول دفتر"),
    Step("details", "مشخصات دفتر"),
    Step("legal", "اطلاعات حقوقی"),
    Step("contact", "اطلاعات تماس"),
    Step("location", "موقعیت مکانی"),
    Step("staff", "کارکنان"),
    Step("ranking", "رتبه‌بندی (امتیاز مثبت و منفی)"),
    Step("confirm", "تأیید نهایی"),
]
STEP_TITLES = {step.slug: step.title for step in STEPS}
# Sections an expert may write a note on: every step but the final confirmation.
SECTIONS = [(s.slug, s.title) for s in STEPS if s.slug != "confirm"]


def steps_for(declaration) -> list[Step]:
    return [s for s in STEPS if s.slug != "legal" or declaration.is_legal]


def _need_saved(declaration, slug: str) -> list[str]:
    if slug not in declaration.saved_steps:
        return ["اطلاعات این مرحله را بازبینی و ثبت کنید."]
    return []


def _documents(declaration) -> list[str]:
    from counters.models import DeclarationDocument

    have = set(declaration.documents.values_list("kind", flat=True))
    return [f"بارگذاری نشده: {label}" for kind, label in DeclarationDocument.Kind.choices if kind not in have]


def _valid(check, value) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


def _manager(declaration) -> list[str]:
    from counters.validators import clean_persian_name

    problems = []
    if not _valid(clean_persian_name, declaration.manager_first_name):
        problems.append("نام مسئول دفتر درست نیست.")
    if not _valid(clean_persian_name, declaration.manager_last_name):
        problems.append("نام خانوادگی مسئول دفتر درست نیست.")
    if not _valid(clean_national_code, declaration.manager_national_code):
        problems.append("کد ملی مسئول دفتر درست نیست.")
    if not _valid(clean_mobile, declaration.manager_mobile):
        problems.append("تلفن همراه مسئول دفتر درست نیست.")
    return problems + _need_saved(declaration, "manager")


def _details(declaration) -> list[str]:
    problems = []
    if not declaration.person_type:
        problems.append("نوع شخصیت دفتر (حقیقی یا حقوقی) را انتخاب کنید.")
    if not declaration.staff_count:
        problems.append("تعداد کارکنان را وارد کنید.")
    if declaration.disabled_staff_count is None:
        problems.append("تعداد کارکنان معلول را وارد کنید (اگر ندارید، صفر).")
    elif declaration.staff_count is not None and declaration.disabled_staff_count > declaration.staff_count:
        problems.append("تعداد کارکنان معلول از تعداد کارکنان بیشتر است.")
    return problems + _need_saved(declaration, "details")


def _legal(declaration) -> list[str]:
    problems = []
    required = {
        "company_name": "نام شرکت",
        "company_national_id": "شناسه ملی شرکت",
        "registration_number": "شماره ثبت",
        "registration_date": "تاریخ ثبت",
        "representative_first_name": "نام نماینده",
        "representative_last_name": "نام خانوادگی نماینده",
        "representative_national_code": "کد ملی نماینده",
        "representative_mobile": "تلفن همراه نماینده",
    }
    for name, label in required.items():
        if not getattr(declaration, name):
            problems.append(f"{label} را وارد کنید.")
    if not declaration.board_members.exists():
        problems.append("مشخصات همه اعضای هیئت مدیره را وارد کنید؛ هنوز هیچ عضوی ثبت نشده است.")
    return problems + _need_saved(declaration, "legal")


def _contact(declaration) -> list[str]:
    problems = []
    for name, label in {
        "address": "نشانی",
        "postal_code": "کد پستی",
        "phone": "تلفن ثابت",
        "contact_mobile": "تلفن همراه",
    }.items():
        if not getattr(declaration, name):
            problems.append(f"{label} را وارد کنید.")
    return problems + _need_saved(declaration, "contact")


def _location(declaration) -> list[str]:
    from counters.geo import inside_iran, province_problem

    if declaration.latitude is None or declaration.longitude is None:
        return ["موقعیت دفتر را روی نقشه انتخاب کنید یا مختصات را وارد کنید."]
    if not inside_iran(float(declaration.latitude), float(declaration.longitude)):
        return ["موقعیت ثبت‌شده درون ایران نیست."]
    if problem := province_problem(
        float(declaration.latitude), float(declaration.longitude), declaration.office
    ):
        return [problem]
    # A location carried over from last year's file is shown for review, not taken as done.
    return _need_saved(declaration, "location")


def _staff(declaration) -> list[str]:
    if not declaration.staff_count:
        # Nothing declared yet: an empty list must not pass for a complete one.
        return ["نخست تعداد کارکنان را در مشخصات دفتر وارد کنید، سپس کارکنان را یک‌به‌یک ثبت کنید."]
    staff = list(declaration.staff.all())
    problems = []
    declared = declaration.staff_count or 0
    if len(staff) != declared:
        problems.append(
            f"تعداد کارکنان ثبت‌شده ({to_persian_digits(len(staff))}) با تعداد کارکنان در مشخصات دفتر "
            f"({to_persian_digits(declared)}) برابر نیست."
        )
    disabled = sum(1 for s in staff if s.is_disabled)
    declared_disabled = declaration.disabled_staff_count or 0
    if disabled != declared_disabled:
        problems.append(
            f"تعداد کارکنان معلول ثبت‌شده ({to_persian_digits(disabled)}) با مشخصات دفتر "
            f"({to_persian_digits(declared_disabled)}) برابر نیست."
        )
    if any(not s.accepted_terms for s in staff):
        problems.append("همه کارکنان باید ضوابط سامانه را پذیرفته باشند.")
    return problems


def _ranking(declaration) -> list[str]:
    from counters.models import ViolationItem

    answered = set(declaration.violation_answers.values_list("item_id", flat=True))
    missing = ViolationItem.objects.filter(is_active=True).exclude(pk__in=answered).count()
    if missing:
        return [f"به {to_persian_digits(missing)} مورد از تخلفات پاسخ نداده‌اید؛ به همه موارد پاسخ دهید."]
    return _need_saved(declaration, "ranking")


def _confirm(declaration) -> list[str]:
    # A file returned for correction waits for a new confirmation: its first one no longer counts.
    if declaration.confirmed_at and not declaration.holder_may_edit:
        return []
    return ["اطلاعات را بازبینی و تأیید نهایی کنید."]


CHECKS = {
    "documents": _documents,
    "manager": _manager,
    "details": _details,
    "legal": _legal,
    "contact": _contact,
    "location": _location,
    "staff": _staff,
    "ranking": _ranking,
    "confirm": _confirm,
}


def problems(declaration, slug: str) -> list[str]:
    return CHECKS[slug](declaration)


@dataclass
class StepStatus:
    step: Step
    done: bool
    open: bool
    problems: list[str]


def status(declaration) -> list[StepStatus]:
    """Every step of this file with done/open and what it lacks, in order."""
    result, all_before_done = [], True
    for step in steps_for(declaration):
        found = problems(declaration, step.slug)
        # A closed step is never shown as done, whatever its own data.
        result.append(StepStatus(step, all_before_done and not found, all_before_done, found))
        all_before_done = all_before_done and not found
    return result


def is_open(declaration, slug: str) -> bool:
    return any(s.step.slug == slug and s.open for s in status(declaration))
