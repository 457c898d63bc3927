"""Notification texts as data: placeholders are checked (unknown refused, required kept, nothing but a
name between braces), rendered by concatenation, and an SMS is counted in parts as a gateway does."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications import texts
from notifications.texts import Event, Variable

EVENT = Event(
    "test.event",
    "رویداد آزمون",
    (
        Variable("code", "کد رهگیری", "۱۲۳", required=True),
        Variable("when", "زمان", "فردا"),
    ),
    sms="کد {code} برای {when}",
    subject="موضوع {code}",
)

names = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
# Persian letters, digits, ZWNJ and spaces, with at least one character that is not a space.
persian = st.text(
    alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ۰۱۲۳۴۵۶۷۸۹\u200c", min_size=1, max_size=400
).filter(lambda t: t.strip(" "))
gsm = st.text(alphabet=string.ascii_letters + string.digits + " .,:;!?-\n", min_size=1, max_size=600)


def test_defaults_render_with_the_values_given():
    rendered = texts.render(EVENT, texts.defaults(EVENT), {"code": "X-1", "when": "شنبه"})
    assert (rendered.sms, rendered.subject, rendered.email) == (
        "کد X-1 برای شنبه",
        "موضوع X-1",
        "کد X-1 برای شنبه",
    )


def test_an_email_body_of_its_own_replaces_the_sms_text_in_the_email():
    edit = texts.Texts(sms="{code}", subject="", email="سلام\nکد: {code}")
    rendered = texts.render(EVENT, edit, {"code": "7", "when": ""})
    assert (rendered.sms, rendered.email) == ("7", "سلام\nکد: 7")


@given(name=names.filter(lambda n: n not in {"code", "when"}))
def test_an_unknown_variable_is_refused_in_persian(name):
    [error] = texts.check_text(EVENT, "کد {code} و {" + name + "}", require=True)
    assert f"{{{name}}}" in error and "متغیر ناشناخته" in error


@given(prefix=persian.filter(lambda t: "{" not in t and "}" not in t))
def test_dropping_a_required_variable_is_refused_in_persian(prefix):
    [error] = texts.check_text(EVENT, prefix + " {when}", require=True)
    assert "{code}" in error and "لازم" in error
    # The subject (require=False) may leave it out.
    assert texts.check_text(EVENT, prefix, require=False) == []


@pytest.mark.parametrize(
    "text",
    ["{code.__class__}", "{code[0]}", "{code!r}", "{code:>20}", "{}", "{0}", "{code", "code}", "{ code }"],
)
def test_anything_but_a_plain_name_between_braces_is_refused(text):
    errors = texts.check_text(EVENT, text, require=False)
    assert errors and all(any("\u0600" <= ch <= "\u06ff" for ch in e) for e in errors)


def test_doubled_braces_are_literal_braces():
    assert texts.check_text(EVENT, "{{code}} {code}", require=True) == []
    assert texts.fill("{{code}} {code}", {"code": "۵"}) == "{code} ۵"


@given(value=st.text(max_size=50))
def test_a_value_is_inserted_as_it_is_never_formatted_again(value):
    # A value holding braces or format syntax is text, not a template.
    assert texts.fill("[{code}]", {"code": value}) == f"[{value}]"


def test_render_refuses_values_that_do_not_match_the_declaration():
    with pytest.raises(ValueError):
        texts.render(EVENT, texts.defaults(EVENT), {"code": "1"})
    with pytest.raises(ValueError):
        texts.render(EVENT, texts.defaults(EVENT), {"code": "1", "when": "", "extra": ""})


def test_a_declaration_with_an_invalid_default_fails_at_start_up():
    with pytest.raises(ValueError):
        Event("test.bad", "بد", (Variable("a", "الف", "۱", required=True),), sms="بدون متغیر")


# --- SMS length -----------------------------------------------------------------------------------------


def test_the_boundaries_of_a_persian_sms():
    assert texts.sms_length("س" * 70).parts == 1
    assert texts.sms_length("س" * 71).parts == 2
    assert texts.sms_length("س" * 134).parts == 2
    assert texts.sms_length("س" * 135).parts == 3
    assert texts.sms_length("a" * 160) == texts.SmsLength(160, 160, "GSM-7", 1)
    assert texts.sms_length("a" * 161).parts == 2
    assert texts.sms_length("").parts == 0


@given(text=persian)
def test_persian_is_ucs2_seventy_alone_sixty_seven_per_part(text):
    length = texts.sms_length(text)
    assert length.encoding == "UCS-2" and length.units == len(text)
    if len(text) <= 70:
        assert length.parts == 1
    else:
        # Enough parts for the text, and not one more.
        assert (length.parts - 1) * 67 < len(text) <= length.parts * 67


@given(text=gsm)
def test_latin_text_is_gsm7_until_one_persian_letter_is_added(text):
    latin = texts.sms_length(text)
    assert latin.encoding == "GSM-7"
    assert latin.parts == (1 if len(text) <= 160 else -(-len(text) // 153))
    mixed = texts.sms_length(text + "س")
    assert mixed.encoding == "UCS-2" and mixed.parts >= latin.parts


@given(text=persian, more=persian)
def test_a_longer_text_never_takes_fewer_parts(text, more):
    assert texts.sms_length(text + more).parts >= texts.sms_length(text).parts


def test_gsm_extension_characters_take_two_units_and_emoji_two_ucs2_units():
    assert texts.sms_length("{}").units == 4
    assert texts.sms_length("سلام 😀").units == 7


def test_the_description_uses_persian_digits():
    assert texts.sms_length("س" * 71).describe() == "۷۱ نویسه، ۲ بخش پیامک (UCS-2)"
    assert texts.sms_length("a" * 161).short() == "۲ بخش، ۱۶۱ نویسه"


def test_every_declared_event_is_in_the_documentation():
    from django.conf import settings

    page = (settings.BASE_DIR / "docs" / "notifications.md").read_text()
    missing = [event.code for event in texts.events() if f"`{event.code}`" not in page]
    assert not missing, f"docs/notifications.md does not list {missing}"
