"""Issue 13, «every form submittable by mouse and by keyboard»: the list of every POST form on the
demo's pages, one line each (who gets it, where, and how the test fills it), and the walk that
finds the forms the demo really shows, so that a form missing from the list fails
`test_every_demo_form_is_in_the_list` (core/tests/test_forms_keyboard_browser.py).

A form is named by its `id`, or else by the URL name its `action` posts to (its own page's when
it posts back). The journeys run as the first role listed; the other roles see the same template.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

from accounts.models import Role

ALL_ROLES = tuple(Role)


@dataclass(frozen=True)
class Choose:
    """Pick option `index` (0 is the first) of a list, or radio `index` of a group, none chosen
    before: ArrowDown `index` times by keyboard, the option or its label by mouse."""

    index: int = 1


CHECK = "check"  # tick a checkbox: Space by keyboard, a click on its label by mouse


@dataclass(frozen=True)
class DemoForm:
    roles: tuple  # every role whose pages show the form; the journey runs as the first
    page: str | Callable  # a path, or a function of the user giving one (evaluated at each pass)
    key: str  # the form's id, or the URL name its action posts to
    fill: dict = field(default_factory=dict)  # control id (or name) -> text, Choose(n) or CHECK
    pick: str = ""  # a CSS condition choosing among the page's forms of this key, e.g. ":has(textarea)"
    submit: str = ""  # the button pressed, a CSS selector inside the form (else its first submit)
    before: Callable | None = None  # puts back what the previous pass changed, given the user

    def path(self, user) -> str:
        if self.before:
            self.before(user)
        return self.page if isinstance(self.page, str) else self.page(user)


def form_key(page_view: str, form_id: str | None, action: str | None) -> str:
    """A form's name in the list: its id, or the URL name its action posts to."""
    if form_id:
        return form_id
    path = urlsplit(action or "").path
    if not path:
        return page_view
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


class _PostForms(HTMLParser):
    """The POST forms of a page (id, action) but the shell's sign-out, and its main menu's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._in_nav = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            if attrs.get("action") != reverse("accounts:logout"):
                self.forms.append((attrs.get("id"), attrs.get("action")))
        elif tag == "nav" and attrs.get("aria-label") == "فهرست اصلی":
            self._in_nav = True
        elif tag == "a" and self._in_nav and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


def post_forms(html: str) -> _PostForms:
    parsed = _PostForms()
    parsed.feed(html)
    return parsed


def forms_on_demo_pages(client, role, user, pages: list[str]) -> set[tuple]:
    """(role, page's URL name, form key) of every POST form on `pages` and on the links of the
    role's main menu, as `client` signed in as `user` sees them."""
    client.force_login(user)
    links = post_forms(client.get("/").content.decode()).links
    found = set()
    for path in dict.fromkeys(["/", *links, *pages]):
        if path.startswith("/admin/"):
            continue
        view = resolve(urlsplit(path).path).view_name
        for form_id, action in post_forms(client.get(path).content.decode()).forms:
            found.add((role, view, form_key(view, form_id, action)))
    client.logout()
    return found


def listed(forms: list[DemoForm], users: dict) -> set[tuple]:
    """(role, page's URL name, form key) of every line of the list."""
    out = set()
    for form in forms:
        view = resolve(urlsplit(form.path(users[form.roles[0]])).path).view_name
        out |= {(role, view, form.key) for role in form.roles}
    return out
