"""In Chromium: an administrator changes a holiday; the auditor finds the change, its before and
after, and a failed sign-in, filters, exports, at desktop and phone widths."""

import datetime as dt
import io
import os
from pathlib import Path

import openpyxl
import pytest

from accounts.models import Role
from core.models import Holiday
from core.testing import main_navigation
from core.testing import sign_in_page as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MIZ_SCREENSHOT_DIR", "/tmp/miz-audit-shots"))


def boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1366, 360])
def test_the_auditor_finds_a_holiday_change_and_a_failed_sign_in(page, browser, make_user, width, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    holiday = Holiday.objects.create(date=dt.date(2025, 11, 24), title="تعطیل پیشین", is_estimate=True)
    admin = make_user(
        role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, first_name="امیر", last_name="نوری"
    )
    auditor = make_user(role=Role.AUDITOR, first_name="نرگس", last_name="یزدانی")

    # The administrator renames the holiday in the admin.
    sign_in(page, admin)
    page.goto(f"{page.base_url}/admin/core/holiday/{holiday.pk}/change/")
    page.fill("#id_title", "تعطیل تازه")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()

    # The auditor mistypes the password once, then signs in, on a phone or a desktop.
    context = browser.new_context(
        locale="fa-IR",
        timezone_id="Asia/Tehran",
        viewport={"width": width, "height": 900},
        accept_downloads=True,
    )
    me = context.new_page()
    me.set_default_timeout(15000)
    me.base_url = page.base_url
    sign_in(me, auditor, password="wrong-password-1")
    assert "نادرست" in me.content()
    sign_in(me, auditor)

    if width < 768:
        assert me.evaluate("document.documentElement.scrollWidth") <= width
    main_navigation(me).get_by_role("link", name="سوابق ممیزی").click()
    me.wait_for_url(me.base_url + "/audit/")
    me.get_by_role("link", name="تغییرات پیکربندی").click()
    me.select_option("#id_object_type", label="تعطیلات رسمی")
    me.select_option("#id_action", label="تغییر")
    me.fill("#id_actor", "نوری")
    with me.expect_navigation():
        me.get_by_role("button", name="پالایش").click()
    assert me.evaluate("document.documentElement.dir") == "rtl"
    rows = me.locator("#audit-table tr.audit-row")
    assert rows.count() == 1
    row = rows.first.inner_text()
    assert "امیر نوری" in row and "تعطیل پیشین" in row and "تعطیل تازه" in row
    assert "127.0.0.1" in row
    assert "۱۴۰۴/" in row  # the time, in Jalali with Persian digits
    assert me.locator("#audit-count").inner_text() == "۱ ردیف"
    fields = [
        me.locator(f"#id_{name}").bounding_box() for name in ("date_from", "date_to", "actor", "action")
    ]
    assert not any(boxes_overlap(a, b) for i, a in enumerate(fields) for b in fields[i + 1 :])
    if width < 768:
        assert me.evaluate("document.documentElement.scrollWidth") <= width
    me.screenshot(path=str(SHOTS / f"audit-configuration-{width}.png"), full_page=True)

    with me.expect_download() as info:
        me.locator("#export-xlsx").click()
    saved = tmp_path / "audit.xlsx"
    info.value.save_as(saved)
    values = list(openpyxl.load_workbook(io.BytesIO(saved.read_bytes())).active.values)
    assert len(values) == 2 and "عنوان: تعطیل پیشین ← تعطیل تازه" in values[1][7]

    me.get_by_role("link", name="ورود و خروج کاربران").click()
    me.select_option("#id_action", label="ورود ناموفق")
    with me.expect_navigation():
        me.get_by_role("button", name="پالایش").click()
    failed = me.locator("#audit-table tr.audit-row")
    assert failed.count() == 1
    assert "127.0.0.1" in failed.first.inner_text() and "نرگس یزدانی" in failed.first.inner_text()
    me.screenshot(path=str(SHOTS / f"audit-sign-ins-{width}.png"), full_page=True)
    context.close()
