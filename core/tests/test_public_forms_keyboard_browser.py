"""Issue 13, «every form submittable by mouse and by keyboard», for the pages of a visitor no one
has signed in: sign-in by password and by a one-time code, sign-up, password reset, and the page
each step leads to (the list `core.tests.demo_forms.public.PUBLIC`). The same journeys as the
signed-in forms' (core/tests/test_forms_keyboard_browser.py: Tab and Enter at 1366 px, clicks at
360 px), each submission's effect read back (signed in, signed up, the password changed, a code
sent); `test_every_public_form_is_in_the_list` fails when those pages show a form the list misses."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from accounts.models import Role
from core.testing import screen_page
from core.tests.demo_forms.base import form_key, post_forms
from core.tests.demo_forms.public import NEWCOMER, PAIR, PERSON_CODE, PERSON_MOBILE, PUBLIC, Visitor
from core.tests.test_forms_keyboard_browser import both_ways, chosen

# The public pages a visitor opens, and the first steps (page, what is typed) whose answer leads on.
ENTRANCES = [
    "/",
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/signup/",
    "/accounts/password-reset/",
]
STEPS = [
    ("/accounts/login/code/", PAIR),
    ("/accounts/signup/", NEWCOMER),
    ("/accounts/password-reset/", PAIR),
]


def _visitor_account(make_user):
    return make_user(role=Role.APPLICANT, national_code=PERSON_CODE, mobile=PERSON_MOBILE)


def _forms_on(client, path: str) -> set[tuple]:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    view = resolve(urlsplit(path).path).view_name
    return {(view, form_key(view, i, action)) for i, action in post_forms(response.content.decode()).forms}


@pytest.mark.django_db
def test_every_public_form_is_in_the_list(make_user):
    _visitor_account(make_user)
    client = Client()
    found = set()
    for path in ENTRANCES:
        found |= _forms_on(client, path)
    for path, fill in STEPS:
        answer = client.post(path, {control.removeprefix("id_"): text for control, text in fill.items()})
        assert answer.status_code == 302, f"{path} did not lead on: {answer.status_code}"
        found |= _forms_on(client, answer.url)
    known = {(resolve(form.page).view_name, form.key) for form in PUBLIC}
    assert not sorted(found - known), f"public forms missing from PUBLIC: {sorted(found - known)}"
    assert not sorted(known - found), f"lines of PUBLIC no public page shows: {sorted(known - found)}"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_public_form_is_submitted_by_keyboard_and_by_mouse(browser, live_server, make_user):
    page = screen_page(browser, live_server.url, 1366, timeout=30000)
    page.emulate_media(reduced_motion="reduce")  # no smooth scrolling: the focused control is in place
    visitor = Visitor(page, live_server.url, _visitor_account(make_user))
    failures = []
    for form in chosen(PUBLIC, (Role.APPLICANT,)):  # MIZ_FORM_KEYS narrows them as for FORMS
        failures += both_ways(page, form, live_server.url, visitor, "visitor")
    page.context.close()
    assert not failures, "\n".join(failures)
