"""The whole annual report as one workbook: the report's sheets (`performance.excel`) with two
chart sheets first, each a table of the chart's figures and a native Excel bar chart over it
(openpyxl), so the chart stays live if a planner edits a figure."""

from collections.abc import Callable

from performance.excel import report_workbook
from performance.fullreport.charts import AreaChart, ProvinceRank, chart_scale
from performance.report import Report

AREAS_SHEET, RANKING_SHEET = "نمودار حوزه‌ها", "رتبه استان‌ها"


def _number(value):
    return None if value is None else float(value)


def _bar_chart(title: str, *, y_title: str, y_max: int, height_rows: int):
    from openpyxl.chart import BarChart

    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"  # horizontal bars: long Persian labels
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, y_max
    chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the table
    chart.y_axis.delete = chart.x_axis.delete = False
    chart.width, chart.height = 22, max(6, 0.55 * height_rows + 2)
    return chart


def write_area_charts(sheet, charts: list[AreaChart]) -> None:
    """A block per area: activity, plan, actual, percent realised, and the two bars charted
    (plan as 100, actual as a percent of it); the chart stands beside its block."""
    from openpyxl.chart import Reference
    from openpyxl.styles import Font

    sheet.append(["برنامه و عملکرد به تفکیک حوزه: برنامه ۱۰۰ و عملکرد درصدی از برنامه"])
    sheet["A1"].font = Font(bold=True, size=12)
    for chart in charts:
        sheet.append([])
        sheet.append([chart.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(["فعالیت", "واحد", "برنامه", "عملکرد", "برنامه (٪)", "عملکرد (٪ برنامه)"])
        head = sheet.max_row
        for cell in sheet[head]:
            cell.font = Font(bold=True)
        for bar in chart.bars:
            sheet.append(
                [
                    bar.label,
                    bar.unit,
                    _number(bar.plan),
                    _number(bar.actual),
                    100 if bar.plan else None,
                    _number(bar.percent),
                ]
            )
        last = sheet.max_row
        excel_chart = _bar_chart(
            f"برنامه و عملکرد: {chart.title}",
            y_title="درصد برنامه",
            y_max=chart_scale(b.percent for b in chart.bars),
            height_rows=last - head,
        )
        excel_chart.add_data(
            Reference(sheet, min_col=5, max_col=6, min_row=head, max_row=last), titles_from_data=True
        )
        excel_chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=last))
        sheet.add_chart(excel_chart, f"H{head}")
        for _ in range(max(0, int(excel_chart.height * 2) - (last - head))):
            sheet.append([])  # room for the chart before the next block
    for column, width in zip("ABCDEF", (48, 14, 14, 14, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width


def write_ranking(sheet, ranking: list[ProvinceRank]) -> None:
    """Rank, province, share of planned activities that reached plan, and the bar chart of it."""
    from openpyxl.chart import Reference
    from openpyxl.styles import Font

    sheet.append(["رتبه استان‌ها: سهم فعالیت‌های برنامه‌دار که به برنامه رسیده‌اند"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["رتبه", "استان", "سهم رسیده به برنامه (٪)", "رسیده", "برنامه‌دار", "میانه درصد تحقق"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in ranking:
        sheet.append([r.rank, r.name, round(float(r.share), 1), r.met, r.planned, float(r.median_percent)])
    last = sheet.max_row
    chart = _bar_chart("رتبه استان‌ها", y_title="درصد فعالیت‌های رسیده به برنامه", y_max=100, height_rows=last)
    chart.add_data(Reference(sheet, min_col=3, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=3, max_row=last))
    chart.legend = None
    sheet.add_chart(chart, "H2")
    for column, width in zip("ABCDEF", (8, 22, 22, 10, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width


def build(
    report: Report, areas: list[AreaChart], ranking: list[ProvinceRank], progress: Callable[[int, int], None]
) -> bytes:
    from core import excel

    charts = [(AREAS_SHEET, "برنامه و عملکرد به تفکیک حوزه", lambda ws: write_area_charts(ws, areas))]
    if ranking:
        charts.append((RANKING_SHEET, "رتبه استان‌ها", lambda ws: write_ranking(ws, ranking)))
    return excel.workbook_bytes(report_workbook(report, progress=progress, charts=charts))
