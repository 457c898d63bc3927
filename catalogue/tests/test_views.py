"""The public catalogue pages: grouped by area, search across letter forms and digit scripts,
paging, queries per page."""

import datetime as dt

import pytest
from django.urls import reverse

from catalogue import services
from catalogue.tests.factories import RequiredDocumentFactory, WorkflowStepFactory, make_service, make_unit
from core.text import to_persian_digits

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def _html(response) -> str:
    return response.content.decode()


def test_list_groups_by_area_and_hides_inactive(client):
    make_service(title="آزمون نازل", area="metrology")
    make_service(title="خدمت پنهان", area="metrology", is_active=False)
    make_service(title="دوره آموزشی", area="training")
    html = _html(client.get(LIST))
    assert "آزمون نازل" in html and "دوره آموزشی" in html
    assert "خدمت پنهان" not in html
    assert "اندازه‌شناسی، اوزان و مقیاس‌ها" in html and "آموزش" in html


@pytest.mark.parametrize(
    "query",
    [
        "كاربرد علامت",  # Arabic kaf
        "تشويقي",  # Arabic yeh
        "کاربردعلامت",  # no space
        "علامت\u200cاستاندارد",  # ZWNJ instead of space
        "۲۰۰۰۰۰۰۰۰۹۹",  # the ID in Persian digits
        "٢٠٠٠٠٠٠٠٠٩٩",  # and in Arabic-Indic digits
    ],
)
def test_search_ignores_letter_forms_zwnj_spacing_and_digit_script(client, query):
    make_service(service_id="20000000099", title="صدور پروانه کاربرد علامت استاندارد تشویقی")
    make_service(title="آزمون انگ فلزات گرانبها")
    html = _html(client.get(LIST, {"q": query}))
    assert "صدور پروانه کاربرد علامت استاندارد تشویقی" in html
    assert "آزمون انگ فلزات گرانبها" not in html


def test_search_and_area_combine(client):
    make_service(title="آزمون استاندارد الف", area="metrology")
    make_service(title="آزمون استاندارد ب", area="training")
    html = _html(client.get(LIST, {"q": "استاندارد", "area": "training"}))
    assert "آزمون استاندارد ب" in html and "آزمون استاندارد الف" not in html


def test_unknown_area_is_ignored_not_an_error(client):
    make_service(title="یک خدمت")
    response = client.get(LIST, {"area": "nonsense"})
    assert response.status_code == 200
    assert "یک خدمت" in _html(response)


def test_list_is_paginated_and_keeps_the_query(client):
    for i in range(25):
        make_service(title=f"خدمت استاندارد {i:02d}")
    first = _html(client.get(LIST, {"q": "استاندارد"}))
    assert first.count('class="py-2 border-bottom service-item"') == 20
    assert "page=2" in first and "q=" in first
    second = _html(client.get(LIST, {"q": "استاندارد", "page": 2}))
    assert second.count('class="py-2 border-bottom service-item"') == 5
    assert to_persian_digits("25") in second


@pytest.mark.parametrize("params", [{}, {"q": "خدمت"}, {"area": "metrology"}, {"page": 2}])
def test_a_catalogue_page_costs_at_most_two_queries(client, django_assert_max_num_queries, params):
    unit = make_unit()
    for i in range(30):
        service = make_service(title=f"خدمت {i}", area="metrology" if i % 2 else "training")
        service.responsible_units.add(unit)
    with django_assert_max_num_queries(2):
        response = client.get(LIST, params)
    assert response.status_code == 200


def test_information_package_shows_everything(client):
    unit = make_unit("IR-TEST", "اداره کل آزمون")
    service = make_service(
        title="صدور گواهینامه آسانسور",
        description="شرح گواهینامه",
        legal_basis="قانون تقویت و توسعه نظام استاندارد",
        fee_rials=3000000,
        contact="تلفن ۱۵۱۷",
        channel_counter=True,
        channel_in_person=True,
        for_natural_persons=False,
    )
    service.responsible_units.add(unit)
    RequiredDocumentFactory(
        service=service, title="گزارش بازرسی", accepted_formats="pdf,jpeg", max_size_bytes=5 * 1024 * 1024
    )
    WorkflowStepFactory(
        service=service, order=1, title="بررسی گزارش", responsible_role="staff_expert", target_working_days=4
    )
    WorkflowStepFactory(
        service=service,
        order=2,
        title="تحویل پلاک",
        responsible_unit=unit,
        target_working_days=1,
        may_need_presence=True,
    )
    agreement = services.create_agreement(
        service=service, provider_unit=unit, title="توافقنامه آسانسور", valid_from=None, valid_until=None,
        response_working_days=2, resolution_working_days=9,
    )  # fmt: skip
    html = _html(client.get(reverse("catalogue:detail", args=[service.service_id])))
    for text in [
        "شرح گواهینامه",
        "شخص حقوقی",
        "گزارش بازرسی",
        "PDF، JPEG",
        "۵ مگابایت",
        "بررسی گزارش",
        "۴ روز کاری",
        "ممکن است حضور شما لازم شود",
        "۳٬۰۰۰٬۰۰۰ ریال",
        "قانون تقویت و توسعه نظام استاندارد",
        "دفتر پیشخوان خدمات دولت",
        "اداره کل آزمون",
        "تلفن ۱۵۱۷",
        "توافقنامه آسانسور",
        "۹ روز کاری",  # expected duration comes from the SLA's resolution target
        reverse("catalogue:agreement", args=[agreement.pk]),
        'id="apply-online"',
        'id="apply-counter"',
        'id="book-visit"',
    ]:
        assert text in html, text
    assert "شخص حقیقی" not in html
    assert 'id="sla-expired"' not in html


def test_apply_buttons_lead_to_the_desk(client):
    service = make_service(channel_counter=True, channel_in_person=True)
    service.responsible_units.add(make_unit())  # an in-person desk to book a visit at
    html = _html(client.get(reverse("catalogue:detail", args=[service.service_id])))
    apply = reverse("desk:apply", args=[service.service_id])
    assert f'id="apply-online" href="{apply}"' in html
    assert f'id="apply-counter" href="{apply}?channel=counter"' in html
    assert f'id="book-visit" href="{reverse("desk:book_visit")}?service={service.service_id}"' in html


def test_information_page_accepts_persian_digits_and_404s_unknown_or_inactive(client):
    service = make_service()
    assert client.get(f"/services/{to_persian_digits(service.service_id)}/").status_code == 200
    assert client.get("/services/99999999999/").status_code == 404
    hidden = make_service(is_active=False)
    assert client.get(reverse("catalogue:detail", args=[hidden.service_id])).status_code == 404


def test_expired_agreement_is_flagged_on_the_service_page(client):
    service, unit = make_service(), make_unit()
    services.create_agreement(
        service=service, provider_unit=unit, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2021, 1, 1)
    )
    html = _html(client.get(reverse("catalogue:detail", args=[service.service_id])))
    assert 'id="sla-expired"' in html
    assert "منقضی" in html


def test_agreement_of_an_inactive_service_is_not_shown(client):
    service, unit = make_service(is_active=False), make_unit()
    agreement = services.create_agreement(service=service, provider_unit=unit)
    assert client.get(reverse("catalogue:agreement", args=[agreement.pk])).status_code == 404
    assert client.get(reverse("catalogue:agreement_pdf", args=[agreement.pk])).status_code == 404


def test_agreement_pdf_is_a_pdf_with_vazirmatn(client):
    service, unit = make_service(), make_unit()
    agreement = services.create_agreement(service=service, provider_unit=unit, goals="هدف توافقنامه")
    response = client.get(reverse("catalogue:agreement_pdf", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from catalogue.views import render_agreement_pdf

    raw = render_agreement_pdf(agreement, uncompressed=True)
    assert b"Vazirmatn" in raw


def test_compliance_matrix_is_for_managers_only(client, make_user):
    make_service(title="خدمت ماتریس")
    url = reverse("catalogue:compliance")
    assert client.get(url).status_code == 302  # to login
    client.force_login(make_user(role="applicant"))
    assert client.get(url).status_code == 403
    for role in ["hq_planner", "auditor", "administrator"]:
        client.force_login(make_user(role=role))
        response = client.get(url)
        assert response.status_code == 200
        assert "خدمت ماتریس" in _html(response)


def test_compliance_matrix_query_count_does_not_grow_with_services(
    client, make_user, django_assert_max_num_queries
):
    client.force_login(make_user(role="auditor"))
    for i in range(12):
        make_service(title=f"خدمت {i}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("catalogue:compliance")).status_code == 200


def test_services_is_in_everyones_menu_and_the_matrix_only_in_managers(client, make_user):
    from django.contrib.auth.models import AnonymousUser

    from core import nav

    public = [item.url_name for item in nav.items_for(AnonymousUser())]
    assert "catalogue:list" in public and "catalogue:compliance" not in public
    assert "catalogue:compliance" in [i.url_name for i in nav.items_for(make_user(role="unit_head"))]
    assert "catalogue:compliance" not in [i.url_name for i in nav.items_for(make_user(role="applicant"))]
    assert 'href="/services/"' in _html(client.get("/"))


def test_agreement_pdf_is_rendered_once_until_the_agreement_changes(client, monkeypatch):
    from catalogue import views

    calls = []
    monkeypatch.setattr(views, "render_agreement_pdf", lambda a: calls.append(a.pk) or b"%PDF-1.7 x")
    service, unit = make_service(), make_unit()
    agreement = services.create_agreement(service=service, provider_unit=unit, goals="نخست")
    url = reverse("catalogue:agreement_pdf", args=[agreement.pk])
    client.get(url)
    client.get(url)
    assert len(calls) == 1
    services.update_agreement(agreement, goals="ویرایش‌شده")
    client.get(url)
    assert len(calls) == 2


def test_agreement_pdf_is_laid_out_right_to_left():
    from weasyprint import HTML

    from catalogue.views import agreement_pdf_html

    service, unit = make_service(), make_unit()
    agreement = services.create_agreement(service=service, provider_unit=unit, goals="هدف")
    page = HTML(string=agreement_pdf_html(agreement)).render().pages[0]

    def text_boxes(box):
        if type(box).__name__ == "TextBox":
            yield box
        for child in getattr(box, "children", None) or []:
            yield from text_boxes(child)

    heading = next(b for b in text_boxes(page._page_box) if b.text.startswith("۱ - مقدمه"))
    assert heading.style["direction"] == "rtl"
    assert "Vazirmatn" in heading.style["font_family"]
    content_right = page.width - page._page_box.margin_right
    # A right-to-left heading starts at the right margin and leaves the space on its left.
    assert abs(heading.position_x + heading.width - content_right) < 2
    assert heading.position_x > page._page_box.margin_left + 50
