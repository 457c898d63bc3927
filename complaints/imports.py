"""The file import from a national complaint system (سامد، سینا، دادور): a CSV or Excel file, one
complaint a row, checked row by row with Persian errors; each row lands through
`complaints.national.land`, as the systems' push and pull do.

All or nothing: the rows are filed in one transaction that is rolled back on a dry run or when any
row is refused, so a file either goes in whole or changes nothing, and the page lists every
refused row. Idempotent: a row whose (system, reference) is already on file is skipped, so the same
file imported twice files nothing the second time (the database's unique constraint backs this)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from complaints import national
from complaints.models import ExternalSystem
from core import excel
from core.text import to_persian_digits
from desk import tracking

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


def _import_row(*, user, cells: list[str], ip) -> str | None:
    """File one row through `national.land`; the tracking code, or None when already on file."""
    cells = (cells + [""] * len(HEADER))[: len(HEADER)]
    system_text, reference, national_code, mobile, first, last, subject, unit, text = cells
    incoming = national.Incoming(
        system=_system(system_text),
        reference=reference,
        national_code=national_code,
        mobile=mobile,
        first_name=first,
        last_name=last,
        subject=subject,
        unit=unit,
        text=text,
    )
    complaint, created = national.land(incoming, actor=user, actor_role="", ip=ip)
    return complaint.request.tracking_code if created else None


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
