"""The guide's worked example for a national complaint system (`/api/guide/complaints/`,
`apiclients.guide`) made step by step against a test world, with its complainant and province in
place of the example's: the push answers 201, the same push again 200 with nothing landed twice,
and the status by the national reference 200, as the page promises."""

import pytest

from apiclients.guide import EXAMPLE, PAGES
from apiclients.tests.guide_calls import answered_as_documented, send
from complaints.models import Complaint
from complaints.tests.test_api import BODY, linked, world  # noqa: F401 (a fixture)


@pytest.mark.django_db
def test_the_complaint_system_example_lands_a_complaint_once(client, world):  # noqa: F811
    page = PAGES["complaints"]
    token = linked(*page.scopes)
    values = {
        **EXAMPLE,
        "national_code": BODY["complainant"]["national_code"],
        "province": BODY["province"],
        "subject": BODY["subject"],
    }
    answers = []
    for call in page.calls(values):
        response = send(client, call, token)
        answered_as_documented(response, call)
        answers.append(response.json())
    complaint = Complaint.objects.get()
    assert complaint.external_reference == EXAMPLE["reference"]
    codes = {answer["request"]["tracking_code"] for answer in answers}
    assert codes == {complaint.request.tracking_code}
