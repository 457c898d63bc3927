"""Request-level: client systems read and write plans and actuals as data value sets (JSON and
CSV) at /api/performance/datavaluesets, by scope and places, under the screens' approval and
locking rules; a dry run and every refusal write nothing, and what GET gives is accepted back."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apiclients.tests.factories import bearer, make_client
from performance import datavalues
from performance.models import (
    Activity,
    DataValue,
    DataValueAudit,
    LockException,
    Measure,
    Period,
    PlanVersion,
    Submission,
)
from performance.services import set_value
from performance.tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/performance/datavaluesets"
PERSIAN = re.compile(r"[\u0600-\u06FF]")
WRITES = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?performance_', re.IGNORECASE)


@pytest.fixture
def s(make_user):
    """P900 planned in 1400's version in force for Tehran and Yazd (actual 15 in Tehran); P901 in
    no version; a reader, a writer and a planner for Tehran alone."""
    tehran, yazd = f.province("تهران"), f.province("یزد")
    year, version = f.year(1400), f.plan_version(1400, "1400-v2")
    planned, unplanned = f.activity(code="P900"), f.activity(code="P901")
    for unit, plan in ((tehran, 20), (yazd, 40)):
        set_value(activity=planned, org_unit=unit, period=year, measure=Measure.PLAN, value=plan,
                  plan_version=version)  # fmt: skip
    set_value(activity=planned, org_unit=tehran, period=year, measure=Measure.ACTUAL, value=15)
    set_value(activity=planned, org_unit=yazd, period=year, measure=Measure.ACTUAL, value=25)
    return {
        "tehran": tehran,
        "yazd": yazd,
        "year": year,
        "version": version,
        "planned": planned,
        "unplanned": unplanned,
        "reader": make_client("performance:read", units=[tehran])[1],
        "writer": make_client("performance:read", "performance:write", units=[tehran])[1],
        "planner": make_client("performance:read", "performance:write", "performance:plan", units=[tehran])[
            1
        ],
    }


def row(s, **extra):
    base = {
        "activity": "P900",
        "unit": s["tehran"].code,
        "period": "1400",
        "measure": "actual",
        "value": "18",
    }
    return {**base, **extra}


def post(client, token, rows, *, dry_run=False):
    url = URL + ("?dry_run=1" if dry_run else "")
    return client.post(url, {"data_values": rows}, content_type="application/json", **bearer(token))


def refused(response, status):
    assert response.status_code == status, response.content
    assert PERSIAN.search(response.json()["detail"])
    return response.json()


def stored(s, unit="tehran", measure=Measure.ACTUAL):
    version = s["version"] if measure == Measure.PLAN else None
    return DataValue.objects.get(
        activity=s["planned"], org_unit=s[unit], period=s["year"], measure=measure, plan_version=version
    ).value


def counts():
    return (DataValue.objects.count(), DataValueAudit.objects.count(), Period.objects.count())


def test_each_scope_opens_only_its_operation(client, s):
    assert refused(client.get(URL), 401)
    assert client.get(URL, **bearer(s["reader"])).status_code == 200
    refused(post(client, s["reader"], [row(s)]), 403)
    only_write = make_client("performance:write", units=[s["tehran"]])[1]
    refused(client.get(URL, **bearer(only_write)), 403)
    assert post(client, only_write, [row(s)]).status_code == 200
    assert stored(s) == 18
    other = make_client("requests:read")[1]
    refused(client.get(URL, **bearer(other)), 403)


def test_read_gives_only_the_clients_units_with_its_filters(client, s):
    body = client.get(URL, **bearer(s["reader"])).json()["data_values"]
    assert {r["unit"] for r in body} == {s["tehran"].code}
    assert {(r["measure"], r["value"], r["plan_version"]) for r in body} == {
        ("plan", "20", "1400-v2"),
        ("actual", "15", ""),
    }
    plans = client.get(URL, {"plan_version": "1400-v2"}, **bearer(s["reader"])).json()["data_values"]
    assert [r["measure"] for r in plans] == ["plan"]
    assert client.get(URL, {"period": "1401"}, **bearer(s["reader"])).json()["data_values"] == []
    assert (
        len(
            client.get(URL, {"period": "۱۴۰۰", "activity": "p900"}, **bearer(s["reader"])).json()[
                "data_values"
            ]
        )
        == 2
    )
    refused(client.get(URL, {"unit": s["yazd"].code}, **bearer(s["reader"])), 403)
    refused(client.get(URL, {"period": "1400Q5"}, **bearer(s["reader"])), 422)
    refused(client.get(URL, {"period": "1400-13"}, **bearer(s["reader"])), 422)
    refused(client.get(URL, {"activity": "X1"}, **bearer(s["reader"])), 422)
    refused(client.get(URL, {"format": "xml"}, **bearer(s["reader"])), 422)


def test_monthly_values_are_read_with_their_quarter_and_year(client, s):
    month = f.year(1400)  # the year is stored; a month of its second quarter too
    from performance.services import get_or_create_period

    month = get_or_create_period(kind=Period.Kind.MONTH, year=1400, number=5)
    set_value(activity=s["planned"], org_unit=s["tehran"], period=month, measure=Measure.ACTUAL, value=3)
    by = {p: client.get(URL, {"period": p, "measure": "actual"}, **bearer(s["reader"])).json()["data_values"]
          for p in ("1400Q2", "1400Q1", "1400-05", "1400")}  # fmt: skip
    assert [r["period"] for r in by["1400Q2"]] == ["140005"] == [r["period"] for r in by["1400-05"]]
    assert by["1400Q1"] == []
    assert {r["period"] for r in by["1400"]} == {"1400", "140005"}


def test_a_dry_run_reports_each_row_in_persian_and_writes_nothing(client, s):
    before = counts()
    rows = [
        row(s),  # would change
        row(s, period="140007"),  # a month not stored yet: a real import would store the period
        row(s, activity="NOPE"),
        row(s, period="1400Q5"),
        row(s, value="-3"),
    ]
    with CaptureQueriesContext(connection) as queries:
        response = post(client, s["writer"], rows, dry_run=True)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] and body["imported"] == 0 and body["changed"] == 2
    assert [e["row"] for e in body["errors"]] == [3, 4, 5]
    assert all(PERSIAN.search(m) for e in body["errors"] for m in e["errors"])
    assert "فصل ۵ وجود ندارد" in body["errors"][1]["errors"][0]
    assert not [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert counts() == before and stored(s) == 15


def test_a_dry_run_flag_that_is_not_yes_or_no_is_refused_in_the_sets_own_shape(client, s):
    before = counts()
    for flag in ("abc", "2", "۱"):
        response = client.post(
            f"{URL}?dry_run={flag}",
            {"data_values": [row(s)]},
            content_type="application/json",
            **bearer(s["writer"]),
        )
        body = refused(response, 422)
        assert body["errors"] == [] and body["imported"] == 0
    assert counts() == before
    assert post(client, s["writer"], [row(s)], dry_run=True).json()["dry_run"] is True


def test_an_import_is_all_or_nothing_and_audited_with_the_client(client, s):
    before = counts()
    body = refused(post(client, s["writer"], [row(s, value="19"), row(s, unit="NOWHERE")]), 422)
    assert body["errors"] == [{"row": 2, "errors": ["ردیف ۲: واحد «NOWHERE» وجود ندارد."]}]
    assert counts() == before and stored(s) == 15
    response = post(client, s["writer"], [row(s, value="19"), row(s, period="140007", value="۲")])
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 2 and stored(s) == 19
    audit = DataValueAudit.objects.filter(source="api").order_by("pk").first()
    assert audit.old_value == 15 and audit.new_value == 19 and "client-" in audit.reason


def test_a_unit_outside_the_clients_places_is_refused(client, s):
    before = counts()
    body = refused(post(client, s["writer"], [row(s), row(s, unit=s["yazd"].code)]), 403)
    assert "در مکان‌های این سامانه نیست" in body["errors"][0]["errors"][0]
    assert counts() == before and stored(s, "yazd") == 25


@pytest.mark.parametrize("how", ["approved", "submitted", "deadline"])
def test_a_locked_or_approved_period_is_refused(client, s, how):
    if how == "deadline":
        Period.objects.filter(pk=s["year"].pk).update(lock_after=dt.date(2000, 1, 1))
    else:
        Submission.objects.create(org_unit=s["tehran"], period=s["year"], state=how)
    before = counts()
    refused(post(client, s["writer"], [row(s)]), 409)
    month = refused(post(client, s["writer"], [row(s, period="140003")]), 409)  # a month of a locked year
    assert "بسته است" in month["errors"][0]["errors"][0] or "قفل" in month["errors"][0]["errors"][0]
    assert counts() == before and stored(s) == 15


def test_a_lock_exception_reopens_the_period_as_on_the_screens(client, s, make_user):
    Submission.objects.create(org_unit=s["tehran"], period=s["year"], state="approved")
    LockException.objects.create(org_unit=s["tehran"], period=s["year"], valid_until=dt.date(2100, 1, 1),
                                 reason="اصلاح آمار", granted_by=make_user(role="hq_planner"))  # fmt: skip
    assert post(client, s["writer"], [row(s)]).status_code == 200
    assert stored(s) == 18
    assert "اصلاح آمار" in DataValueAudit.objects.filter(source="api").get().reason


def test_an_activity_not_in_the_plan_version_is_refused(client, s):
    body = refused(post(client, s["writer"], [row(s, activity="P901")]), 422)
    assert "در نسخه برنامه «1400-v2»" in body["errors"][0]["errors"][0]
    refused(
        post(client, s["planner"], [row(s, activity="P901", measure="plan", plan_version="1400-v2")]), 422
    )
    assert not DataValue.objects.filter(activity=s["unplanned"]).exists()


def test_plans_need_the_plan_scope_and_a_version_open_to_change(client, s):
    plan = row(s, measure="plan", value="22", plan_version="1400-v2")
    refused(post(client, s["writer"], [plan]), 403)
    refused(post(client, s["planner"], [row(s, measure="plan", value="22")]), 422)  # no version named
    refused(post(client, s["planner"], [{**plan, "period": "1401"}]), 422)  # a version of another year
    assert post(client, s["planner"], [plan]).status_code == 200 and stored(s, measure=Measure.PLAN) == 22
    PlanVersion.objects.filter(pk=s["version"].pk).update(state="superseded")
    refused(post(client, s["planner"], [{**plan, "value": "23"}]), 409)
    draft = PlanVersion.objects.create(code="1400-r2", title="ویرایش", year=1400, state="draft")
    set_value(activity=s["planned"], org_unit=s["tehran"], period=s["year"], measure=Measure.PLAN, value=22,
              plan_version=draft)  # fmt: skip
    assert post(client, s["planner"], [{**plan, "value": "30", "plan_version": "1400-r2"}]).status_code == 200
    assert DataValue.objects.get(plan_version=draft).value == 30


def test_json_read_is_accepted_back_unchanged(client, s):
    body = client.get(URL, **bearer(s["writer"])).json()
    before = counts()
    response = client.post(URL, body, content_type="application/json", **bearer(s["writer"]))
    assert response.status_code == 200, response.content
    assert response.json()["unchanged"] == 2 and response.json()["imported"] == 0
    assert counts() == before


def test_csv_read_is_accepted_back_unchanged_and_a_changed_csv_is_imported(client, s):
    text = client.get(URL, {"format": "csv"}, **bearer(s["writer"])).content.decode()
    assert text == client.get(URL, HTTP_ACCEPT="text/csv", **bearer(s["writer"])).content.decode()
    assert text.splitlines()[0] == "activity,breakdown,unit,period,measure,value,plan_version"
    before = counts()
    response = client.post(URL, text, content_type="text/csv", **bearer(s["writer"]))
    assert response.status_code == 200 and response.json()["unchanged"] == 2, response.content
    assert counts() == before
    changed = text.replace(",actual,15,", ",actual,16,")
    assert client.post(URL, changed, content_type="text/csv", **bearer(s["writer"])).json()["imported"] == 1
    assert stored(s) == 16
    refused(client.post(URL, "a,b\n1,2\n", content_type="text/csv", **bearer(s["writer"])), 422)


def test_bad_bodies_are_refused_in_persian_and_change_nothing(client, s):
    before = counts()
    refused(client.post(URL, "{not json", content_type="application/json", **bearer(s["writer"])), 400)
    refused(client.post(URL, '{"rows": 1}', content_type="application/json", **bearer(s["writer"])), 422)
    refused(client.post(URL, "[]", content_type="application/json", **bearer(s["writer"])), 422)
    wrong = [row(s, value=True), row(s, value={"n": 1}), row(s, unit=23), row(s, period=["1400"]), "row"]
    body = refused(post(client, s["writer"], wrong), 422)
    assert [e["row"] for e in body["errors"]] == [1, 2, 3, 4, 5]
    assert "«unit» باید متن باشد" in body["errors"][2]["errors"][0]
    months = refused(post(client, s["writer"], [row(s, period="1400-13"), row(s, period="14000")]), 422)
    assert "ماه ۱۳ وجود ندارد" in months["errors"][0]["errors"][0]
    refused(post(client, s["writer"], [row(s, value="1.005"), row(s, measure="target")]), 422)
    refused(post(client, s["writer"], [row(s, plan_version="1400-v2")]), 422)  # an actual has no version
    refused(post(client, s["writer"], [row(s), row(s, value="17")]), 422)  # the same value twice
    assert (
        "در چند بخش"
        in refused(post(client, s["writer"], [row(s)] * (datavalues.MAX_ROWS + 1)), 422)["detail"]
    )
    assert counts() == before and stored(s) == 15


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
CELLS = {
    "activity": st.sampled_from(["P900", "p900", "P901", ""]) | JSON,
    "unit": st.sampled_from(["IR-23", "ir-23", "IR-21"]) | JSON,
    "period": st.sampled_from(["1400", "۱۴۰۰Q۲", "1400-13", "140012", 1400]) | JSON,
    "measure": st.sampled_from(["plan", "actual"]) | JSON,
    "value": st.sampled_from(["15", "1e3", "-0", "NaN", "۱۲٫۵"]) | JSON,
    "plan_version": st.sampled_from(["1400-v2", ""]) | JSON,
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=st.fixed_dictionaries({}, optional=CELLS) | JSON)
def test_any_row_is_read_or_refused_in_persian_without_writing(s, item):
    writer = datavalues.Writer(unit_ids=frozenset({s["tehran"].pk}), plans=True, name="hypothesis")
    before = counts()
    row = datavalues.check(items=[(1, item)], writer=writer).rows[0]
    assert row.errors or row.unchanged or row.value is not None
    assert all(PERSIAN.search(e) for e in row.errors)
    assert counts() == before


def test_the_documented_example_answers_as_docs_api_clients_says(client, s):
    """docs/api-clients.md «Worked example: a provincial system sends Tehran's actuals»."""
    for code, plan, actual in (("P009", 15, 12), ("P010", 5, None)):
        activity = f.activity(code=code)
        set_value(activity=activity, org_unit=s["tehran"], period=s["year"], measure=Measure.PLAN, value=plan,
                  plan_version=s["version"])  # fmt: skip
        if actual is not None:
            set_value(
                activity=activity,
                org_unit=s["tehran"],
                period=s["year"],
                measure=Measure.ACTUAL,
                value=actual,
            )
    token = make_client(
        "performance:read", "performance:write", kind="provincial", provinces=[s["tehran"].province]
    )[1]
    got = client.get(
        URL, {"period": "1400", "activity": "P009", "format": "csv"}, **bearer(token)
    ).content.decode()
    assert got.splitlines() == [
        "activity,breakdown,unit,period,measure,value,plan_version",
        "P009,total,IR-23,1400,actual,12,",
        "P009,total,IR-23,1400,plan,15,1400-v2",
    ]
    sent = got.replace("actual,12,", "actual,14,") + "P010,total,IR-23,140113,actual,3,\r\n"
    answer = client.post(URL + "?dry_run=1", sent, content_type="text/csv", **bearer(token)).json()
    assert answer == {
        "detail": "بررسی بی ثبت: ۱ ردیف خطا دارد.",
        "dry_run": True,
        "rows": 3,
        "changed": 1,
        "unchanged": 1,
        "imported": 0,
        "errors": [{"row": 4, "errors": ["ردیف ۴: ماه ۱۳ وجود ندارد؛ ماه باید از ۱ تا ۱۲ باشد."]}],
    }
    set_value(activity=Activity.objects.get(code="P010"), org_unit=s["tehran"], period=f.year(1401),
              measure=Measure.PLAN, value=5, plan_version=f.plan_version(1401, "1401-v1"))  # fmt: skip
    ok = client.post(URL, sent.replace("140113", "140101"), content_type="text/csv", **bearer(token))
    assert ok.json()["detail"] == "۲ مقدار ثبت شد." and ok.json()["imported"] == 2
    sent = sent.replace("actual,14,", "actual,16,")
    Submission.objects.create(org_unit=s["tehran"], period=s["year"], state="approved")
    answer = client.post(URL, sent.replace("140113", "140101"), content_type="text/csv", **bearer(token))
    assert answer.status_code == 409 and answer.json()["unchanged"] == 2
    assert answer.json()["errors"] == [
        {
            "row": 2,
            "errors": ["ردیف ۲: داده‌های تهران برای سال ۱۴۰۰ تأیید نهایی و قفل شده است."],
        }
    ]
    p009 = DataValue.objects.get(activity__code="P009", measure=Measure.ACTUAL, period=s["year"])
    assert answer.json()["changed"] == 0 and p009.value == 14
