"""In Chromium: a request passes through two units and an external laboratory. The first unit's
expert sends it on, the second unit finds it in its queue and sends it to the laboratory's step,
records the laboratory's report with its file, the first unit's head approves; the applicant, on a
phone, sees one clear line of steps and no unit or laboratory named."""

import os
from pathlib import Path

import pytest

from core.testing import signed_in_page
from desk.models import RequestEvent, ServiceRequest, State
from desk.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-desk-shots"))


def _open(page, code: str) -> None:
    page.goto(f"{page.base_url}/desk/r/{code}/")


def _do(page, button: str) -> None:
    with page.expect_navigation():
        page.locator(button).click()


def test_a_request_passes_two_units_and_a_laboratory_and_the_applicant_sees_one_line(
    page, browser, in_review, expert, other_expert, head, applicant
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    code = in_review.tracking_code

    first = signed_in_page(browser, page.base_url, expert, width=1366)
    _open(first, code)
    _do(first, "#do-advance")
    assert "درخواست به «دفتر دیگر» رفت" in first.content()
    assert first.locator("#read-only-note").is_visible()  # the first unit still reads it
    assert first.locator("#staff-actions").count() == 0
    first.context.close()

    second = signed_in_page(browser, page.base_url, other_expert, width=1366)
    second.goto(second.base_url + "/desk/queue/")
    with second.expect_navigation():
        second.locator(f'a[href="/desk/r/{code}/"]').click()
    assert second.locator("#holding-unit").inner_text() == "دفتر دیگر"
    _do(second, "#do-advance")
    form = second.locator("#external-answer-form")
    assert "آزمایشگاه آزمون‌گستر" in form.inner_text()
    form.get_by_label("مدرک پاسخ").set_input_files(
        {"name": "lab-report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    form.get_by_label("خلاصه پاسخ (اختیاری)").fill("نمونه با استاندارد منطبق است")
    _do(second, "#record-external")
    assert "پاسخ طرف بیرونی با مدرکش ثبت شد" in second.content()
    assert second.locator("#external-answers").inner_text().startswith("آزمایشگاه آزمون‌گستر")
    second.screenshot(path=str(SHOTS / "multi-unit-second-unit.png"), full_page=True)
    assert second.script_errors == []
    second.context.close()

    mine = signed_in_page(browser, page.base_url, applicant, width=360)
    _open(mine, code)
    assert mine.locator("#steps-summary").inner_text() == "گام ۴ از ۴: «تصمیم نهایی» در حال انجام است."
    rows = mine.locator("#steps li")
    assert rows.count() == 4
    assert [rows.nth(i).get_attribute("class").split()[1] for i in range(4)] == [
        "step-done",
        "step-done",
        "step-done",
        "step-current",
    ]
    text = mine.locator("main").inner_text()
    for internal in ("دفتر دیگر", "اداره کل آزمون", "آزمون‌گستر"):
        assert internal not in text, internal
    assert mine.evaluate("document.documentElement.scrollWidth") <= 360
    mine.screenshot(path=str(SHOTS / "multi-unit-applicant-360.png"), full_page=True)

    boss = signed_in_page(browser, page.base_url, head, width=1366)
    _open(boss, code)
    _do(boss, "#do-approve")
    assert boss.script_errors == []
    boss.context.close()

    _open(mine, code)
    assert mine.locator("#steps-summary").inner_text() == "هر ۴ گام انجام شد."
    assert mine.locator("#steps li.step-done").count() == 4
    assert mine.script_errors == []
    mine.context.close()

    request = ServiceRequest.objects.get(pk=in_review.pk)
    assert request.state == State.APPROVED
    moves = [e.payload.get("to_unit_name") for e in request.events.filter(name="advance")]
    assert moves == ["دفتر دیگر", None, "اداره کل آزمون"]
    assert request.events.filter(kind=RequestEvent.Kind.EXTERNAL).count() == 1
