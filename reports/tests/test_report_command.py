"""`desk_report`: the contract's header and rows, and a Persian refusal (non-zero exit) of bad input."""

import csv
import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.selectors import median

HEADER = (
    "place_code,place,accepted,answered,open,overdue,withdrawn,avg_working_days,"
    "median_working_days,within_sla_percent,avg_rating,ratings"
)


def report(**options) -> list[dict]:
    out = io.StringIO()
    call_command("desk_report", stdout=out, stderr=io.StringIO(), **options)
    text = out.getvalue()
    assert text.splitlines()[0] == HEADER
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_place_under_the_contracts_header(world):
    call_command("desk_generate", count=200, seed=11, end="1404/12/29", stderr=io.StringIO())
    rows = report(**{"start": "1404/01/01", "end": "1404/12/29", "by": "province", "format": "csv"})
    codes = [r["place_code"] for r in rows]
    assert set(codes) == {"IR-97", "IR-98", "HQ-TEST"} and codes == sorted(codes)
    by_channel = report(**{"start": "1404/01/01", "end": "1404/12/29", "by": "channel"})
    assert {r["place_code"] for r in by_channel} == {"online", "counter", "in_person"}
    assert sum(int(r["accepted"]) for r in rows) == sum(int(r["accepted"]) for r in by_channel) > 50
    months = report(**{"start": "1404/01/01", "end": "1404/12/29", "by": "month"})
    assert [r["place_code"] for r in months] == [f"1404-{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"start": "1404/06/01", "end": "1404/05/31"}, "پایان دوره پیش از آغاز"),
        ({"start": "1404/01/01", "end": "1404/12/31"}, "روز ۳۱ وجود ندارد"),
        ({"start": "1404/13/01", "end": "1404/12/29"}, "ماه باید"),
        ({"start": "دیروز", "end": "1404/12/29"}, "سال/ماه/روز"),
        ({"start": "1404/01/01", "end": "1404/12/29", "by": "city"}, "گروه‌بندی «city» شناخته نیست"),
        ({"start": "1404/01/01", "end": "1404/12/29", "format": "xml"}, "قالب «xml»"),
    ],
)
def test_bad_input_is_refused_in_persian(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("desk_report", stdout=io.StringIO(), **options)


def test_the_command_exits_non_zero_on_bad_input(db):
    run = subprocess.run(
        [sys.executable, "manage.py", "desk_report", "--from", "1404/01/01", "--to", "1404/12/31"],
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
        check=False,
    )
    assert run.returncode != 0 and "وجود ندارد" in run.stderr and not run.stdout


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=40))
def test_the_median_of_a_histogram_is_the_median_of_its_values(values):
    import statistics
    from collections import Counter

    assert median(Counter(values)) == statistics.median(values)
