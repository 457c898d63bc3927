"""The whole annual report as one PDF (WeasyPrint): a cover, a table of contents whose page
numbers WeasyPrint fills in (`target-counter`), the two charts drawn as inline SVG, the summary
and every section, each section from a new page.

WeasyPrint draws SVG text letter by letter from left to right, which breaks Persian words; the
charts' SVG therefore holds shapes and digits only, and every Persian label is HTML beside it.
Progress comes from WeasyPrint's own progress log (one line per page laid out)."""

import logging
import threading
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.pdf import document, pdf_html
from core.text import to_persian_digits
from performance.fullreport.charts import AreaChart, ProvinceRank, chart_scale
from performance.report import Report, fa_num, table_html

Progress = Callable[[int, str], None]

BAR_WIDTH, BAR_HEIGHT = 260, 16


def _x(value: float, scale: int) -> float:
    """The left edge of a bar of `value` (0…scale) that grows from the right edge (RTL)."""
    return round(BAR_WIDTH - BAR_WIDTH * min(value, scale) / scale, 1)


def axis_svg(scale: int, step: int = 50) -> str:
    """The percent axis over a chart's bars: a tick and its figure every `step` percent."""
    parts = []
    for tick in range(0, scale + 1, step):
        x = _x(tick, scale)
        anchor = "end" if tick == 0 else ("start" if tick == scale else "middle")
        parts.append(
            f'<line x1="{x}" y1="12" x2="{x}" y2="16" stroke="#555" stroke-width="0.6"/>'
            f'<text x="{x}" y="10" font-size="7" text-anchor="{anchor}">{to_persian_digits(tick)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="axis" width="{BAR_WIDTH}" height="16" '
        f'viewBox="0 0 {BAR_WIDTH} 16" font-family="Vazirmatn">{"".join(parts)}</svg>'
    )


def bars_svg(bars: list[tuple[float | None, str]], scale: int, *, mark: float | None = 100) -> str:
    """Horizontal bars stacked in one row, each `(percent, colour)`, and a line at `mark` (the
    plan). A bar past the axis end is cut, with a notch to say so."""
    height = BAR_HEIGHT if len(bars) > 1 else 11
    each = (height - 2) / len(bars)
    parts = []
    for n, (value, colour) in enumerate(bars):
        if value is None:
            continue
        x = _x(value, scale)
        y = 1 + n * each
        size = f'width="{BAR_WIDTH - x:.1f}" height="{each - 0.6:.1f}"'
        parts.append(f'<rect x="{x}" y="{y:.1f}" {size} fill="{colour}"/>')
        if value > scale:
            parts.append(f'<rect x="0" y="{y:.1f}" width="3" height="{each - 0.6:.1f}" fill="#fff"/>')
    if mark is not None:
        x = _x(mark, scale)
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#222" stroke-width="0.8"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{BAR_WIDTH}" height="{height}" '
        f'viewBox="0 0 {BAR_WIDTH} {height}">{"".join(parts)}</svg>'
    )


def _percent(value) -> str:
    return "-" if value is None else f"{fa_num(value)}٪"


PLAN_COLOUR, ACTUAL_COLOUR, RANK_COLOUR = "#b8c4d6", "#2f6f4f", "#3b5f9a"


def area_chart_html(chart: AreaChart, anchor: str) -> str:
    """A chart's HTML: a row per activity (HTML labels, SVG bars), every text escaped."""
    scale = chart_scale(b.percent for b in chart.bars)
    rows = []
    for bar in chart.bars:
        pct = float(bar.percent) if bar.percent is not None else None
        drawn = [(100.0 if bar.plan else None, PLAN_COLOUR), (pct, ACTUAL_COLOUR)]
        rows.append(
            f'<tr><th scope="row">{escape(bar.label)}</th>'
            f'<td class="num">{fa_num(bar.plan)}</td><td class="num">{fa_num(bar.actual)}</td>'
            f'<td class="chart-bar">{bars_svg(drawn, scale)}</td>'
            f'<td class="num">{_percent(bar.percent)}</td></tr>'
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<figure class="chart" id="{anchor}"><figcaption>برنامه و عملکرد: {escape(chart.title)}</figcaption>'
        '<table class="chart-table"><thead><tr><th scope="col">فعالیت</th><th scope="col">برنامه</th>'
        f'<th scope="col">عملکرد</th><th scope="col">{axis_svg(scale)}</th><th scope="col">درصد تحقق</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        '<p class="legend"><span class="key plan"></span> برنامه (۱۰۰٪) '
        '<span class="key actual"></span> عملکرد، درصدی از برنامه؛ خط عمودی: برنامه</p></figure>'
    )


def ranking_html(ranking: list[ProvinceRank]) -> str:
    """The ranking's HTML, every text escaped."""
    rows = []
    for r in ranking:
        share = float(r.share)
        rows.append(
            f'<tr><td class="num">{fa_num(r.rank)}</td><th scope="row">{escape(r.name)}</th>'
            f'<td class="chart-bar">{bars_svg([(share, RANK_COLOUR)], 100, mark=None)}</td>'
            f'<td class="num">{fa_num(r.met)} از {fa_num(r.planned)}</td>'
            f'<td class="num">{_percent(r.median_percent)}</td></tr>'
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        '<figure class="chart" id="chart-ranking"><figcaption>رتبه استان‌ها: سهم فعالیت‌هایی که به برنامه '
        "رسیده‌اند</figcaption>"
        '<table class="chart-table"><thead><tr><th scope="col">رتبه</th><th scope="col">استان</th>'
        f'<th scope="col">{axis_svg(100, 25)}</th><th scope="col">به برنامه رسیده</th>'
        '<th scope="col">میانه درصد تحقق</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></figure>"
    )


def document_html(report: Report, areas: list[AreaChart], ranking: list[ProvinceRank], built_at: str) -> str:
    """The HTML given to WeasyPrint."""
    for table in report.summary:
        table.html = table_html(table)
    for section in report.sections:
        for table in section.tables:
            table.html = table_html(table)
    charts = [(f"chart-area-{n}", f"برنامه و عملکرد: {c.title}", c) for n, c in enumerate(areas, start=1)]
    return pdf_html(
        "performance/report_full_pdf.html",
        {
            "report": report,
            "area_charts": [(anchor, title, area_chart_html(c, anchor)) for anchor, title, c in charts],
            "ranking": ranking_html(ranking) if ranking else "",
            "built_at": built_at,
        },
    )


def expected_pages(report: Report) -> int:
    """About how many pages the PDF will have (for the progress bar before the first build):
    ~29 table rows a page, a table's heading and head worth six rows, charts and contents ~8 (the
    1400 report: 94 pages)."""
    tables = report.summary + [t for s in report.sections for t in s.tables]
    return max(10, (sum(len(t.rows) for t in tables) + 6 * len(tables)) // 29 + 8)


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's progress log of this thread into `progress(percent, stage)`: layout
    is 15–85 %, writing the PDF 88 %."""

    def __init__(self, progress: Progress, pages: int):
        super().__init__(logging.INFO)
        self.progress, self.pages, self.thread = progress, pages, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = str(record.msg)
        if message.startswith("Step 5 - Creating layout - Page") and record.args:
            page = int(record.args[0])
            share = min(1.0, page / self.pages)
            self.progress(15 + int(70 * share), f"صفحه‌آرایی: صفحه {to_persian_digits(page)}")
        elif message.startswith("Step 5 - Creating layout - Repagination"):
            self.progress(85, "شماره صفحه‌های فهرست")
        elif message.startswith("Step 6"):
            self.progress(88, "نوشتن پرونده PDF")


def render(html: str, progress: Progress, pages: int) -> tuple[bytes, int]:
    """The PDF of `html` and its number of pages, reporting progress as WeasyPrint lays it out."""
    from weasyprint.logger import PROGRESS_LOGGER

    handler = _LayoutProgress(progress, pages)
    level, propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False  # the page-by-page lines are for the bar, not the log
    try:
        progress(12, "آماده‌سازی صفحه‌ها")
        laid_out = document(html)
        return laid_out.write_pdf(), len(laid_out.pages)
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)
        PROGRESS_LOGGER.propagate = propagate
