"""Request-level: a client system files a request for an applicant confirmed by their one-time code
(scope `requests:file`), and posts messages and documents and withdraws for the applicant
(`requests:write`) — only at its own counter offices, each refusal Persian and changing nothing."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role, User
from apiclients.models import ApiCall
from apiclients.tests.factories import bearer, make_client
from catalogue.tests.factories import ServiceFieldFactory
from core.validators import national_code_with_check_digit
from desk.api_write import idempotency_key_of
from desk.models import Document, Message, ServiceRequest
from desk.tests.factories import docx_bytes, pdf_file
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db

NEW_CODE = national_code_with_check_digit("555666778")
MOBILE = "09351112244"
PERSIAN = re.compile(r"[\u0600-\u06FF]")


def start(client, token, service, office, **extra):
    body = {
        "service_id": service.service_id,
        "office": office.code,
        "national_code": NEW_CODE,
        "mobile": MOBILE,
    }
    return client.post(
        "/api/desk/intake/start", {**body, **extra}, content_type="application/json", **bearer(token)
    )


def file(client, token, service, office, otp, *, key="key-00000001", answers=None, document=None, **extra):
    doc = service.documents.get(required=True)
    data = {
        "service_id": service.service_id,
        "office": office.code,
        "national_code": NEW_CODE,
        "mobile": MOBILE,
        "first_name": "رضا",
        "last_name": "کشاورز",
        "otp": otp,
        "client_key": key,
        "answers": answers if isinstance(answers, str) else json.dumps(answers or {"product_name": "کاشی"}),
        f"document_{doc.pk}": document or pdf_file(),
        **extra,
    }
    return client.post("/api/desk/intake/file", data, **bearer(token))


def code_from(outbox) -> str:
    return re.search(r"کد: (\d{6})", outbox[-1].text).group(1)


def refused(response, status):
    assert response.status_code == status, response.content
    assert PERSIAN.search(response.json()["detail"])


@pytest.fixture
def filer(office):
    return make_client("requests:file", "requests:read", offices=[office])[1]


def test_a_client_files_for_a_new_applicant_confirmed_by_their_code_once_per_client_key(
    committing_client, filer, office, service, outbox
):
    client = committing_client
    assert start(client, filer, service, office).status_code == 202
    assert outbox[-1].to == "+989351112244" and office.name in outbox[-1].text
    otp = code_from(outbox)
    response = file(client, filer, service, office, otp)
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get()
    assert (
        response.json()["tracking_code"] == request.tracking_code and response.json()["state"] == "submitted"
    )
    assert request.channel == "counter" and request.counter_office == office and request.filed_by is None
    assert request.applicant == User.objects.get(national_code=NEW_CODE)
    assert request.form_data["product_name"] == "کاشی" and request.documents.count() == 1
    submit_event = request.events.get(name="submit")
    assert submit_event.actor is None and submit_event.actor_role == Role.COUNTER_OPERATOR
    # A replay (the answer was lost) returns the same request, even with the spent code.
    replay = file(client, filer, service, office, otp)
    assert replay.status_code == 200 and replay.json()["tracking_code"] == request.tracking_code
    assert ServiceRequest.objects.count() == 1
    # The same key for another applicant is refused.
    other = national_code_with_check_digit("555666779")
    conflict = file(client, filer, service, office, otp, national_code=other)
    refused(conflict, 409)
    assert ServiceRequest.objects.count() == 1
    # Every call is in the client's call log with its status.
    calls = ApiCall.objects.filter(path="/api/desk/intake/file").order_by("at", "pk")
    assert list(calls.values_list("status", flat=True)) == [201, 200, 409]


def test_a_wrong_code_files_nothing(committing_client, filer, office, service, outbox):
    start(committing_client, filer, service, office)
    wrong = "000000" if code_from(outbox) != "000000" else "111111"
    refused(file(committing_client, filer, service, office, wrong), 422)
    assert not ServiceRequest.objects.exists() and not User.objects.filter(national_code=NEW_CODE).exists()


def test_only_at_the_clients_own_offices_and_only_with_the_scope(committing_client, office, service, outbox):
    _c, writer = make_client("requests:write", offices=[office])
    response = file(committing_client, writer, service, office, "123456")
    assert response.status_code == 403 and "requests:file" in response.json()["detail"]
    elsewhere = CounterOfficeFactory(code="9902-02-09")
    _c, token = make_client("requests:file", offices=[office])
    refused(start(committing_client, token, service, elsewhere), 403)
    _c, reader = make_client("requests:read", offices=[office])
    response = start(committing_client, reader, service, office)
    assert response.status_code == 403 and "requests:file" in response.json()["detail"]
    assert not outbox


GOOD = {"product_name": "کاشی", "made_on": "1404/01/15"}


@pytest.mark.parametrize(
    "answers, document, message",
    [
        ("not json", None, "answers"),
        ({"product_name": "کاشی", "made_on": "1404/12/31"}, None, "تاریخ ساخت"),
        (
            {"product_name": "کاشی", "made_on": "1404/01/15"},
            pdf_file("fake.pdf", docx_bytes()),
            "گزارش آزمون",
        ),
        ({"made_on": "1404/01/15"}, None, "نام کالا"),
    ],
)
def test_bad_answers_and_files_are_refused_before_the_code_is_spent(
    committing_client, filer, office, service, outbox, answers, document, message
):
    ServiceFieldFactory(service=service, name="made_on", label="تاریخ ساخت", kind="jalali_date", order=3)
    start(committing_client, filer, service, office)
    otp = code_from(outbox)
    response = file(committing_client, filer, service, office, otp, answers=answers, document=document)
    refused(response, 422)
    assert message in response.json()["detail"]
    assert not ServiceRequest.objects.exists()
    # The code was not spent: the same code files once the input is right.
    assert file(committing_client, filer, service, office, otp, answers=GOOD).status_code == 201


def test_a_filing_refused_inside_its_transaction_leaves_the_code_for_the_retry(
    committing_client, filer, office, service, outbox, monkeypatch
):
    """The code is spent in the filing's own transaction: when the filing is refused there (here
    any refusal of `submit_request`), the code goes back with everything else, and the retry
    files with it; once filed, the code is spent."""
    from desk.services import counter

    start(committing_client, filer, service, office)
    otp = code_from(outbox)
    real = counter.submit_request

    def refuse(**kwargs):
        raise ValidationError("ثبت درخواست ممکن نشد.", code="refused")

    monkeypatch.setattr(counter, "submit_request", refuse)
    refused(file(committing_client, filer, service, office, otp), 422)
    assert not ServiceRequest.objects.exists() and not User.objects.filter(national_code=NEW_CODE).exists()
    monkeypatch.setattr(counter, "submit_request", real)
    assert file(committing_client, filer, service, office, otp).status_code == 201
    refused(file(committing_client, filer, service, office, otp, key="key-00000002"), 422)  # spent
    assert ServiceRequest.objects.count() == 1


def test_a_bad_client_key_and_a_fifty_megabyte_body_are_refused(client, filer, office, service):
    refused(file(client, filer, service, office, "123456", key="kort"), 422)
    # JSON instead of the multipart form: the form's fields are missing.
    as_json = post(client, filer, "/api/desk/intake/file", {"service_id": service.service_id})
    refused(as_json, 422)
    assert "otp" in as_json.json()["detail"]
    big = pdf_file("big.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    response = file(client, filer, service, office, "123456", document=big)
    refused(response, 413)
    assert not ServiceRequest.objects.exists()


def test_a_nul_in_a_form_field_is_a_json_400_and_files_nothing(client, filer, office, service):
    # schemathesis sent binary parts; the NUL check answered with the HTML 400 page (core.middleware).
    response = file(client, filer, service, office, "123456", first_name="ر\x00ضا")
    refused(response, 400)
    assert response["Content-Type"] == "application/json" and "NUL" in response.json()["detail"]
    assert not ServiceRequest.objects.exists()


@pytest.fixture
def filed(submit, operator, office):
    return submit(channel="counter", counter_office=office, actor=operator, actor_role=Role.COUNTER_OPERATOR)


@pytest.fixture
def writer(office):
    return make_client("requests:write", offices=[office])[1]


def post(client, token, path, body):
    return client.post(path, body, content_type="application/json", **bearer(token))


def test_a_message_for_the_applicant(client, writer, filed, applicant):
    path = f"/api/desk/requests/{filed.tracking_code}/messages"
    response = post(client, writer, path, {"body": "برچسب کالا پیوست می‌شود."})
    assert (
        response.status_code == 200 and response.json()["messages"][-1]["body"] == "برچسب کالا پیوست می‌شود."
    )
    message = Message.objects.get()
    assert message.author == applicant and not message.from_staff
    assert filed.events.filter(name="message").exists()
    # Bad input: not JSON, wrong type, markup; nothing more stored.
    bad = client.post(path, "{not json", content_type="application/json", **bearer(writer))
    refused(bad, 400)
    refused(post(client, writer, path, {"body": 5}), 422)
    refused(post(client, writer, path, {"body": "<script>x</script>"}), 422)
    assert Message.objects.count() == 1


def test_another_clients_request_and_a_missing_scope(client, filed, office):
    _c, other = make_client("requests:write", offices=[CounterOfficeFactory(code="9902-02-08")])
    path = f"/api/desk/requests/{filed.tracking_code}/messages"
    refused(post(client, other, path, {"body": "سلام"}), 404)
    _c, reader = make_client("requests:read", "requests:file", offices=[office])
    for action in ("messages", "documents", "withdraw"):
        response = post(
            client, reader, f"/api/desk/requests/{filed.tracking_code}/{action}", {"body": "سلام"}
        )
        assert response.status_code == 403 and "requests:write" in response.json()["detail"]
        assert client.post(f"/api/desk/requests/{filed.tracking_code}/{action}").status_code == 401
    refused(post(client, other, f"/api/desk/requests/{filed.tracking_code}/withdraw", {}), 404)
    assert not Message.objects.exists() and ServiceRequest.objects.get().state == "submitted"


def test_a_document_for_the_applicant(client, writer, filed):
    path = f"/api/desk/requests/{filed.tracking_code}/documents"
    response = client.post(path, {"file": pdf_file("label.pdf")}, **bearer(writer))
    assert response.status_code == 200, response.content
    assert response.json()["messages"][-1]["attachments"] == ["label.pdf"]
    assert Document.objects.filter(request=filed, kind=Document.Kind.ATTACHMENT).count() == 1
    fake = client.post(path, {"file": pdf_file("fake.pdf", docx_bytes())}, **bearer(writer))
    refused(fake, 422)
    big = pdf_file("big.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    refused(client.post(path, {"file": big}, **bearer(writer)), 413)
    assert Document.objects.filter(kind=Document.Kind.ATTACHMENT).count() == 1


def test_withdraw_for_the_applicant(client, writer, filed, applicant):
    path = f"/api/desk/requests/{filed.tracking_code}/withdraw"
    response = post(client, writer, path, {"note": ""})
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    event = filed.events.get(name="withdraw")
    assert event.actor == applicant and event.actor_role == Role.APPLICANT
    refused(post(client, writer, path, {}), 422)
    refused(
        post(client, writer, f"/api/desk/requests/{filed.tracking_code}/messages", {"body": "باز هم"}), 422
    )


@given(client_id=st.integers(min_value=1, max_value=10**9), text=st.text(max_size=80))
def test_a_client_key_is_accepted_only_as_documented_and_fits_the_column(client_id, text):
    try:
        key = idempotency_key_of(client_id, text)
    except ValidationError as exc:
        assert re.fullmatch(r"[A-Za-z0-9._:-]{8,48}", text) is None and "client_key" in exc.messages[0]
    else:
        assert key == f"api-{client_id}-{text}" and len(key) <= 64 and "\n" not in key


def test_a_provincial_client_files_at_the_offices_of_its_province(
    committing_client, province, office, service, outbox
):
    _c, token = make_client("requests:file", provinces=[province])
    assert start(committing_client, token, service, office).status_code == 202
    response = file(committing_client, token, service, office, code_from(outbox))
    assert response.status_code == 201 and ServiceRequest.objects.get().counter_office == office


def test_the_schema_documents_the_write_endpoints_with_their_bearer(client):
    schema = client.get("/api/openapi.json").json()
    paths = {
        "/api/desk/intake/start": "application/json",
        "/api/desk/intake/file": "multipart/form-data",
        "/api/desk/requests/{code}/messages": "application/json",
        "/api/desk/requests/{code}/documents": "multipart/form-data",
        "/api/desk/requests/{code}/withdraw": "application/json",
    }
    for path, content in paths.items():
        operation = schema["paths"][path]["post"]
        assert (
            operation["security"] == [{"ClientBearer": []}] and content in operation["requestBody"]["content"]
        )
        assert {"401", "403", "404", "422"} <= set(operation["responses"])


def test_the_file_endpoints_accept_their_files_bytes_and_the_others_only_form_fields(rf, office, service):
    from django.urls import resolve

    from core.bodylimit import body_limit
    from desk import uploads

    def limit(path):
        match = resolve(path)
        return body_limit(rf.post(path), match.func, match.args, match.kwargs)

    base = settings.MIZ_REQUEST_MAX_BYTES
    assert limit("/api/desk/requests/0599336574557/documents") == base + 2 * uploads.ATTACHMENT_MAX_BYTES
    assert limit("/api/desk/intake/file") == base + 2 * uploads.largest_application_bytes() > base
    assert limit("/api/desk/requests/0599336574557/messages") == base
    # A larger document is the new limit at once (the limit is read, not kept: decision 0121).
    document = service.documents.get(required=True)
    document.max_size_bytes = uploads.largest_application_bytes() + 7
    document.save()
    assert limit("/api/desk/intake/file") == base + 2 * uploads.largest_application_bytes() > base
    assert uploads.largest_application_bytes() >= document.max_size_bytes
