"""The committed 1400 data file: reproducible from the seed, and checked by a second,
differently written reading of the seed text."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from orgs import data as orgs_data
from performance.data import extract_1400

DATA = Path(extract_1400.__file__).with_name("report_1400.json")


@pytest.fixture(scope="module")
def report():
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_the_committed_file_is_what_the_extractor_makes_from_the_seed():
    text = extract_1400.SEED.read_text(encoding="utf-8")
    assert extract_1400.dumps(extract_1400.build(text)) == DATA.read_text(encoding="utf-8")


def test_the_seed_copy_is_seed_004():
    shared = Path("/work/shared/seeds/004_05cd2d1cd0524ef0.txt")
    if shared.exists():  # on machines that hold the seeds, the copy must be identical
        assert shared.read_bytes() == extract_1400.SEED.read_bytes()
    assert "گزارش عملکرد سال 1400" in extract_1400.SEED.read_text(encoding="utf-8")


# --- an independent reading: plain token scanning, no table structure -----------------------

_PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
_NAMES = {n for _, n, _, _ in orgs_data.PROVINCES}
# written out here again on purpose, so that the second reading does not share the first's list
_MISPRINTS = {"مرمغان": "هرمزگان", "مرمزگان": "هرمزگان", "کهگیلویه و بویرآحمد": "کهگیلویه و بویراحمد"}


def _independent_province(token: str) -> str | None:
    t = re.sub(r"\s+", " ", token.replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ")).strip()
    if t in _NAMES:
        return t
    if t in _MISPRINTS:
        return _MISPRINTS[t]
    for alias, name in orgs_data.PROVINCE_ALIASES.items():
        if t == re.sub(r"\s+", " ", alias.replace("\u200c", " ")):
            return name
    return None


def _independent_rows() -> dict[int, tuple[str, Counter]]:
    """line → (province, multiset of the numbers on it), read token by token."""
    found = {}
    for number, line in enumerate(extract_1400.SEED.read_text(encoding="utf-8").split("\n"), start=1):
        if "\t" not in line:
            continue
        tokens = [t.strip() for t in line.split("\t")]
        provinces = [p for p in map(_independent_province, tokens) if p]
        if len(provinces) != 1:
            continue
        numbers = Counter(
            t.translate(_PERSIAN).replace(",", "")
            for t in tokens
            if re.fullmatch(r"[\d۰-۹,]+", t) and not re.fullmatch(r"\d{1,2}", t.translate(_PERSIAN))
        )
        found[number] = (provinces[0], numbers)
    return found


def test_every_province_row_agrees_with_an_independent_token_scan(report):
    independent = _independent_rows()
    checked = 0
    for table in report["tables"]:
        if table["kind"] != "province":
            continue
        for row in table["rows"]:
            if not row["province"]:
                continue
            province, numbers = independent[row["line"]]
            assert province == row["province"], row["line"]
            ours = Counter(
                v["value"]
                for v in row["values"]
                if v["value"] is not None and not re.fullmatch(r"\d{1,2}", v["value"])
            )
            assert ours == numbers, (row["line"], ours, numbers)
            checked += 1
    assert checked >= 31 * 50


def test_every_province_is_in_every_province_table_once(report):
    for table in report["tables"]:
        if table["kind"] == "province":
            provinces = [r["province"] for r in table["rows"] if r["province"]]
            assert sorted(provinces) == sorted(_NAMES), table["id"]


def test_rows_printed_in_reverse_are_read_in_the_right_order(report):
    """In plan/actual/percent tables the printed percent must follow from the plan and the
    actual read from the same row, whichever direction the row was printed in."""
    agree = disagree = reversed_rows = 0
    for table in report["tables"]:
        keys = [c["key"] for c in table["columns"]]
        if table["kind"] != "province" or keys[:3] != ["plan", "actual", "percent"]:
            continue
        for row in table["rows"]:
            values = [v["value"] for v in row["values"][:3]]
            if len(values) < 3 or None in values or float(values[0]) == 0:
                continue
            reversed_rows += row["reversed"]
            ok = abs(round(float(values[1]) * 100 / float(values[0])) - float(values[2])) <= 1
            agree += ok
            disagree += not ok
    assert reversed_rows > 300
    assert agree > 20 * disagree  # the few disagreements are the report's own (docs/performance.md)


def test_sector_breakdowns_sum_to_the_printed_total_in_most_rows(report):
    table = next(t for t in report["tables"] if t["title"].startswith("بازدید فنی استانها از واحدهای تولیدی"))
    keys = [c["key"] for c in table["columns"]]
    assert keys[-1] == "total" and keys.count("breakdown") == 14
    tehran = next(r for r in table["rows"] if r["province"] == "تهران")
    values = [int(v["value"]) for v in tehran["values"]]
    assert sum(values[:-1]) == values[-1] == 11343


def test_known_figures(report):
    by_id = {t["id"]: t for t in report["tables"]}
    first = by_id["T009"]
    total = next(r for r in first["rows"] if r["total"])
    assert [v["printed"] for v in total["values"]] == ["430", "658", "153"]
    summary = next(
        r for t in report["tables"] if t["kind"] == "summary" for r in t["rows"] if r["line"] == 104
    )
    assert [v["printed"] for v in summary["values"]] == ["۶۳۰", "658", "153"]
    assert summary["activity"] == "P009"


def test_hq_printed_percents_follow_from_the_plan_and_actual_read(report):
    """Every HQ row read with plan, actual and percent: the printed percent is actual ÷ plan
    (±1, the report rounds some halves down), except the report's own «255,200» (line 2519).
    Necessary, not sufficient: plan and percent read in each other's place also agree
    (test_hq_rows checks the orientation against the opening summary)."""
    checked, wrong = 0, []
    for table in report["tables"]:
        keys = [c["key"] for c in table["columns"]]
        if table["kind"] != "hq" or keys[:3] != ["plan", "actual", "percent"]:
            continue
        for row in table["rows"]:
            values = [v["value"] for v in row["values"][:3]]
            if not row["complete"] or None in values or float(values[0]) == 0:
                continue
            plan, actual, percent = map(float, values)
            checked += 1
            if abs(actual * 100 / plan - percent) > 1:
                wrong.append(row["line"])
    assert wrong == [2519]
    assert checked > 340


def test_person_hour_activities_have_that_unit(report):
    # the summary prints «نفر ساعت» for both (lines 133 and 137); T016's title «(به نفر- ساعت)»
    units = {a["code"]: a["unit_of_measure"] for a in report["activities"]}
    assert units["P014"] == units["P015"] == units["P016"] == "نفر ساعت"
    assert units["P009"] == "تعداد"
