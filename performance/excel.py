"""The annual report as an Excel workbook: a sheet per table, right to left, formatted."""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from core import excel
from performance.report import Report, Table

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor=excel.HEADER_COLOUR)
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def _sheet_title(table: Table, used: set[str]) -> str:
    base = (table.activity_code or table.key)[:28]
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:26]}-{n}"
    used.add(title)
    return title


def _write(ws, table: Table, heading: str) -> None:
    ws.append([heading])
    ws.append([table.title])
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"].font = Font(bold=True)
    first = "استان" if table.total is not None else "فعالیت"
    ws.append([first] + [c.title for c in table.columns])
    for cell in ws[3]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in table.rows:
        ws.append([row["label"]] + [c if isinstance(c, str) or c is None else float(c) for c in row["cells"]])
    if table.total is not None:
        ws.append([table.total_label] + [None if c is None else float(c) for c in table.total])
        for cell in ws[ws.max_row]:
            cell.font, cell.fill = Font(bold=True), TOTAL_FILL
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        for cell in row:
            cell.border = BORDER
            if isinstance(cell.value, float):
                cell.number_format = "#,##0" if cell.value == int(cell.value) else "#,##0.00"
            elif cell.value is None and cell.column > 1:
                cell.value = "-"
                cell.alignment = Alignment(horizontal="center")
    ws.column_dimensions["A"].width = 48 if table.total is None else 24
    for i in range(2, len(table.columns) + 2):
        ws.column_dimensions[get_column_letter(i)].width = 16
    ws.freeze_panes = "B4"


def workbook(report: Report) -> bytes:
    return excel.workbook_bytes(report_workbook(report))


def report_workbook(report: Report, *, progress=None, charts=()):
    """The workbook of `report` (not yet saved): a contents sheet linking a sheet per table.
    `charts` are `(sheet title, section title, write(sheet))` sheets put first (the whole
    report's chart sheets); `progress(done, total)` is told after each table."""
    wb, contents = excel.new_workbook("فهرست")
    contents.append([report.title])
    if report.plan_version:
        contents.append([f"مقایسه با: {report.plan_version.title}"])
    contents.append(["برگه", "جدول", "بخش"])
    header_row = contents.max_row
    used: set[str] = {"فهرست"}
    for title, heading, write in charts:
        used.add(title)
        write(excel.add_sheet(wb, title))
        contents.append([title, heading, "نمودارها"])
    tables = [(t, "خلاصه عملکرد") for t in report.summary]
    tables += [(t, s.title) for s in report.sections for t in s.tables]
    for done, (table, heading) in enumerate(tables, start=1):
        title = _sheet_title(table, used)
        _write(excel.add_sheet(wb, title), table, heading)
        contents.append([title, table.title, heading])
        if progress:
            progress(done, len(tables))
    for (cell,) in contents.iter_rows(min_row=header_row + 1, max_col=1):
        # the contents open each sheet (a link inside the workbook)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{cell.value}'!A1")
        cell.font = Font(color="0563C1", underline="single")
    contents["A1"].font = Font(bold=True, size=13)
    for cell in contents[header_row]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD_FILL, BORDER
    contents.column_dimensions["A"].width = 26
    contents.column_dimensions["B"].width = 80
    contents.column_dimensions["C"].width = 40
    return wb
