"""Iranian identifiers: checksums, every digit script in, ASCII / E.164 out, Persian messages."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from core.text import to_persian_digits
from core.validators import (
    clean_landline,
    clean_legal_id,
    clean_mobile,
    clean_national_code,
    clean_postal_code,
    display_phone,
    legal_id_is_valid,
    legal_id_with_check_digit,
    national_code_is_valid,
    national_code_with_check_digit,
    validate_mobile,
    validate_national_code,
)

LATIN_DIGIT = re.compile("[0-9]")
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")

nine_digits = st.text("0123456789", min_size=9, max_size=9)


def message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def assert_persian_message(exc_info):
    text = message(exc_info)
    assert PERSIAN_LETTERS.search(text), text
    assert not LATIN_DIGIT.search(text), f"Latin digits in a Persian message: {text}"


# --- national code ------------------------------------------------------------------------


@given(nine_digits)
def test_generated_national_codes_are_valid(first_nine):
    code = national_code_with_check_digit(first_nine)
    assume(len(set(code)) > 1)
    assert national_code_is_valid(code)
    assert clean_national_code(code) == code
    assert clean_national_code(to_persian_digits(code)) == code


def national_remainder(code: str) -> int:
    return sum(int(code[i]) * (10 - i) for i in range(9)) % 11


@given(nine_digits, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_a_single_digit_change_fails_except_the_checksums_one_blind_spot(first_nine, position, delta):
    """The official checksum maps remainders 1 and 10 both to check digit 1, so a change that
    moves the remainder between exactly those two goes unnoticed; every other change fails."""
    code = national_code_with_check_digit(first_nine)
    assume(len(set(code)) > 1)
    changed = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    blind_spot = (
        position < 9
        and code[9] == "1"
        and {national_remainder(code), national_remainder(changed)} == {1, 10}
        and len(set(changed)) > 1
    )
    assert national_code_is_valid(changed) == blind_spot
    if not blind_spot:
        with pytest.raises(ValidationError):
            clean_national_code(changed)


def test_the_checksum_blind_spot_is_real():
    # 8730000841 (remainder 1) and 8830000841 (remainder 10) are both valid national codes.
    assert national_code_is_valid("8730000841") and national_code_is_valid("8830000841")


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_always_fails(first_nine, delta):
    code = national_code_with_check_digit(first_nine)
    changed = code[:9] + str((int(code[9]) + delta) % 10)
    with pytest.raises(ValidationError):
        clean_national_code(changed)


@pytest.mark.parametrize("code", [str(d) * 10 for d in range(10)])
def test_all_same_digit_national_codes_are_rejected(code):
    # Several of them (0000000000, 1111111111 …) even satisfy the checksum.
    with pytest.raises(ValidationError) as exc_info:
        clean_national_code(code)
    assert "ارقام یکسان" in message(exc_info)
    assert not national_code_is_valid(code)


def test_national_code_in_persian_digits_is_stored_ascii():
    assert clean_national_code("۰۰۸۴۵۷۵۹۴۸") == "0084575948"
    assert clean_national_code("٠٠٨٤٥٧٥٩٤٨") == "0084575948"
    assert clean_national_code(" ۰۰۸-۴۵۷۵۹۴-۸ ") == "0084575948"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "را وارد کنید"),
        ("12345", "باید ۱۰ رقم باشد؛ ۵ رقم وارد شده است"),
        ("۱۲۳۴۵۶۷۸۹۰۱۲", "باید ۱۰ رقم باشد؛ ۱۲ رقم وارد شده است"),
        ("00845759a8", "فقط باید رقم"),
        ("0084575949", "رقم کنترل"),
    ],
)
def test_national_code_errors_are_persian_with_persian_digits(value, expected):
    with pytest.raises(ValidationError) as exc_info:
        clean_national_code(value)
    assert expected in message(exc_info)
    assert_persian_message(exc_info)


@pytest.mark.parametrize("digit", ["²", "٣", "۵", "𝟓", "①"])
def test_non_ascii_digits_never_pass_the_ascii_check(digit):
    # isdigit() and \d accept these; the stored code must be 0-9 only or refused.
    value = "008457594" + digit
    try:
        cleaned = clean_national_code(value)
    except ValidationError:
        return
    assert re.fullmatch("[0-9]{10}", cleaned)


def test_superscript_digit_is_refused_not_stored():
    assert "²".isdigit()
    with pytest.raises(ValidationError) as exc_info:
        clean_national_code("008457594²")
    assert "فقط باید رقم" in message(exc_info)


def test_validate_national_code_as_a_field_validator():
    validate_national_code("0084575948")
    with pytest.raises(ValidationError):
        validate_national_code("0084575949")


# --- legal ID -----------------------------------------------------------------------------


LEGAL_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def legal_remainder(code: str) -> int:
    offset = int(code[9]) + 2
    return sum((int(code[i]) + offset) * LEGAL_WEIGHTS[i] for i in range(10)) % 11


@given(st.text("0123456789", min_size=10, max_size=10), st.integers(0, 10), st.integers(1, 9))
def test_legal_ids_generated_pass_and_single_digit_changes_fail_except_the_blind_spot(
    first_ten, position, delta
):
    """Like the national code, remainders 0 and 10 share check digit 0."""
    code = legal_id_with_check_digit(first_ten)
    assume(len(set(code)) > 1)
    assert clean_legal_id(to_persian_digits(code)) == code
    changed = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    blind_spot = (
        position < 10
        and code[10] == "0"
        and {legal_remainder(code), legal_remainder(changed)} == {0, 10}
        and len(set(changed)) > 1
    )
    assert legal_id_is_valid(changed) == blind_spot


def test_known_legal_id():
    assert clean_legal_id("10380284790") == "10380284790"
    assert clean_legal_id("۱۰۳۸۰۲۸۴۷۹۰") == "10380284790"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10380284791", "رقم کنترل"), ("1010030279", "باید ۱۱ رقم باشد؛ ۱۰ رقم"), ("11111111111", "معتبر نیست")],
)
def test_bad_legal_ids(value, expected):
    with pytest.raises(ValidationError) as exc_info:
        clean_legal_id(value)
    assert expected in message(exc_info)
    assert_persian_message(exc_info)


# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+98 912 345 6789",
        "00989123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "9123456789",
        "989123456789",
        "09123456789",
        "+989123456789",
        "0912-345-6789",
        "(0912) 345 6789",
        "۰۰۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
    ],
)
def test_every_way_of_typing_a_mobile_gives_e164(typed):
    assert clean_mobile(typed) == "+989123456789"


@pytest.mark.parametrize(
    "typed",
    ["02188888888", "+44 7700 900123", "091234567", "0912345678901", "abc", "۰۹۱۲۳۴۵۶۷۸x", ""],
)
def test_bad_mobiles_are_refused_in_persian(typed):
    with pytest.raises(ValidationError) as exc_info:
        clean_mobile(typed)
    assert_persian_message(exc_info)


@given(
    st.sampled_from(["910", "912", "919", "930", "935", "901", "990"]),
    st.text("0123456789", min_size=7, max_size=7),
)
def test_mobile_formats_agree(prefix, rest):
    national = "0" + prefix + rest
    stored = clean_mobile(national)
    for typed in (prefix + rest, "98" + prefix + rest, "+98" + prefix + rest, "0098" + prefix + rest):
        assert clean_mobile(typed) == stored
    assert clean_mobile(to_persian_digits(national)) == stored
    assert clean_mobile(stored) == stored
    assert display_phone(stored) == national
    validate_mobile(stored)


def test_validate_mobile_wants_the_stored_form():
    with pytest.raises(ValidationError):
        validate_mobile("09123456789")


def test_landline():
    assert clean_landline("021-88888888") == "+982188888888"
    assert clean_landline("۰۲۱ ۸۸۸۸ ۸۸۸۸") == "+982188888888"
    assert clean_landline("+98 21 8888 8888") == "+982188888888"
    assert display_phone("+982188888888") == "02188888888"
    with pytest.raises(ValidationError) as exc_info:
        clean_landline("09123456789")
    assert "پیش‌شماره" in message(exc_info)


# --- postal code --------------------------------------------------------------------------


def test_postal_code():
    assert clean_postal_code("۱۳۱۸۶-۵۳۵۱۱") == "1318653511"
    for bad, expected in [("123456789", "۹ رقم"), ("1111111111", "ارقام یکسان"), ("12345abcde", "فقط")]:
        with pytest.raises(ValidationError) as exc_info:
            clean_postal_code(bad)
        assert expected in message(exc_info)
        assert_persian_message(exc_info)


@given(st.text("0123456789", min_size=10, max_size=10))
def test_any_ten_ascii_digits_not_all_same_are_a_postal_code(code):
    assume(len(set(code)) > 1)
    assert clean_postal_code(to_persian_digits(code)) == code


@given(st.text("0123456789", min_size=0, max_size=14))
def test_postal_codes_of_other_lengths_fail(code):
    assume(len(code) != 10)
    with pytest.raises(ValidationError):
        clean_postal_code(code)
