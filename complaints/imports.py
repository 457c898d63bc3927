"""The file import from a national complaint system (سامد، سینا، دادور): a CSV or Excel file, one
complaint a row, checked row by row with Persian errors.

All or nothing: the rows are filed in one transaction that is rolled back on a dry run or when any
row is refused, so a file either goes in whole or changes nothing, and the page lists every
refused row. Idempotent: a row whose (system, reference) is already on file is skipped, so the same
file imported twice files nothing the second time (the database's unique constraint backs this)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from complaints import selectors, services
from complaints.models import Complaint, ExternalSystem, Source
from core import excel
from core.text import normalize_digits, to_persian_digits
from core.validators import clean_mobile, clean_national_code
from desk import services as desk
from desk import tracking
from orgs.models import OrgUnit

HEADER = [
    "سامانه",
    "شماره پیگیری",
    "کد ملی",
    "همراه",
    "نام",
    "نام خانوادگی",
    "موضوع",
    "کد واحد مورد شکایت",
    "شرح شکایت",
]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000


@dataclass
class ImportResult:
    dry_run: bool
    filed: list = field(default_factory=list)  # (tracking code, as shown); none kept on a dry run
    skipped: int = 0  # rows already imported
    errors: list = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.errors


def read_rows(upload) -> list[list[str]]:
    """The file's rows as text cells, header first; a Persian `ValidationError` for a bad file."""
    return excel.read_table(upload, header=HEADER, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)


def _system(value: str) -> str:
    for code, label in ExternalSystem.choices:
        if value.lower() == code or value == label or value == label.split(" ")[0]:
            return code
    names = "، ".join(label.split(" ")[0] for _code, label in ExternalSystem.choices)
    raise ValidationError(f"سامانه «{value}» شناخته نیست؛ یکی از {names} بنویسید.", code="system")


def _subject(value: str):
    subject = selectors.active_subjects().filter(title=value).first()
    if subject is None:
        raise ValidationError(f"موضوع «{value}» در فهرست موضوعات شکایت نیست.", code="subject")
    return subject


def _unit(value: str):
    if not value:
        return None
    unit = OrgUnit.objects.filter(code__iexact=normalize_digits(value), is_active=True).first()
    if unit is None:
        raise ValidationError(f"واحدی با کد «{value}» نیست.", code="unit")
    return unit


def _import_row(*, user, cells: list[str], ip) -> str | None:
    """File one row; the tracking code, or None when the row is already on file."""
    cells = (cells + [""] * len(HEADER))[: len(HEADER)]
    system_text, reference, national_code, mobile, first, last, subject, unit, text = cells
    system = _system(system_text)
    reference = "".join(normalize_digits(reference).split())  # as typed, ASCII digits, no spaces
    if not reference or len(reference) > 40:
        raise ValidationError("شماره پیگیری سامانه ملی خالی یا بیش از ۴۰ نویسه است.", code="reference")
    if Complaint.objects.filter(external_system=system, external_reference=reference).exists():
        return None
    errors, values = [], {}
    for name, check in (
        ("national_code", lambda: clean_national_code(national_code)),
        ("mobile", lambda: clean_mobile(mobile)),
        ("subject", lambda: _subject(subject)),
        ("unit", lambda: _unit(unit)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    applicant = desk.find_counter_applicant(national_code=values["national_code"], mobile=values["mobile"])
    applicant = desk.applicant_account(
        applicant,
        national_code=values["national_code"],
        mobile=values["mobile"],
        first_name=first,
        last_name=last,
    )
    request, _created = services.file_complaint(
        applicant=applicant,
        actor=user,
        actor_role="",
        subject=values["subject"],
        complained_unit=values["unit"],
        text=text,
        idempotency_key=f"import:{system}:{reference}",
        source=Source.NATIONAL_SYSTEM,
        external_system=system,
        external_reference=reference,
        ip=ip,
    )
    return request.tracking_code


def import_complaints(*, user, upload, dry_run: bool, ip: str | None = None) -> ImportResult:
    """Import a national system's file (see the module's rules); a bad file raises, bad rows are
    listed in the result."""
    if not user.has_perm("complaints.import_complaints"):
        raise ValidationError("ورود شکایات از سامانه ملی فقط کار کارکنان مجاز است.", code="not_allowed")
    rows = read_rows(upload)
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        for number, cells in enumerate(rows[1:], start=2):
            try:
                with transaction.atomic():
                    code = _import_row(user=user, cells=cells, ip=ip)
            except ValidationError as exc:
                result.errors.append(f"ردیف {to_persian_digits(number)}: {'؛ '.join(exc.messages)}")
                continue
            if code is None:
                result.skipped += 1
            else:
                result.filed.append((code, tracking.display(code)))
        if not result.saved:
            transaction.set_rollback(True)
    return result
