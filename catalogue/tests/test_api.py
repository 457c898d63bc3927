"""Request-level: a client system lists the active services and reads a service's application
form (scope `services:read`)."""

import pytest

from apiclients.tests.factories import bearer, make_client
from catalogue.tests.factories import RequiredDocumentFactory, ServiceFieldFactory, make_service
from core.text import to_persian_digits

pytestmark = pytest.mark.django_db

LIST = "/api/catalogue/services"


@pytest.fixture
def token():
    return make_client("services:read")[1]


@pytest.fixture
def service():
    service = make_service(
        title="پروانه کاربرد علامت استاندارد",
        fee_rials=2_500_000,
        fee_note="طبق تعرفه",
        channel_online=True,
        channel_counter=True,
    )
    ServiceFieldFactory(service=service, name="product", label="نام کالا", order=1)
    ServiceFieldFactory(
        service=service,
        name="kind",
        label="نوع",
        kind="choice",
        choices="خوراکی\nصنعتی",
        required=False,
        order=2,
    )
    RequiredDocumentFactory(service=service, title="گزارش آزمون", accepted_formats="pdf,jpg", order=1)
    return service


def test_the_list_has_every_active_service_with_channels_and_fee(client, token, service):
    make_service(title="خدمت غیرفعال", is_active=False)
    response = client.get(LIST, **bearer(token))
    assert response.status_code == 200
    assert response.json() == [
        {
            "service_id": service.service_id,
            "title": "پروانه کاربرد علامت استاندارد",
            "area": "conformity_assessment",
            "area_label": "ارزیابی انطباق",
            "channels": [
                {"code": "online", "label": "برخط (میز خدمت الکترونیکی)"},
                {"code": "counter", "label": "دفتر پیشخوان خدمات دولت"},
            ],
            "fee": {"is_free": False, "fee_rials": 2_500_000, "note": "طبق تعرفه"},
            "duration_working_days": 10,
        }
    ]


def test_the_list_is_filtered_by_words_and_area(client, token, service):
    other = make_service(title="آموزش کارشناسان", area="training")
    titles = lambda **q: [s["title"] for s in client.get(LIST, q, **bearer(token)).json()]  # noqa: E731
    assert titles(q="علامت") == [service.title]
    assert titles(area="training") == [other.title]
    assert titles() == [service.title, other.title]  # by area, then title
    refused = client.get(LIST, {"area": "no-such-area"}, **bearer(token))
    assert refused.status_code == 422 and "«area» باید یکی از مقادیر" in refused.json()["detail"]


def test_one_services_application_form(client, token, service):
    response = client.get(f"{LIST}/{to_persian_digits(service.service_id)}", **bearer(token))
    assert response.status_code == 200
    data = response.json()
    assert data["service_id"] == service.service_id and data["description"] == "شرح خدمت آزمون"
    assert data["fields"] == [
        {
            "name": "product",
            "label": "نام کالا",
            "kind": "text",
            "kind_label": "متن کوتاه",
            "required": True,
            "choices": [],
            "help_text": "",
        },
        {
            "name": "kind",
            "label": "نوع",
            "kind": "choice",
            "kind_label": "انتخاب از فهرست",
            "required": False,
            "choices": ["خوراکی", "صنعتی"],
            "help_text": "",
        },
    ]
    [document] = data["documents"]
    assert document["title"] == "گزارش آزمون" and document["formats"] == ["pdf", "jpeg"]
    assert document["required"] is True and document["max_size_bytes"] == 2 * 1024 * 1024
    assert data["fee"]["fee_rials"] == 2_500_000 and [c["code"] for c in data["channels"]] == [
        "online",
        "counter",
    ]


def test_an_inactive_or_unknown_service_is_404_in_persian(client, token):
    inactive = make_service(is_active=False)
    for service_id in (inactive.service_id, "99999999999", "abc"):
        response = client.get(f"{LIST}/{service_id}", **bearer(token))
        assert response.status_code == 404 and response.json() == {"detail": "خدمت یافت نشد."}


def test_the_requests_scope_does_not_list_services(client, service):
    _api_client, token = make_client("requests:read")
    assert client.get(LIST, **bearer(token)).status_code == 403
    assert client.get(f"{LIST}/{service.service_id}", **bearer(token)).status_code == 403
