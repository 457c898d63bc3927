"""The import of licences from the licence system's export (صدور پروانه): a CSV or Excel file, one
licence a row, read by `core.excel.read_table` (the import pattern of complaints) and checked row
by row with Persian errors.

All or nothing: the rows are written in one transaction that is rolled back on a dry run or when
any row is refused, so a file either goes in whole or changes nothing, and the page lists every
refused row. Idempotent: a row that matches the licence on record changes nothing and logs
nothing, so the same file imported twice changes nothing the second time. A row may only touch an
office of the importer's region (the regulator's HQ: any office); a new licence, a new expiry or a
new status is logged in the office's licence log as an import, with the row's number in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from core import excel, jalali
from core.text import ltr_code, normalize_digits, to_persian_digits
from counters.models import Licence, LicenceEvent
from counters.selectors import licence_refusal_for_staff, licence_region_scope
from counters.services import licences as registry
from orgs.models import CounterOffice, clean_office_code

HEADER = [
    "کد دفتر",
    "شماره پروانه",
    "کد ملی دارنده",
    "همراه دارنده",
    "نام",
    "نام خانوادگی",
    "تاریخ صدور",
    "تاریخ انقضا",
    "وضعیت",
]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
STATUS_WORDS = {
    "معتبر": Licence.Status.ACTIVE,
    "فعال": Licence.Status.ACTIVE,
    "active": Licence.Status.ACTIVE,
    "تعلیق": Licence.Status.SUSPENDED,
    "تعلیق‌شده": Licence.Status.SUSPENDED,
    "معلق": Licence.Status.SUSPENDED,
    "suspended": Licence.Status.SUSPENDED,
    "لغو": Licence.Status.REVOKED,
    "لغوشده": Licence.Status.REVOKED,
    "ابطال": Licence.Status.REVOKED,
    "revoked": Licence.Status.REVOKED,
}


@dataclass
class ImportResult:
    dry_run: bool
    created: list = field(default_factory=list)  # office codes
    updated: list = field(default_factory=list)
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.errors


def _date(text: str, label: str):
    try:
        return jalali.parse_date(text)
    except ValidationError as exc:
        raise ValidationError(f"{label}: {'؛ '.join(exc.messages)}", code="date") from None


def _status(text: str) -> str:
    status = STATUS_WORDS.get(text.strip().lower()) if text.strip() else Licence.Status.ACTIVE
    if status is None:
        raise ValidationError(
            f"وضعیت «{text}» شناخته نیست؛ «معتبر»، «تعلیق» یا «لغو» بنویسید.", code="status"
        )
    return status


def _office(code_text: str, user):
    try:
        code = clean_office_code(code_text)
    except ValidationError:
        raise ValidationError(
            f"کد دفتر «{code_text}» درست نیست (مانند 1108-40-72).", code="office_code"
        ) from None
    office = CounterOffice.objects.select_related("province__region").filter(code=code).first()
    if office is None:
        raise ValidationError(f"دفتری با کد {ltr_code(code)} در فهرست دفاتر نیست.", code="office")
    if reason := licence_refusal_for_staff(user, office):
        raise ValidationError(reason, code="region")
    return office


def _import_row(*, user, cells: list[str], ip, row_number: int) -> str:
    """Bring one row into the registry: "created", "updated" or "unchanged"."""
    cells = (cells + [""] * len(HEADER))[: len(HEADER)]
    office_code, number, national_code, mobile, first, last, issued, expires, status_text = cells
    office = _office(office_code, user)
    errors, values = [], {}
    number = normalize_digits(number).strip()
    if not number or len(number) > 30:
        errors.append("شماره پروانه خالی یا بیش از ۳۰ نویسه است.")
    for name, check in (
        ("issued_on", lambda: _date(issued, "تاریخ صدور")),
        ("expires_on", lambda: _date(expires, "تاریخ انقضا")),
        ("status", lambda: _status(status_text)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            errors.extend(exc.messages)
    if "issued_on" in values and "expires_on" in values and values["expires_on"] <= values["issued_on"]:
        errors.append("تاریخ انقضا باید پس از تاریخ صدور باشد.")
    other = Licence.objects.filter(number=number).exclude(office=office).select_related("office").first()
    if number and other is not None:
        errors.append(f"شماره پروانه {ltr_code(number)} از آنِ دفتر {ltr_code(other.office.code)} است.")
    if errors:
        raise ValidationError(errors)
    try:
        holder = registry.holder_account(
            national_code=national_code, mobile=mobile, first_name=first, last_name=last
        )
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    data = {"row": row_number, "number": number}
    licence = Licence.objects.select_for_update().filter(office=office).first()
    if licence is None:
        licence = registry.create_licence(
            actor=user,
            office=office,
            holder=holder,
            number=number,
            issued_on=values["issued_on"],
            expires_on=values["expires_on"],
            ip=ip,
            action="import_create",
        )
        if values["status"] != licence.status:
            _apply_import(licence, user=user, ip=ip, data=data, status=values["status"])
        return "created"
    wanted = {
        "number": number,
        "holder_id": holder.pk,
        "issued_on": values["issued_on"],
        "expires_on": values["expires_on"],
        "status": values["status"],
    }
    changed = {name: value for name, value in wanted.items() if getattr(licence, name) != value}
    if not changed:
        return "unchanged"
    _apply_import(licence, user=user, ip=ip, data=data, **changed)
    return "updated"


def _apply_import(licence: Licence, *, user, ip, data: dict, **changed) -> None:
    """Set what the licence system says and log it, before and after, in the office's log."""
    before = {name: _plain(getattr(licence, name)) for name in changed}
    from_status = licence.status
    for name, value in changed.items():
        setattr(licence, name, value)
    if "status" in changed:
        licence.status_since = licence.status_since if from_status == licence.status else None
        licence.status_reason = "به‌روزرسانی از سامانه صدور پروانه"
    licence.full_clean()
    licence.save()
    if "holder_id" in changed:
        registry.sync_holder_role(licence)
    LicenceEvent.objects.create(
        office=licence.office,
        licence=licence,
        action="import",
        from_status=from_status,
        to_status=licence.status,
        reason="به‌روزرسانی از سامانه صدور پروانه",
        actor=user,
        ip=ip,
        data={**data, "before": before, "after": {name: _plain(v) for name, v in changed.items()}},
    )


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def import_licences(*, user, upload, dry_run: bool, ip: str | None = None) -> ImportResult:
    """Import the licence system's file (see the module's rules); a bad file raises, bad rows are
    listed in the result."""
    if licence_region_scope(user, write=True) == set():
        raise ValidationError("ورود پروانه‌ها برای کارشناسان منطقه و ستاد سازمان است.", code="not_allowed")
    rows = excel.read_table(upload, header=HEADER, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    result = ImportResult(dry_run=dry_run)
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, cells in enumerate(rows[1:], start=2):
            code = cells[0] if cells else ""
            try:
                key = clean_office_code(code)
            except ValidationError:
                key = code
            if key in seen:
                result.errors.append(
                    f"ردیف {to_persian_digits(number)}: دفتر {ltr_code(key)} در ردیف "
                    f"{to_persian_digits(seen[key])} هم آمده است."
                )
                continue
            seen[key] = number
            try:
                with transaction.atomic():
                    outcome = _import_row(user=user, cells=cells, ip=ip, row_number=number)
            except ValidationError as exc:
                result.errors.append(f"ردیف {to_persian_digits(number)}: {'؛ '.join(exc.messages)}")
                continue
            if outcome == "created":
                result.created.append(key)
            elif outcome == "updated":
                result.updated.append(key)
            else:
                result.unchanged += 1
        if not result.saved:
            transaction.set_rollback(True)
    return result


def template() -> bytes:
    """An empty workbook with the header the import expects (and one sample row)."""
    book, sheet = excel.new_workbook("پروانه‌ها")
    excel.header_row(sheet, HEADER)
    sheet.append(
        [
            "1108-40-72",
            "PL-00012",
            "0012345679",
            "09121234567",
            "مریم",
            "کریمی",
            "1401/02/15",
            "1406/02/14",
            "معتبر",
        ]
    )
    excel.column_widths(sheet, [12, 14, 14, 14, 14, 16, 12, 12, 10])
    return excel.workbook_bytes(book)
