"""Tracking codes: Verhoeff check digit, normalised input, enough randomness."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from desk import tracking

bodies = st.text(alphabet="0123456789", min_size=12, max_size=12)


def with_check(body: str) -> str:
    return body + tracking.verhoeff_check_digit(body)


@given(bodies)
def test_every_generated_check_digit_validates(body):
    assert tracking.verhoeff_is_valid(with_check(body))


@given(bodies, st.integers(0, 12), st.integers(1, 9))
def test_any_single_wrong_digit_is_caught(body, position, delta):
    code = with_check(body)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not tracking.is_valid(wrong)


@given(bodies, st.integers(0, 11))
def test_any_swap_of_neighbours_is_caught(body, position):
    code = with_check(body)
    if code[position] == code[position + 1]:
        return  # swapping equal digits changes nothing
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert not tracking.is_valid(swapped)


def test_generated_codes_have_the_year_and_are_valid_and_different():
    codes = {tracking.generate(1405) for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code.startswith("05") and len(code) == 13 and tracking.is_valid(code)


def test_persian_digits_spaces_and_dashes_are_accepted():
    code = tracking.generate(1405)
    typed = tracking.display(code)  # ۰۵-۱۲۳۴۵-۶۷۸۹۰-۳
    assert tracking.clean(typed) == code
    assert tracking.clean(" ".join(typed.split("-"))) == code
    arabic = typed.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"))
    assert tracking.clean(arabic) == code


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "کد رهگیری را وارد کنید."),
        ("05-abc", "کد رهگیری فقط رقم دارد."),
        ("0512", "کد رهگیری ۱۳ رقم است؛ ۴ رقم وارد شد."),
    ],
)
def test_bad_input_is_refused_in_persian(typed, message):
    with pytest.raises(ValidationError) as info:
        tracking.clean(typed)
    assert info.value.messages == [message]


def test_wrong_check_digit_message():
    code = tracking.generate(1405)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as info:
        tracking.clean(wrong)
    assert info.value.code == "check_digit"
    assert "رقم کنترل" in info.value.messages[0]


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_the_check_digit_is_python_stdnums(digits):
    """Ours (decision 0151) and python-stdnum's Verhoeff agree on any digits, check digit and check."""
    from stdnum import verhoeff

    assert tracking.verhoeff_check_digit(digits) == verhoeff.calc_check_digit(digits)
    assert tracking.verhoeff_is_valid(digits) == verhoeff.is_valid(digits)


@pytest.mark.parametrize(
    ("digits", "check"),
    [("236", "3"), ("1234", "0")],  # Wikipedia's worked example; python-stdnum's doctest
)
def test_published_verhoeff_examples(digits, check):
    assert tracking.verhoeff_check_digit(digits) == check
    assert tracking.verhoeff_is_valid(digits + check)
