"""Request-level: Open311 GeoReport v2 on the desk (decision 0104): the service list and
definitions, a request filed for an applicant confirmed by their texted code, its status by id
and the list, the token as `api_key` or bearer; every refusal GeoReport's Persian list, nothing
changed."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.models import User
from apiclients.models import ApiCall
from apiclients.tests.factories import bearer, make_client
from catalogue.models import Area, ServiceField
from core.validators import national_code_with_check_digit
from desk import open311_map
from desk.models import Message, ServiceRequest, State
from desk.tests.factories import make_service, pdf_file
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db

BASE = "/api/open311/v2"
NEW_CODE = national_code_with_check_digit("555666771")
MOBILE = "09351112255"
PERSIAN = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def plain(unit):
    """A service filed on its form alone (no document), with a count and a date."""
    service = make_service([unit], documents=False, title="گواهی آزمون")
    ServiceField.objects.create(service=service, name="boxes", label="تعداد جعبه", kind="integer", order=3)
    ServiceField.objects.create(
        service=service, name="made_on", label="تاریخ ساخت", kind="jalali_date", required=False, order=4
    )
    ServiceField.objects.create(
        service=service,
        name="colour",
        label="رنگ",
        kind="choice",
        choices="سفید\nسیاه",
        required=False,
        order=5,
    )
    return service


@pytest.fixture
def filer(office):
    return make_client("requests:file", "requests:read", "services:read", offices=[office])[1]


def create(client, token, service, *, otp="", via_key=True, **extra):
    data = {
        "service_code": service.service_id,
        "phone": MOBILE,
        "first_name": "رضا",
        "last_name": "کشاورز",
        "description": "برای صادرات لازم است.",
        "attribute[miz_national_code]": NEW_CODE,
        "attribute[product_name]": "کاشی",
        "attribute[boxes]": "12",
        "attribute[made_on]": "2025-04-20",
        **({"attribute[miz_otp]": otp} if otp else {}),
        **extra,
    }
    data = {k: v for k, v in data.items() if v is not None}
    if via_key:
        return client.post(f"{BASE}/requests.json", {**data, "api_key": token})
    return client.post(f"{BASE}/requests.json", data, **bearer(token))


def refused(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == status and PERSIAN.search(body[0]["description"])
    return body[0]["description"]


def code_from(outbox) -> str:
    return re.search(r"کد: (\d{6})", outbox[-1].text).group(1)


def test_the_service_list_holds_the_services_filed_at_counter_offices(client, filer, plain, unit):
    in_person = make_service([unit], channel_counter=False, title="فقط حضوری")
    make_service([unit], title="غیرفعال", is_active=False)
    response = client.get(f"{BASE}/services.json", {"api_key": filer})
    assert response.status_code == 200, response.content
    rows = {row["service_code"]: row for row in response.json()}
    assert set(rows) == {plain.service_id}
    assert in_person.service_id not in rows
    assert rows[plain.service_id] == {
        "service_code": plain.service_id,
        "service_name": "گواهی آزمون",
        "description": "شرح",
        "metadata": True,
        "type": "realtime",
        "keywords": Area(plain.area).label,
        "group": Area(plain.area).label,
    }
    # The bearer header works as well, and each call is logged for the client without the key.
    assert client.get(f"{BASE}/services.json", **bearer(filer)).json() == response.json()
    assert ApiCall.objects.filter(path=f"{BASE}/services.json", status=200).count() == 2


def test_a_service_definition_is_its_form_after_the_applicants_attributes(client, filer, plain, office):
    response = client.get(f"{BASE}/services/{plain.service_id}.json", **bearer(filer))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["service_code"] == plain.service_id
    attributes = {a["code"]: a for a in body["attributes"]}
    assert [a["code"] for a in body["attributes"]] == [
        "miz_national_code",
        "miz_office",
        "miz_otp",
        "product_name",
        "applicant_mobile",
        "boxes",
        "made_on",
        "colour",
    ]
    assert [a["order"] for a in body["attributes"]] == list(range(1, 9))
    assert attributes["miz_office"]["values"] == [{"key": office.code, "name": office.name}]
    assert not attributes["miz_office"]["required"] and not attributes["miz_otp"]["required"]
    assert attributes["product_name"]["datatype"] == "string" and attributes["product_name"]["required"]
    assert attributes["boxes"]["datatype"] == "number"
    assert attributes["made_on"]["datatype"] == "datetime" and not attributes["made_on"]["required"]
    assert attributes["colour"]["datatype"] == "singlevaluelist"
    assert attributes["colour"]["values"] == [
        {"key": "سفید", "name": "سفید"},
        {"key": "سیاه", "name": "سیاه"},
    ]


def test_an_unknown_or_not_online_service_code_is_404(client, filer, unit):
    refused(client.get(f"{BASE}/services/12345678901.json", **bearer(filer)), 404)
    in_person = make_service([unit], channel_counter=False)
    refused(client.get(f"{BASE}/services/{in_person.service_id}.json", **bearer(filer)), 404)


def test_a_request_is_filed_once_confirmed_by_the_applicants_code(
    committing_client, filer, plain, office, outbox
):
    client = committing_client
    first = create(client, filer, plain)
    assert "پیامک شد" in refused(first, 400)
    assert outbox[-1].to == "+989351112255" and not ServiceRequest.objects.exists()
    otp = code_from(outbox)
    response = create(client, filer, plain, otp=otp)
    assert response.status_code == 201, response.content
    req = ServiceRequest.objects.get()
    [row] = response.json()
    assert row["service_request_id"] == req.tracking_code and row["account_id"] is None
    assert req.tracking_code in row["service_notice"]
    assert req.channel == "counter" and req.counter_office == office and req.filed_by is None
    assert req.applicant == User.objects.get(national_code=NEW_CODE)
    assert req.form_data["product_name"] == "کاشی" and req.form_data["boxes"] == 12
    assert req.form_data["made_on"] == "2025-04-20"  # 1404/01/31 read from the ISO date
    assert req.events.filter(name="submit").exists()
    assert Message.objects.get(request=req).body == "برای صادرات لازم است."
    # Posted again (the answer was lost): the same request, no second one, no second message.
    again = create(client, filer, plain, otp=otp, via_key=False)
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == req.tracking_code
    assert ServiceRequest.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "12345678901"}, 400, "یافت نشد"),
        ({"attribute[product_name]": ""}, 400, "نام کالا"),
        ({"attribute[boxes]": "دوازده"}, 400, "تعداد جعبه"),
        ({"attribute[made_on]": "2025-02-30"}, 400, "تاریخ ساخت"),
        ({"attribute[colour]": "سبز"}, 400, "رنگ"),
        ({"attribute[weight]": "3"}, 400, "weight"),
        ({"attribute[miz_national_code]": ""}, 400, "miz_national_code"),
        ({"attribute[miz_national_code]": "1234567890"}, 400, "کد ملی"),
        ({"phone": ""}, 400, "phone"),
        ({"description": "<b>x</b>"}, 400, "HTML"),
        ({"attribute[miz_otp][]": ["1", "2"]}, 400, "miz_otp"),
        ({"attribute[miz_office]": "9902-02-09"}, 403, "miz_office"),
    ],
)
def test_bad_input_is_refused_before_any_code_is_sent(
    committing_client, filer, plain, outbox, change, status, words
):
    CounterOfficeFactory(code="9902-02-09")
    description = refused(create(committing_client, filer, plain, **change), status)
    assert words in description
    assert not outbox and not ServiceRequest.objects.exists()


def test_a_service_not_offered_online_is_refused_and_nothing_changes(committing_client, filer, unit, outbox):
    in_person = make_service([unit], documents=False, channel_counter=False)
    description = refused(create(committing_client, filer, in_person, otp="123456"), 400)
    assert description == open311_map.NOT_ONLINE
    assert (
        not outbox and not ServiceRequest.objects.exists() and not User.objects.filter(national_code=NEW_CODE)
    )


def test_a_wrong_code_files_nothing_and_a_missing_document_is_named(
    committing_client, filer, plain, service, outbox
):
    create(committing_client, filer, plain)
    wrong = "000000" if code_from(outbox) != "000000" else "111111"
    refused(create(committing_client, filer, plain, otp=wrong), 400)
    assert not ServiceRequest.objects.exists()
    missing = create(
        committing_client,
        filer,
        service,
        otp="123456",
        **{"attribute[boxes]": None, "attribute[made_on]": None},
    )
    assert "گزارش آزمون" in refused(missing, 400)


def test_a_service_with_documents_takes_them_as_multipart_parts(committing_client, filer, service, outbox):
    document = service.documents.get(required=True)
    extra = {"attribute[boxes]": None, "attribute[made_on]": None}
    create(committing_client, filer, service, **extra, **{f"document_{document.pk}": pdf_file()})
    otp = code_from(outbox)
    response = create(
        committing_client, filer, service, otp=otp, **extra, **{f"document_{document.pk}": pdf_file()}
    )
    assert response.status_code == 201, response.content
    assert ServiceRequest.objects.get().documents.count() == 1


def test_tokens_expired_revoked_missing_or_without_the_scope_are_refused(client, plain, office):
    api_client, token = make_client("services:read", offices=[office])
    url = f"{BASE}/services.json"
    assert "api_key" in refused(client.get(url), 401)
    refused(client.get(url, {"api_key": "miz_nothing_here"}), 401)
    refused(create(client, token, plain), 403)
    refused(client.get(f"{BASE}/requests.json", {"api_key": token}), 403)
    api_client.tokens.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    refused(client.get(url, {"api_key": token}), 401)
    _c, revoked = make_client("services:read", offices=[office])
    _c.tokens.update(revoked_at=timezone.now())
    refused(client.get(url, **bearer(revoked)), 401)
    assert not ServiceRequest.objects.exists()


@pytest.fixture
def filed(submit, office):
    return submit(channel="counter", counter_office=office, actor=None, actor_role="counter_operator")


def test_a_request_by_id_with_its_status_open_or_closed(client, filer, filed):
    url = f"{BASE}/requests/{filed.tracking_code}.json"
    response = client.get(url, {"api_key": filer})
    assert response.status_code == 200, response.content
    [row] = response.json()
    assert row["service_request_id"] == filed.tracking_code and row["status"] == "open"
    assert row["service_code"] == filed.service.service_id and row["status_notes"] == "ثبت‌شده"
    assert row["agency_responsible"] == filed.unit.name and row["lat"] is None
    assert row["expected_datetime"].startswith(filed.due_date.isoformat())
    ServiceRequest.objects.filter(pk=filed.pk).update(state=State.WITHDRAWN)
    assert client.get(url, **bearer(filer)).json()[0]["status"] == "closed"


def test_another_clients_request_and_a_missing_id_are_404(client, filed):
    _c, other = make_client("requests:read", offices=[CounterOfficeFactory(code="9902-02-08")])
    refused(client.get(f"{BASE}/requests/{filed.tracking_code}.json", **bearer(other)), 404)
    assert client.get(f"{BASE}/requests.json", **bearer(other)).json() == []
    refused(client.get(f"{BASE}/requests/1234567890123.json", **bearer(other)), 404)
    refused(client.get(f"{BASE}/requests/not-a-code.json", **bearer(other)), 404)


def test_the_request_list_filters_by_id_service_status_and_dates(client, filer, filed, submit, office, unit):
    other_service = make_service([unit], title="خدمت دیگر")
    second = submit(svc=other_service, channel="counter", counter_office=office, actor=None)
    ServiceRequest.objects.filter(pk=second.pk).update(state=State.REJECTED)
    url = f"{BASE}/requests.json"

    def ids(**query):
        response = client.get(url, {**query, "api_key": filer})
        assert response.status_code == 200, response.content
        return {row["service_request_id"] for row in response.json()}

    assert ids() == {filed.tracking_code, second.tracking_code}
    assert ids(status="open") == {filed.tracking_code}
    assert ids(status="closed") == {second.tracking_code}
    assert ids(service_code=other_service.service_id) == {second.tracking_code}
    assert ids(service_request_id=f"{second.tracking_code},1234567890123") == {second.tracking_code}
    assert ids(start_date=(timezone.now() + dt.timedelta(days=1)).isoformat()) == set()
    assert ids(end_date=(timezone.now() + dt.timedelta(days=1)).isoformat()) == {
        filed.tracking_code,
        second.tracking_code,
    }
    refused(client.get(url, {"status": "pending", "api_key": filer}), 400)
    refused(client.get(url, {"start_date": "دیروز", "api_key": filer}), 422)


def test_the_openapi_schema_is_valid_and_documents_open311(client):
    from openapi_spec_validator import validate

    schema = client.get("/api/openapi.json").json()
    validate(schema)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/open311/v2/requests.json"])
    for path in (
        "/api/open311/v2/services.json",
        "/api/open311/v2/services/{service_code}.json",
        "/api/open311/v2/requests/{service_request_id}.json",
    ):
        operation = paths[path]["get"]
        assert operation["security"] == [{"ClientBearer": []}, {"ClientApiKey": []}]
        assert {"401", "403", "404", "429"} <= set(operation["responses"])
    assert schema["components"]["securitySchemes"]["ClientApiKey"] == {
        "type": "apiKey",
        "in": "query",
        "name": "api_key",
    }


def test_a_second_code_asked_for_too_soon_is_429_with_its_wait(committing_client, filer, plain, outbox):
    refused(create(committing_client, filer, plain), 400)
    again = create(committing_client, filer, plain)
    refused(again, 429)
    assert int(again["Retry-After"]) > 0 and len(outbox) == 1
