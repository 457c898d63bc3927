"""A company's first application in Chromium (issue 13, D1): a person adds their company on the
profile page, staff confirm them as its representative in the admin, and the person files a
service for legal persons for the company."""

import re

import pytest

from accounts.models import CompanyMembership, Role
from core.testing import fully_on_screen, main_navigation, signed_in_page
from desk.models import ServiceRequest
from desk.tests.factories import PDF_BYTES, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_adds_a_company_staff_confirm_and_the_person_files_for_it(
    browser, live_server, make_user, unit
):
    service = make_service([unit], title="پروانه ویژه شرکت‌ها", for_natural_persons=False)
    person = make_user(role=Role.APPLICANT, first_name="سارا", last_name="محمدی")
    staff = make_user(role=Role.ADMINISTRATOR, first_name="امیر", is_staff=True, is_superuser=True)

    me = signed_in_page(browser, live_server.url, person, width=1366)
    long_name = "شرکت لبنیات پاک و فرآورده‌های غذایی"
    try:
        # Before: the service sends the person to their profile.
        me.goto(f"{me.base_url}/desk/apply/{service.service_id}/")
        assert "«حساب من»" in me.locator("#apply-refused").inner_text()
        me.locator("#profile-link").click()
        me.wait_for_url(re.compile(r"/accounts/profile/$"))

        # The person adds their company by its national ID, typed in Persian digits.
        main_navigation(me).get_by_role("link", name="حساب من").wait_for()
        me.fill("#id_company-national_id", "۱۰۳۸۰۲۸۴۷۹۰")
        me.fill("#id_company-name", long_name)
        with me.expect_navigation():
            me.get_by_role("button", name="افزودن شرکت").click()
        row = me.locator("#my-companies tbody tr").first
        assert "شرکت لبنیات پاک" in row.inner_text() and "در انتظار تأیید" in row.inner_text()
        membership = CompanyMembership.objects.get(user=person)
        assert membership.role == CompanyMembership.Role.REPRESENTATIVE

        # Staff confirm the representative in the admin.
        admin = signed_in_page(browser, live_server.url, staff, width=1366)
        try:
            admin.goto(f"{admin.base_url}/admin/accounts/companymembership/?status__exact=pending")
            admin.locator(f"input[name=_selected_action][value='{membership.pk}']").check()
            admin.locator("select[name=action]").select_option("confirm_selected")
            with admin.expect_navigation():
                admin.locator("button[name=index]").click()
            assert "تأیید شد" in admin.locator(".messagelist").inner_text()
        finally:
            admin.context.close()
        membership.refresh_from_db()
        assert membership.status == CompanyMembership.Status.CONFIRMED

        # The person files the service for the company.
        me.reload()
        assert "تأییدشده" in me.locator("#my-companies").inner_text()
        me.goto(f"{me.base_url}/desk/apply/{service.service_id}/")
        company = me.get_by_role("radio", name=re.compile(long_name))
        me.set_viewport_size({"width": 360, "height": 780})  # the choice reads whole on a phone
        assert fully_on_screen(me.get_by_text(long_name))
        assert me.evaluate("document.documentElement.scrollWidth") <= 360
        me.set_viewport_size({"width": 1366, "height": 900})
        company.click()  # by mouse, on the radio itself
        assert company.is_checked()
        me.fill("#id_product_name", "شیر")
        document = service.documents.get(required=True)
        me.set_input_files(
            f"#id_document_{document.pk}",
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
        )
        with me.expect_navigation():
            me.locator("#submit-request").click()
        me.wait_for_url(re.compile(r"/desk/r/\d{13}/receipt/$"))
        assert "شرکت لبنیات پاک" in me.locator("#receipt-company").inner_text()
        request = ServiceRequest.objects.get()
        assert request.company.national_id == "10380284790" and request.applicant == person
        assert me.script_errors == []
    finally:
        me.context.close()
