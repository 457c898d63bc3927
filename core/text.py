"""Persian text normalisation: one spelling for letters, ASCII digits in identifiers and numbers."""

import re

ZWNJ = "\u200c"

# Arabic letters typed on Arabic keyboards (or pasted from old systems) → Persian letters.
_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي ARABIC LETTER YEH → ی
        "\u0649": "\u06cc",  # ى ARABIC LETTER ALEF MAKSURA → ی
        "\u0643": "\u06a9",  # ك ARABIC LETTER KAF → ک
        "\u0640": None,  # ـ TATWEEL (kashida), decoration only
        "\u200e": None,  # LEFT-TO-RIGHT MARK
        "\u200f": None,  # RIGHT-TO-LEFT MARK
        "\u202a": None,  # LRE
        "\u202b": None,  # RLE
        "\u202c": None,  # PDF
        "\u202d": None,  # LRO
        "\u202e": None,  # RLO
        "\u2066": None,  # LRI
        "\u2067": None,  # RLI
        "\u2068": None,  # FSI
        "\u2069": None,  # PDI
        "\u061c": None,  # ARABIC LETTER MARK
        "\ufeff": None,  # zero-width no-break space / BOM
    }
)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS + "٫٬", ASCII_DIGITS + ASCII_DIGITS + ".,")
_TO_PERSIAN = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)

# ZWNJ runs, and ZWNJ next to a space or at either end of a word, carry no meaning.
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_BY_SPACE = re.compile(rf"\s*{ZWNJ}\s+|\s+{ZWNJ}\s*")


def normalize_text(value: str) -> str:
    """Normalise free text: Persian ی/ک, no tatweel or direction marks, single ZWNJ.

    Digits in free text are left as typed; identifiers and numbers use `normalize_digits`.
    """
    if not value:
        return value
    value = value.translate(_LETTERS)
    value = _ZWNJ_RUN.sub(ZWNJ, value)
    value = _ZWNJ_BY_SPACE.sub(" ", value)
    return value.strip(ZWNJ)


def normalize_digits(value: str) -> str:
    """Persian and Arabic-Indic digits (and their decimal/thousands marks) → ASCII."""
    return value.translate(_TO_ASCII) if value else value


def normalize_identifier(value: str) -> str:
    """An identifier as typed (`۰۰۸-۴۵۷۵۹۴-۸ `) → its ASCII digits and letters only (`0084575948`)."""
    value = normalize_digits(normalize_text(value or ""))
    return re.sub(r"[\s\-_/.()\u200c]", "", value)


def to_persian_digits(value: object) -> str:
    """Show ASCII digits as Persian digits (for display only; storage stays ASCII)."""
    return str(value).translate(_TO_PERSIAN)


LRM = "\u200e"


def ltr_code(value: object) -> str:
    """A code (`1108-40-72`, a tracking code) for Persian plain text: a message, an SMS, a page
    title, an option: Persian digits between left-to-right marks.

    After Persian letters the bidi algorithm takes digits for Arabic numbers and a dash between
    them for right-to-left, so `۱۱۰۸-۴۰-۷۲` would show as `۷۲-۴۰-۱۱۰۸`; a strong left-to-right
    mark before the code stops that, one after keeps it from the next word. In HTML the `code`
    template filter (core/templatetags/miz.py) isolates it in `<bdi dir="ltr">` instead.
    """
    if value is None or value == "":
        return ""
    return f"{LRM}{to_persian_digits(value)}{LRM}"


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty string of 0-9 only. (str.isdigit() also accepts Persian digits.)"""
    return bool(value) and all("0" <= ch <= "9" for ch in value)


def search_key(value: str) -> str:
    """A key under which two spellings of the same words compare equal, for search.

    Ignores ی/ي, ک/ك, ZWNJ versus space versus nothing, digit script, tatweel and case.
    """
    value = normalize_digits(normalize_text(value or "")).lower()
    return value.translate(_SEARCH_FOLD)


# For search only: hamza seats and ta marbuta fold to their plain letter; spaces and ZWNJ vanish.
_SEARCH_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ة": "ه", "ۀ": "ه", ZWNJ: None, " ": None}
)
