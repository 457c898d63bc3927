"""Dashboards: heat map readable without colour, ranking, plan-versus-actual data, a province's
profile, and year over year when two years exist."""

import json

import pytest
from django.urls import reverse

from performance.models import Activity, Measure
from performance.services import set_value
from performance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, make_user, imported):
    client.force_login(make_user(role="province_manager", scope={"org_unit": f.province("یزد")}))
    return client


def chart_data(page) -> dict:
    text = page.content.decode()
    start = text.index('id="chart-data"')
    start = text.index(">", start) + 1
    return json.loads(text[start : text.index("</script>", start)])


def alborz_1399_at_half():
    """Alborz realised half its plan of national standards (P009) in 1399, the year before."""
    activity = Activity.objects.get(code="P009")
    year, version = f.year(1399), f.plan_version(1399)
    alborz = f.province("البرز")
    set_value(
        activity=activity, org_unit=alborz, period=year, measure=Measure.PLAN, value=10, plan_version=version
    )
    set_value(activity=activity, org_unit=alborz, period=year, measure=Measure.ACTUAL, value=5)
    return alborz


def test_heat_map_cells_carry_number_and_mark(planner_client):
    page = planner_client.get(reverse("performance:dashboard"), {"year": 1400, "activity": "P009"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="heatmap"' in text
    assert '<td class="heat-3">۳۱۰▲▲</td>' in text  # Alborz, national standards, 310%
    assert '<td class="heat-0">۰▼▼</td>' in text  # Lorestan, 0 of 2
    assert "chartjs-4.5.0/chart.umd.min.js" in text


def test_ranking_puts_the_highest_realisation_first(planner_client):
    page = planner_client.get(reverse("performance:dashboard"), {"year": 1400, "activity": "P009"})
    data = chart_data(page)
    assert data["labels"][:2] == ["البرز", "تهران"]  # 310%, 284%
    assert data["percent"][:2] == [310.0, 284.0]
    assert data["plan"][0] == 10.0 and data["actual"][0] == 31.0
    assert data["previous"] is None
    assert "مقایسه با سال" not in page.content.decode()


def test_year_over_year_when_two_years_exist(planner_client):
    alborz_1399_at_half()
    page = planner_client.get(reverse("performance:dashboard"), {"year": 1400, "activity": "P009"})
    data = chart_data(page)
    assert data["previous"][0] == 50.0
    assert "مقایسه با سال ۱۳۹۹" in page.content.decode()


def test_province_profile(planner_client):
    page = planner_client.get(reverse("performance:province", args=["IR-30"]), {"year": 1400})
    assert page.status_code == 200
    text = page.content.decode()
    assert "کارنامه عملکرد استان البرز" in text
    assert "۱ از ۳۱" in text  # first of 31 in national standards
    assert planner_client.get(reverse("performance:province", args=["HQ"])).status_code == 404


def test_the_dashboard_is_read_by_one_selector(imported):
    """`selectors.dashboard` (the page only renders it): an unknown activity reads as the first,
    and the year before is compared only when asked for."""
    from performance import selectors

    alborz = alborz_1399_at_half()
    plan = selectors.plan_version_for(1400)
    board = selectors.dashboard(
        year=1400, plan_version=plan, period=None, activity_code="P009", with_previous=True
    )
    first = board["ranking"][0]
    assert (first["unit"], first["percent"], first["previous"]) == (alborz, 310, 50)
    assert board["chart"]["previous"][0] == 50.0 and board["has_previous"]
    alone = selectors.dashboard(
        year=1400, plan_version=plan, period=None, activity_code="P009", with_previous=False
    )
    assert alone["chart"]["previous"] is None and not alone["has_previous"]
    assert all(r["previous"] is None for r in alone["ranking"])
    unknown = selectors.dashboard(
        year=1400, plan_version=plan, period=None, activity_code="X", with_previous=False
    )
    assert unknown["activity"] == board["matrix"]["activities"][0]
