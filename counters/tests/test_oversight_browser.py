"""In Chromium on a 360 px phone: a region expert imports the licence system's file, plans a visit to
an imported office, records it with a missing facility and a photo from the camera input, corrects a
self-declared violation by the committee's ruling, and the holder sees the new score, the
before/after, the fine that follows and the SMS (issue 19 items 1, 3 and 4)."""

import pytest
from django.utils import timezone

from core.jalali import format_date
from core.templatetags.miz import fa_number
from core.testing import PASSWORD, clear_of_midnight, signed_in_page
from counters import services
from counters.models import Licence, ViolationAnswer, ViolationItem, Visit
from counters.tests.conftest import JPEG, fill
from counters.tests.test_licence_browser import WIDTH, fits, submit, upload_licences
from counters.tests.test_licence_pages import ROWS, csv_file
from notifications.models import Notification
from orgs.models import Province
from orgs.tests.factories import CounterOfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def declared_fine(declaration) -> int:
    """The rials the file's committed violations cost, from each item's own fine (counters/fines.py)."""
    committed = ViolationAnswer.objects.filter(declaration=declaration, committed=True)
    return sum(answer.item.fine_rials for answer in committed.select_related("item"))


def test_an_expert_imports_licences_visits_on_a_phone_corrects_a_violation_and_the_holder_sees_score_and_fine(
    browser, live_server, reference, make_expert
):
    alborz = Province.objects.get(code="IR-30")
    office = CounterOfficeFactory(code="2301-01-01", name="دفتر کرج مرکزی", province=alborz)
    CounterOfficeFactory(code="2301-01-02", name="دفتر هشتگرد", province=alborz)
    expert = make_expert(alborz.region, first_name="رضا", last_name="موسوی")
    content = csv_file(ROWS).read()  # the import tests' rows: these two offices of Alborz

    page = signed_in_page(browser, live_server.url, expert, width=WIDTH, height=780)
    page.goto(live_server.url + "/counters/licences/import/")
    upload_licences(page, content, dry_run=True)
    assert not Licence.objects.filter(office=office).exists()
    upload_licences(page, content, dry_run=False)
    assert "۲ پروانه تازه ثبت" in page.locator("#import-result").inner_text()
    page.goto(live_server.url + "/counters/licences/")
    assert page.locator(f'tr[data-office="{office.code}"]').count() == 1
    assert fits(page)
    page.context.close()

    office.refresh_from_db()
    holder = office.licence.holder  # the account the import made from the row
    assert holder.national_code == ROWS[0][2]
    holder.set_password(PASSWORD)  # as the holder would after the SMS code; the import sets none
    holder.save(update_fields=["password"])
    declaration = fill(services.start_declaration(office=office, actor=holder))
    services.save_violation_answers(  # items 1 and 2 declared committed: one fine is left after the ruling
        declaration=declaration,
        answers={
            i.pk: {"committed": i.number in (1, 2), "ruling_date": None, "description": ""}
            for i in ViolationItem.objects.filter(is_active=True)
        },
        actor=holder,
    )
    declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
    declaration = services.approve(
        declaration=declaration, actor=expert, recipients_score=80, association_score=60
    )
    before = declaration.final_score
    fine_before = declared_fine(declaration)
    missing = declaration.facilities.order_by("pk").first()
    clear_of_midnight()  # the visit is planned for today and recorded today: one Tehran date
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
    fine = declared_fine(declaration)
    assert fine == fine_before - item.fine_rials > 0  # the ruling lifted this item's fine only
    assert Notification.objects.filter(event="counters.violation_corrected", user=holder).count() == 1

    page = signed_in_page(browser, live_server.url, holder, width=WIDTH, height=780)
    page.goto(live_server.url + f"/counters/file/{declaration.pk}/")
    assert fa_number(new_score) in page.locator("#final-score").inner_text()
    row = page.locator('#corrections tr[data-item="1"]')
    assert row.locator(".score-after").inner_text() == fa_number(new_score)
    assert missing.title in page.content()  # the visit's note on the file
    fines = page.locator(f'#office-fines tr[data-year="{declaration.year}"] td')
    assert fines.nth(1).inner_text() == fa_number(1)  # item 2 alone is left
    assert fines.nth(2).inner_text() == f"{fa_number(fine)} ریال"
    assert fits(page)
    page.context.close()
