"""Template filters for Persian display: Jalali dates, Persian digits, grouped numbers."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template

from core import jalali
from core.text import file_size_text, to_persian_digits
from core.validators import display_phone

register = template.Library()


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
def fa_filesize(value):
    """Bytes → `۱٫۵ مگابایت`: Persian digits and units, unlike Django's `filesizeformat` (`1.5 MB`)."""
    if value is None or value == "":
        return ""
    return file_size_text(value)


@register.filter
def phone(value):
    """`+989123456789` → `۰۹۱۲۳۴۵۶۷۸۹`."""
    return to_persian_digits(display_phone(value)) if value else ""


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap classes and accessible error wiring."""
    widget = bound_field.field.widget
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
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
