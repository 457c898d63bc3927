"""Widgets: a Jalali date input with a calendar picker (core/static/core/js/jalali-picker.js)."""

from django import forms


class JalaliDateInput(forms.TextInput):
    template_name = "core/widgets/jalali_date.html"

    def __init__(self, attrs=None):
        defaults = {
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "۱۴۰۳/۰۱/۳۱",
            "data-jalali-picker": "",
            # Browsers compile `pattern` with the `v` flag, where / - . must be escaped in a
            # class; an invalid pattern is silently ignored.
            "pattern": (r"\s*[0-9۰-۹٠-٩]{4}\s*[\/\-\.]\s*[0-9۰-۹٠-٩]{1,2}\s*[\/\-\.]\s*[0-9۰-۹٠-٩]{1,2}\s*"),
            "title": "سال/ماه/روز شمسی، مانند ۱۴۰۳/۱۲/۲۹",
        }
        super().__init__({**defaults, **(attrs or {})})
