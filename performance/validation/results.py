"""Reads of the data-quality results for the findings page, its workbook and the command line:
the year's findings (filtered by rule and importance, in printed-line order), the count per rule,
and the HQ rows of an imported report kept as printed text, each with the reason."""

from core import excel
from performance.models import PrintedLine, ValidationResult, ValidationRule

FINDINGS_HEADER = [
    "قاعده",
    "اهمیت",
    "سطر متن",
    "فعالیت",
    "واحد",
    "سمت چپ",
    "مقدار چپ",
    "سمت راست",
    "مقدار راست",
    "شرح",
]
UNREAD_HEADER = ["سطر متن", "جدول", "برچسب", "رقم‌های چاپی", "علت"]


def findings(*, year: int, rule_code: str = "", importance: str = ""):
    results = ValidationResult.objects.filter(year=year).select_related(
        "rule", "activity", "breakdown", "org_unit__province"
    )
    if rule_code:
        results = results.filter(rule__code=rule_code)
    if importance in ValidationRule.Importance.values:
        results = results.filter(rule__importance=importance)
    return results


def counts(*, year: int) -> list[tuple[str, list]]:
    """[(rule code, [rule name, findings])], by code."""
    found: dict[str, list] = {}
    for code, name in ValidationResult.objects.filter(year=year).values_list("rule__code", "rule__name"):
        found.setdefault(code, [name, 0])[1] += 1
    return sorted(found.items())


def unread_rows(*, year: int):
    """Rows of the report's HQ section kept as printed text (item 3 of issue 20), with why."""
    return PrintedLine.objects.filter(year=year, kind=PrintedLine.Kind.ROW, part="hq").exclude(
        unread_reason=""
    )


def findings_workbook(*, year: int, rule_code: str = "", importance: str = "") -> bytes:
    book, sheet = excel.new_workbook("یافته‌ها")
    excel.header_row(sheet, FINDINGS_HEADER)
    for r in findings(year=year, rule_code=rule_code, importance=importance):
        unit = str(r.org_unit) if r.org_unit else (r.level or "")
        activity = f"{r.activity.code} {r.activity.title}" if r.activity else ""
        sheet.append(
            [
                r.rule.name,
                r.rule.get_importance_display(),
                r.line,
                activity,
                unit,
                r.left_label,
                r.left_value,
                r.right_label,
                r.right_value,
                r.message,
            ]
        )
    excel.column_widths(sheet, [40, 8, 9, 40, 20, 30, 14, 30, 14, 80])
    rows = excel.add_sheet(book, "سطرهای خوانده‌نشده")
    excel.header_row(rows, UNREAD_HEADER)
    for p in unread_rows(year=year):
        rows.append(
            [p.line, p.table, p.label, "، ".join(c for c in p.cells if c), p.get_unread_reason_display()]
        )
    excel.column_widths(rows, [9, 8, 60, 20, 70])
    return excel.workbook_bytes(book)
