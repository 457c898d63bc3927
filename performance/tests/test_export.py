"""`performance_export`: its header, plain numbers, and every figure found again in seed 004 by
the independent token scan (not through the extracted JSON)."""

import csv
import io
import re

import pytest
from django.core.management import call_command

from performance.management.commands.performance_export import HEADER
from performance.tests.test_extract import _PERSIAN, _independent_rows

pytestmark = pytest.mark.django_db


def export(year=1400) -> list[dict]:
    out = io.StringIO()
    call_command("performance_export", "--year", str(year), "--format", "csv", stdout=out)
    out.seek(0)
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(HEADER)
    return list(csv.DictReader(io.StringIO(text)))


def test_header_and_plain_ascii_numbers(imported):
    rows = export()
    assert len(rows) > 4000
    for row in rows:
        for key in ("plan", "actual"):
            assert re.fullmatch(r"(\d+(\.\d+)?)?", row[key]), row
        assert re.fullmatch(r"\d+|-", row["percent"]), row
    first = rows[0]
    assert (
        first["activity_code"],
        first["org_unit_title"],
        first["plan"],
        first["actual"],
        first["percent"],
    ) == (
        "P009",
        "آذربایجان شرقی",
        "25",
        "30",
        "120",
    )
    assert not any(r["org_unit_title"].startswith("جمع") for r in rows)


def test_every_province_figure_is_found_again_in_the_seed(imported):
    from performance.models import Activity

    seed_rows = _independent_rows()
    starts = {a.code: int(re.search(r"سطر (\d+)", a.source).group(1)) for a in Activity.objects.all()}
    checked = 0
    for row in export():
        if not row["org_unit_code"].startswith("IR-"):
            continue
        start = starts[row["activity_code"]]
        line = next(
            n for n in range(start, start + 60) if n in seed_rows and seed_rows[n][0] == row["org_unit_title"]
        )
        numbers = seed_rows[line][1]
        for key in ("plan", "actual"):
            if row[key] and int(float(row[key])) > 99:  # small numbers may be read as ranks there
                assert numbers[row[key]] >= 1, (row, numbers)
                checked += 1
    assert checked > 2000


def test_hq_figures_are_on_their_printed_line(imported):
    from performance.data.extract_1400 import SEED
    from performance.models import Activity, PrintedLine

    lines = SEED.read_text(encoding="utf-8").split("\n")
    sources = {a.code: int(re.search(r"سطر (\d+)", a.source).group(1)) for a in Activity.objects.all()}
    hq = [r for r in export() if r["org_unit_code"].startswith("HQ-")]
    assert len(hq) > 250
    # rows the conversion left short and the seed determines (issue 20): their derived figure is
    # on another line (the row's twin) or follows from the printed percent, so it is checked
    # against the row's re-reading instead
    recovered = {
        (p.activity.code, p.org_unit.code): p.recovered
        for p in PrintedLine.objects.exclude(recovered={}).exclude(activity=None).exclude(org_unit=None)
    }
    for row in hq:
        again = recovered.get((row["activity_code"], row["org_unit_code"]))
        if again is not None:
            assert all(row[k] == again.get(k, "") for k in ("plan", "actual")), (row, again)
            continue
        cells = {
            c.strip().translate(_PERSIAN).replace(",", "").replace("%", "")
            for c in lines[sources[row["activity_code"]] - 1].split("\t")
        }
        if "(سطر" in row["activity_title"] or row["breakdown"]:
            continue
        for key in ("plan", "actual"):
            if row[key]:
                near = set()
                for n in range(sources[row["activity_code"]] - 1, sources[row["activity_code"]] + 4):
                    near |= {
                        c.strip().translate(_PERSIAN).replace(",", "").replace("%", "")
                        for c in lines[n].split("\t")
                    }
                assert row[key] in cells | near, row
