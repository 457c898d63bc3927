"""The one form mechanism every Miz form uses: Persian normalisation of all text input.

`MizForm` and `MizModelForm` (and `PersianFormMixin` for other bases) rewrite the submitted
data before any field sees it: Arabic ي ى ك become ی ک, tatweel and direction marks go, ZWNJ
runs collapse; number fields and fields marked `normalize_digits` also get ASCII digits (and lose
thousands separators), and ids chosen in model choice fields are bounded to what the database holds.
Number fields are typed in a `PersianNumberInput`, never `type=number`, which drops Persian digits:
a text input with the numeric keypad that shows its value in Persian digits.
Password fields are left exactly as typed. File fields get a `PersianFileInput` (Persian
«انتخاب پرونده» in place of Chromium's «Choose File»).
A select's empty choice reads «— برگزینید —», never Django's `---------`.
"""

from django import forms
from django.db import models
from django.http import QueryDict

from core.params import MAX_ID
from core.text import normalize_digits, normalize_text
from core.widgets import PersianFileInput, PersianNumberInput, TypedNumberInput

_NUMERIC_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)

# Django's empty choice (`ModelChoiceField.empty_label`, `BLANK_CHOICE_DASH` of model fields with
# choices) is nine dashes, meaningless to a reader of Persian.
EMPTY_LABEL = "— برگزینید —"
DJANGO_EMPTY_LABEL = "---------"


def _bounded_id(value: str) -> str:
    """An id typed in any digits; one past what the database holds becomes a plain invalid
    choice (SQLite would otherwise fail on it with an overflow)."""
    text = normalize_digits(value).strip()
    return "-" if text.isdigit() and int(text) > MAX_ID else text


def _normalizer_for(field: forms.Field):
    if isinstance(field.widget, forms.PasswordInput) or isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.ModelChoiceField):
        meta = field.queryset.model._meta
        target = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
        return _bounded_id if isinstance(target, models.IntegerField) else None
    if isinstance(field, _NUMERIC_FIELDS) or getattr(field, "normalize_digits", False):
        return lambda value: normalize_digits(normalize_text(value)).replace(",", "")
    if isinstance(field, forms.CharField):
        return normalize_text
    return None


def normalize_form_data(form: forms.BaseForm) -> None:
    """Replace `form.data` with a normalised copy (the original QueryDict is immutable)."""
    data = form.data
    if isinstance(data, QueryDict):
        data = data.copy()
        getlist, setlist = data.getlist, data.setlist
    else:
        data = dict(data)
        getlist = lambda key: data[key] if isinstance(data[key], list) else [data[key]]  # noqa: E731

        original = dict(data)

        def setlist(key, values):
            data[key] = values if isinstance(original[key], list) else values[0]

    for name, field in form.fields.items():
        normalize = _normalizer_for(field)
        if normalize is None:
            continue
        key = form.add_prefix(name)
        if key not in data:
            continue
        setlist(key, [normalize(v) if isinstance(v, str) else v for v in getlist(key)])
    form.data = data


WHOLE_NUMBER_MESSAGE = "عدد صحیح و بی‌اعشار بنویسید، مانند ۱۲."
NUMBER_MESSAGE = "عدد بنویسید، مانند ۱۲ یا ۱۲٫۵."


def type_numbers_as_text(form: forms.BaseForm) -> None:
    """Every number field that would render `type=number` gets a `PersianNumberInput` instead (its
    value shown in Persian digits, read back in any), and says in plain Persian what it takes
    (Django's Persian «به طور کامل یک عدد وارد کنید» does not)."""
    for field in form.fields.values():
        if not isinstance(field, _NUMERIC_FIELDS):
            continue
        # DecimalField and FloatField are IntegerFields too.
        decimal = isinstance(field, (forms.DecimalField, forms.FloatField))
        field.error_messages["invalid"] = NUMBER_MESSAGE if decimal else WHOLE_NUMBER_MESSAGE
        # A plain text input chosen by a form for a number (coordinates) is swapped too.
        plain = type(field.widget) in (forms.TextInput, TypedNumberInput)
        if isinstance(field.widget, forms.NumberInput) or plain:
            keep = {k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")}
            widget = PersianNumberInput(keep, decimal=decimal)
            widget.is_required = field.widget.is_required
            field.widget = widget


def persian_empty_labels(form: forms.BaseForm) -> None:
    """Replace Django's `---------` empty choice of every select in `form` by `EMPTY_LABEL`; an
    empty label the form chose itself (e.g. «— کارشناس صلاحیت‌دار نیست —») stays."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = EMPTY_LABEL
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(label == DJANGO_EMPTY_LABEL for _, label in choices):
                field.choices = [
                    (value, EMPTY_LABEL if value == "" and label == DJANGO_EMPTY_LABEL else label)
                    for value, label in choices
                ]


def choose_files_in_persian(form: forms.BaseForm) -> None:
    """Every file field shown with Django's file input gets a `PersianFileInput` instead (Chromium
    writes «Choose File / No file chosen» on its own input, whatever the page's language)."""
    for field in form.fields.values():
        if type(field.widget) in (forms.FileInput, forms.ClearableFileInput):
            widget = PersianFileInput(field.widget.attrs)
            widget.is_required = field.widget.is_required
            field.widget = widget


class PersianFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type_numbers_as_text(self)
        choose_files_in_persian(self)
        persian_empty_labels(self)
        if self.is_bound:
            normalize_form_data(self)


class MizForm(PersianFormMixin, forms.Form):
    pass


class MizModelForm(PersianFormMixin, forms.ModelForm):
    pass
