"""Content-Security-Policy (issue 17 item 14, decision 0044): every page Miz serves carries the
policy, and no page needs what it forbids: no inline script, no event-handler attribute, no
inline style, no `javascript:` link, nothing loaded from another site. The pages are those of every
URL pattern (with the hostile-input sweep's world: one object of each kind, one user per role),
as anonymous, as a superuser (with the admin's lists and add forms) and as each role."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from core.downloads import FILE_CSP
from miz.tests import world as world_module
from miz.tests.test_hostile_input import DOCUMENT_NAMES, IDENTITIES, _fill, _valid, targets

CSP = "Content-Security-Policy"


class _Inline(HTMLParser):
    """What in a page the policy would block, one line per finding."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if re.fullmatch(r"on[a-z]+", name) or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.found.append(f"<{tag} style=…>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")
            elif name in ("src", "href") and tag in ("script", "link", "img", "iframe") and value:
                if urlsplit(value).netloc:
                    self.found.append(f"<{tag} {name}={value}> (another site)")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            self._script_without_src = "src" not in attrs and attrs.get("type") != "application/json"

    def handle_data(self, data):
        if self._script_without_src and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_without_src = False


def findings(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.found


def check_policy(header: str) -> list[str]:
    if header == FILE_CSP:  # an uploaded file: nothing runs, nothing loads (core.downloads)
        return []
    directives = dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";") if part.strip())
    problems = []
    for name in ("script-src", "style-src", "default-src", "object-src", "frame-ancestors", "base-uri"):
        if name not in directives:
            problems.append(f"no {name}")
    for name in ("script-src", "style-src"):
        if "'unsafe-inline'" in directives.get(name, "") or "'unsafe-eval'" in directives.get(name, ""):
            problems.append(f"{name} allows inline code")
        if "*" in directives.get(name, "").split():
            problems.append(f"{name} allows any site")
    return problems


def test_the_checks_can_fail():
    """The parser and the policy check find what they look for (so the sweep below can fail)."""
    page = (
        '<script>alert(1)</script><script type="application/json">{"a": 1}</script>'
        '<button onclick="x()">b</button><p style="color:red">p</p><style>p{}</style>'
        '<a href="javascript:x()">a</a><div hx-on:click="x()"></div>'
        '<script src="https://cdn.example/x.js"></script><script src="/static/x.js"></script>'
    )
    assert len(findings(page)) == 7
    assert check_policy("default-src 'self'; script-src 'self' 'unsafe-inline'") != []


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return world_module.build()


def _pages():
    """(url name, route, converters) of every page a GET can show (no workbooks or PDFs)."""
    for route, converters, name in targets():
        if name.split(":")[-1] in DOCUMENT_NAMES:
            continue
        if route.startswith("admin/") and not re.search(
            r"(/add/$|/change/$|^admin/\w+/\w+/$|^admin/$)", route
        ):
            continue
        yield route, converters, name


def test_every_page_has_the_policy_and_nothing_it_forbids(world):
    problems, seen = [], 0
    for identity in IDENTITIES:
        client = Client(raise_request_exception=False)
        user = world.users[identity]
        if user is not None:
            client.force_login(user)
        for route, converters, name in _pages():
            if route.startswith("admin/") and identity != "superuser":
                continue
            url = _fill(route, _valid(world, name, converters))
            response = client.get(url)
            header = response.get(CSP, "")
            if not header:
                problems.append(f"{identity} {url} ({response.status_code}): no {CSP} header")
                continue
            problems += [f"{identity} {url}: {p}" for p in check_policy(header)]
            if response.get("Content-Type", "").startswith("text/html"):
                seen += 1
                problems += [f"{identity} {url}: {f}" for f in findings(response.content.decode())]
    assert seen > 200  # the sweep rendered the pages it meant to
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems))[:60])


def test_the_error_pages_have_the_policy(client, db):
    for url in ("/no-such-page/", "/services/%00/"):
        response = client.get(url)
        assert response.status_code >= 400
        assert check_policy(response[CSP]) == []
        assert findings(response.content.decode()) == []


def test_the_api_docs_load_swagger_ui_from_this_site_only(client, db):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert check_policy(response[CSP]) == []
    assert findings(html) == []
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui-dist-5.35.0/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui-dist-5.35.0/swagger-ui.css" in assets
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "cdn" not in html.lower()
