"""Request-level, through the generated Python client (`miz_client`, decision 0107) as a counter
office association's software uses it: list the services, file a request for an applicant
confirmed by their one-time code, read its status; and a refusal arrives as the client's
`ErrorOut` with a Persian sentence. The transport hands each call to Django's test client."""

import io
import json
import re

import pytest
from miz_client.api.catalogue import catalogue_api_service_list
from miz_client.api.desk import desk_api_request_status, desk_api_track
from miz_client.api.desk_intake import desk_api_write_intake_file, desk_api_write_intake_start
from miz_client.models import DeskApiWriteIntakeFileFileIn, ErrorOut, RequestOut, StartIn, TrackIn
from miz_client.types import File

from apiclients.tests.factories import make_client
from apiclients.tests.transport import api_client
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest
from desk.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

NATIONAL_CODE = national_code_with_check_digit("555666771")
MOBILE = "09351112255"
PERSIAN = re.compile(r"[\u0600-\u06FF]")


def test_an_association_lists_services_files_for_an_applicant_and_reads_the_status(office, service, outbox):
    _client, token = make_client("services:read", "requests:file", "requests:read", offices=[office])
    miz = api_client(token)

    services = catalogue_api_service_list.sync(client=miz)
    assert service.service_id in [s.service_id for s in services]

    applicant = {"service_id": service.service_id, "office": office.code, "national_code": NATIONAL_CODE}
    sent = desk_api_write_intake_start.sync_detailed(client=miz, body=StartIn(**applicant, mobile=MOBILE))
    assert sent.status_code == 202 and PERSIAN.search(sent.parsed.detail)
    otp = re.search(r"کد: (\d{6})", outbox[-1].text).group(1)

    form = DeskApiWriteIntakeFileFileIn(
        **applicant,
        mobile=MOBILE,
        otp=otp,
        client_key="assoc-test-0001",
        answers=json.dumps({"product_name": "کاشی"}),
        first_name="رضا",
        last_name="کشاورز",
    )
    document = service.documents.get(required=True)
    form[f"document_{document.pk}"] = File(
        payload=io.BytesIO(PDF_BYTES), file_name="report.pdf", mime_type="application/pdf"
    )
    filed = desk_api_write_intake_file.sync_detailed(client=miz, body=form)
    assert filed.status_code == 201, filed.content
    assert isinstance(filed.parsed, RequestOut) and filed.parsed.state == "submitted"
    request = ServiceRequest.objects.get(tracking_code=filed.parsed.tracking_code)
    assert request.counter_office == office and request.documents.count() == 1

    status = desk_api_request_status.sync(client=miz, code=request.tracking_code)
    assert isinstance(status, RequestOut)
    assert status.tracking_code == request.tracking_code and status.counter_office_code == office.code
    assert [step.order for step in status.steps] == sorted(step.order for step in service.steps.all())


def test_refusals_arrive_as_persian_error_objects(office, service):
    _client, token = make_client("services:read", offices=[office])
    miz = api_client(token)
    refused = desk_api_request_status.sync_detailed(client=miz, code="0412345678903")
    assert refused.status_code == 403 and isinstance(refused.parsed, ErrorOut)
    assert "requests:read" in refused.parsed.detail
    unknown = catalogue_api_service_list.sync_detailed(client=api_client("miz_notatoken_x"))
    assert unknown.status_code == 401 and PERSIAN.search(unknown.parsed.detail)
    # The public tracking lookup needs no token.
    missing = desk_api_track.sync_detailed(
        client=api_client(), body=TrackIn(code="0412345678903", identifier=NATIONAL_CODE)
    )
    assert missing.status_code in (400, 404) and PERSIAN.search(missing.parsed.detail)
