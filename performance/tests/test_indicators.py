"""Province-specific indicators (issue 20 item 6): seed 004's appendix 1 read as printed (two
programmes, eighteen sub-programmes, its misprints as findings with their lines) and loaded as
activities of the provinces under P065, listed on each province's page."""

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from performance.data import appendix_1400, extract_1400
from performance.models import Activity, DataValue
from performance.services import set_value
from performance.tests import factories as f

SEED_LINES = extract_1400.SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def appendix():
    return appendix_1400.read_appendix(SEED_LINES)


def test_the_appendix_counts_as_the_seed_prints_it(appendix):
    # an independent count: every text cell after «پیوست 1:» that is no number, header, total or
    # programme title, Cyrillic letters read as Persian, each text once
    start = next(i for i, line in enumerate(SEED_LINES) if line.startswith("پیوست 1:"))
    cells = [c.strip() for line in SEED_LINES[start:] if "\t" in line for c in line.split("\t")]
    programmes = {"فعالیتهای اطلاعرسانی و برنامههای ارتباطی", "تبلیغات محیطی"}
    header = {"ردیف", "عنوان برنامه", "ریز برنامه", "تعداد", "جمع کل", "10,437"}
    texts = {re.sub("бор", "بور", c) for c in cells if c and not c.isdigit() and c not in header | programmes}
    assert len(texts) == 18
    assert [(p["number"], p["title"], len(p["items"])) for p in appendix["programmes"]] == [
        (1, "فعالیتهای اطلاعرسانی و برنامههای ارتباطی", 14),
        (2, "تبلیغات محیطی", 4),
    ]
    items = [i for p in appendix["programmes"] for i in p["items"]]
    assert {i["title"] for i in items} == texts
    assert [i["code"] for i in items] == [f"P065-{n:02d}" for n in range(1, 19)]
    assert appendix["total"] == {"line": 3114, "text": "10,437", "value": 10437}
    assert SEED_LINES[items[0]["line"] - 1].split("\t")[2] == items[0]["title"]


def test_the_appendix_misprints_are_findings_with_their_lines(appendix):
    found = [(x["line"], x["kind"]) for x in appendix["findings"]]
    assert found == [
        (3108, "shifted"),  # «2  تبلیغات محیطی» printed in the sub-programme columns
        (3109, "shifted"),
        (3110, "shifted"),
        (3111, "shifted"),
        (3112, "letters"),  # «بیلборд»: Cyrillic б о р
        (3113, "duplicate"),  # «طرحهای خلاقانه» a second time
    ]
    billboards = next(i for i in appendix["programmes"][1]["items"] if i["line"] == 3112)
    assert billboards["title"] == "طراحی، چاپ و اکران بیلبوردهای شهری و بین شهری"


@pytest.mark.django_db
def test_imported_as_activities_of_the_provinces_under_p065(imported, report_data):
    from performance.importer import import_report

    parent = Activity.objects.get(code="P065")
    indicators = Activity.objects.filter(part_of=parent)
    assert indicators.count() == 18 and imported["province_indicators"] == 18
    assert set(indicators.values_list("scope", flat=True)) == {"provinces"}
    assert set(indicators.values_list("area", flat=True)) == {parent.area_id}
    assert not DataValue.objects.filter(activity__in=indicators).exists()  # nothing printed per indicator
    # the form's total is P065's plan total as the province table prints it
    plans = DataValue.objects.filter(activity=parent, measure="plan", breakdown__code="total")
    assert plans.aggregate(s=Sum("value"))["s"] == report_data["appendix"]["total"]["value"]
    import_report(report_data)
    assert Activity.objects.filter(part_of=parent).count() == 18


@pytest.mark.django_db
def test_a_province_page_lists_its_indicators_with_its_own_figures(imported, client, make_user):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    news = Activity.objects.get(code="P065-03")
    year = f.year(1400)
    set_value(activity=news, org_unit=tehran, period=year, measure="actual", value=42)
    set_value(activity=news, org_unit=yazd, period=year, measure="actual", value=7)
    client.force_login(make_user(role="hq_planner"))
    page = client.get(reverse("performance:province", args=[tehran.code]) + "?year=1400").content.decode()
    assert page.count('data-activity="P065-') == 18
    row = re.search(r'<tr data-activity="P065-03">.*?</tr>', page).group(0)
    assert "انتشار خبر در رسانهها" in row and "۴۲" in row and "۷" not in row
