"""Request-level: a national complaint system pushes its complaints (scope `complaints:file`, a
client of kind «سامانه شکایات» linked to its system): each lands once by (system, reference), also
when two identical pushes race on two database connections; every refusal is Persian and changes
nothing; the system reads a complaint's status by its own reference."""

import copy
import functools
import json
import re
import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from accounts.models import User
from apiclients.models import ApiCall, ApiClient
from apiclients.tests.factories import bearer, make_client
from complaints import imports, national
from complaints.models import Complaint, ExternalSystem, Source, SystemLink
from complaints.tests.test_import import csv_file, row
from core.testing import at_once, shared_by_threads
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest

PERSIAN = re.compile(r"[\u0600-\u06FF]")
PERSON = national_code_with_check_digit("333444555")
OTHER = national_code_with_check_digit("444555666")
URL = "/api/complaints/"

BODY = {
    "external_reference": "111-1404-0008123",
    "subject": "رفتار و پاسخگویی کارکنان",
    "text": "برای پیگیری پرونده سه بار مراجعه کردم و پاسخی نگرفتم.",
    "complainant": {
        "national_code": PERSON,
        "mobile": "09121234567",
        "first_name": "مریم",
        "last_name": "احمدی",
    },
    "province": "IR-99",
    "received": "1404/08/01",
}


def body(**changes) -> dict:
    data = copy.deepcopy(BODY)
    data.update(changes)
    return data


def push(client, token, data, **extra):
    payload = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(URL, payload, content_type="application/json", **bearer(token), **extra)


def linked(*scopes, system=ExternalSystem.SAMAD, kind=ApiClient.Kind.COMPLAINTS):
    client, token = make_client(*scopes, kind=kind)
    SystemLink.objects.create(client=client, system=system)
    return token


@pytest.fixture
def samad(db):
    return linked("complaints:file")


@pytest.fixture
def world(complaint_service, seeded_subjects, directorate, inspection):
    return complaint_service


def nothing_changed(users_before: int):
    assert not Complaint.objects.exists() and not ServiceRequest.objects.exists()
    assert User.objects.count() == users_before


def refused(response, status):
    assert response.status_code == status, response.content
    assert PERSIAN.search(response.json()["detail"]), response.json()


@pytest.mark.django_db
def test_a_pushed_complaint_lands_once_with_its_reference(client, samad, world, directorate):
    first = push(client, samad, body())
    assert first.status_code == 201, first.content
    answer = first.json()
    complaint = Complaint.objects.get()
    assert answer["request"]["tracking_code"] == complaint.request.tracking_code
    assert (answer["system"], answer["external_reference"]) == ("samad", "111-1404-0008123")
    assert complaint.source == Source.NATIONAL_SYSTEM and complaint.external_system == ExternalSystem.SAMAD
    assert complaint.received_on.isoformat() == "2025-10-23"  # 1404/08/01
    assert complaint.request.unit == directorate  # about no unit, in the province it names
    assert complaint.request.applicant.national_code == PERSON
    submit = complaint.request.events.get(name="submit")
    assert submit.actor is None and submit.actor_role == national.SYSTEM_ROLE
    again = push(client, samad, body(text="متن دیگری برای همان شکایت"))
    assert (
        again.status_code == 200
        and again.json()["request"]["tracking_code"] == complaint.request.tracking_code
    )
    assert Complaint.objects.count() == 1 and ServiceRequest.objects.count() == 1
    assert list(ApiCall.objects.filter(path=URL).order_by("pk").values_list("status", flat=True)) == [
        201,
        200,
    ]


@pytest.mark.django_db
def test_the_file_import_and_the_push_are_one_complaint(client, samad, world, importer):
    """The same service lands both: a row of a staff file import is the same complaint as a push."""
    client.force_login(importer)
    client.post(
        "/complaints/import/",
        {"file": csv_file([row("111-1404-0008123", code=PERSON, mobile="09121234567")])},
    )
    assert Complaint.objects.count() == 1
    client.logout()
    answer = push(client, samad, body())
    assert answer.status_code == 200
    assert answer.json()["request"]["tracking_code"] == Complaint.objects.get().request.tracking_code
    assert (
        imports.import_complaints(
            user=importer, upload=csv_file([row("111-1404-0008123")]), dry_run=False
        ).skipped
        == 1
    )


@pytest.mark.django_db
def test_a_complaint_about_a_unit_goes_above_it_and_its_status_is_read_by_reference(
    client, samad, world, directorate, inspection
):
    assert push(client, samad, body(unit="IR-99", province="")).status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.complained_unit == directorate and complaint.request.unit == inspection
    status = client.get(f"{URL}111-1404-0008123", **bearer(samad))
    assert status.status_code == 200
    assert (
        status.json()["request"]["state"] == "submitted" and status.json()["complained_unit_code"] == "IR-99"
    )
    refused(client.get(f"{URL}unknown-ref", **bearer(samad)), 404)
    # Another national system's client does not read SAMAD's complaint by the same reference.
    sina = linked("complaints:file", system=ExternalSystem.SINA)
    refused(client.get(f"{URL}111-1404-0008123", **bearer(sina)), 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("no_scope", 403),  # a complaint system without the scope
        ("association", 403),  # the scope, but counter-office software
        ("unlinked", 403),  # a complaint system no one linked to a national system
        ("other_system", 403),  # SINA's client says it is SAMAD's
        ("no_token", 401),
    ],
)
def test_who_may_push(client, world, who, status):
    users = User.objects.count()
    tokens = {
        "no_scope": lambda: linked("requests:read"),
        "association": lambda: linked("complaints:file", kind=ApiClient.Kind.ASSOCIATION),
        "unlinked": lambda: make_client("complaints:file", kind=ApiClient.Kind.COMPLAINTS)[1],
        "other_system": lambda: linked("complaints:file", system=ExternalSystem.SINA),
    }
    data = body(system="samad")
    if who == "no_token":
        response = client.post(URL, data, content_type="application/json")
    else:
        response = push(client, tokens[who](), data)
    refused(response, status)
    nothing_changed(users)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ("{not json", 400, "JSON"),
        (body(text=5), 422, "«text» باید متن باشد"),
        (body(complainant="0012345679"), 422, "«complainant."),
        ({"subject": "سایر"}, 422, "«external_reference» لازم است"),
        (body(subject="موضوعی ناشناخته"), 422, "در فهرست موضوعات شکایت نیست"),
        (body(province="IR-77"), 422, "استانی با کد یا نام «IR-77» نیست"),
        (body(unit="NOPE"), 422, "واحدی با کد «NOPE» نیست"),
        (body(unit="HQ-INSPECTION"), 422, "در استان «استان آزمون» نیست"),
        (body(received="1403/07/31"), 422, "روز ۳۱ وجود ندارد"),
        (body(received="2025-02-30"), 422, "وجود ندارد"),
        (body(received="2999-01-01"), 422, "از امروز گذشته"),
        (body(external_reference=" "), 422, "شماره پیگیری سامانه ملی خالی"),
        (body(complainant={"national_code": "1234567890", "mobile": "09121234567"}), 422, "کد ملی"),
        (body(complainant={"national_code": OTHER, "mobile": "09121234567"}), 422, "نام و نام خانوادگی"),
        (body(text="   "), 422, "شرح شکایت را بنویسید"),
    ],
)
def test_bad_input_is_a_persian_refusal_and_changes_nothing(client, samad, world, payload, status, message):
    users = User.objects.count()
    response = push(client, samad, payload)
    refused(response, status)
    assert message in response.json()["detail"], response.json()
    nothing_changed(users)


@pytest.mark.django_db
def test_a_reference_on_file_for_another_complainant_is_a_conflict(client, samad, world, make_user):
    assert push(client, samad, body()).status_code == 201
    before = Complaint.objects.get()
    other = body(
        complainant={"national_code": OTHER, "mobile": "09127654321", "first_name": "ب", "last_name": "ج"}
    )
    refused(push(client, samad, other), 409)
    assert list(Complaint.objects.all()) == [before] and ServiceRequest.objects.count() == 1
    assert not User.objects.filter(national_code=OTHER).exists()


def _push_from_a_thread(token: str, data: dict):
    response = push(Client(), token, data)
    return response.status_code, response.json()["request"]["tracking_code"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("known_person", [False, True], ids=["new complainant", "known complainant"])
def test_two_identical_pushes_at_once_land_one_complaint(tmp_path, world, known_person, make_user):
    """Two threads, two database connections, released together by a barrier, five references."""
    if known_person:
        make_user(national_code=PERSON, mobile="+989121234567")
    token = linked("complaints:file")
    with shared_by_threads(tmp_path):
        for n in range(5):
            data = body(external_reference=f"RACE-{n}")
            results = at_once(*(functools.partial(_push_from_a_thread, token, data) for _ in range(2)))
            assert sorted(status for status, _code in results) == [200, 201], results
            assert results[0][1] == results[1][1]
        assert Complaint.objects.count() == 5 and ServiceRequest.objects.count() == 5
        assert User.objects.filter(national_code=PERSON).count() == 1


@pytest.mark.django_db
def test_an_administrator_links_a_complaint_system_from_the_shell(client, world, monkeypatch):
    api_client, token = make_client("complaints:file", kind=ApiClient.Kind.COMPLAINTS, name="samad-111")
    refused(push(client, token, body()), 403)  # not linked yet
    monkeypatch.setenv("SAMAD_PULL_TOKEN", "remote-secret")
    call_command(
        "complaints_link",
        "samad-111",
        "samad",
        "--pull-url",
        "https://samad.example/api/complaints",
        "--pull-token-env",
        "SAMAD_PULL_TOKEN",
        stdout=StringIO(),
    )
    link = SystemLink.objects.get(client=api_client)
    assert (link.system, link.pull_url, link.pull_token) == (
        "samad",
        "https://samad.example/api/complaints",
        "remote-secret",
    )
    assert push(client, token, body()).status_code == 201
    make_client("complaints:file", name="assoc")
    for args, message in [
        (["assoc", "sina"], "سامانه شکایات"),
        (["nobody", "sina"], "ثبت نشده است"),
        (["samad-111", "samad", "--pull-url", "ftp://samad.example/x"], "نشانی"),
        (["samad-111", "samad", "--pull-token-env", "NOT_SET_ANYWHERE"], "تعریف نشده"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("complaints_link", *args, stdout=StringIO())
    assert SystemLink.objects.get().pull_url == "https://samad.example/api/complaints"


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_complaint_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    post = schema["paths"]["/api/complaints/"]["post"]
    assert PERSIAN.search(post["summary"]) and "external_reference" in post["description"]
    assert {"200", "201", "403", "409", "422"} <= set(post["responses"])
    assert "get" in schema["paths"]["/api/complaints/{reference}"]
    example = schema["components"]["schemas"]["ComplaintIn"]["examples"][0]
    assert example["system"] == "samad" and example["received"] == "1404/08/01"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("known_person", [False, True], ids=["new complainant", "known complainant"])
def test_two_pushes_both_past_the_check_file_one_complaint_on_postgresql(world, known_person, make_user):
    """The race forced, not hoped for: the complaints table is locked against inserts, so both
    pushes look, find nothing, and block writing; released, one commits and the other meets the
    unique constraints and answers with the winner's complaint."""
    if connection.vendor != "postgresql":
        pytest.skip("table locks are PostgreSQL's; SQLite serialises writers (the test above covers it)")
    if known_person:
        make_user(national_code=PERSON, mobile="+989121234567")
    token = linked("complaints:file")
    pushes = [functools.partial(_push_from_a_thread, token, body()) for _ in range(2)]
    results: list = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE complaints_complaint IN EXCLUSIVE MODE")  # reads pass, inserts wait
        racing = threading.Thread(target=lambda: results.extend(at_once(*pushes)))
        racing.start()
        waiting = 0
        for _ in range(600):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one snapshot per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchone()[0]
            if waiting >= 2:
                break
            time.sleep(0.05)
        assert waiting == 2, "both pushes should be past the check and waiting to write"
    racing.join(timeout=60)
    assert sorted(status for status, _code in results) == [200, 201], results
    assert results[0][1] == results[1][1]
    assert Complaint.objects.count() == 1 and ServiceRequest.objects.count() == 1
    assert User.objects.filter(national_code=PERSON).count() == 1
