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

from core.text import LRM
from miz.tests import world as world_module
from miz.tests.test_hostile_input import _fill, _valid, targets

CODE_SHAPE = re.compile(r"[0-9۰-۹٠-٩]+(?:-[0-9۰-۹٠-٩]+)+")
ROLES = ["anonymous", "applicant", "counter_operator", "licence_holder", "staff_expert", "region_expert"]


class LooseCodes(HTMLParser):
    """The code-shaped strings of a page's text that are neither in a code tag nor marked."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.loose: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        is_code = tag == "bdi" and attrs.get("dir") == "ltr" and "code" in (attrs.get("class") or "").split()
        if tag not in ("br", "input", "img", "meta", "link", "hr", "source"):
            self.stack.append((tag, is_code))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(is_code for _, is_code in self.stack):
            return
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        for match in CODE_SHAPE.finditer(data):
            before, after = data[match.start() - 1 : match.start()], data[match.end() : match.end() + 1]
            if (before, after) != (LRM, LRM):
                self.loose.append(data.strip()[:120])


def test_the_scanner_finds_a_bare_code_and_passes_a_tagged_or_marked_one():
    bare = "<p>کد دفتر ۱۱۰۸-۴۰-۷۲ است</p><title>رسید 05-12345-67890-3</title>"
    tagged = (
        '<p>کد دفتر <bdi dir="ltr" class="code">۱۱۰۸-۴۰-۷۲</bdi></p>'
        f"<option>دفتر ({LRM}۱۱۰۸-۴۰-۷۲{LRM})</option>"
    )
    assert len(LooseCodes(bare).loose) == 2
    assert LooseCodes(tagged).loose == []


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
        loose += [f"{role} {url}: {text}" for text in LooseCodes(html).loose]
    assert pages > 40
    assert loose == [], "\n".join(loose)


def test_no_page_has_a_number_input_that_drops_persian_digits(world):
    """Issue 13, defect 9: `type=number` inputs drop digits typed on a Persian keyboard."""
    found = [f"{role} {url}" for role, url, html in rendered_pages(world) if 'type="number"' in html]
    assert found == []
