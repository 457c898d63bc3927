"""Hostile input on every URL: walk the resolver, put NUL, a 23-digit number, a very long string,
non-ASCII digits and `../` in each path parameter, each query parameter and each form field
(those the pages show, plus the names views read by hand), as anonymous, as a superuser and as a
user of each role, and expect no server error anywhere."""

import logging
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from miz.tests import world as world_module

HOSTILE = {
    "nul": "\x00",
    "digits23": "1" * 23,
    "long": "ب" * 300 + "z" * 700,
    "non_ascii_digits": "۱۲٣٤",
    "dotdot": "../../../etc/passwd",
}
VALUES_BEYOND_NUL = [v for k, v in HOSTILE.items() if k != "nul"]
# Names views read from GET/POST by hand (not only through a form on a page).
KNOWN_NAMES = [
    "service", "province", "region", "year", "page", "q", "state", "format", "unit", "code", "next",
    "version", "activity", "rule", "importance", "overdue", "channel", "kind", "area", "member",
    "action", "expert", "selected", "back", "answer", "to", "note", "identifier", "otp", "place",
    "starts_at", "score", "body", "text", "file", "upload", "attachment",
]  # fmt: skip
# Every workbook or PDF renders a whole document: their hostile requests are enough without the
# form sweep (they show no form).
DOCUMENT_NAMES = {"report_xlsx", "report_pdf", "agreement_pdf", "receipt_pdf", "entry_template"}
IDENTITIES = [
    "anonymous",
    "superuser",
    "applicant",
    "counter_operator",
    "licence_holder",
    "staff_expert",
    "unit_head",
    "region_expert",
    "province_manager",
    "hq_planner",
    "auditor",
    "administrator",
]
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(patterns, prefix="", namespace=""):
    """(route template with {name} holes, {name: regex}, qualified name) for every URL pattern."""
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            converters = {name: conv.regex for name, conv in pattern.converters.items()}
            piece = _PARAM.sub(lambda m: "{" + m.group(2) + "}", str(pattern))
        else:
            assert isinstance(pattern, RegexPattern)
            raw = str(pattern).lstrip("^").rstrip("$").replace("\\", "")
            converters = {m.group(1): m.group(0)[len(m.group(1)) + 5 : -1] for m in _GROUP.finditer(raw)}
            piece = _GROUP.sub(lambda m: "{" + m.group(1) + "}", raw)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for route, convs, name in _walk(entry.url_patterns, prefix + piece, inner):
                yield route, {**converters, **convs}, name
        elif isinstance(entry, URLPattern):
            yield prefix + piece, converters, f"{namespace}{entry.name or ''}"


def targets():
    return list(_walk(get_resolver().url_patterns))


class _Forms(HTMLParser):
    """The forms of a page: action, method and fields (name, type, default value)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
            }
            self._form["fields"] = []
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag in ("input", "button"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind != "file":
                self._form["fields"].append((attrs["name"], kind, attrs.get("value") or ""))
        elif tag == "textarea":
            self._form["fields"].append((attrs["name"], "textarea", ""))
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._form["fields"].append(self._select)
        if tag == "option" and self._select is not None and self._select[2] is None:
            self._select[2] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + route.format(**values)


def _valid(world, name: str, converters) -> dict[str, str]:
    values = {}
    for param in converters:
        choices = world.params.get(param, {})
        values[param] = choices.get(name) or choices.get("") or "1"
    if name.startswith("desk:") and name.split(":")[-1] in ("response", "download_response"):
        values["code"] = world.params["decided_code"][""]
    return values


def _rotated(names, rotation: int, keep: dict | None = None) -> dict[str, str]:
    """Each name gets one hostile value (NUL aside); over the rotations 0…4 every name gets every
    value once. Names in `keep` keep their value (a form's buttons and choices)."""
    data = {name: VALUES_BEYOND_NUL[(i + rotation) % len(VALUES_BEYOND_NUL)] for i, name in enumerate(names)}
    data.update(keep or {})
    return data


class Sweep:
    def __init__(self, client: Client, relogin):
        self.client, self.relogin, self.failures, self.sent = client, relogin, [], 0

    def send(self, method: str, url: str, data=None):
        self.sent += 1
        if method == "get":
            response = self.client.get(url, data or {})
        else:
            response = self.client.post(url, data or {})
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = repr(exc[1])[:300] if exc else response.status_code
            shown = {k: (v[:12] if isinstance(v, str) else v) for k, v in (data or {}).items()}
            self.failures.append(f"{method.upper()} {url[:120]!r} {str(shown)[:300]} → {reason}")
        if self.relogin and "_auth_user_id" not in self.client.session:
            self.relogin()
        return response

    def forms(self, page_url: str, html: str):
        parser = _Forms()
        parser.feed(html)
        for form in parser.forms:
            action = urljoin(page_url, form["action"]) if form["action"] else page_url
            if not urlsplit(action).netloc:
                yield action, form["method"], form["fields"]


CHOICE_KINDS = ("submit", "radio", "checkbox", "select", "hidden")


def _sample_admin(sweep: Sweep, route: str, base: str, rotation: int, seen_forms: set) -> None:
    """The admin's pages are Django's own: its change lists get hostile filters, its add forms
    hostile fields (the change form is the same form), its change pages hostile ids (above)."""
    if route.count("/") == 3:  # admin/<app>/<model>/
        sweep.send("get", base, _rotated([*KNOWN_NAMES, "o", "p", "_to_field"], rotation))
    elif route.endswith("/add/"):
        page = sweep.send("get", base)
        html = page.content.decode() if page.status_code == 200 else ""
        for action, method, fields in sweep.forms(base, html):
            if method == "post" and action not in seen_forms:
                seen_forms.add(action)
                keep = {f[0]: f[2] or "" for f in fields if f[1] in CHOICE_KINDS}
                sweep.send("post", action, _rotated([f[0] for f in fields], rotation, keep))


def _sweep(identity: str, world, turn: int) -> Sweep:
    """Sweep every URL as `identity`. Path parameters get every hostile value; the names views
    read by hand and every field of every form on the page get one hostile value each, rotated
    with the pattern and the identity (`turn`), so that over the identities every field meets
    every value. The admin (superuser only) is sampled: its views are Django's own."""
    user = world.users[identity]
    client = Client(raise_request_exception=False)

    def relogin():
        client.force_login(user)

    if user is not None:
        relogin()
    sweep = Sweep(client, relogin if user is not None else None)
    seen_forms: set = set()
    for index, (route, converters, name) in enumerate(targets()):
        admin = route.startswith("admin/")
        if admin and identity != "superuser":
            continue  # the admin site sends everyone else to its login before any of its views runs
        if admin and not re.search(r"(/add/$|/change/$|^admin/\w+/\w+/$)", route):
            continue  # the admin's history, delete and redirect views share the change view's lookup
        rotation = index + turn
        valid = _valid(world, name, converters)
        base = _fill(route, valid)
        for param, regex in converters.items():  # hostile path parameters
            for key, value in HOSTILE.items():
                if key == "nul" or (re.fullmatch(regex, value) and (not admin or key == "digits23")):
                    sweep.send("get", _fill(route, {**valid, param: value}))
        if name.split(":")[-1] in DOCUMENT_NAMES:
            sweep.send("get", base, _rotated(("year", "version", "unit", "section"), rotation))
            continue
        if admin:
            _sample_admin(sweep, route, base, rotation, seen_forms)
            continue
        sweep.send("get", base, _rotated(KNOWN_NAMES, rotation))  # names views read by hand
        sweep.send("post", base, _rotated(KNOWN_NAMES, rotation))
        sweep.send("post", base, {"body": HOSTILE["nul"]})
        page = sweep.send("get", base)
        html = page.content.decode() if page.get("Content-Type", "").startswith("text/html") else ""
        for action, method, fields in sweep.forms(base, html) if page.status_code == 200 else []:
            key = (
                re.sub(r"/\d+/", "/#/", urlsplit(action).path),
                method,
                tuple(sorted(f[0] for f in fields)),
            )
            if key in seen_forms:
                continue  # once per form
            seen_forms.add(key)
            names = [f[0] for f in fields]
            keep = {f[0]: f[2] or "" for f in fields if f[1] in CHOICE_KINDS}
            verb = "post" if method == "post" else "get"
            sweep.send(verb, action, _rotated(names, rotation))  # every field hostile
            sweep.send(verb, action, _rotated(names, rotation + 1, keep))  # buttons and choices kept
    return sweep


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world_module.build()


# The superuser also sweeps the admin, about as long as three other identities: two halves of
# about the same length, one per xdist worker.
@pytest.mark.slow
@pytest.mark.parametrize(
    "identities", [IDENTITIES[:5], IDENTITIES[5:]], ids=["admin-and-first-roles", "roles"]
)
def test_no_url_answers_hostile_input_with_a_server_error(identities, world):
    logging.disable(logging.CRITICAL)  # thousands of 4xx would be logged, slowly
    try:
        failures, sent = [], 0
        for identity in identities:
            sweep = _sweep(identity, world, IDENTITIES.index(identity))
            sent += sweep.sent
            failures += [f"{identity}: {failure}" for failure in sweep.failures]
    finally:
        logging.disable(logging.NOTSET)
    assert sent > 500
    assert failures == [], f"{len(failures)} server errors:\n" + "\n".join(failures[:60])


def test_a_nul_byte_gets_a_persian_400(client, world):
    for url in ("/services/%00/", "/desk/verify/%00/", "/desk/visit/?service=%00", "/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "نویسهٔ نامعتبر" in response.content.decode()
    response = client.post("/desk/track/", {"code": "a\x00b", "identifier": "1"})
    assert response.status_code == 400


def test_every_id_in_a_path_is_bounded():
    """No pattern of Miz takes Django's unbounded `<int:…>`; ids use `<id:…>` (18 digits at most)."""
    unbounded = [
        (route, name)
        for route, converters, name in targets()
        if not route.startswith(("admin/", "api/"))
        and any(regex == "[0-9]+" for regex in converters.values())
    ]
    assert unbounded == []
    assert any(regex == "[0-9]{1,18}" for _r, converters, _n in targets() for regex in converters.values())
