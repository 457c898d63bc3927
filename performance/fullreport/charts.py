"""The two charts of the whole report, as data (the PDF draws them in SVG, the workbook as native
Excel charts):

- plan against actual per area: each activity of the area at its widest level (the organisation's
  line of the summary where it has one), its plan as 100 and its actual as a percent of that plan
  — activities count in different units, so only the ratio can share one axis;
- the province ranking: each province's planned activities (plan and actual both given) and how
  many of them reached their plan (at least 100 %, or at most 100 % where lower is better),
  ranked by that share, then by the median percent realised.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from performance.levels import ORGANISATION
from performance.report import Report


@dataclass
class Bar:
    label: str
    plan: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    unit: str = ""


@dataclass
class AreaChart:
    title: str
    bars: list[Bar]


@dataclass
class ProvinceRank:
    rank: int
    name: str
    met: int
    planned: int
    median_percent: Decimal

    @property
    def share(self) -> Decimal:
        return Decimal(100 * self.met) / self.planned


def area_charts(report: Report) -> list[AreaChart]:
    """One chart per summary table (an area): a bar per activity, from its widest level."""
    charts = []
    for table in report.summary:
        chosen: dict[str, dict] = {}
        for row in table.rows:
            code = row["activity_code"]
            if code not in chosen or row["level"] == ORGANISATION:
                chosen[code] = {**row, "label": chosen.get(code, row)["label"]}
        bars = [
            Bar(
                label=r["label"],
                unit=r["cells"][0],
                plan=r["cells"][2],
                actual=r["cells"][3],
                percent=r["cells"][4],
            )
            for r in chosen.values()
        ]
        if bars:
            charts.append(AreaChart(title=table.title, bars=bars))
    return charts


def province_ranking(matrix: dict) -> list[ProvinceRank]:
    """Provinces ranked by the share of their planned activities that reached plan (`matrix` from
    `selectors.province_matrix`); a province with no planned activity is left out."""
    rows = []
    for unit in matrix["provinces"]:
        met, percents = 0, []
        for activity in matrix["activities"]:
            cell = matrix["cells"].get((activity.pk, unit.pk), {})
            if cell.get("percent") is None:
                continue
            percents.append(cell["percent"])
            met += cell["percent"] >= 100 if activity.higher_is_better else cell["percent"] <= 100
        if not percents:
            continue
        rows.append(
            ProvinceRank(
                rank=None,
                name=unit.province.name if unit.province_id else unit.name,
                met=met,
                planned=len(percents),
                median_percent=Decimal(median(percents)),
            )
        )
    rows.sort(key=lambda r: (-r.share, -r.median_percent, r.name))
    for n, row in enumerate(rows, start=1):
        row.rank = n
    return rows


def chart_scale(percents) -> int:
    """The axis end of a percent chart: 150 at least, past the largest bar (to 50s), 300 at most
    (a longer bar is cut and its figure printed beside it)."""
    top = max((float(p) for p in percents if p is not None), default=0)
    return int(min(300, max(150, 50 * (int(top) // 50 + 1))))
