"""Issue 13, «every form submittable by mouse and by keyboard»: every POST form of every role in
the demo (the list `core.tests.demo_forms.FORMS`, one line a form;
`test_every_demo_form_is_in_the_list` fails when the demo shows a form the list misses), in
Chromium, twice:

- by keyboard alone at 1366 px: from the top of the page, Tab reaches every visible control of the
  form and its button, in the order they are shown, each showing its focus (an outline or a ring)
  inside the viewport; the test types, presses arrows in lists and radio groups and Space on
  checkboxes as it passes, then presses Enter on the button;
- by mouse at 360 px: every control has a label, each label and control takes a real click (no
  `force`: Playwright refuses a click on a control covered by another element), lists are chosen,
  text is typed into the clicked box, and the button is clicked.

Each time the server must answer the POST (no 5xx, 403, 404 or 405; a refusal says why) with a
page whose messages are Persian, and, where the list says how to tell (`effect`), what was
submitted must be saved (or, for a lookup that saves nothing, `shows`: what the answer must show).
The journeys share one browser and one signed-in context per role."""

import os
import re
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError
from django.test import Client

from accounts.models import Role
from core.testing import screen_page, sign_in_page
from core.tests.demo_forms import (
    CHECK,
    FORMS,
    UPLOADS,
    Choose,
    DemoForm,
    forms_on_demo_pages,
    listed,
    upload_file,
)
from core.tests.demo_forms.counter_flows import state_pages
from core.tests.test_demo_pages_browser import STICKING_OUT, work_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-phone-shots"))

# The POST forms of the page but the shell's sign-out, as (id, action).
POST_FORMS = """() => [...document.forms].filter((f) => f.method === 'post')
  .map((f) => ({id: f.getAttribute('id'), action: f.getAttribute('action')}))"""

# Marks the chosen form and its visible controls (a radio group is one stop: data-kbd is the
# control's place in the form); returns each control's kind and its accessible label.
MARK = """([index, pick, submit]) => {
  const forms = [...document.forms].filter((f) => f.method === 'post');
  const form = index.map((i) => forms[i]).find((f) => !pick || f.matches('form' + pick));
  if (!form) return null;
  const named = (el) => ((el.labels && [...el.labels].map((l) => l.innerText).join(' '))
    || el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(' ')
      .map((id) => (document.getElementById(id) || {}).innerText || '').join(' ')
    || (el.tagName === 'BUTTON' ? el.innerText : '')
    || (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) ? el.value : '')
    || el.title || '').trim();
  const out = [], groups = {};
  const labelShown = (el) => [...(el.labels || [])].some((l) => l.offsetWidth > 2 && l.offsetHeight > 2);
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.disabled || ['FIELDSET', 'OUTPUT'].includes(el.tagName)) continue;
    if (el.closest('.select2-container')) continue;  // the search field of a list below, marked with it
    // A list that searches as you type (the admin's select2) hides its <select>: the box it shows
    // in its place (the search field of a multiple one) is what Tab and the label reach.
    if (el.classList.contains('select2-hidden-accessible')) {
      const box = el.nextElementSibling;
      const face = box && (box.querySelector('.select2-search__field')
        || box.querySelector('.select2-selection'));
      if (!face) continue;
      face.dataset.kbd = out.length;
      out.push({id: el.id, name: el.name, tag: 'combobox', type: 'combobox', submit: false,
                label: named(el), shown: labelShown(el)});
      continue;
    }
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.type === 'radio' && el.name in groups) { el.dataset.kbd = groups[el.name]; continue; }
    if (el.type === 'radio') groups[el.name] = out.length;
    el.dataset.kbd = out.length;
    out.push({id: el.id, name: el.name, tag: el.tagName.toLowerCase(), type: el.type,
              submit: el.type === 'submit', label: named(el), shown: labelShown(el)});
  }
  const shared = out.filter((c) => c.id && document.querySelectorAll('#' + CSS.escape(c.id)).length > 1)
    .map((c) => c.id);
  const first = out.findIndex((c) => c.submit);
  const button = submit ? form.querySelector(submit) : form.querySelector(`[data-kbd="${first}"]`);
  return {controls: out, submit: button ? Number(button.dataset.kbd) : null, shared};
}"""

# The focused element: its place in the marked form (or null), whether it shows its focus (an
# outline or a ring) and whether it lies inside the viewport.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {kbd: null, body: true};
  // A Persian file chooser's native input is hidden from sight: its button shows the focus.
  const face = el.type === 'file' && el.closest('.miz-file.is-ready');
  const shown = face ? face.querySelector('.miz-file-button') : el;
  const style = getComputedStyle(shown), box = shown.getBoundingClientRect();
  // The clock button inside a time or date input is the browser's own part, with its own ring.
  const part = /^(time|date|datetime-local|month|week)$/.test(el.type) && !el.matches(':focus');
  const ring = part || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none';
  const inside = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
    && box.right > 0 && box.left < innerWidth;
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '')
    + ' «' + (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '»';
  return {kbd: el.dataset.kbd === undefined ? null : Number(el.dataset.kbd), ring, inside, name};
}"""

# Chooses option `index` of a list and tells the page, as choosing in the browser's popup does.
CHOOSE = """(el, index) => {
  el.selectedIndex = index;
  for (const kind of ['input', 'change']) el.dispatchEvent(new Event(kind, {bubbles: true}));
}"""

# The visible messages of the answer page: alerts, field errors, notices.
MESSAGES = """() => [...document.querySelectorAll(
    '.alert, .invalid-feedback, .errorlist, [role=alert], .messages li, .text-danger')]
  .filter((el) => el.getClientRects().length).map((el) => el.innerText.trim()).filter(Boolean)"""

# Two Latin words in a row: an English sentence (a format's name, «Excel», «CSV (UTF-8)», is not).
ENGLISH = re.compile(r"[A-Za-z]{2,}[\s,.:'-]+[A-Za-z]{2,}")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
TAB_LIMIT = 400


def mark(page, form: DemoForm) -> dict:
    """Marks `form` on the page open in `page`; fails if the page does not show it."""
    from django.urls import resolve, reverse

    from core.tests.demo_forms import form_key

    view = resolve(urlsplit(page.url).path).view_name
    found = [
        i
        for i, f in enumerate(page.evaluate(POST_FORMS))
        if f["action"] != reverse("accounts:logout") and form_key(view, f["id"], f["action"]) == form.key
    ]
    marked = page.evaluate(MARK, [found, form.pick, form.submit])
    assert marked, f"no form {form.key}{form.pick} on {page.url}"
    assert marked["submit"] is not None, f"{form.key}: no visible button to submit it"
    assert not marked["shared"], (
        f"ids used twice on the page (a label names another control): {marked['shared']}"
    )
    return marked


def how_to_fill(form: DemoForm, control: dict):
    """What the list says to put in `control`: by its id, its name, or its type."""
    fill = form.fill
    return fill.get(control["id"]) or fill.get(control["name"]) or fill.get(f"[type={control['type']}]")


def fill_by_keyboard(page, how) -> None:
    # CHECK and UPLOAD are strings too: they are told apart before text is typed.
    if how == CHECK:
        page.keyboard.press(" ")
    elif how in UPLOADS:
        with page.expect_file_chooser() as chooser:
            page.keyboard.press(" ")
        chooser.value.set_files(upload_file(how))
    elif isinstance(how, str):
        page.keyboard.type(how)
    elif isinstance(how, Choose):
        for _ in range(how.index):
            page.keyboard.press("ArrowDown")


def readied(form: DemoForm, user) -> str:
    """The line's page, its `before` run: again, a moment later, while the in-memory test database
    says a table is locked (the test's and the server's threads share it: seen now and then after a
    page that loads its scans lazily). Only the readying is retried, never what the journey checks."""
    for attempt in range(20):
        try:
            return form.path(user)
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 19:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def by_keyboard(page, form: DemoForm, base: str, user) -> list[str]:
    """Tab from the top of the page (or from the control it focuses on arrival) through the form,
    filling it, and submit with Enter."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + readied(form, user))
    marked = mark(page, form)
    controls, problems, order = marked["controls"], [], []
    # A page that puts the focus in its form on arrival (`autofocus`) starts there: no Tab yet.
    arrived = page.evaluate(FOCUSED).get("kbd") is not None
    for step in range(TAB_LIMIT):
        if step or not arrived:
            page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused.get("body"):
            continue
        if not (focused["ring"] and focused["inside"]):
            problems.append(
                f"focus not shown on {focused['name']} (ring {focused['ring']}, in view {focused['inside']})"
            )
        place = focused["kbd"]
        if place is not None and place not in order:
            order.append(place)
            control = controls[place]
            fill_by_keyboard(page, how_to_fill(form, control))
        if len(order) == len(controls):
            break
    missed = [
        controls[i]["id"] or controls[i]["name"] or controls[i]["label"]
        for i in range(len(controls))
        if i not in order
    ]
    if missed:
        return [*problems, f"never reached by Tab: {missed}"]
    if order != sorted(order):
        problems.append(f"Tab order {order} is not the order shown")
    # Back to the button, as far back as it takes (a CI run once found the focus past the form's
    # links, in the page's footer, and Enter followed a footer link instead of submitting).
    for _ in range(TAB_LIMIT):
        if page.evaluate(FOCUSED)["kbd"] == marked["submit"]:
            break
        page.keyboard.press("Shift+Tab")
    else:
        return [*problems, f"Shift+Tab never came back to the button (focus on {page.evaluate(FOCUSED)})"]
    return problems + answered(page, lambda: page.keyboard.press("Enter"))


def by_mouse(page, form: DemoForm, base: str, user) -> list[str]:
    """At 360 px: click every label and control (no force), fill, click the button."""
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(base + readied(form, user))
    problems = []
    # «Every page fits the viewport at 360 px», here for each form's page as readied for it (the
    # administrator's add pages are in no other walk).
    if (width := page.evaluate("document.documentElement.scrollWidth")) > 360:
        problems.append(f"{width} px wide at 360 px: {page.evaluate(STICKING_OUT)}")
    marked = mark(page, form)
    for place, control in enumerate(marked["controls"]):
        if not control["label"]:
            problems.append(f"no label: {control['tag']} {control['id'] or control['name']}")
        if control["tag"] == "button" or control["submit"]:
            page.locator(f"[data-kbd='{place}']").click(trial=True)
            continue
        how = how_to_fill(form, control)
        problems += click_control(page, place, control, how)
    button = page.locator(f"[data-kbd='{marked['submit']}']")
    return problems + answered(page, button.click)


def click_control(page, place: int, control: dict, how) -> list[str]:
    """Clicks one control and its label as a person would, leaving it filled as `how` says."""
    here = page.locator(f"[data-kbd='{place}']")
    if control["type"] == "file":
        # A Persian file chooser is clicked on its «انتخاب پرونده» (its native input is hidden).
        face = page.locator(f".miz-file.is-ready:has([data-kbd='{place}']) .miz-file-button")
        with page.expect_file_chooser() as chooser:
            (face if face.count() else here).first.click()
        if how in UPLOADS:
            chooser.value.set_files(upload_file(how))
        return []
    if control["type"] == "radio":
        index = how.index if isinstance(how, Choose) else 0
        label = page.locator(f"label[for='{here.nth(index).get_attribute('id')}']")
        (label if label.count() else here.nth(index)).click()
        return []
    label = page.locator(f"label[for='{control['id']}']") if control["shown"] else None
    if control["type"] == "checkbox":
        clicks = 1 if how == CHECK else 2  # twice puts back an untouched box
        for _ in range(clicks):
            (label if label is not None else here).click()
        here.click(trial=True)
        return []
    if label is not None:
        label.click()
        if page.evaluate("document.activeElement.dataset.kbd") != str(place):
            return [f"clicking the label of {control['id']} does not reach it"]
    if control["tag"] == "combobox":  # its list opens on a click; Escape closes it, nothing chosen
        here.click()
        page.keyboard.press("Escape")
        return []
    if control["tag"] == "select":
        here.click(trial=True)
        if isinstance(how, Choose):  # the list's popup is the browser's: chosen as select_option does
            here.evaluate(CHOOSE, how.index)
    else:
        here.click()
        if isinstance(how, str):
            page.keyboard.press("Control+A")  # what the box held is replaced, as by Tab
            page.keyboard.type(how)
    return []


def answered(page, submit) -> list[str]:
    """Submits and checks the answer: the server's (no 5xx, no 403/404/405), its messages Persian,
    and a refusal (4xx) says why."""
    with page.expect_navigation(), page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit()
    status = posted.value.status
    said = page.evaluate(MESSAGES)
    if status >= 500 or status in (403, 404, 405) or (status >= 400 and not said):
        return [f"the server answered {status}: {said}"]
    english = [m for m in said if ENGLISH.search(ADDRESS.sub("", m))]
    return [f"not Persian: {english}"] if english else []


def both_ways(page, form: DemoForm, base: str, user, who: str) -> list[str]:
    """The line's journey by keyboard, then by mouse, and its effect after each: what failed, with
    a screenshot of each failure (every form's failures are reported together)."""
    failures = []
    for how, journey in (("keyboard", by_keyboard), ("mouse", by_mouse)):
        try:
            problems = journey(page, form, base, user)
            if form.shows and not problems and not page.locator(form.shows).count():
                problems.append(f"the answer page does not show {form.shows}")
            done = form.effect(user) if form.effect and not problems else ""
            problems += [f"the submission did not take effect: {done}"] if done else []
        except Exception as error:  # every form's failure is reported together
            problems = [str(error).splitlines()[0]]
        if problems:
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", f"form-{who}-{form.key}-{how}".lower())
            try:
                page.screenshot(path=str(SHOTS / f"{name}.png"))
            except Exception as error:  # a page stuck mid-navigation: the failure is still told
                problems.append(f"no screenshot: {str(error).splitlines()[0]}")
        failures += [f"{who} {form.key}{form.pick} by {how}: {p}" for p in problems]
    return failures


def test_every_demo_form_is_in_the_list(demo):
    client = Client()
    known = listed(FORMS, demo)  # readies each line's page (a wizard's draft completed up to its step)
    found = set()
    for role, user in demo.items():
        # a line's page is walked too, its `before` run once signed in
        own = [partial(form.path, user) for form in FORMS if form.roles[0] == role]
        # The pages of the states the seeded demo does not hold are readied and walked as well.
        pages = [*work_pages(role, user), *own, *state_pages(role, user)]
        found |= forms_on_demo_pages(client, role, user, pages)
    missing = sorted(found - known)
    stale = sorted(known - found)
    assert not missing, "forms on the demo's pages missing from FORMS:\n" + "\n".join(map(str, missing))
    assert not stale, "lines of FORMS no demo page shows:\n" + "\n".join(map(str, stale))


# The journeys in three tests, by the role they run as, so that xdist's workers share them (each
# test seeds its own demo, so a group's forms never see another group's submissions).
GROUPS = {
    "desk-and-counter": (Role.APPLICANT, Role.COUNTER_OPERATOR, Role.LICENCE_HOLDER),
    "staff": (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER),
    "oversight-and-planning": (Role.REGION_EXPERT, Role.HQ_PLANNER, Role.AUDITOR, Role.ADMINISTRATOR),
}


def test_the_groups_take_every_role():
    assert sorted(role for roles in GROUPS.values() for role in roles) == sorted(Role)


def chosen(forms: list[DemoForm], roles: tuple) -> list[DemoForm]:
    """The lines run as one of `roles`; while a form is being worked on, `MIZ_FORM_KEYS` (keys,
    comma-separated) narrows them to those forms (unset, as in CI, every line runs)."""
    keys = {k.strip() for k in os.environ.get("MIZ_FORM_KEYS", "").split(",") if k.strip()}
    return [f for f in forms if f.roles[0] in roles and (not keys or f.key in keys)]


@pytest.mark.parametrize("group", GROUPS)
def test_every_demo_form_is_submitted_by_keyboard_and_by_mouse(browser, live_server, demo, group):
    failures = []
    pages = {}
    for form in chosen(FORMS, GROUPS[group]):
        role = form.roles[0]
        if role not in pages:
            page = screen_page(browser, live_server.url, 1366, timeout=30000)
            # Bootstrap scrolls smoothly otherwise: the focused control would still be on its way.
            page.emulate_media(reduced_motion="reduce")
            # Chromium's chooser interception on from the start (Playwright does not wait for it when
            # a listener is added, so a chooser opened at once by a key could be missed).
            page.on("filechooser", lambda chooser: None)
            sign_in_page(page, demo[role])
            pages[role] = page
        failures += both_ways(pages[role], form, live_server.url, demo[role], role)
    for page in pages.values():
        page.context.close()
    assert not failures, "\n".join(failures)
