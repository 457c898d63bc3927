"""Issue 13 item 7, in Chromium at 360 px (the narrowest phone in use): every role of the demo signs
in and opens its main pages (each link of its navigation and the pages its work happens on); none
may scroll sideways. A long table scrolls inside its own box or becomes cards; the page never
widens. The failure names the page and the elements that stick out."""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PEOPLE
from accounts.models import Role, User
from core.testing import PASSWORD
from core.testing import sign_in_page as sign_in
from core.validators import national_code_with_check_digit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-phone-shots"))

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


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """The demo, with every demo person's password known to the test."""
    from accounts import demo as accounts_demo

    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "demo_credentials.json")
    call_command("seed_demo", stdout=io.StringIO())
    people = {}
    for role, _first, _last, nine, _mobile in DEMO_PEOPLE:
        user = User.objects.get(national_code=national_code_with_check_digit(nine))
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        people[role] = user
    return people


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
    from desk.models import ServiceRequest
    from orgs.models import CounterOffice

    pages = [reverse("desk:track"), *readme_start_pages(user)]
    karaj = CounterOffice.objects.get(code="1108-40-72")
    service = delegated_services(karaj)[0].service
    pages.append(reverse("desk:apply", args=[service.service_id]) + "?channel=counter")
    if role == Role.APPLICANT:
        pages.append(reverse("desk:my_requests"))
        mine = ServiceRequest.objects.filter(applicant=user).order_by("pk")
        pages += [reverse("desk:detail", args=[r.tracking_code]) for r in mine[:3]]
    if role in (Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER):
        pages.append(reverse("desk:queue"))
        seen = ServiceRequest.objects.filter(unit__code="IR-15").order_by("pk")
        pages += [reverse("desk:detail", args=[r.tracking_code]) for r in seen[:2]]
    if role == Role.UNIT_HEAD:
        pages.append(reverse("desk:workload"))
    if role == Role.COUNTER_OPERATOR:
        pages.append(reverse("desk:counter_start"))
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


def test_every_roles_main_pages_fit_a_360_px_phone(browser, live_server, demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    visited = 0
    for role, user in demo.items():
        context = browser.new_context(
            locale="fa-IR", timezone_id="Asia/Tehran", viewport={"width": WIDTH, "height": 780}
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        page.base_url = live_server.url
        sign_in(page, user)
        nav = page.get_by_role("navigation", name="فهرست اصلی").locator("a[href^='/']")
        links = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
        pages = ["/", *links, *work_pages(role, user)]
        for path in dict.fromkeys(p for p in pages if not p.startswith("/admin/")):
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{role} {path}: {response.status}"
            visited += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            page.screenshot(path=str(SHOTS / f"{role}-{name}.png"), full_page=True)
            if width > WIDTH:
                wide.append(f"{role} {path}: {width} px — {page.evaluate(STICKING_OUT)}")
        context.close()
    assert visited > 40
    assert not wide, "\n".join(wide)
