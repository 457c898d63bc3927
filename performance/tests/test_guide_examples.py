"""The guide's worked example for a provincial system (`/api/guide/provincial/`,
`apiclients.guide`) made step by step against a test world, with its activity and province in
place of the example's: each step answers with the status the page promises, the dry run
writes nothing, and the JSON and CSV imports land the values they send."""

import pytest

from apiclients.guide import EXAMPLE, PAGES
from apiclients.tests.factories import make_client
from apiclients.tests.guide_calls import answered_as_documented, send
from performance.models import DataValue, Measure
from performance.tests.test_api_datavalues import s  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def actual(s):  # noqa: F811
    return DataValue.objects.get(
        activity=s["planned"], org_unit=s["tehran"], period=s["year"], measure=Measure.ACTUAL
    ).value


def test_the_provincial_example_reads_checks_and_sends_values(client, s):  # noqa: F811
    page = PAGES["provincial"]
    token = make_client(*page.scopes, kind=page.kind, provinces=[s["tehran"].province])[1]
    values = {**EXAMPLE, "activity": s["planned"].code, "unit": s["tehran"].code, "period": "1400"}
    seen = []
    for call in page.calls(values):
        response = send(client, call, token)
        answered_as_documented(response, call)
        if call.query.get("format") == "csv":
            assert f"{values['activity']},total,{values['unit']},1400,actual,15," in response.content.decode()
        if call.method == "POST":
            assert not response.json()["errors"], response.json()
            seen.append(actual(s))
    assert seen == [15, 18, 19]  # the dry run wrote nothing; JSON sent 18, the CSV 19
