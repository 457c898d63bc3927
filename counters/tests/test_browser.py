"""In Chromium: a legal-person office through every step to final confirmation, return with notes,
correction, approval with scores, the SMS recorded, and an objection (issue 5, "Checked by")."""

import re

import pytest

from accounts.models import Membership, Role
from core import sms
from core.testing import sign_in_page as sign_in
from core.text import to_persian_digits
from counters.models import Declaration, DeclarationDocument
from counters.tests.conftest import JPEG, PDF
from notifications import services as notifications
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def step_done(page, slug) -> bool:
    return page.locator(f'[data-step="{slug}"]').get_attribute("data-done") == "1"


def add_staff(page, first, last, code, mobile, *, disabled=False, discipline=None):
    form = page.locator("#staff-form")
    form.locator("#id_first_name").fill(first)
    form.locator("#id_last_name").fill(last)
    form.locator("#id_birth_date").fill("۱۳۶۵/۰۲/۱۵")
    page.keyboard.press("Escape")
    form.locator("#id_gender").select_option("female")
    form.locator("#id_national_code").fill(code)
    form.locator("#id_mobile").fill(mobile)
    if discipline:
        form.locator("#id_discipline").select_option(label=discipline)
    if disabled:
        form.locator("#id_is_disabled").check()
    form.locator("#id_accepted_terms").check()
    submit(page, "ثبت اطلاعات کارمند")


def test_legal_person_office_from_self_declaration_to_objection(
    request, page, browser, live_server, settings, make_office, make_expert
):
    settings.MIZ_COUNTERS_TILE_URL = live_server.url + "/no-tiles/{z}/{x}/{y}.png"  # every tile fails
    office = make_office()
    holder = office.licence.holder
    expert = make_expert(office.province.region, first_name="رضا", last_name="موسوی")
    assert Membership.objects.filter(user=holder, role=Role.LICENCE_HOLDER).exists()

    # --- the holder signs in (the licence gate lets a valid licence through) and starts ----------
    sign_in(page, holder)
    page.goto(page.base_url + "/counters/")
    assert page.locator(f"#identity-code-{office.pk}").inner_text() == to_persian_digits(office.code)
    page.get_by_label("تأیید می‌کنم که نام دارنده پروانه و کد دفتر بالا از آنِ من است.").check()
    submit(page, "ثبت رتبه‌بندی (خوداظهاری امسال)")
    assert page.url.endswith("/step/documents/")
    assert page.locator('[data-step="manager"]').get_attribute("data-open") == "0"

    for kind, _label in DeclarationDocument.Kind.choices:
        name, content = (f"{kind}.pdf", PDF) if kind == "contracts" else (f"{kind}.jpg", JPEG)
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_file").set_input_files({"name": name, "mimeType": "image/jpeg", "buffer": content})
        submit(page, "بارگذاری")
    assert step_done(page, "documents")

    page.get_by_role("link", name="مرحله بعد").click()
    page.wait_for_url(re.compile(r"/step/manager/$"))
    assert page.locator("#id_manager_national_code").input_value()  # prefilled from the holder
    submit(page, "ثبت")
    page.wait_for_url(re.compile(r"/step/details/$"))

    page.locator("#id_person_type").select_option("legal")
    page.fill("#id_staff_count", "۲")
    page.fill("#id_disabled_staff_count", "۱")
    page.fill("#id_contracts_count", "3")
    for facility in ("اسکنر رنگی", "چاپگر", "کارت‌خوان (پایانه فروش)"):
        page.get_by_label(facility).check()
    submit(page, "ثبت")
    page.wait_for_url(re.compile(r"/step/legal/$"))

    page.fill("#id_company_name", "شرکت خدمات پیشخوان البرز")
    page.fill("#id_company_national_id", "10380284790")
    page.fill("#id_registration_number", "۱۲۳۴۵")
    page.fill("#id_registration_date", "۱۳۹۴/۰۲/۱۱")
    page.keyboard.press("Escape")
    page.fill("#id_registration_place", "کرج")
    page.fill("#id_representative_first_name", "مریم")
    page.fill("#id_representative_last_name", "کریمی")
    page.fill("#id_representative_national_code", holder.national_code)
    page.fill("#id_representative_mobile", "09121234567")
    page.fill("#id_representative_position", "مدیرعامل")
    submit(page, "ثبت اطلاعات حقوقی")
    assert "هیئت مدیره" in page.locator(".step-problems").inner_text()  # no board member yet
    assert not step_done(page, "legal")
    member = page.locator("#member-form")
    member.locator("#id_first_name").fill("مریم")
    member.locator("#id_last_name").fill("کریمی")
    member.locator("#id_national_code").fill(holder.national_code)
    member.locator("#id_position").fill("رئیس هیئت مدیره")
    submit(page, "افزودن عضو هیئت مدیره")
    assert step_done(page, "legal")
    page.get_by_role("link", name="مرحله بعد").click()

    page.wait_for_url(re.compile(r"/step/contact/$"))
    page.fill("#id_address", "کرج، میدان آزادی، پلاک ۱")
    page.fill("#id_postal_code", "۳۱۵۸۸۸۸۸۸۸")
    page.fill("#id_phone", "۰۲۶۳۲۲۲۲۲۲۲")
    page.fill("#id_contact_mobile", "۰۹۱۲۱۲۳۴۵۶۷")
    submit(page, "ثبت")

    # --- location: no tile loads, the fallback says so; a click on the map still gives coordinates --
    page.wait_for_url(re.compile(r"/step/location/$"))
    page.locator("#map-fallback").wait_for(state="visible")
    page.locator("#office-map").click()
    # The picked point reads as every number of the form: Persian digits and decimal mark.
    assert re.fullmatch(r"-?[۰-۹]+٫[۰-۹]{6}", page.locator("#id_latitude").input_value())
    page.fill("#id_latitude", "۳۵٫۸۳۲۷")  # typed by hand, as without a map
    page.fill("#id_longitude", "۵۰٫۹۹۱۵")
    submit(page, "ثبت موقعیت")

    page.wait_for_url(re.compile(r"/step/staff/$"))
    add_staff(page, "زهرا", "احمدی", "0499370899", "09121111111", disabled=True, discipline="شیمی")
    add_staff(page, "لیلا", "رضایی", "0067749828", "09122222222")
    assert step_done(page, "staff")
    page.get_by_role("link", name="مرحله بعد").click()

    page.wait_for_url(re.compile(r"/step/ranking/$"))
    assert "امتیازات مثبت" in page.locator(".score-breakdown").inner_text()
    rows = page.locator("#violations-form tbody tr")
    assert rows.count() == 23
    for i in range(23):
        rows.nth(i).locator("input[value=no]").check()
    submit(page, "ثبت امتیاز")

    page.wait_for_url(re.compile(r"/step/confirm/$"))
    assert "شرکت خدمات پیشخوان البرز" in page.locator("#section-legal").inner_text()
    page.get_by_label(re.compile("درستی آن را تأیید می‌کنم")).check()
    submit(page, "تأیید نهایی")
    assert page.locator("#file-state").inner_text() == "در بررسی منطقه"
    declaration = Declaration.objects.get(office=office)
    assert declaration.state == Declaration.State.SUBMITTED

    # --- the region expert returns it with a note on the staff section ----------------------------
    expert_context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    request.addfinalizer(expert_context.close)
    expert_page = expert_context.new_page()
    expert_page.base_url = page.base_url
    sign_in(expert_page, expert)
    expert_page.goto(page.base_url + "/counters/region/")
    expert_page.get_by_role("link", name=re.compile(office.name)).click()
    expert_page.wait_for_url(re.compile(r"/region/file/\d+/$"))
    expert_page.locator("#return-form").get_by_label("کارکنان").fill("جنسیت کارمند دوم اشتباه ثبت شده است.")
    submit(expert_page, "عودت به دفتر")
    assert expert_page.locator("#file-state").inner_text() == "عودت برای اصلاح"

    # --- the holder corrects the staff and sends it again -------------------------------------------
    page.goto(page.base_url + f"/counters/file/{declaration.pk}/step/staff/")
    assert "جنسیت کارمند دوم اشتباه ثبت شده است." in page.locator(".review-note").inner_text()
    page.locator("#staff-table tbody tr").nth(1).get_by_role("button", name="حذف").click()
    page.wait_for_load_state()
    assert not step_done(page, "staff")
    add_staff(page, "علی", "رضایی", "0067749828", "09122222222")
    page.goto(page.base_url + f"/counters/file/{declaration.pk}/step/confirm/")
    page.get_by_label(re.compile("درستی آن را تأیید می‌کنم")).check()
    submit(page, "تأیید نهایی")
    assert page.locator("#file-state").inner_text() == "در بازبینی منطقه"

    # --- the expert approves with the recipients' and the association's scores --------------------
    expert_page.reload()
    expert_page.fill("#id_recipients_score", "۹۰")
    expert_page.fill("#id_association_score", "70")
    submit(expert_page, "تأیید پرونده")
    assert "امتیاز نهایی" in expert_page.locator("#final-score").inner_text()
    declaration.refresh_from_db()
    assert declaration.state == Declaration.State.APPROVED and declaration.rank is not None

    message = Notification.objects.get(event="counters.approved", channel="sms")
    assert message.user == holder and "امتیاز نهایی" in message.body
    notifications.deliver(message.pk)
    assert [m.to for m in sms.outbox] == [holder.mobile]

    # --- the holder sees the score and objects within the window --------------------------------------
    page.goto(page.base_url + f"/counters/file/{declaration.pk}/")
    assert to_persian_digits(int(declaration.final_score)) in page.locator("#final-score").inner_text()
    page.fill("#id_text", "امتیاز انجمن صنفی کمتر از ارزیابی واقعی است.")
    submit(page, "ثبت اعتراض")
    assert page.locator("#file-state").inner_text() == "اعتراض در بررسی"
    assert "در انتظار پاسخ منطقه" in page.locator("#objection").inner_text()
    declaration.refresh_from_db()
    assert declaration.state == Declaration.State.OBJECTED
    actions = list(declaration.events.values_list("action", flat=True))
    assert actions == ["create", "confirm", "return", "resubmit", "approve", "object"]
