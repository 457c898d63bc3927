"""In Chromium, on a desktop and a phone: a province manager opens the complaints report from the
menu, reads their province's figures, exports them, and cannot reach another province by editing
the URL."""

import pytest

from accounts.models import Role
from core.testing import main_navigation, signed_in_page
from desk import services as desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 360])
def test_a_province_manager_reads_and_exports_their_province_only(
    page,
    browser,
    make_user,
    file_complaint,
    complaint_service,
    directorate,
    county_office,
    other_office,
    subject,
    width,
    tmp_path,
):
    head = make_user(role=Role.UNIT_HEAD, scope={"org_unit": directorate}, first_name="رئیس")
    for against, answer in ((county_office, True), (county_office, False), (other_office, False)):
        request = file_complaint(subject, against)
        if answer:
            for name in ("accept", "start_review", "approve"):
                desk.transition(request=request, name=name, user=head)
    manager = make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": directorate}, first_name="مدیر")

    me = signed_in_page(browser, page.base_url, manager, width=width)
    main_navigation(me).get_by_role("link", name="گزارش شکایات").click()
    me.wait_for_url(me.base_url + "/complaints/report/")
    assert me.evaluate("document.documentElement.dir") == "rtl"
    total = me.locator("#report-total").inner_text()
    assert "۲ شکایت دریافت شد و ۱ پاسخ گرفت" in total
    province_rows = me.locator("#by-province tbody tr")
    assert province_rows.count() == 1 and "استان دیگر" not in me.locator("main").inner_text()
    assert me.locator("#ranking tbody tr .rank").inner_text() == "۱"
    if width < 768:
        assert me.evaluate("document.documentElement.scrollWidth") <= width

    with me.expect_download() as info:
        me.locator("#export-csv").click()
    saved = tmp_path / "complaints.csv"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert "استان دیگر" not in text
    assert "مجرا,برخط (میز خدمت),2,1" in text

    me.goto(me.base_url + "/complaints/report/?start=1405/01/01&end=1405/12/29&province=IR-98")
    assert "گزارش این استان در حوزه دسترسی شما نیست" in me.content()
    assert "استان دیگر" not in me.locator("main").inner_text()
    me.context.close()
