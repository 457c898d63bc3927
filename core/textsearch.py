"""Persian-aware words for full-text search: one spelling per word, and a light plural stemmer.

Both the indexed document and the query go through the same functions, so two spellings of a word
meet: Arabic ي/ك and Persian ی/ک, any digit script, tatweel, diacritics, hamza seats, upper and
lower case, a ZWNJ or nothing between a stem and its suffix («کتاب‌ها», «کتابها»), and a plural
«ها / های / هایی / ان / ات» or its singular. The stemmer is deliberately light (it only strips one
plural suffix from a long enough word); it may join two different words that share a stem
(«مهران» and «مهر»), which costs some precision and never a match.
"""

import re
import unicodedata

from core.text import ZWNJ, normalize_digits, normalize_text

# Arabic diacritics (harakat, shadda, sukun, superscript alef) are not typed consistently.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ی", "ة": "ه", "ۀ": "ه"})
# A word: letters and digits of any script, possibly joined by ZWNJ. Everything else separates.
_WORD = re.compile(rf"(?:[^\W_]|{ZWNJ})+")

# Longest first; (suffix, shortest stem left behind).
_PLURALS = (("هایی", 2), ("های", 2), ("ها", 2), ("ان", 3), ("ات", 3))

MAX_WORD = 40


def ascii_digits(value: str) -> str:
    """Decimal digits of any script (Persian, Arabic-Indic, Devanagari…) → ASCII."""
    value = normalize_digits(value or "")
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def stem(word: str) -> str:
    """The word without one plural suffix (`کتابها` → `کتاب`, `اطلاعات` → `اطلاع`); digits and
    short words stay as they are."""
    if word.isdigit():
        return word
    for suffix, shortest in _PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)]
    return word


def _words(value: str) -> list[str]:
    text = ascii_digits(normalize_text(value or "")).lower()
    text = _DIACRITICS.sub("", text).translate(_FOLD)
    return [w.strip(ZWNJ) for w in _WORD.findall(text) if w.strip(ZWNJ)]


def query_words(value: str) -> list[str]:
    """The words of a search query, normalised and stemmed, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _words(value):
        seen.setdefault(stem(word.replace(ZWNJ, ""))[:MAX_WORD], None)
    return list(seen)


def document_words(value: str) -> list[str]:
    """The words under which a text is indexed: each word stemmed, and a ZWNJ-joined word also
    by its parts (`می‌خواهم` is found by `میخواهم` and by `می خواهم`)."""
    out: list[str] = []
    for word in _words(value):
        out.append(stem(word.replace(ZWNJ, ""))[:MAX_WORD])
        if ZWNJ in word:
            out.extend(stem(part)[:MAX_WORD] for part in word.split(ZWNJ) if part)
    return out


def document_text(value: str) -> str:
    """`document_words` joined by single spaces: what the search index stores."""
    return " ".join(document_words(value))
