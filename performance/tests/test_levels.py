"""Totals by level (provinces, research institute, HQ offices, organisation): by each activity's
aggregation, against seed 004's printed totals, and on screen, in Excel and in PDF."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from performance.levels import ORGANISATION, aggregate

pytestmark = pytest.mark.django_db

COLUMN = {"plan": 2, "actual": 3, "percent": 4}  # summary row cells: unit, level, plan, actual, %


def _summary(version=None):
    from performance.models import PlanVersion
    from performance.report import build_report

    version = version or PlanVersion.objects.get()
    return build_report(year=1400, plan_version=version, section="summary").summary


def _levels(summary) -> dict[tuple[str, str], list]:
    return {(r["activity_code"], r["level"]): r["cells"] for t in summary for r in t.rows}


def _printed(**filters) -> list:
    from performance.models import PrintedFigure

    return list(PrintedFigure.objects.filter(source="report-1400", **filters).select_related("activity"))


# --- the 1400 report ----------------------------------------------------------------------------


def test_provinces_level_equals_every_printed_province_table_total(imported):
    """Each province table's «جمع کل» row (plan, actual, percent of the undivided figure) is the
    provinces' level total of its activity: 109 printed figures, every one reproduced."""
    levels = _levels(_summary())
    printed = [
        p
        for p in _printed(level="provinces", is_summary=False, kind__in=list(COLUMN), breakdown__code="total")
        if p.activity.scope == "provinces" and p.value is not None
    ]
    assert len(printed) >= 100
    wrong = [
        (p.line, p.kind, p.text)
        for p in printed
        if levels[(p.activity.code, "provinces")][COLUMN[p.kind]] != p.value
    ]
    assert wrong == []


def test_provinces_level_against_the_summary_differs_only_where_the_summary_misprints(imported):
    """The summary's «استان» rows: 94 figures; the six that differ are the summary's own
    misprints that the province tables contradict (docs/performance.md, summary = detail)."""
    levels = _levels(_summary())
    printed = [p for p in _printed(level="provinces", is_summary=True) if p.value is not None]
    printed = [p for p in printed if (p.activity.code, "provinces") in levels]
    assert len(printed) >= 90
    wrong = {
        (p.line, p.kind): (p.text, levels[(p.activity.code, "provinces")][COLUMN[p.kind]])
        for p in printed
        if levels[(p.activity.code, "provinces")][COLUMN[p.kind]] != p.value
    }
    assert wrong == {
        (104, "plan"): ("۶۳۰", Decimal(430)),  # national standards: the table sums to 430
        (135, "plan"): ("۹۳۰", Decimal(264)),  # promotional packages: 930 is the other plan column
        (135, "percent"): ("122", Decimal(432)),
        (137, "actual"): ("264,272", Decimal(298247)),  # staff training: the table sums to 298,247
        (137, "percent"): ("270", Decimal(304)),
        (164, "plan"): ("۸۲۷", Decimal(837)),  # energy-intensive industries: the table sums to 837
    }


# the summary's HQ lines, the HQ row that carries each, and the organisation's «جمع» where printed
HQ_LINES = [("P010", 111), ("P017", 136), ("P016", 138)]


@pytest.mark.parametrize(("activity", "line"), HQ_LINES)
def test_hq_level_equals_the_summary_hq_line(imported, activity, line):
    levels = _levels(_summary())
    printed = _printed(level="hq", is_summary=True, line=line)
    assert {p.kind for p in printed} == {"plan", "actual", "percent"}
    for p in printed:
        assert levels[(activity, "hq")][COLUMN[p.kind]] == p.value, (line, p.kind, p.text)


def test_organisation_total_equals_the_printed_totals_in_the_summary_and_the_office_table(imported):
    """Revision of national standards: provinces 3,200 / 4,531 + HQ 800 / 1,991 = the summary's
    «جمع» (line 112) and the standards office's «جمع کل» (line 2295): 4,000 / 6,522 / 163."""
    levels = _levels(_summary())
    for line, summary in ((112, True), (2295, False)):
        printed = _printed(level="all", is_summary=summary, line=line)
        assert {p.kind for p in printed} == {"plan", "actual", "percent"}
        for p in printed:
            assert levels[("P010", ORGANISATION)][COLUMN[p.kind]] == p.value, (line, p.kind)


def test_research_level_is_absent_where_the_summary_prints_a_dash(imported):
    """Line 110: the institute's revision line is printed «-»: no institute level for P010."""
    assert {p.text for p in _printed(level="research", is_summary=True, line=110)} == {"-"}
    levels = _levels(_summary())
    assert ("P010", "research") not in levels
    assert [lv for (a, lv) in levels if a == "P010"] == ["provinces", "hq", ORGANISATION]


def test_an_activity_reported_by_provinces_alone_prints_one_line(imported):
    levels = _levels(_summary())
    assert [lv for (a, lv) in levels if a == "P011"] == ["provinces"]


# --- the aggregation of each level, with made-up data ---------------------------------------------


@pytest.fixture
def three_levels():
    """Each aggregation, with two provinces, the research institute and two HQ offices."""
    from orgs.models import OrgUnit
    from performance.models import Measure
    from performance.services import set_value
    from performance.tests import factories as f

    tehran, yazd = f.province("تهران"), f.province("یزد")
    research = OrgUnit.objects.get(kind=OrgUnit.Kind.RESEARCH)
    offices = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.HQ_OFFICE).order_by("order")[:2])
    year, version = f.year(1400), f.plan_version(1400)
    figures = {tehran: (10, 15), yazd: (30, 25), research: (8, 4), offices[0]: (2, 9)}

    def put(activity, unit, plan, actual):
        set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=actual)
        set_value(activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=plan,
                  plan_version=version)  # fmt: skip

    made = {}
    for code, aggregation in (("L1", "sum"), ("L2", "average"), ("L3", "none")):
        head = f.activity(code=code, title=f"فعالیت {code}", aggregation=aggregation)
        for unit, (plan, actual) in figures.items():
            put(head, unit, plan, actual)
        # an HQ office's own row that the summary counts as this activity's HQ line
        part = f.activity(code=f"{code}-HQ", scope="hq", rolls_up_to=head, aggregation=aggregation)
        put(part, offices[1], 6, 3)
        made[code] = head
    return made


def test_each_level_follows_the_activity_aggregation(three_levels):
    levels = _levels(_summary())
    # sum: provinces 10+30 / 15+25; research 8 / 4; HQ 2+6 / 9+3; organisation 56 / 56
    assert levels[("L1", "provinces")][2:] == [40, 40, 100]
    assert levels[("L1", "research")][2:] == [8, 4, 50]
    assert levels[("L1", "hq")][2:] == [8, 12, 150]
    assert levels[("L1", ORGANISATION)][2:] == [56, 56, 100]
    # average: the mean of the units that report, the organisation's over all five units
    assert levels[("L2", "provinces")][2:] == [20, 20, 100]
    assert levels[("L2", "hq")][2:] == [4, 6, 150]
    assert levels[("L2", ORGANISATION)][2:] == [Decimal("11.20"), Decimal("11.20"), 100]
    assert levels[("L2", "provinces")][0] == "تعداد (میانگین)"
    # figures that do not add up: no total at any level, so no line at all
    assert not [k for k in levels if k[0] == "L3"]


@given(st.lists(st.one_of(st.none(), st.integers(0, 10**9).map(Decimal)), max_size=40))
def test_a_sum_of_levels_is_the_sum_of_its_units(figures):
    half = len(figures) // 2
    left, right = aggregate(figures[:half], "sum"), aggregate(figures[half:], "sum")
    whole = aggregate(figures, "sum")
    if left is None and right is None:
        assert whole is None
    else:
        assert whole == (left or 0) + (right or 0)
    assert aggregate(figures, "none") is None


def test_an_hq_row_rolls_up_only_to_a_province_activity(three_levels):
    from performance.tests import factories as f

    hq_head = f.activity(code="X-HQ", scope="hq")
    wrong = f.activity(code="X-HQ-2", scope="hq", rolls_up_to=hq_head)
    with pytest.raises(ValidationError) as caught:
        wrong.full_clean()
    assert "فقط ردیف ستادی" in str(caught.value)
    chained = f.activity(code="X-HQ-3", scope="hq", rolls_up_to=three_levels["L1"].level_parts.get())
    with pytest.raises(ValidationError):
        chained.full_clean()


# --- on screen, in Excel, in PDF -------------------------------------------------------------------


@pytest.fixture
def planner(client, make_user):
    client.force_login(make_user(role="hq_planner"))
    return client


def test_levels_on_screen_in_excel_and_in_pdf(imported, planner):
    from pypdf import PdfReader

    html = planner.get(reverse("performance:report"), {"year": 1400}).content.decode()
    summary = html[html.index('id="s-summary"') : html.index("</section>", html.index('id="s-summary"'))]
    assert (
        '<th scope="row"></th><td>تعداد</td><td>ستاد</td><td class="num">۸۰۰</td>'
        '<td class="num">۱٬۹۹۱</td><td class="num">۲۴۹</td>'
    ) in summary
    assert (
        '<td>جمع کل سازمان</td><td class="num">۴٬۰۰۰</td><td class="num">۶٬۵۲۲</td><td class="num">۱۶۳</td>'
    ) in summary

    wb = load_workbook(io.BytesIO(planner.get(reverse("performance:report_xlsx"), {"year": 1400}).content))
    sheet = wb["summary-standardisation"]
    assert sheet.sheet_view.rightToLeft
    rows = [r[1:] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert ("تعداد", "ستاد", 800, 1991, 249) in rows
    assert ("تعداد", "جمع کل سازمان", 4000, 6522, 163) in rows

    pdf = planner.get(reverse("performance:report_pdf", args=["summary"]), {"year": 1400}).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    lines = [re.sub(r"[۰-۹٬-]+", lambda m: m.group()[::-1], line) for line in text.splitlines()]
    # words of a cell come out in visual order too («سازمانجمع کل»)
    assert any("سازمان" in line and "جمع کل" in line and "۴٬۰۰۰۶٬۵۲۲۱۶۳" in line for line in lines)
    assert any("ستاد" in line and "۸۰۰۱٬۹۹۱۲۴۹" in line for line in lines)
