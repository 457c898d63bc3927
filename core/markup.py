"""Escaping for markup drawn in Python (forms, widgets, the request's and the queue's rows, the menu).

`escape(value)` is `django.utils.html.conditional_escape(value)`, as the template language
escapes a `{{ value }}`: text is escaped, safe text (`mark_safe`, `format_html`) and anything with
`__html__` is kept, a lazy translation and any other value are made text first. For plain text,
by far the most common case, it is one `str.translate` with the five characters Django's
`escape` replaces (`html.escape`'s table), instead of four Python calls and five `replace`s: the
public tracking page escaped about a hundred and fifty values a visit this way (issue 18).
`core/tests/test_markup.py` checks it against `conditional_escape` for any text."""

from django.utils.html import conditional_escape

# What `html.escape(text, quote=True)` writes, so what `django.utils.html.escape` writes.
_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(value) -> str:
    """`conditional_escape(value)`, with plain text escaped in one call."""
    if type(value) is str:  # exactly str: a SafeString subclass must stay unescaped
        return value.translate(_TABLE)
    return conditional_escape(value)


def full_name(user) -> str:
    """A user's full name escaped, nothing for no user (a row whose person is gone)."""
    return escape(user.get_full_name()) if user is not None else ""
