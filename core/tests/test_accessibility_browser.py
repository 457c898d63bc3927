"""Issue 13, accessibility: axe-core (vendored for the tests, core/tests/vendor/, decision 0081)
runs in Chromium on the main pages of every role of the demo (its navigation's links and the pages
its work happens on, as in test_phone_width) at 1366 px and at 360 px: no serious or critical
violation. Each role signs in once and its pages are checked at both widths in one visit. The
failure names the page, the width, the rule and the elements."""

import re
from pathlib import Path

import pytest

from core.testing import main_navigation, signed_in_page
from core.tests.test_phone_width import demo, work_pages  # noqa: F401 - `demo` is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WIDTHS = (1366, 360)

# axe.run in the page; the serious and critical violations, with up to three elements each. Before
# it, rows past the 20th of a table and the yearly report's sections after its summary and first
# section are taken out of the page (the test's copy): they repeat markup checked just before them,
# and the report's 9,000 cells would take axe minutes on a shared machine.
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
    return page.evaluate(RUN_AXE)


def one_wizard(pages: list[str]) -> list[str]:
    """The pages less the wizard's steps of every counter file but the first: the steps are the
    same templates for each file, and checking them once keeps the test short."""
    steps = [re.match(r"/counters/file/(\d+)/step/", p) for p in pages]
    first = next((m.group(1) for m in steps if m), None)
    return [p for p, m in zip(pages, steps, strict=True) if not m or m.group(1) == first]


# Pages several roles open with the same content but the menu (checked on the role's other pages),
# the organisation-wide yearly report and dashboard among them: checked for the first role only, to
# keep the test short.
SAME_FOR_EVERY_ROLE = re.compile(
    r"^/(services/|desk/track/|desk/my/|notices/|desk/apply/\d+/\?channel=counter"
    r"|performance/report/|performance/dashboard/)$"
)


def test_no_serious_or_critical_axe_violation_on_any_roles_main_pages(browser, live_server, demo):  # noqa: F811
    found, checked, seen = [], 0, set()
    for role, user in demo.items():
        page = signed_in_page(browser, live_server.url, user, width=WIDTHS[0])
        nav = main_navigation(page).locator("a[href^='/']")
        links = nav.evaluate_all("(all) => all.map((a) => a.getAttribute('href'))")
        pages = one_wizard(["/", *links, *work_pages(role, user)])
        for path in dict.fromkeys(p for p in pages if not p.startswith("/admin/")):
            if SAME_FOR_EVERY_ROLE.match(path) and path in seen:
                continue
            seen.add(path)
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{role} {path}: {response.status}"
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                found += [f"{role} {path} @{width}: {v}" for v in axe_violations(page)]
                checked += 1
        assert page.script_errors == [], f"{role}: {page.script_errors}"
        page.context.close()
    assert checked > 50
    assert not found, "\n".join(found)
