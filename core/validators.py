"""Iranian identifiers: check, normalise and explain in Persian what is wrong.

Each `clean_*` takes what a person typed (any digit script, spaces, dashes) and returns the
stored form, or raises `ValidationError` with a Persian message. Each `validate_*` is the
same check usable as a Django field validator on an already-stored value.
"""

import functools

import phonenumbers
from django.core.exceptions import ValidationError

from core.text import is_ascii_digits, normalize_identifier, to_persian_digits


def _digits(value: object, *, length: int, label: str, code: str) -> str:
    text = normalize_identifier(str(value or ""))
    if not text:
        raise ValidationError(f"{label} را وارد کنید.", code="required")
    if not is_ascii_digits(text):
        raise ValidationError(f"{label} فقط باید رقم داشته باشد.", code=code)
    if len(text) != length:
        raise ValidationError(
            f"{label} باید {to_persian_digits(length)} رقم باشد؛ "
            f"{to_persian_digits(len(text))} رقم وارد شده است.",
            code=code,
        )
    return text


def national_code_is_valid(code: str) -> bool:
    """The checksum of a 10-digit national code (کد ملی)."""
    if len(code) != 10 or not is_ascii_digits(code) or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    return check == total if total < 2 else check == 11 - total


def national_code_with_check_digit(first_nine: str) -> str:
    """Complete nine digits into a valid national code (for generated test and demo people)."""
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9)) % 11
    return first_nine + str(total if total < 2 else 11 - total)


def clean_national_code(value: object) -> str:
    code = _digits(value, length=10, label="کد ملی", code="national_code")
    if len(set(code)) == 1:
        raise ValidationError("کد ملی با ارقام یکسان معتبر نیست.", code="national_code")
    if not national_code_is_valid(code):
        raise ValidationError("کد ملی معتبر نیست؛ رقم کنترل آن با بقیه ارقام نمی‌خواند.", code="national_code")
    return code


def validate_national_code(value: str) -> None:
    clean_national_code(value)


_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def _legal_id_check_digit(first_ten: str) -> str:
    offset = int(first_ten[9]) + 2
    total = sum((int(first_ten[i]) + offset) * _LEGAL_ID_WEIGHTS[i] for i in range(10)) % 11
    return str(0 if total == 10 else total)


def legal_id_is_valid(code: str) -> bool:
    """The checksum of an 11-digit legal-entity national ID (شناسه ملی اشخاص حقوقی)."""
    if len(code) != 11 or not is_ascii_digits(code) or len(set(code)) == 1:
        return False
    return code[10] == _legal_id_check_digit(code)


def legal_id_with_check_digit(first_ten: str) -> str:
    """Complete ten digits into a valid legal-entity national ID (for test and demo companies)."""
    return first_ten + _legal_id_check_digit(first_ten)


def clean_legal_id(value: object) -> str:
    code = _digits(value, length=11, label="شناسه ملی شخص حقوقی", code="legal_id")
    if not legal_id_is_valid(code):
        raise ValidationError(
            "شناسه ملی شخص حقوقی معتبر نیست؛ رقم کنترل آن با بقیه ارقام نمی‌خواند.",
            code="legal_id",
        )
    return code


def validate_legal_id(value: str) -> None:
    clean_legal_id(value)


def _parse_iranian_number(value: object, label: str) -> phonenumbers.PhoneNumber:
    text = normalize_identifier(str(value or ""))
    if not text:
        raise ValidationError(f"{label} را وارد کنید.", code="required")
    if text.startswith("+"):
        body = text[1:]
    elif text.startswith("00"):
        body = text[2:]
    elif text.startswith("98") and len(text) >= 12:
        body = text
    else:
        body = None
    if not is_ascii_digits(body if body is not None else text):
        raise ValidationError(f"{label} فقط باید رقم داشته باشد.", code="phone")
    try:
        if body is not None:
            number = phonenumbers.parse("+" + body)
        else:
            number = phonenumbers.parse(text, "IR")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"{label} معتبر نیست.", code="phone") from exc
    if number.country_code != 98:
        raise ValidationError(f"{label} باید شماره‌ای در ایران باشد.", code="phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"{label} معتبر نیست.", code="phone")
    return number


def _e164(value: object, label: str, *, kinds: tuple, refusal: str, code: str) -> str:
    """An Iranian number of one of `kinds` (else `refusal`) in E.164."""
    number = _parse_iranian_number(value, label)
    if phonenumbers.number_type(number) not in kinds:
        raise ValidationError(refusal, code=code)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_mobile(value: object) -> str:
    """Any of 0912…, 912…, 98912…, +98912…, 0098912… (any digit script) → `+98912…`."""
    return _clean_mobile_text(str(value or ""))


@functools.lru_cache(maxsize=4096)
def _clean_mobile_text(value: str) -> str:
    """`clean_mobile` of a text, remembered: a filing cleans the same number several times
    (the applicant's check, the code's issue and its spending), and phonenumbers' parse is about
    0.2 ms each. A refusal raises and is not remembered (lru_cache keeps only answers)."""
    return _e164(
        value,
        "شماره همراه",
        kinds=(phonenumbers.PhoneNumberType.MOBILE,),
        refusal="شماره همراه باید با ۰۹ شروع شود و ۱۱ رقم باشد (مانند ۰۹۱۲۳۴۵۶۷۸۹).",
        code="mobile",
    )


def validate_mobile(value: str) -> None:
    if clean_mobile(value) != value:
        raise ValidationError("شماره همراه باید به شکل استاندارد ذخیره شود.", code="mobile")


def clean_landline(value: object) -> str:
    """A fixed-line number with its area code (e.g. 021-88888888) → `+982188888888`."""
    return _e164(
        value,
        "شماره تلفن ثابت",
        kinds=(
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            phonenumbers.PhoneNumberType.VOIP,
        ),
        refusal="شماره تلفن ثابت را با پیش‌شماره شهر وارد کنید (مانند ۰۲۱۸۸۸۸۸۸۸۸).",
        code="landline",
    )


def validate_landline(value: str) -> None:
    if clean_landline(value) != value:
        raise ValidationError("شماره تلفن باید به شکل استاندارد ذخیره شود.", code="landline")


def clean_postal_code(value: object) -> str:
    code = _digits(value, length=10, label="کد پستی", code="postal_code")
    if len(set(code)) == 1:
        raise ValidationError("کد پستی با ارقام یکسان معتبر نیست.", code="postal_code")
    return code


def validate_postal_code(value: str) -> None:
    clean_postal_code(value)


def display_phone(e164: str) -> str:
    """`+989123456789` → `09123456789`, the way people in Iran read a number."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")


def validate_code_list(value: object, *, known, what: str, plural: str) -> None:
    """A non-empty JSON list of codes, each one of `known` (scopes of a client, events of a
    webhook): the Persian refusal names the unknown ones and lists the known."""
    if not isinstance(value, list) or not value:
        raise ValidationError(f"دست‌کم یک {what} برگزینید.")
    unknown = [str(code) for code in value if code not in known]
    if unknown:
        raise ValidationError(f"{what} ناشناخته: {'، '.join(unknown)}. فهرست {plural}: {'، '.join(known)}.")
