"""What every page of every role shows a person (issue 13): codes kept in order in right-to-left
text (defect 4) and no number input that drops Persian digits (defect 9).

After Persian letters, digits joined by dashes (`۱۱۰۸-۴۰-۷۲`, `۰۵-۱۲۳۴۵-۶۷۸۹۰-۳`) are shown
backwards unless isolated left to right. Each page of the small world is rendered for each role
and every code-shaped string in its text must stand inside the `code` filter's `<bdi dir="ltr"
class="code">` or, where no tag may stand (a title, an option), between the marks of
`core.text.ltr_code`."""

import logging
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from core.testing import page_text
from core.text import CODE_SHAPE, LRM
from miz.tests import world as world_module
from miz.tests.test_hostile_input import _fill, _valid, targets

ROLES = ["anonymous", "applicant", "counter_operator", "licence_holder", "staff_expert", "region_expert"]


def loose_codes(html: str) -> list[str]:
    """The code-shaped strings of a page's text that are neither in a code tag nor marked."""
    loose = []
    for data, in_code, tags in page_text(html):
        if in_code or (tags and tags[-1] in ("script", "style")):
            continue
        for match in CODE_SHAPE.finditer(data):
            before, after = data[match.start() - 1 : match.start()], data[match.end() : match.end() + 1]
            if (before, after) != (LRM, LRM):
                loose.append(data.strip()[:120])
    return loose


def test_the_scanner_finds_a_bare_code_and_passes_a_tagged_or_marked_one():
    bare = "<p>کد دفتر ۱۱۰۸-۴۰-۷۲ است</p><title>رسید 05-12345-67890-3</title>"
    tagged = (
        '<p>کد دفتر <bdi dir="ltr" class="code">۱۱۰۸-۴۰-۷۲</bdi></p>'
        f"<option>دفتر ({LRM}۱۱۰۸-۴۰-۷۲{LRM})</option>"
    )
    assert len(loose_codes(bare)) == 2
    assert loose_codes(tagged) == []


def test_the_code_filter_renders_an_isolated_persian_code():
    from django.template import Context, Template

    html = Template("{{ c|code }} {{ c|code:'text' }}").render(Context({"c": "1108-40-72"}))
    assert html == f'<bdi dir="ltr" class="code">۱۱۰۸-۴۰-۷۲</bdi> {LRM}۱۱۰۸-۴۰-۷۲{LRM}'


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world_module.build()


def rendered_pages(world):
    """(role, url, html) of every HTML page of the world's URLs that each role may open, and the
    tracking page's answer."""
    logging.disable(logging.CRITICAL)
    try:
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if world.users[role] is not None:
                client.force_login(world.users[role])
            for route, converters, name in targets():
                if route.startswith(("admin/", "api/")):
                    continue
                url = _fill(route, _valid(world, name, converters))
                response = client.get(url)
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    yield role, url, response.content.decode()
        request = world.objects["open_request"]
        identity = {"code": request.tracking_code, "identifier": world.users["applicant"].national_code}
        yield "anonymous", "/desk/track/ (answer)", Client().post("/desk/track/", identity).content.decode()
    finally:
        logging.disable(logging.NOTSET)


def test_no_page_shows_a_code_outside_the_code_filter(world):
    loose, pages = [], 0
    for role, url, html in rendered_pages(world):
        pages += 1
        loose += [f"{role} {url}: {text}" for text in loose_codes(html)]
    assert pages > 40
    assert loose == [], "\n".join(loose)


class NumberInputs(HTMLParser):
    """The visible number inputs of a page (a `type=number`, or a text input with the numeric or
    decimal keypad that is not an identifier) whose value shows an ASCII digit."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.number_typed: list[str] = []
        self.latin: list[str] = []
        self.shown = 0  # number inputs showing a value, in whatever digits
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input" or attrs.get("type") == "hidden":
            return
        name = attrs.get("name") or attrs.get("id") or "?"
        if attrs.get("type") == "number":
            self.number_typed.append(name)
        # Identifiers typed on the same keypad (national code, mobile, tracking code) are text
        # fields of a bounded length; a number has no `maxlength`.
        numeric = attrs.get("inputmode") in ("numeric", "decimal") and "maxlength" not in attrs
        value = attrs.get("value") or ""
        self.shown += bool(numeric and value)
        if numeric and re.search(r"[0-9]", value):
            self.latin.append(f"{name}={value}")


def test_the_number_scanner_finds_a_number_input_and_latin_digits():
    html = (
        '<input type="number" name="a"><input type="text" inputmode="numeric" name="b" value="1403">'
        '<input type="text" inputmode="decimal" name="c" value="۳۵٫۶">'
        '<input type="hidden" name="d" value="2"><input inputmode="numeric" maxlength="24" value="0">'
    )
    found = NumberInputs(html)
    assert found.number_typed == ["a"] and found.latin == ["b=1403"]


def test_no_page_has_a_number_input_that_drops_persian_digits_or_shows_latin_ones(world):
    """Issue 13, defect 9: `type=number` inputs drop digits typed on a Persian keyboard, and a
    number shown back in Latin digits (a year, a count) is the only Latin text on a Persian page."""
    number_typed, latin, with_value = [], [], 0
    for role, url, html in rendered_pages(world):
        found = NumberInputs(html)
        number_typed += [f"{role} {url}: {name}" for name in found.number_typed]
        latin += [f"{role} {url}: {value}" for value in found.latin]
        with_value += found.shown
    assert number_typed == [], "\n".join(number_typed)
    assert latin == [], "\n".join(latin)
    assert with_value >= 1  # a number shown back was seen (the world service's «pieces», 2 by default)
