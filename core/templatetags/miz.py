"""Template filters for Persian display: Jalali dates, Persian digits, grouped numbers."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django import forms, template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundWidget
from django.forms.widgets import ChoiceWidget
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core import jalali, markup
from core.nav import BADGE_CAP
from core.text import CODE_SHAPE, file_size_text, ltr_code, to_persian_digits
from core.validators import display_phone

register = template.Library()


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`, worked out once per process (and script prefix): the shell of every
    page names nine files, and their addresses change only with a new deployment."""
    return _asset_url(path, get_script_prefix())


@lru_cache(maxsize=256)
def _asset_url(path: str, prefix: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_asset_urls(*, setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "FORCE_SCRIPT_NAME"):
        _asset_url.cache_clear()


def _jalali_filter(name: str, format_date):
    """Register filter `name`: a date or datetime shown by `format_date`, anything else as it is
    (None as nothing)."""

    def show(value):
        if not isinstance(value, dt.date):
            return value or ""
        return format_date(value)

    return register.filter(name, show)


jalali_date = _jalali_filter("jalali_date", jalali.format_date)  # `۱۴۰۳/۱۲/۲۹` (Tehran time)
jalali_datetime = _jalali_filter("jalali_datetime", jalali.format_datetime)  # `۱۴۰۳/۱۲/۲۹ ۱۴:۳۰`
jalali_long = _jalali_filter("jalali_long", jalali.format_long)  # `چهارشنبه ۲۹ اسفند ۱۴۰۳`


def _badge(request, item) -> str:
    """A menu item's count for the signed-in user as a badge (nothing when it is zero), named for
    screen readers by the item's `badge_label`."""
    # Counted once a request: the badge stands by the menu item and, on a phone, by the menu button.
    counts = request.__dict__.setdefault("_miz_nav_counts", {}) if request is not None else {}
    if item.url_name not in counts:
        counts[item.url_name] = item.count_for(getattr(request, "user", None))
    count = counts[item.url_name]
    if not count:
        return ""
    shown = f"{to_persian_digits(BADGE_CAP)}+" if count > BADGE_CAP else to_persian_digits(count)
    name, label = markup.escape(item.url_name), markup.escape(item.badge_label)
    return (
        f'<span class="badge rounded-pill text-bg-danger ms-1" data-nav-badge="{name}">'
        f'{shown}<span class="visually-hidden"> {label}</span></span>'
    )


@register.simple_tag(takes_context=True)
def nav_badges(context):
    """The menu's badges, as the phone's folded menu button shows them beside «فهرست»."""
    request = context.get("request")
    items = context.get("miz_nav") or ()
    return mark_safe("".join(_badge(request, item) for item in items if item.has_badge))  # noqa: S308


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The menu's `<li>` items (the current page's marked), drawn in Python: every page draws the
    menu, and in the template language its loop was about seven hundred Python calls of the public
    tracking page's eight thousand (issue 18). `core/tests/test_nav_markup.py` keeps the loop it
    replaced and compares the two."""
    request = context.get("request")
    path = getattr(request, "path", None)
    lines = []
    for item in context.get("miz_nav") or ():
        url = item.url
        current = ' active" aria-current="page' if path == url else ""
        badge = _badge(request, item) if item.has_badge else ""
        lines.append(
            f'<li class="nav-item"><a class="nav-link{current}" href="{markup.escape(url)}">'
            f"{markup.escape(item.label)}{badge}</a></li>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every text in it escaped above


@register.filter
def fa_digits(value):
    """ASCII digits → Persian digits, for display only."""
    if value is None:
        return ""
    return to_persian_digits(value)


@register.filter
def fa_number(value, decimals=None):
    """`1234567.5` → `۱٬۲۳۴٬۵۶۷٫۵`, grouped with the Persian thousands separator."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return to_persian_digits(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)))
    text = f"{number:,f}" if number != number.to_integral() else f"{int(number):,}"
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


@register.filter
def code(value, where="html"):
    """Every code shown to a person (an office code `۱۱۰۸-۴۰-۷۲`, a tracking code, a licence
    number): in Persian digits, kept left to right inside a right-to-left line.

    `{{ office.code|code }}` → `<bdi dir="ltr" class="code">۱۱۰۸-۴۰-۷۲</bdi>`; where no tag may
    stand (`<title>`, an option, an attribute) `{{ office.code|code:"text" }}` gives the same digits
    between left-to-right marks (`core.text.ltr_code`)."""
    if value is None or value == "":
        return ""
    if where == "text":
        return ltr_code(value)
    return format_html('<bdi dir="ltr" class="code">{}</bdi>', to_persian_digits(value))


@register.filter
def codes_in_text(value):
    """Free text written by staff (a service's contact, its legal basis) with every code-shaped run
    in it (`۰۲۱-۸۸۸۸۸۸۸۸`) shown as the `code` filter shows a code, the rest escaped:
    `{{ service.contact|codes_in_text|linebreaks }}`."""
    text, parts, last = str(value or ""), [], 0
    for match in CODE_SHAPE.finditer(text):
        parts += [escape(text[last : match.start()]), code(match.group())]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped or built by format_html


@register.filter
def fa_filesize(value):
    """Bytes → `۱٫۵ مگابایت`: Persian digits and units, unlike Django's `filesizeformat` (`1.5 MB`)."""
    if value is None or value == "":
        return ""
    return file_size_text(value)


@register.filter
def phone(value):
    """`+989123456789` → `۰۹۱۲۳۴۵۶۷۸۹`."""
    return to_persian_digits(display_phone(value)) if value else ""


def _is_choice_list(widget) -> bool:
    """Radio buttons or checkboxes, one per choice (RadioSelect, CheckboxSelectMultiple)."""
    return isinstance(widget, ChoiceWidget) and widget.input_type in ("checkbox", "radio")


@register.filter
def field_kind(bound_field) -> str:
    """How `includes/form.html` lays a field out: `choices` (a fieldset of form-checks, its label a
    legend), `check` (one checkbox with its label after it) or `input` (label above the control)."""
    widget = bound_field.field.widget
    if _is_choice_list(widget):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    return "input"


def _bootstrap_attrs(bound_field, css: str) -> dict[str, str]:
    widget = bound_field.field.widget
    classes = [c for c in widget.attrs.get("class", "").split() if c != css]
    attrs = {"class": " ".join([*classes, css])}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


def _choice_list(bound_field) -> str:
    """Each choice as a Bootstrap form-check: its own input with `form-check-input` and a label
    tied to it, so every option is a full-size target (the group's wrapper is a plain box)."""
    widget = bound_field.field.widget
    attrs = _bootstrap_attrs(bound_field, "form-check-input")
    group_id = widget.attrs.get("id") or bound_field.auto_id
    attrs = bound_field.build_widget_attrs({**({"id": group_id} if group_id else {}), **attrs}, widget)
    options = widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    bound = [BoundWidget(widget, option, bound_field.form.renderer) for option in options]
    inline = all(len(str(option.choice_label)) <= 4 for option in bound)
    check = "form-check form-check-inline" if inline else "form-check"
    items = format_html_join(
        "",
        '<div class="{}">{}<label class="form-check-label" for="{}">{}</label></div>',
        ((check, option.tag(), option.id_for_label, option.choice_label) for option in bound),
    )
    return format_html('<div class="choice-list" id="{}">{}</div>', group_id or "", items)


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap classes and accessible error wiring."""
    widget = bound_field.field.widget
    if _is_choice_list(widget):
        return _choice_list(bound_field)
    input_type = getattr(widget, "input_type", "")
    css = (
        "form-check-input"
        if input_type in ("checkbox", "radio")
        else (
            "form-select"
            if input_type == "select" or widget.__class__.__name__.endswith("Select")
            else "form-control"
        )
    )
    return bound_field.as_widget(attrs=_bootstrap_attrs(bound_field, css))


@register.simple_tag
def form_fields(form):
    """`includes/form.html`'s markup of a form, drawn in Python (`core.formlayout`)."""
    from core.formlayout import draw

    return draw(form, field_kind, bs_widget)
