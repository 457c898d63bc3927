"""Right-to-left Excel workbooks and CSV writers for every export, with text cells escaped against
formula injection (OWASP "CSV injection": a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is prefixed with `'`, so a spreadsheet shows it as text and never runs it).

Every workbook Miz writes is built here (`new_workbook`, `add_sheet`) and saved through
`workbook_bytes`, which escapes every text cell of every sheet just before saving: a value typed
by a user (an office's name, an activity's title) can never become a live formula, whichever
module put it in the cell. Numbers stay numbers: only strings are escaped, and a string that is a
plain number (`-12`, `+3.5`) is left alone, as is a lone `-` (the dash that marks an empty cell).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.http import HttpResponse

if TYPE_CHECKING:  # openpyxl (~18 MB) is imported by the functions that build a workbook only, so
    # a web worker that never writes one does not carry it (issue 18: worker memory).
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
HEADER_COLOUR = "DDE4EE"


def escape_text(value):
    """`value` made safe for a spreadsheet cell: a string a spreadsheet would read as a formula
    gets a leading `'`; anything else (numbers, dates, None, plain text) is returned unchanged."""
    if not isinstance(value, str) or len(value) < 2 or not value.startswith(FORMULA_TRIGGERS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet is named `title` and reads right to left."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.sheet_view.rightToLeft = True
    return book, sheet


def add_sheet(book: Workbook, title: str) -> Worksheet:
    """Another right-to-left sheet."""
    sheet = book.create_sheet(title)
    sheet.sheet_view.rightToLeft = True
    return sheet


def header_row(sheet: Worksheet, values: Sequence, *, fill: bool = True) -> None:
    """Append a bold header row (tinted unless `fill` is false)."""
    from openpyxl.styles import Font, PatternFill

    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        if fill:
            cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)


def column_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Set the widths of the first columns, from A on."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def escape_workbook(book: Workbook) -> None:
    """Escape every text cell of every sheet (see `escape_text`); a string openpyxl took for a
    formula (it starts with `=`) is stored as text again."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    escaped = escape_text(value)
                    if escaped is not value or cell.data_type == "f":
                        cell.value = escaped
                        cell.data_type = "s"


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx bytes of `book`, every text cell escaped first."""
    escape_workbook(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of a workbook (always an attachment)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SafeCsvWriter:
    """`csv.writer` whose rows have their text cells escaped (`escape_text`)."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([escape_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> SafeCsvWriter:
    """The CSV writer every export uses (same arguments as `csv.writer`)."""
    return SafeCsvWriter(stream, **kwargs)


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    """A download of `rows` as UTF-8 CSV (with the byte-order mark Excel needs to read Persian),
    written by `csv_writer`; `filename` without its extension."""
    stream = io.StringIO()
    stream.write("\ufeff")
    csv_writer(stream).writerows(rows)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Reading an uploaded table (the imports: complaints from a national system, licences from the
# licence system): CSV in UTF-8 or an Excel workbook, header checked, rows as normalised text.

NOT_A_TABLE = "پرونده CSV (UTF-8) یا Excel (xlsx) با ستون‌های الگو نیست."


def _table_cell(value) -> str:
    from core.text import normalize_text

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)).strip()


def read_table(upload, *, header: Sequence[str], max_bytes: int, max_rows: int) -> list[list[str]]:
    """The uploaded file's rows as text cells (Persian text normalised), header first, empty rows
    dropped; a Persian `ValidationError` for a file too large, not CSV/xlsx, with another header
    or too many rows. A workbook is judged from its archive before openpyxl reads it."""
    from django.core.exceptions import ValidationError

    from core.text import to_persian_digits

    too_large = ValidationError(
        f"حجم پرونده بیش از {to_persian_digits(max_bytes // (1024 * 1024))} مگابایت است؛ "
        "آن را در چند پرونده بفرستید.",
        code="size",
    )
    if getattr(upload, "size", 0) > max_bytes:
        raise too_large
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_large
    import zipfile

    if zipfile.is_zipfile(io.BytesIO(content)):
        rows = _workbook_rows(content, max_rows)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(NOT_A_TABLE, code="file") from None
        rows = [[_table_cell(c) for c in row] for row in csv.reader(io.StringIO(text))]
    rows = [row for row in rows if any(row)]
    if not rows or list(rows[0][: len(header)]) != list(header):
        raise ValidationError(
            f"{NOT_A_TABLE} سطر نخست باید این ستون‌ها باشد: {'، '.join(header)}.", code="header"
        )
    if len(rows) - 1 > max_rows:
        raise ValidationError(
            f"پرونده بیش از {to_persian_digits(max_rows)} ردیف دارد؛ آن را در چند پرونده بفرستید.",
            code="rows",
        )
    return rows


def _workbook_rows(content: bytes, max_rows: int) -> list[list[str]]:
    import zipfile

    from django.core.exceptions import ValidationError
    from openpyxl import load_workbook  # here: ~18 MB a web worker rarely needs
    from openpyxl.utils.exceptions import InvalidFileException

    from core import filecheck

    try:
        filecheck.check_archive(content, "xlsx")
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        return [
            [_table_cell(c) for c in row] for row in sheet.iter_rows(max_row=max_rows + 2, values_only=True)
        ]
    except (
        filecheck.Refused,
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        IndexError,
    ):
        raise ValidationError(NOT_A_TABLE, code="file") from None
