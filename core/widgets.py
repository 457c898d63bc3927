"""Widgets: a Jalali date input with a calendar picker (core/static/core/js/jalali-picker.js), and
the text inputs every typed number and time of day use, and the Persian file chooser."""

from django import forms

from core.text import to_persian_digits

# Written day first: shown right to left, it puts «سال» on the left, where the year's digits go.
DATE_FORMAT_HINT = "روز/ماه/سال"


class JalaliDateInput(forms.TextInput):
    template_name = "core/widgets/jalali_date.html"

    def __init__(self, attrs=None):
        defaults = {
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            # The format, not a sample date: a date reads as a value already filled in.
            "placeholder": DATE_FORMAT_HINT,
            "data-jalali-picker": "",
            # Browsers compile `pattern` with the `v` flag, where / - . must be escaped in a
            # class; an invalid pattern is silently ignored.
            "pattern": (r"\s*[0-9۰-۹٠-٩]{4}\s*[\/\-\.]\s*[0-9۰-۹٠-٩]{1,2}\s*[\/\-\.]\s*[0-9۰-۹٠-٩]{1,2}\s*"),
            "title": "سال/ماه/روز شمسی، مانند ۱۴۰۳/۱۲/۲۹",
        }
        super().__init__({**defaults, **(attrs or {})})


class TimeTextInput(forms.TextInput):
    """A time of day typed as `۱۴:۳۰` in any digits (`core.formfields.TimeOfDayField`)."""

    def __init__(self, attrs=None):
        defaults = {
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "ساعت:دقیقه",
            "maxlength": "8",
            "size": "8",
        }
        super().__init__({**defaults, **(attrs or {})})


class TypedNumberInput(forms.TextInput):
    """A number typed in any digits: a text input with the numeric (or decimal) keypad.

    Browsers drop Persian and Arabic digits from `type=number` inputs (Chromium keeps the field
    empty), so a number typed on a Persian keyboard never reached the server. Here the text goes
    as typed and `core.forms` turns its digits into ASCII before the field reads it.
    """

    def __init__(self, attrs=None, *, decimal: bool = False):
        defaults = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})


class PersianNumberInput(TypedNumberInput):
    """A `TypedNumberInput` that shows its value in Persian digits and decimal mark (`۳۵٫۶۸`), as
    the rest of the page; what comes back in any digits is read by the field. Every number field
    of a Miz form gets it (`core.forms.type_numbers_as_text`)."""

    def format_value(self, value):
        value = super().format_value(value)
        return to_persian_digits(value).replace(".", "٫") if value is not None else None


NO_FILE_CHOSEN = "پرونده‌ای انتخاب نشده"


class PersianFileInput(forms.ClearableFileInput):
    """A file chooser that speaks Persian: Chromium's own reads «Choose File / No file chosen»
    whatever the page's language. The native input stays (it is what the keyboard and a screen
    reader reach, and what the form sends); once `core/js/miz.js` runs it is hidden from sight
    and a «انتخاب پرونده» button and the chosen file's name and size, in Persian, stand in its
    place. Without script the native input is shown as it is, so choosing still works. Every file
    field of a Miz form gets it (`core.forms.choose_files_in_persian`)."""

    template_name = "core/widgets/file.html"
    initial_text = "پرونده کنونی"
    input_text = "جایگزینی"
    clear_checkbox_label = "حذف پرونده"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["no_file"] = NO_FILE_CHOSEN
        return context
