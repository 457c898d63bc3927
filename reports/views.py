"""The managers' report page of the desk (issue 11, D10) and its Excel and CSV exports. Figures come
from the summary (`reports.selectors`), never from every request; places from the reader's role
(`reports.scope`). Bad input gets a Persian sentence and shows no figure."""

import io
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalogue.models import ServiceLevelAgreement
from core import excel
from core.jalali import format_date, to_jalali
from core.text import to_persian_digits
from reports import forms, scope, selectors
from reports.waiting import waits_briefly

NO_READER = (
    "گزارش‌های میز خدمت برای مدیران است: مدیر کل استان، رئیس واحد، برنامه‌ریز ستاد، بازرس و مدیر سامانه."
)
RANKED = ("province", "unit", "office", "service")
# The page's columns: (key, Persian header, the queue filter behind it or None). A filter with
# `decided` lists the requests by the day of their decision (answered, withdrawn and the answers'
# times); the others by the day of acceptance.
ANSWERED = {"decided": "answered"}
COLUMNS = [
    ("accepted", "پذیرفته", {"state": ""}),
    ("answered", "پاسخ‌داده", ANSWERED),
    ("open", "باز", {}),
    ("overdue", "گذشته از موعد", {"due": "overdue"}),
    ("withdrawn", "انصراف", {"decided": "withdrawn"}),
    ("avg_working_days", "میانگین روز کاری تا پاسخ", ANSWERED),
    ("median_working_days", "میانه روز کاری تا پاسخ", ANSWERED),
    ("avg_calendar_days", "میانگین روز تقویمی تا پاسخ", ANSWERED),
    ("median_calendar_days", "میانه روز تقویمی تا پاسخ", ANSWERED),
    ("within_sla_percent", "درصد پاسخ در مهلت", ANSWERED),
    ("first_responses", "پاسخ نخست", None),
    ("avg_first_response_days", "میانگین روز کاری تا پاسخ نخست", None),
    ("median_first_response_days", "میانه روز کاری تا پاسخ نخست", None),
    ("first_response_within_percent", "درصد پاسخ نخست در مهلت پاسخ نخست", None),
    ("avg_rating", "میانگین امتیاز", None),
    ("ratings", "شمار نظرها", None),
    ("response_rate", "نظر به ازای هر ۱۰۰ پاسخ", None),
]


def _defaults(places: scope.Places) -> dict:
    today = to_jalali(timezone.localdate())
    return {
        "period": "month",
        "year": str(today.year),
        "month": str(today.month),
        "place": places.default(),
        "by": "province" if places.scope.everything else "unit",
    }


def _report(request):
    """(form, context): the figures the page and the exports show, or the form's refusal with none.
    Raises PermissionDenied for a place the reader's role does not cover."""
    reader = scope.scope_for(request.user)
    if reader is None:
        raise PermissionDenied(NO_READER)
    places = scope.Places(reader)
    params = {**_defaults(places), **request.GET.dict()}
    form = forms.ReportForm(params, places=places.choices(), services=forms.services_for_form())
    context = {
        "form": form,
        # The two long lists are written out in the template, not by the select widget, which
        # costs a template render per option (a tenth of the page's time on a full catalogue).
        "place_groups": _grouped((p.group, p.value, p.label) for p in form.place_choices),
        "place_value": params.get("place", ""),
        "service_groups": [
            (group, options) for group, options in form.fields["service"].choices if isinstance(options, list)
        ],
        "service_value": params.get("service", ""),
    }
    if not form.is_valid():
        return form, context
    data = form.cleaned_data
    try:
        place_name, unit_ids, office_id = places.resolve(data["place"])
    except ValueError as exc:
        context["forbidden"] = str(exc)
        return form, context
    try:
        service_name, service_ids, one_service = forms.parse_service(data["service"])
    except (ValueError, TypeError):
        form.add_error("service", forms.SERVICE_UNKNOWN)
        return form, context
    where = scope.where_for(unit_ids, office_id, service_ids=service_ids, channel=data["channel"])
    period = data["period_range"]
    by = data["by"]
    rows, total = selectors.desk_report_and_total(start=period.start, end=period.end, by=by, where=where)
    if by in RANKED:
        rows.sort(key=_rank_key)
        for rank, row in enumerate(rows, 1):
            row["rank"] = rank
    compare = data.get("compare_range")
    trend_start = min(period.start, _year_start(period.end))
    context.update(
        {
            "ok": True,
            "period": period,
            "by": by,
            "by_label": selectors.BY[by],
            "place_name": place_name,
            "service_name": service_name,
            "rows": rows,
            "total": total,
            "compare": compare,
            "compare_total": compare
            and selectors.report_total(start=compare.start, end=compare.end, where=where),
            "trend": selectors.month_trend(start=trend_start, end=period.end, where=where),
            "trend_start": trend_start,
            "no_sla": one_service is not None
            and not ServiceLevelAgreement.objects.filter(service_id=one_service).exists(),
            "queue_place": places.queue_filter(data["place"]),
        }
    )
    return form, context


def _grouped(items) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list] = {}
    for group, value, label in items:
        groups.setdefault(group, []).append((value, to_persian_digits(label)))
    return list(groups.items())


def _rank_key(row: dict):
    """Ranked by the share answered within the SLA (highest first), then the average working
    days (fewest first), then the code; a place with nothing answered last."""
    share = float(row["within_sla_percent"]) if row["within_sla_percent"] else -1.0
    days = float(row["avg_working_days"]) if row["avg_working_days"] else float("inf")
    return (-share, days, row["place_code"])


def _year_start(day):
    return forms.period_of("year", year=to_jalali(day).year).start


def _queue_links(request, context) -> dict:
    """Each linked figure's queue address, for staff whose queue shows these requests: the desk's
    queue filtered by the place's units, the service, the channel and the days of acceptance (or
    of the decision, for the figures counted on it)."""
    from desk import selectors as desk_selectors

    user = request.user
    if not (
        desk_selectors.staff_unit_ids(user)
        or desk_selectors.sees_everything(user)
        or desk_selectors.auditor_unit_ids(user)
    ):
        return {}
    data = context["form"].cleaned_data
    service = data["service"]
    if service and not service.startswith("s:"):
        return {}  # the queue filters by one service, not by an area
    if context["queue_place"] is None:
        return {}  # HQ is several units: the queue filters by one unit and those below it
    period = context["period"]
    base = dict(context["queue_place"])
    if service:
        base["service"] = service[2:]
    if data["channel"]:
        base["channel"] = data["channel"]
    start, end = (format_date(day, persian_digits=False) for day in (period.start, period.end))
    accepted = {"since": start, "until": end}
    decided = {"decided_since": start, "decided_until": end}
    queue = reverse("desk:queue")
    return {
        key: f"{queue}?{urlencode({**base, **(decided if 'decided' in extra else accepted), **extra})}"
        for key, _label, extra in COLUMNS
        if extra is not None
    }


@login_required
@never_cache
@waits_briefly
def report(request):
    _form, context = _report(request)
    status = 200
    if context.get("forbidden"):
        status = 403
    elif not context.get("ok") and request.GET:
        status = 400
    if context.get("ok"):
        context["links"] = _queue_links(request, context)
        context["chart"] = {
            "labels": [r["place"] for r in context["trend"]],
            "accepted": [r["accepted"] for r in context["trend"]],
            "answered": [r["answered"] for r in context["trend"]],
            "within": [
                float(r["within_sla_percent"]) if r["within_sla_percent"] else None for r in context["trend"]
            ],
        }
        context["export_query"] = request.GET.urlencode()
        links, total, before = context["links"], context["total"], context["compare_total"]
        context["summary"] = [
            {
                "key": key,
                "label": label,
                "value": total[key],
                "before": before[key] if before else None,
                "link": links.get(key),
            }
            for key, label, _link in COLUMNS
        ]
        keys = [key for key, _label, _link in COLUMNS]
        context["table"] = [{"row": row, "cells": [row[k] for k in keys]} for row in context["rows"]]
        context["trend_table"] = [{"row": row, "cells": [row[k] for k in keys]} for row in context["trend"]]
    context["columns"] = COLUMNS
    return render(request, "reports/report.html", context, status=status)


def _export_lines(context) -> list[list]:
    keys = [key for key, _label, _link in COLUMNS]
    lines = [["کد", context["by_label"], *[label for _key, label, _link in COLUMNS]]]
    lines += [[row["place_code"], row["place"], *[row[k] for k in keys]] for row in context["rows"]]
    lines.append(["", "جمع", *[context["total"][k] for k in keys]])
    return lines


@login_required
@never_cache
@waits_briefly
def export(request, fmt: str):
    form, context = _report(request)
    back = reverse("reports:report") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if context.get("forbidden"):
        raise PermissionDenied(context["forbidden"])
    if not context.get("ok"):
        messages.error(request, " ".join(form.non_field_errors()) or "ورودی گزارش پذیرفتنی نیست.")
        return redirect(back)
    limit = settings.MIZ_REPORT_EXPORT_MAX_ROWS
    if len(context["rows"]) > limit:
        messages.error(
            request,
            f"این گزارش {to_persian_digits(len(context['rows']))} ردیف دارد و خروجی تا "
            f"{to_persian_digits(limit)} ردیف ساخته می‌شود؛ گروه‌بندی یا محل را محدودتر کنید.",
        )
        return redirect(back)
    period = context["period"]
    stamp = (
        f"{format_date(period.start, persian_digits=False)}-{format_date(period.end, persian_digits=False)}"
    )
    filename = f"desk-report-{context['by']}-{stamp.replace('/', '')}"
    lines = _export_lines(context)
    if fmt == "csv":
        stream = io.StringIO()
        stream.write("\ufeff")  # so that Excel reads the Persian text as UTF-8
        excel.csv_writer(stream).writerows(lines)
        response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    book, sheet = excel.new_workbook("گزارش میز خدمت")
    sheet.append([f"{context['place_name']} — {context['service_name']} — {period.label}"])
    excel.header_row(sheet, lines[0])
    for line in lines[1:]:
        sheet.append([*line[:2], *(_cell(v) for v in line[2:])])
    excel.column_widths(sheet, [14, 36] + [14] * len(COLUMNS))
    return excel.xlsx_response(excel.workbook_bytes(book), f"{filename}.xlsx")


def _cell(value):
    """Numbers as numbers in the workbook (the rows carry averages as text, as the CSV does)."""
    if isinstance(value, str) and value:
        try:
            return float(value)
        except ValueError:
            return value
    return value
