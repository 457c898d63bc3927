"""Numbers typed in any digits (issue 13, defect 9): every number field of a Miz form is a text
input with the numeric or decimal keypad (a `type=number` input drops Persian digits), and the
server reads Persian, Arabic-Indic and ASCII digits, with Persian separators, as the same number;
a count refuses a fraction."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core.forms import MizForm, MizModelForm
from core.text import ARABIC_INDIC_DIGITS, ASCII_DIGITS, PERSIAN_DIGITS

SCRIPTS = (ASCII_DIGITS, PERSIAN_DIGITS, ARABIC_INDIC_DIGITS)
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


class Counts(MizForm):
    stops = forms.IntegerField(min_value=0)
    area = forms.DecimalField(min_value=0, max_digits=20, decimal_places=4, required=False)


@st.composite
def typed_digits(draw, number: int, *, grouped: bool = False) -> str:
    """`number` as a person might type it: each digit in any script, thousands maybe separated
    by the Persian mark or a comma."""
    text = f"{number:,}" if grouped else str(number)
    separator = draw(st.sampled_from(["٬", ","]))
    return "".join(separator if ch == "," else SCRIPTS[draw(st.integers(0, 2))][int(ch)] for ch in text)


@given(data=st.data(), number=st.integers(0, 10**12), grouped=st.booleans())
def test_a_count_in_any_digits_is_that_count(data, number, grouped):
    typed = data.draw(typed_digits(number, grouped=grouped))
    form = Counts(data={"stops": f" {typed} "})
    assert form.is_valid(), (typed, form.errors)
    assert form.cleaned_data["stops"] == number


@given(data=st.data(), whole=st.integers(0, 10**9), fraction=st.integers(1, 9999))
def test_a_decimal_in_any_digits_and_separator_is_that_decimal(data, whole, fraction):
    digits = f"{fraction:04d}"
    typed_whole = data.draw(typed_digits(whole))
    typed_fraction = "".join(SCRIPTS[data.draw(st.integers(0, 2))][int(ch)] for ch in digits)
    point = data.draw(st.sampled_from(["٫", "."]))
    form = Counts(data={"stops": "1", "area": f"{typed_whole}{point}{typed_fraction}"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == Decimal(f"{whole}.{digits}")


@given(whole=st.integers(0, 10**6), fraction=st.integers(1, 99), point=st.sampled_from(["٫", "."]))
def test_a_count_refuses_a_fraction_in_persian(whole, fraction, point):
    form = Counts(
        data={"stops": f"{whole}{point}{fraction}".translate(str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS))}
    )
    assert not form.is_valid()
    assert form.errors["stops"] == ["عدد صحیح و بی‌اعشار بنویسید، مانند ۱۲."]


def test_every_number_field_is_a_text_input_with_a_keypad():
    from counters.models import Declaration

    class Staffing(MizModelForm):
        class Meta:
            model = Declaration
            fields = ["staff_count", "latitude"]

    html = Counts().as_p() + Staffing().as_p()
    assert 'type="number"' not in html
    assert html.count('inputmode="numeric"') == 2 and html.count('inputmode="decimal"') == 2
    assert 'name="stops"' in html and 'name="staff_count"' in html


def test_a_number_is_shown_back_in_persian_digits_and_decimal_mark():
    html = Counts(initial={"stops": 1403, "area": Decimal("35.6890")}).as_p()
    assert 'value="۱۴۰۳"' in html and 'value="۳۵٫۶۸۹۰"' in html
    form = Counts(data={"stops": "۱۴۰۳", "area": "۳۵٫۶۸۹۰"})
    assert form.is_valid() and form.cleaned_data == {"stops": 1403, "area": Decimal("35.6890")}


@pytest.mark.django_db
def test_every_miz_form_shows_its_numbers_in_persian_digits_in_a_text_input():
    """Every form of the project with a number field, filled with 12: no `type=number`, and the
    value reads «۱۲» (defect 9: forms showed a year or a count in Latin digits)."""
    from core.tests.test_empty_labels import miz_form_classes

    checked = 0
    for form_class in miz_form_classes():
        numbers = [n for n, f in form_class.base_fields.items() if isinstance(f, NUMBER_FIELDS)]
        if not numbers:
            continue
        try:
            form = form_class(initial=dict.fromkeys(numbers, 12))
        except TypeError:  # needs a user or an object: its page is scanned in miz/tests
            continue
        for name in numbers:
            if form.fields[name].widget.is_hidden:
                continue
            html = str(form[name])
            assert 'type="text"' in html and 'value="۱۲"' in html, (form_class, html)
            checked += 1
    assert checked >= 8


# Text fields read as digits (`normalize_digits`) that also take Latin letters: a text keypad.
TAKES_LETTERS = {("CounterPaymentForm", "reference")}  # a POS or bank slip reference


@pytest.mark.django_db
def test_every_field_typed_in_digits_offers_the_numeric_keypad():
    """A text field whose digits the form reads (a code sent by SMS, a registration number, a
    national code or mobile) opens the phone's numeric keypad, as a number field does: the OTP
    of the counter and phone intake and the tracking page's identifier opened the letter keyboard."""
    from core.tests.test_empty_labels import miz_form_classes

    keypads, checked = [], 0
    for form_class in miz_form_classes():
        try:
            form = form_class()
        except TypeError:  # needs a user or an object
            continue
        for name, field in form.fields.items():
            if not getattr(field, "normalize_digits", False) or (form_class.__name__, name) in TAKES_LETTERS:
                continue
            checked += 1
            if field.widget.attrs.get("inputmode") not in ("numeric", "decimal", "tel"):
                keypads.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert keypads == []
    assert checked >= 4
