"""The one workbook builder and CSV writer: text cells that a spreadsheet would run as a formula
are escaped, numbers stay numbers, and no other module builds a workbook or a CSV writer."""

import io
import re
from pathlib import Path

from openpyxl import load_workbook

from core import excel

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_every_formula_trigger_is_prefixed_with_a_quote():
    for value in HOSTILE:
        assert excel.escape_text(value) == "'" + value


def test_numbers_plain_text_and_the_empty_dash_are_left_alone():
    for value in (-12, -3.5, 0, None, "-12", "+3.5", "-0.25", "1e5", "-", "تهران", "a=b", ""):
        assert excel.escape_text(value) == value


def test_a_workbook_never_keeps_a_formula_from_a_text_cell():
    book, sheet = excel.new_workbook("برگه")
    sheet.append(["=1+1", -7, "-7", "@x", "نام"])
    other = excel.add_sheet(book, "دوم")
    other["B2"] = '=HYPERLINK("http://evil","click")'
    loaded = load_workbook(io.BytesIO(excel.workbook_bytes(book)))
    first = loaded["برگه"]
    assert [c.value for c in first[1]] == ["'=1+1", -7, "-7", "'@x", "نام"]
    assert all(c.data_type != "f" for row in first.iter_rows() for c in row)
    assert first[1][1].data_type == "n"
    assert loaded["دوم"]["B2"].value.startswith("'=") and loaded["دوم"]["B2"].data_type == "s"
    assert first.sheet_view.rightToLeft and loaded["دوم"].sheet_view.rightToLeft


def test_the_csv_writer_escapes_text_and_keeps_negative_numbers():
    out = io.StringIO()
    excel.csv_writer(out, lineterminator="\n").writerow(["=1+1", -5, "-5", "@a", "ok"])
    assert out.getvalue() == "'=1+1,-5,-5,'@a,ok\n"


def test_no_module_but_core_excel_builds_a_workbook_or_a_csv_writer():
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\bWorkbook\(|\bcsv\.writer\(|\bcsv\.DictWriter\(")
    offenders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "core/excel.py")) or "/tests/" in relative or "/bench/" in relative:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
