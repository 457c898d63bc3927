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


# A code inside text: digit groups joined by dashes (`1108-40-72`, `021-8888`), in any digits.
CODE_SHAPE = re.compile(r"[0-9۰-۹٠-٩]+(?:-[0-9۰-۹٠-٩]+)+")


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


# The Persian alphabet in dictionary order. Python (and SQLite's and PostgreSQL's C collation)
# compare code points, which put پ چ ژ گ (letters Arabic lacks) after ی, and ک before ل only by luck.
PERSIAN_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_RANK = {letter: rank for rank, letter in enumerate(PERSIAN_ALPHABET, start=20)}
# Variants sort with their base letter (primary), just after it (secondary): آ and hamza seats.
_VARIANTS = {"آ": ("ا", 1), "أ": ("ا", 2), "إ": ("ا", 3), "ٱ": ("ا", 4), "ء": ("ا", 5), "ؤ": ("و", 1)}
_VARIANTS |= {"ئ": ("ی", 1), "ة": ("ه", 1), "ۀ": ("ه", 2)}
_WORD_BREAK = 0  # a space (or ZWNJ) sorts before any letter: «آذربایجان شرقی» before «آذربایجانی»
_DIGIT = 1  # digits 0-9 rank 1..10, before letters


def persian_sort_key(value: str) -> tuple:
    """A key that orders Persian names as a Persian dictionary does: آ ا ب پ … ک گ … ی.

    ی/ي/ى and ک/ك are the same letter, ZWNJ counts as a space, digits (any script) come before
    letters and other characters after them. Two different strings never get equal keys (the text
    itself breaks the last tie), so sorting by it is deterministic.
    """
    text = normalize_digits(normalize_text(value or "")).replace(ZWNJ, " ")
    primary, secondary = [], []
    for ch in " ".join(text.split()):
        base, variant = _VARIANTS.get(ch, (ch, 0))
        if ch == " ":
            rank = _WORD_BREAK
        elif "0" <= ch <= "9":
            rank = _DIGIT + int(ch)
        else:
            rank = _RANK.get(base, 1000 + ord(base.lower()))
        primary.append(rank)
        secondary.append(variant)
    return tuple(primary), tuple(secondary), value or ""


def file_size_text(size: int) -> str:
    """A size in bytes as Persian text: `2097152` → `۲ مگابایت`, `1536000` → `۱٫۵ مگابایت`,
    `153600` → `۱۵۰ کیلوبایت`, `500` → `۵۰۰ بایت`. (Django's `filesizeformat` writes `1.5 MB`.)"""
    size = max(int(size or 0), 0)
    if size < 1024:
        number, unit = str(size), "بایت"
    elif size < 1024 * 1024:
        number, unit = str(round(size / 1024)), "کیلوبایت"
    else:
        number, unit = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip("."), "مگابایت"
    if number == "1024" and unit == "کیلوبایت":  # 1023.5 KB and up round to the next unit
        number, unit = "1", "مگابایت"
    return to_persian_digits(number.replace(".", "٫")) + " " + unit
