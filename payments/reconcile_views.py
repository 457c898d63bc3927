"""Pages of the daily reconciliation (issue 16 item 5): the report of a Jalali day for managers,
its Excel and CSV exports (`core.excel`), and the staff's inquiry of one payment. Figures and
scope come from `payments.reconcile`; bad input gets a Persian sentence and shows no figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import excel
from core.formfields import JalaliDateField
from core.forms import MizForm
from core.jalali import format_date, format_long
from core.outcome import errors_to_messages, form_errors_to_messages
from payments import reconcile

FIGURES = [
    ("count", "پرداخت‌ها"),
    ("settled_count", "تسویه‌شده"),
    ("settled_rials", "مبلغ تسویه‌شده (ریال)"),
    ("returned_count", "برگشتی و بازپرداخت"),
    ("returned_rials", "مبلغ برگشتی و بازپرداخت (ریال)"),
]
BREAKDOWNS = [("by_service", "خدمت"), ("by_unit", "واحد رسیدگی‌کننده"), ("by_gateway", "درگاه")]
MISMATCH_HEADER = [
    "ناسازگاری",
    "درگاه",
    "شناسه تراکنش درگاه",
    "کد رهگیری",
    "خدمت",
    "واحد",
    "وضعیت در میز",
    "مبلغ میز (ریال)",
    "مبلغ درگاه (ریال)",
    "شماره مرجع درگاه",
]


class DayForm(MizForm):
    date = JalaliDateField(
        label="روز",
        required=False,
        error_messages={"max_value": "روز %(limit)s هنوز نیامده است؛ روز امروز یا پیش از آن را وارد کنید."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].max_value = timezone.localdate()


def _report(request):
    """(form, report or None): the day the form names (today when none), in the reader's scope.
    PermissionDenied for a user who reads no report."""
    scope = reconcile.reader_scope(request.user)
    data = request.GET.copy()
    if not data.get("date"):
        data["date"] = format_date(timezone.localdate())  # today, shown in the field
    form = DayForm(data)
    if not form.is_valid():
        return form, None
    day = form.cleaned_data["date"]
    form.data = form.data.copy()
    form.data["date"] = format_date(day)  # the day as read, in Persian digits, however it was typed
    return form, reconcile.day_report(day=day, scope=scope)


@login_required
@never_cache
def report(request):
    form, day_report = _report(request)
    context = {"form": form, "report": day_report, "figures": FIGURES}
    if day_report is None:
        return render(request, "payments/reconcile.html", context, status=400)
    day_param = format_date(day_report.day, persian_digits=False)
    context |= {
        "day_long": format_long(day_report.day),
        "day_param": day_param,
        "breakdowns": [(label, getattr(day_report, key)) for key, label in BREAKDOWNS],
        "back": f"{reverse('payments:reconcile')}?date={day_param}",
        # The mismatches the reader may settle by an inquiry (an auditor is shown none: it would be refused).
        "inquirable": {
            m.payment.pk
            for m in day_report.mismatches
            if m.fixable and reconcile.may_inquire(request.user, m.payment)
        },
    }
    return render(request, "payments/reconcile.html", context)


def _lines(day_report) -> list[list]:
    """The report as rows: each breakdown with its figures, then the mismatches."""
    keys = [key for key, _label in FIGURES]
    lines = [[f"تطبیق پرداخت‌های روز {format_date(day_report.day)}"]]
    for key, label in BREAKDOWNS:
        lines.append([])
        lines.append([label, *[title for _key, title in FIGURES]])
        for line in getattr(day_report, key):
            lines.append([line.name, *[getattr(line, k) for k in keys]])
    lines.append(["جمع", *[getattr(day_report.total, k) for k in keys]])
    lines.append([])
    lines.append(MISMATCH_HEADER)
    for m in day_report.mismatches:
        request = m.payment.charge.request if m.payment else None
        lines.append(
            [
                m.label,
                m.gateway_label,
                m.authority,
                request.tracking_code if request else "",
                request.service.title if request else "",
                request.unit.name if request else "",
                m.payment.get_state_display() if m.payment else "ناشناخته در میز",
                m.miz_rials,
                m.gateway_rials,
                m.gateway_reference,
            ]
        )
    lines += [[f"{u.label}: {u.message}"] for u in day_report.unavailable]
    return lines


@login_required
@never_cache
def export(request, fmt: str):
    form, day_report = _report(request)
    if day_report is None:
        form_errors_to_messages(request, form)
        return redirect("payments:reconcile")
    lines = _lines(day_report)
    filename = f"payments-reconcile-{format_date(day_report.day, persian_digits=False).replace('/', '')}"
    if fmt == "csv":
        return excel.csv_response(lines, filename)
    book, sheet = excel.new_workbook("تطبیق پرداخت‌ها")
    titles = [title for _key, title in FIGURES]
    for line in lines:
        if line == MISMATCH_HEADER or line[1:] == titles:
            excel.header_row(sheet, line)
        else:
            sheet.append(line)
    excel.column_widths(sheet, [34, 18, 28, 16, 30, 24, 20, 18, 18, 18])
    return excel.xlsx_response(excel.workbook_bytes(book), f"{filename}.xlsx")


@login_required
@never_cache
@require_POST
def inquire(request, pk: int):
    try:
        outcome = reconcile.inquire(payment_id=pk, actor=request.user)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        (messages.success if outcome.settled else messages.warning)(request, outcome.message)
    form = DayForm({"date": request.POST.get("date", "")})
    day = form.cleaned_data["date"] if form.is_valid() else None
    query = f"?date={format_date(day, persian_digits=False)}" if day else ""
    return redirect(reverse("payments:reconcile") + query)
