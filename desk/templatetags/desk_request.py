"""`{% step_rows %}`, `{% timeline_rows %}`, `{% message_rows %}`: a request's steps, history and
messages, drawn in Python (decision 0143's way, for the lists of the request and tracking pages).

The public tracking page and the request page draw these lists on every visit, tens of rows each;
in the template language a row cost hundreds of Python calls (each variable, filter, `{% if %}` and
`{% url %}`), a quarter of the request page's calls and most of tracking's rendering. What a row
shows and when is unchanged; `desk/tests/test_request_rows.py` keeps the template they replaced
and pins the markup against it for every kind of row. Every text is escaped as the template
escaped it (`core.markup.escape`, `conditional_escape` in one call for plain text)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from core import jalali
from core.markup import escape as _e
from core.markup import full_name as _name
from core.text import to_persian_digits

register = template.Library()

_SLOT = "9081726354"  # a document's id in its address, filled per file
_STEP_CLASSES = {
    "current": " active",
    "done": " list-group-item-success",
    "stopped": " list-group-item-danger",
    "skipped": " text-body-secondary",
}
_STEP_MARKS = {"done": '<span aria-hidden="true">✓ </span>', "stopped": '<span aria-hidden="true">✕ </span>'}
NO_MESSAGES = '<p class="text-muted">پیامی نیست.</p>'


def _when(moment) -> str:
    return jalali.format_datetime(moment) if moment is not None else ""


@register.simple_tag
def step_rows(steps, show_actor) -> str:
    """The `<li>` of each workflow step (`desk.selectors.steps_progress`); the unit or outside
    party holding a step only where `show_actor` (staff)."""
    rows = []
    for row in steps.rows:
        step, status = row["step"], row["status"]
        line = f'<li class="list-group-item step-{_e(status)}{_STEP_CLASSES.get(status, "")}">'
        line += f"{_STEP_MARKS.get(status, '')}{_e(step.title)}\n    "
        days = to_persian_digits(step.target_working_days) if step.target_working_days is not None else ""
        line += f'<span class="small">({_e(row["label"])}؛ مهلت {days} روز کاری)</span>'
        if show_actor and (step.is_external or step.responsible_unit):
            holder = step.external_party if step.is_external else step.responsible_unit
            line += f' <span class="small step-holder">· {_e(holder)}</span>'
        rows.append(line + "</li>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every text in it escaped above


@register.simple_tag
def timeline_rows(timeline, show_actor) -> str:
    """The `<li>` of each event of the history (`desk.selectors.timeline`); who did it, and from
    which address, only where `show_actor` (staff)."""
    rows = []
    for row in timeline:
        event = row["event"]
        line = (
            f'<li class="mb-1"><span class="text-muted small">{_when(event.at)}</span> — {_e(row["label"])}'
        )
        if row["step_title"]:
            line += f" ({_e(row['step_title'])})"
        if row["detail"]:
            line += f' <span class="small event-detail">→ {_e(row["detail"])}</span>'
        if show_actor and event.actor:
            line += f' <span class="small text-muted">· {_name(event.actor)}'
            if event.ip:
                line += f' · <span dir="ltr">{_e(event.ip)}</span>'
            line += "</span>"
        rows.append(line + "</li>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every text in it escaped above


@register.simple_tag
def message_rows(messages, is_staff_reader) -> str:
    """Each message of the request page (`desk.selectors.visible_messages`) with its files: an
    internal note names its author; a staff message names its author to staff only."""
    document = reverse("desk:document", args=[_SLOT])
    rows = []
    for m in messages:
        if m.internal:
            kind, who = "bg-warning-subtle message-internal", f"یادداشت داخلی {_name(m.author)}"
        elif m.from_staff:
            kind, who = (
                "bg-light message-staff",
                f"کارشناس ({_name(m.author)})" if is_staff_reader else "کارشناس",
            )
        else:
            kind, who = "message-applicant", "متقاضی"
        asks = " · درخواست مدرک یا توضیح" if m.asks_for_more else ""
        line = f'<div class="border rounded p-2 mb-2 {kind}">\n'
        line += f'<div class="small text-muted">{_when(m.created_at)} — {who}{asks}</div>\n'
        line += f'<div class="message-body miz-pre-line">{_e(m.body)}</div>\n'
        for d in m.files:
            href = _e(document.replace(_SLOT, str(d.pk)))
            line += f'<div><a href="{href}" class="attachment">{_e(d.original_name)}</a></div>'
        rows.append(line + "\n</div>")
    if not rows:
        return mark_safe(NO_MESSAGES)  # noqa: S308 - a constant
    return mark_safe("\n".join(rows))  # noqa: S308 - every text in it escaped above
