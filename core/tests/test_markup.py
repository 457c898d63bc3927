"""`core.markup.escape` is `conditional_escape` for every value the markup drawn in Python escapes."""

from datetime import date
from decimal import Decimal

from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from core.markup import escape, full_name

# Text with every character the escaping turns into an entity, Persian and Arabic letters, digits
# of three scripts, NUL, controls and surrogate-free Unicode at large.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("&<>\"'&amp;;#x27"),
        st.sampled_from("سلام يكي ۰۱۲٣٤5 \u200c\u200f\n\t\x00"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=60,
)


@given(TEXT)
def test_plain_text_is_escaped_as_django_escapes_it(text):
    assert escape(text) == conditional_escape(text)


@given(TEXT)
def test_safe_text_is_kept_as_it_is(text):
    safe = mark_safe(text)  # noqa: S308 - the point of the test
    assert escape(safe) == conditional_escape(safe) == text


def test_values_that_are_not_plain_text_go_the_way_of_conditional_escape():
    class Marked:
        def __html__(self):
            return "<b>marked</b>"

    class Subclass(str):
        pass

    lazy_text = lazy(lambda: "<i>&'\"</i>", str)()
    for value in (
        None,
        0,
        12345,
        Decimal("1.50"),
        date(2026, 12, 7),
        Marked(),
        Subclass("<x>"),
        SafeString("<ok>"),
        format_html("<b>{}</b>", "<&>"),
        gettext_lazy("<lazy> & text"),
        lazy_text,
    ):
        assert escape(value) == conditional_escape(value), value


def test_the_five_characters_and_nothing_else():
    assert escape("""<a href="x">O'Reilly & Co</a>""") == (
        "&lt;a href=&quot;x&quot;&gt;O&#x27;Reilly &amp; Co&lt;/a&gt;"
    )
    assert escape("کد ۰۵-۱۲۳ يك") == "کد ۰۵-۱۲۳ يك"


def test_full_name():
    class Person:
        def get_full_name(self):
            return "سارا <script>"

    assert full_name(Person()) == "سارا &lt;script&gt;"
    assert full_name(None) == ""
