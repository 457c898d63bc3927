"""Issue 13: every role of the demo signs in and opens its main pages (each link of its navigation
and the pages its work happens on) in Chromium, once, and each page is checked twice over:

- item 7, the narrowest phone in use (360 px): no page may scroll sideways. A long table scrolls
  inside its own box or becomes cards; the page never widens. The failure names the page and the
  elements that stick out.
- accessibility: axe-core (vendored for the tests, core/tests/vendor/, decision 0081) at 360 px
  and at 1366 px: no serious or critical violation. The failure names the page, the width, the
  rule and the elements. At 1366 px the page must not scroll sideways either.

One seeded demo and one visit per page serve both checks (decision 0084: they were two tests that
each seeded the demo and opened the same pages)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from core.testing import CSP_BLOCKED, screen_page, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTH = 360
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_WIDTHS = (WIDTH, 1366)
# A shot of each page at 360 px, for people to look at, when MIZ_SCREENSHOT_DIR names a folder (CI
# takes none: a full-page shot of every page is time that no check of the test needs).
SHOTS = Path(os.environ["MIZ_SCREENSHOT_DIR"]) if os.environ.get("MIZ_SCREENSHOT_DIR") else None

# The outermost elements whose box reaches past the viewport, not clipped by a scrolling ancestor.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const out = (el) => {
    const b = el.getBoundingClientRect();
    return b.width && (b.right > width + 1 || b.left < -1);
  };
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  for (const el of document.body.querySelectorAll('*')) {
    if (!out(el) || (el.parentElement !== document.body && out(el.parentElement))) continue;
    let up = el.parentElement, clipped = false;
    while (up && up !== document.body && !clipped) { clipped = scrolls(up); up = up.parentElement; }
    if (clipped) continue;
    const box = el.getBoundingClientRect();
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).join('.') : '';
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (cls ? '.' + cls : '');
    found.push(`${name} [${Math.round(box.left)}..${Math.round(box.right)}]`);
  }
  return found.slice(0, 6);
}"""


def readme_start_pages(user) -> list[str]:
    """The pages README's table of demo people says this person starts on (a wrong one fails the
    page tests: the region expert's was once the holder's home, refused to them)."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    row = next((line for line in readme.splitlines() if line.startswith(f"| {user.national_code} |")), "")
    start = row.rstrip().rstrip("|").rsplit("|", 1)[-1] if row else ""
    return [
        p for p in re.findall(r"`(/[^`\s]*)`", start) if not p.startswith(("/admin/", "/accounts/login/"))
    ]


def work_pages(role, user) -> list[str]:
    """The pages a role's work happens on beyond its navigation links, and README's start pages."""
    from counters.models import Declaration
    from counters.selectors import delegated_services, holder_offices, workbench
    from desk.models import ServiceRequest, State
    from orgs.models import CounterOffice

    pages = [reverse("desk:track"), *readme_start_pages(user)]
    karaj = CounterOffice.objects.get(code="1108-40-72")
    service = delegated_services(karaj)[0].service
    pages.append(reverse("desk:apply", args=[service.service_id]) + "?channel=counter")
    if role == Role.APPLICANT:
        pages.append(reverse("desk:my_requests"))
        mine = ServiceRequest.objects.filter(applicant=user).order_by("pk")
        pages += [reverse("desk:detail", args=[r.tracking_code]) for r in mine[:3]]
        # A closed request: its page holds the rating form (نظرسنجی) until the applicant rates it.
        closed = mine.filter(state=State.CLOSED).first()
        if closed:
            pages.append(reverse("desk:detail", args=[closed.tracking_code]))
    if role in (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER):
        pages.append(reverse("desk:queue"))
        seen = ServiceRequest.objects.filter(unit__code="IR-15").order_by("pk")
        pages += [reverse("desk:detail", args=[r.tracking_code]) for r in seen[:2]]
    if role == Role.UNIT_HEAD:
        pages.append(reverse("desk:workload"))
    if role == Role.COUNTER_OPERATOR:
        pages.append(reverse("desk:counter_start"))
    pages += _request_in_state_pages(role, user)
    if role == Role.LICENCE_HOLDER:
        from counters.services import start_declaration
        from counters.wizard import steps_for

        for office in holder_offices(user).filter(declarations__isnull=True):
            start_declaration(office=office, actor=user)  # a draft: the wizard's steps open
        for declaration in Declaration.objects.filter(office__in=holder_offices(user)):
            pages.append(reverse("counters:declaration", args=[declaration.pk]))
            pages += [
                reverse("counters:step", args=[declaration.pk, step.slug]) for step in steps_for(declaration)
            ]
    if role == Role.REGION_EXPERT:
        pages.append(reverse("counters:workbench"))
        pages += [reverse("counters:review", args=[d.pk]) for d in workbench(user)[:3]]
    if role in (Role.PROVINCE_MANAGER, Role.HQ_PLANNER, Role.REGION_EXPERT):
        pages.append(reverse("counters:rankings"))
    if role in (Role.PROVINCE_MANAGER, Role.HQ_PLANNER):
        pages += [reverse("performance:entry"), reverse("performance:dashboard")]
    return pages


def _request_in_state_pages(role, user) -> list[str]:
    """The pages of a request in the state its form needs, each readied on a request of its own
    through the services (`core.tests.demo_forms.desk_flows`): the demo's requests hold none of
    them (its fees are set after its requests are filed)."""
    from core.tests.demo_forms import desk_flows as flows

    readied = {
        Role.APPLICANT: (flows._pay_page, flows._gateway_page),
        Role.STAFF_EXPERT: (flows._approved, flows._in_work, flows._at_the_laboratory, flows._refundable),
        Role.COUNTER_OPERATOR: (flows._counter_fee,),
    }
    return [page(user) for page in readied.get(role, ())]


# axe.run in the page; the serious and critical violations, with up to three elements each. Before
# it, rows past the 20th of a table and the yearly report's sections after its summary and first
# section are taken out of the page (the test's copy, after the phone check): they repeat markup
# checked just before them, and the report's 9,000 cells would take axe minutes on a shared machine.
RUN_AXE = """async () => {
  document.querySelectorAll('tbody > tr:nth-child(n+21), #s-summary ~ section ~ section')
    .forEach((el) => el.remove());
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3)
      .map((n) => n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '));
}"""


def axe_violations(page) -> list[str]:
    """The page's serious and critical axe violations (axe injected through the DevTools protocol,
    which the page's Content-Security-Policy does not govern)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    before = len(CSP_BLOCKED)
    violations = page.evaluate(RUN_AXE)
    # To read the page's style sheets (the orientation-lock rule), axe copies a sheet it finds
    # through `@import` (Django's admin: forms.css imports widgets.css) into an inline style of
    # its own, which the policy blocks. That block is axe's, not the page's: inline styles blocked
    # while axe ran are dropped; all else the policy blocked, before and during, stays.
    CSP_BLOCKED[before:] = [m for m in CSP_BLOCKED[before:] if "Applying inline style" not in m]
    return violations


def shoot(page, path: Path) -> None:
    """The whole page, or, when Chromium cannot draw it in one piece (it refused once in CI with
    «Unable to capture screenshot» on a loaded machine), its first screen: the shot is for people
    to look at; the width and axe checks around it are what the test asserts."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.screenshot(path=str(path), full_page=True, timeout=90_000)
    except PlaywrightError:
        page.screenshot(path=str(path), timeout=90_000)


def one_wizard(pages: list[str]) -> list[str]:
    """The pages less the wizard's steps of every counter file but the first: the steps are the
    same templates for each file, and checking them once with axe keeps the test short."""
    steps = [re.match(r"/counters/file/(\d+)/step/", p) for p in pages]
    first = next((m.group(1) for m in steps if m), None)
    return [p for p, m in zip(pages, steps, strict=True) if not m or m.group(1) == first]


# Pages several roles open with the same content but the menu (checked on the role's other pages),
# the organisation-wide yearly report and dashboard among them: axe checks them for the first role
# only, to keep the test short (the phone check opens them for every role).
SAME_FOR_EVERY_ROLE = re.compile(
    r"^/(services/|desk/track/|desk/my/|notices/|desk/apply/\d+/\?channel=counter"
    r"|performance/report/|performance/dashboard/)$"
)


class Findings:
    """What the walk found: pages wider than the screen, axe violations, and how much it saw."""

    def __init__(self):
        self.wide, self.found, self.seen = [], [], set()
        self.visited = self.checked = 0

    def walk(self, page, who: str, pages: list[str], *, status: int = 200) -> None:
        """Opens each page at 360 px (none may scroll sideways; a shot of each), then, for the
        pages `one_wizard` keeps and not already checked for another role, axe at both widths."""
        for_axe = set(one_wizard(pages))
        for path in pages:
            page.set_viewport_size({"width": WIDTH, "height": 780})
            response = page.goto(page.base_url + path)
            assert response.status == status, f"{who} {path}: {response.status}"
            self.visited += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            # The shot is for people to look at, not a check: a long page (the annual report at
            # 360 px) may take longer than the 20 s of the page's actions on a loaded CI machine.
            if SHOTS:
                SHOTS.mkdir(parents=True, exist_ok=True)
                shoot(page, SHOTS / f"{who}-{name}.png")
            if width > WIDTH:
                self.wide.append(f"{who} {path}: {width} px — {page.evaluate(STICKING_OUT)}")
            if path not in for_axe or (SAME_FOR_EVERY_ROLE.match(path) and path in self.seen):
                continue
            self.seen.add(path)
            for axe_width in AXE_WIDTHS:
                page.set_viewport_size({"width": axe_width, "height": 900})
                # «Checked by»: no sideways scroll on a desktop either (before axe trims the page).
                if page.evaluate("document.documentElement.scrollWidth") > axe_width:
                    self.wide.append(f"{who} {path} @{axe_width}: {page.evaluate(STICKING_OUT)}")
                self.found += [f"{who} {path} @{axe_width}: {v}" for v in axe_violations(page)]
                self.checked += 1

    def assert_none(self) -> None:
        assert not self.wide, "\n".join(self.wide)
        assert not self.found, "\n".join(self.found)


def test_every_roles_main_pages_fit_a_360_px_phone_and_have_no_serious_axe_violation(
    browser, live_server, demo
):
    findings = Findings()
    for role, user in demo.items():
        page = signed_in_page(browser, live_server.url, user, width=WIDTH, height=780)
        page.set_default_timeout(20000)
        nav = page.get_by_role("navigation", name="فهرست اصلی").locator("a[href^='/']")
        links = nav.evaluate_all("(all) => all.map((a) => a.getAttribute('href'))")
        pages = [
            p for p in dict.fromkeys(["/", *links, *work_pages(role, user)]) if not p.startswith("/admin/")
        ]
        findings.walk(page, role, pages)
        assert page.script_errors == [], f"{role}: {page.script_errors}"
        page.context.close()
    assert findings.visited > 40
    assert findings.checked > 50
    findings.assert_none()


# What a visitor who has not signed in opens first: the sign-in family, the service catalogue,
# tracking and a complaint, beside the links of their menu.
PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/services/",
    "/desk/track/",
    "/complaints/new/",
    "/api/guide/",
]


def test_a_visitors_pages_fit_a_360_px_phone_and_have_no_serious_axe_violation(browser, live_server, demo):
    """The same checks for someone who has not signed in, a service's page and the Persian «not
    found» page among them (item 8: in the site's shell, with the way back)."""
    from apiclients.guide import PAGES
    from catalogue.models import Service

    page = screen_page(browser, live_server.url, WIDTH, height=780, timeout=20000)
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="فهرست اصلی").locator("a[href^='/']")
    links = nav.evaluate_all("(all) => all.map((a) => a.getAttribute('href'))")
    service = Service.objects.filter(is_active=True).order_by("service_id").first()
    guides = [reverse("api_guide_page", args=[slug]) for slug in PAGES]
    pages = [*PUBLIC_PAGES, *links, reverse("catalogue:detail", args=[service.service_id]), *guides]
    findings = Findings()
    findings.walk(page, "visitor", [p for p in dict.fromkeys(pages) if not p.startswith("/admin/")])
    findings.walk(page, "visitor", ["/accounts/no-such-page/"], status=404)
    assert page.locator("#error-home").count(), "no way back on the 404 page"
    assert page.script_errors == [], f"visitor: {page.script_errors}"
    page.context.close()
    assert findings.visited >= len(PUBLIC_PAGES) + 2
    findings.assert_none()
