"""Ids read by hand from a query string or a posted form: `parse_id` gives an int the database
accepts (1 … 2⁶³−1, digits of any script) or None, never an exception or an overflow."""

from core.text import normalize_digits

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    text = normalize_digits(str(value or "")).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
