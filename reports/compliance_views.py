"""The directive-compliance page from real data (issue 11 item 3, D13) and the per-service
worksheet HQ sends to the national administrative organisation, as Excel and as a printable PDF.
Figures from `reports.compliance`; places from the reader's role (`reports.scope`); the period
parsed as the desk report's (`reports.forms`). Bad input gets a Persian sentence and no figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core import excel
from core.jalali import format_date, to_jalali
from core.pdf import render_pdf
from core.text import to_persian_digits
from reports import compliance, forms, scope
from reports.views import NO_READER
from reports.waiting import waits_briefly

# The places the page offers: the organisation, HQ, a province, a unit (a counter office's
# requests are handled by units, which is where the directive's capabilities are measured).
PLACE_KINDS = ("org", "hq", "p", "u")


class ComplianceForm(forms.ReportForm):
    """The desk report's period and place, without its service, channel, grouping and comparison."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("service", "channel", "by", "compare"):
            del self.fields[name]


def _compliance(request):
    """(form, context) with the figures, or the form's refusal with none. Raises PermissionDenied
    for a reader with no report role."""
    reader = scope.scope_for(request.user)
    if reader is None:
        raise PermissionDenied(NO_READER)
    places = scope.Places(reader)
    today = to_jalali(timezone.localdate())
    defaults = {
        "period": "year",
        "year": str(today.year),
        "month": str(today.month),
        "place": places.default(),
    }
    params = {**defaults, **request.GET.dict()}
    choices = [p for p in places.choices() if p.value.partition(":")[0] in PLACE_KINDS]
    form = ComplianceForm(params, places=choices)
    groups: dict[str, list] = {}
    for p in choices:
        groups.setdefault(p.group, []).append((p.value, to_persian_digits(p.label)))
    context = {"form": form, "place_groups": list(groups.items()), "place_value": params.get("place", "")}
    if not form.is_valid():
        return form, context
    place = form.cleaned_data["place"]
    try:
        if place.partition(":")[0] not in PLACE_KINDS:
            raise ValueError(scope.UNKNOWN)
        place_name, unit_ids, _office = places.resolve(place)
    except ValueError as exc:
        context["forbidden"] = str(exc)
        return form, context
    period = form.cleaned_data["period_range"]
    result = compliance.compliance_for(start=period.start, end=period.end, units=unit_ids)
    context |= {
        "ok": True,
        "period": period,
        "place_name": place_name,
        "result": result,
        "total_rows": [result.total],
        "measures": compliance.MEASURES,
        "met_at": compliance.MET_AT,
        "partly_at": compliance.PARTLY_AT,
        "query": request.GET.urlencode(),
    }
    return form, context


@login_required
@never_cache
@waits_briefly
def compliance_page(request):
    _form, context = _compliance(request)
    # 403 for a place not the reader's, 400 for bad input in the address, else 200.
    status = 403 if context.get("forbidden") else 200 if context.get("ok") or not request.GET else 400
    return render(request, "reports/compliance.html", context, status=status)


def _export(request):
    """The context of an export, or a response refusing it (403, or back to the page)."""
    form, context = _compliance(request)
    if context.get("forbidden"):
        raise PermissionDenied(context["forbidden"])
    if not context.get("ok"):
        messages.error(request, " ".join(form.non_field_errors()) or "ورودی گزارش پذیرفتنی نیست.")
        back = reverse("reports:compliance") + (f"?{request.GET.urlencode()}" if request.GET else "")
        return None, redirect(back)
    return context, None


def _filename(context, ext: str) -> str:
    period = context["period"]
    start, end = (format_date(d, persian_digits=False).replace("/", "") for d in (period.start, period.end))
    return f"directive-compliance-{start}-{end}.{ext}"


def _percent(mark: compliance.Mark):
    return None if mark.percent is None else round(mark.percent, 1)


def worksheet_lines(result: compliance.Compliance, rows) -> list[list]:
    """The worksheet's table: a header and one line per row (service or unit): its code, name,
    requests accepted and answered, each measure's share and mark, the contact cut and the score."""
    header = ["کد", "عنوان", "پذیرفته", "پاسخ‌داده"]
    for m in result.measures:
        header += [f"{m.title} (٪)", f"{m.title}: وضعیت"]
    header += ["قطع حضور نزد کارکنان (٪)", "امتیاز (٪)"]
    lines = [header]
    for row in rows:
        line = [row.code, row.name, row.counts.accepted, row.counts.answered]
        for _measure, mark in row.cells:
            line += [_percent(mark), mark.label]
        score = None if row.score is None else round(row.score, 1)
        line += [_percent(row.contact_cut), score]
        lines.append(line)
    return lines


@login_required
@never_cache
@waits_briefly
def compliance_xlsx(request):
    context, refusal = _export(request)
    if refusal:
        return refusal
    result = context["result"]
    book, sheet = excel.new_workbook("کاربرگ خدمات")
    score = "-" if result.score is None else f"{result.score:.1f}"
    cut = "-" if result.contact_cut.percent is None else f"{result.contact_cut.percent:.1f}"
    sheet.append(
        [
            f"انطباق با دستورالعمل میز خدمت — {context['place_name']} — {context['period'].label} — "
            f"امتیاز سازمان {score}٪ — قطع حضور نزد کارکنان {cut}٪"
        ]
    )
    lines = worksheet_lines(result, result.services)
    excel.header_row(sheet, lines[0])
    for line in lines[1:]:
        sheet.append(line)
    sheet.append(worksheet_lines(result, [result.total])[1])
    excel.column_widths(sheet, [14, 40, 10, 10] + [12] * (len(lines[0]) - 4))
    units = excel.add_sheet(book, "واحدها")
    unit_lines = worksheet_lines(result, result.units)
    excel.header_row(units, unit_lines[0])
    for line in unit_lines[1:]:
        units.append(line)
    rules = excel.add_sheet(book, "تعریف‌ها")
    excel.header_row(rules, ["قابلیت", "بند", "آنچه شمرده می‌شود"])
    for m in result.measures:
        rules.append([m.title, m.requirement, m.how])
    rules.append(
        [
            "آستانه",
            "",
            f"برآورده: {compliance.MET_AT}٪ یا بیشتر؛ تا اندازه‌ای: {compliance.PARTLY_AT}٪ یا بیشتر",
        ]
    )
    return excel.xlsx_response(excel.workbook_bytes(book), _filename(context, "xlsx"))


@login_required
@never_cache
@waits_briefly
def compliance_pdf(request):
    context, refusal = _export(request)
    if refusal:
        return refusal
    pdf = render_pdf("reports/compliance_pdf.html", {**context, "today": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(context, "pdf")}"'
    return response
