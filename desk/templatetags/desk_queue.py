"""`{% queue_rows reqs can_assign today soon %}`: the staff queue's table rows, drawn in Python.

The queue shows 50 rows a page and staff open it all day; drawn by the template language, each
row cost about 190 µs (its thirty-odd variables, filters, tags and comparisons: a quarter of the
whole page at 1,000,000 requests, `bench/queue_1m.py`). The same markup built here costs a fraction
of that. What a row shows and when (the overdue row, the paused, overdue and due-soon badges, the
applicant's new message) is unchanged; `desk/tests/test_queue_rows.py` pins the markup."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from core import jalali
from core.markup import escape
from core.markup import full_name as _name
from core.text import ltr_code, to_persian_digits
from desk.models import ServiceRequest

register = template.Library()

EMPTY = '<tr><td colspan="8">درخواستی با این پالایه نیست.</td></tr>'
_SLOT = "0-slot-0"  # a tracking code's place in the detail page's address, filled per row
# What `reverse` leaves unquoted in an argument (django.urls.resolvers, RFC 3986's sub-delimiters).
_SAFE = "!$&'()*+,;=/~:@"
PAUSED = ' <span class="badge text-bg-info">متوقف</span>'
OVERDUE = ' <span class="badge text-bg-danger due-overdue">گذشته از موعد</span>'
SOON = ' <span class="badge text-bg-warning due-soon">نزدیک به موعد</span>'
SPOKE = ' <span class="badge text-bg-primary applicant-spoke">پیام تازه متقاضی</span>'


def _labels(name: str) -> dict:
    """A choice field's values and their labels in the language of the page, as
    `get_FOO_display` gives them."""
    return {value: str(label) for value, label in ServiceRequest._meta.get_field(name).flatchoices}


@register.simple_tag
def queue_rows(reqs, can_assign, today, soon) -> str:
    """The `<tr>` of each request of the page (one saying so when there is none). Every text is
    escaped as the template escaped it (`core.markup.escape`)."""
    if not reqs:
        return mark_safe(EMPTY)  # noqa: S308 - a constant
    detail = reverse("desk:detail", args=[_SLOT])
    states, channels = _labels("state"), _labels("channel")
    dates = {None: ""}  # a page's rows share few due dates: each written once
    rows = []
    for r in reqs:
        due, is_open = r.due_date, r.is_open
        overdue = is_open and not r.clock_paused and due is not None and due < today
        row = f'<tr class="queue-row{" table-danger overdue" if overdue else ""}">'
        if can_assign:
            row += (
                f'<td><input type="checkbox" class="form-check-input" name="selected" value="{r.pk}"'
                f' aria-label="انتخاب {escape(ltr_code(r.tracking_display))}"></td>'
            )
        href = escape(detail.replace(_SLOT, quote(r.tracking_code, safe=_SAFE)))
        code = escape(to_persian_digits(r.tracking_display))
        row += f'<td><a href="{href}"><bdi dir="ltr" class="code">{code}</bdi></a></td>'
        channel = channels.get(r.channel, r.channel)
        row += f"<td>{escape(r.service.title)}</td><td>{_name(r.applicant)}</td><td>{escape(channel)}</td>"
        state = escape(states.get(r.state, r.state))
        if r.step_number:
            state += f" ({to_persian_digits(r.step_number)})"
        if is_open and r.applicant_spoke_last:
            state += SPOKE
        badge = ""
        if is_open:
            badge = (
                PAUSED
                if r.clock_paused
                else OVERDUE
                if overdue
                else SOON
                if due is not None and due <= soon
                else ""
            )
        if due not in dates:
            dates[due] = jalali.format_date(due)
        shown_due = dates[due]
        row += f"<td>{state}</td><td>{_name(r.assignee) or '—'}</td><td>{shown_due}{badge}</td></tr>"
        rows.append(row)
    return mark_safe("\n".join(rows))  # noqa: S308 - every text in it escaped above
