"""In Chromium on a 360 px phone: a region expert plans a visit, records it with a missing facility
and a photo from the camera input, corrects a self-declared violation by the committee's ruling, and
the holder sees the new score, the before/after and the SMS (issue 19 items 3 and 4)."""

import pytest
from django.utils import timezone

from core.jalali import format_date
from core.templatetags.miz import fa_number
from core.testing import signed_in_page
from counters import services
from counters.models import ViolationItem, Visit
from counters.tests.conftest import JPEG, fill
from counters.tests.test_licence_browser import WIDTH, fits, submit
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_expert_visits_on_a_phone_corrects_a_violation_and_the_holder_sees_the_new_score(
    browser, live_server, make_office, make_expert
):
    office = make_office()
    holder = office.licence.holder
    expert = make_expert(office.province.region, first_name="رضا", last_name="موسوی")
    declaration = services.confirm(
        declaration=fill(services.start_declaration(office=office, actor=holder)), actor=holder, agree=True
    )
    declaration = services.approve(
        declaration=declaration, actor=expert, recipients_score=80, association_score=60
    )
    before = declaration.final_score
    missing = declaration.facilities.order_by("pk").first()
    today = format_date(timezone.localdate())

    page = signed_in_page(browser, live_server.url, expert, width=WIDTH, height=780)
    page.goto(live_server.url + "/counters/region/")
    page.locator("#to-visits").click()
    page.wait_for_url("**/counters/region/visits/")
    assert fits(page)
    page.locator("#id_office").select_option(str(office.pk))
    page.locator("#id_planned_on").fill(today)
    page.keyboard.press("Escape")
    submit(page, "برنامه‌ریزی بازدید")
    visit = Visit.objects.get()
    page.wait_for_url(f"**/counters/region/visits/{visit.pk}/")
    assert fits(page)
    assert page.locator("#id_photos").get_attribute("capture") == "environment"
    page.get_by_label(missing.title, exact=True).uncheck()
    page.locator("#id_photos").set_input_files(
        {"name": "front.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    submit(page, "ثبت نتیجه بازدید")
    assert page.locator("#visit-state").inner_text() == "انجام و ثبت‌شده"
    assert page.locator('#findings [data-found="0"]').count() == 1
    assert page.locator("#photos img").count() == 1
    assert fits(page)

    page.goto(live_server.url + f"/counters/region/file/{declaration.pk}/")
    item = ViolationItem.objects.get(number=1)
    page.locator("#id_correct-item").select_option(str(item.pk))
    page.locator("#id_correct-committed").select_option("no")
    page.locator("#id_correct-ruling_date").fill(today)
    page.keyboard.press("Escape")
    page.locator("#id_correct-ruling_number").fill("۱۲۳/۴۵")
    submit(page, "ثبت اصلاح")
    assert "اصلاح به حکم کمیته کشوری ثبت شد" in page.content()
    assert page.locator('#events tr[data-action="visit"]').count() == 1
    assert page.locator('#events tr[data-action="correct_violation"]').count() == 1
    page.context.close()

    new_score = before - 1 + item.penalty_points  # a facility point lost, the penalty lifted
    declaration.refresh_from_db()
    assert declaration.final_score == new_score
    assert Notification.objects.filter(event="counters.violation_corrected", user=holder).count() == 1

    page = signed_in_page(browser, live_server.url, holder, width=WIDTH, height=780)
    page.goto(live_server.url + f"/counters/file/{declaration.pk}/")
    assert fa_number(new_score) in page.locator("#final-score").inner_text()
    row = page.locator('#corrections tr[data-item="1"]')
    assert row.locator(".score-after").inner_text() == fa_number(new_score)
    assert missing.title in page.content()  # the visit's note on the file
    assert fits(page)
    page.context.close()
