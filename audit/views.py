"""The auditor's pages: the list of trails, one trail with filters and pages, and its export.

Read-only: every view answers GET (and HEAD) only, and only to an organisation-wide auditor
(`audit.selectors.is_auditor`); anyone else gets a 403, a visitor the sign-in page.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from audit import selectors
from audit.forms import TrailFilterForm
from audit.trails import TRAILS, Trail
from core import excel, jalali
from core.paging import paginate, querystring_without_page
from core.text import to_persian_digits

PAGE_SIZE = 50
LTR_HEADERS = {"نشانی IP", "مرورگر", "کلید"}


def auditor_page(view):
    """Signed in, an auditor, GET only, never cached."""

    def wrapped(request, *args, **kwargs):
        selectors.check_auditor(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(require_safe(never_cache(wrapped)))


def _screen(value, header: str) -> str:
    if isinstance(value, dt.datetime):
        return jalali.format_datetime(value)
    if isinstance(value, dt.date):
        return jalali.format_date(value)
    if header in LTR_HEADERS:
        return str(value)
    return to_persian_digits(value)


def _sheet(value):
    if isinstance(value, dt.datetime):
        return jalali.format_datetime(value, persian_digits=False)
    if isinstance(value, dt.date):
        return jalali.format_date(value, persian_digits=False)
    if isinstance(value, (int, Decimal)):
        return value
    return str(value)


def _filtered(request, trail: Trail):
    form = TrailFilterForm(request.GET or None, trail=trail)
    if form.is_bound and not form.is_valid():
        return form, None
    filters = form.cleaned_data if form.is_bound else {}
    return form, selectors.trail_rows(request.user, trail, filters)


@auditor_page
def index(request):
    return render(request, "audit/index.html", {"trails": list(TRAILS.values())})


@auditor_page
def trail_page(request, slug: str):
    trail = selectors.trail_for(slug)
    form, rows = _filtered(request, trail)
    page, querystring = paginate(request, rows if rows is not None else trail.base().none(), PAGE_SIZE)
    headers = list(trail.headers)
    table = [
        {
            "cells": [
                {"text": _screen(value, header), "ltr": header in LTR_HEADERS}
                for value, header in zip(trail.row(obj), headers, strict=True)
            ],
            "changes": trail.changes(obj),
        }
        for obj in page.object_list
    ]
    return render(
        request,
        "audit/trail.html",
        {
            "trail": trail,
            "trails": list(TRAILS.values()),
            "form": form,
            "page": page,
            "headers": headers,
            "table": table,
            "querystring": querystring,
            "valid": rows is not None,
        },
    )


def _export_rows(trail: Trail, rows):
    header = list(trail.headers) + (["تغییرات (پیش ← پس)"] if trail.has_changes else [])
    yield header
    for obj in rows.iterator(chunk_size=2000):
        cells = [_sheet(value) for value in trail.row(obj)]
        if trail.has_changes:
            cells.append("\n".join(f"{c.field}: {c.before} ← {c.after}" for c in trail.changes(obj)))
        yield cells


@auditor_page
def trail_export(request, slug: str, fmt: str):
    trail = selectors.trail_for(slug)
    back = reverse("audit:trail", args=[slug]) + (
        f"?{querystring_without_page(request)}" if request.GET else ""
    )
    _form, rows = _filtered(request, trail)
    if rows is None:
        return redirect(back)
    limit = settings.MIZ_AUDIT_EXPORT_MAX_ROWS
    count = rows.count()
    if count > limit:
        messages.error(
            request,
            f"{to_persian_digits(count)} ردیف با این پالایه هست و خروجی تا {to_persian_digits(limit)} "
            "ردیف ساخته می‌شود؛ بازه تاریخ را کوتاه‌تر کنید یا پالایه‌ای دیگر بیفزایید.",
        )
        return redirect(back)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"audit-{trail.slug}-{stamp}"
    if fmt == "csv":
        return excel.csv_response(_export_rows(trail, rows), filename)
    book, sheet = excel.new_workbook(trail.title[:31])
    lines = _export_rows(trail, rows)
    excel.header_row(sheet, next(lines))
    for line in lines:
        sheet.append(line)
    excel.column_widths(sheet, [18, 28, 16, 16, 22, 14, 30, 20, 40][: len(trail.headers) + 1])
    return excel.xlsx_response(excel.workbook_bytes(book), f"{filename}.xlsx")
