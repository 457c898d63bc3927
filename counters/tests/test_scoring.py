"""Scoring: configurable criteria, violations and thresholds; the breakdown shown to holder and expert."""

from decimal import Decimal

import pytest
from django.urls import reverse

from counters import scoring, services
from counters.models import Criterion, RankThreshold, ViolationItem
from counters.tests.factories import CriterionFactory


def points(score) -> dict[str, Decimal]:
    return {line.title: line.points for line in score.positive}


def test_default_criteria_over_a_filled_legal_file(filled):
    score = scoring.compute(filled)
    assert points(score) == {
        "کامل بودن مستندات": Decimal("5.00"),
        "کارکنان ثبت‌شده": Decimal("4.00"),  # 2 staff × 2
        "به‌کارگیری معلولان": Decimal("3.00"),
        "کارشناسان صلاحیت‌دار": Decimal("5.00"),  # one chemistry expert
        "امکانات و تجهیزات": Decimal("4.00"),
        "قراردادهای ارائه خدمت": Decimal("3.00"),
        "شخصیت حقوقی": Decimal("5.00"),
        "رضایت دریافت‌کنندگان خدمت": Decimal("0.00"),  # entered by the region later
        "ارزیابی انجمن صنفی": Decimal("0.00"),
    }
    assert score.negative_total == Decimal("2.00")  # violation 1 declared
    assert score.total == Decimal("27.00")
    assert (score.rank, score.rank_title) == (4, "د")


def test_recipients_and_association_scores_count_after_approval(submitted, expert):
    declaration = services.approve(
        declaration=submitted, actor=expert, recipients_score=90, association_score=70
    )
    assert declaration.final_score == Decimal("60.00")  # 27 + 25×0.9 + 15×0.7
    assert declaration.rank == 2
    assert declaration.score_breakdown["rank_title"] == "ب"
    assert declaration.score_breakdown["negative_total"] == "2.00"


def test_criteria_points_caps_and_parameters_are_configuration(filled):
    Criterion.objects.filter(code="staff").update(points=Decimal(10), max_points=Decimal(15))
    Criterion.objects.filter(code="legal").update(is_active=False)
    CriterionFactory(
        code="scanner", title="اسکنر رنگی", computation="facility", parameter="computers", points=Decimal(7)
    )
    score = points(scoring.compute(filled))
    assert score["کارکنان ثبت‌شده"] == Decimal("15.00")  # 2 × 10, capped at 15
    assert "شخصیت حقوقی" not in score
    assert score["اسکنر رنگی"] == Decimal("7.00")  # "computers" is among the four ticked


def test_violation_penalties_and_rank_thresholds_are_configuration(filled):
    ViolationItem.objects.filter(number=1).update(penalty_points=Decimal(10))
    RankThreshold.objects.filter(rank=3).update(min_score=Decimal(15))
    score = scoring.compute(filled)
    assert score.negative_total == Decimal(10)
    assert score.total == Decimal("19.00")
    assert score.rank == 3


def test_the_score_is_never_negative(filled):
    ViolationItem.objects.filter(number=1).update(penalty_points=Decimal(500))
    assert scoring.compute(filled).total == Decimal(0)


def test_default_configuration_follows_the_seed(reference):
    items = ViolationItem.objects.all()
    assert items.count() == 23
    assert items.first().title == "عدم رعایت مقررات طرح اعلام احوال - جریمه ۱۰۰۰۰۰ ریال"
    assert list(RankThreshold.objects.values_list("rank", flat=True)) == [1, 2, 3, 4]
    from counters.defaults import seed_configuration

    assert sum(seed_configuration().values()) == 0  # a second run creates nothing


def test_edited_violation_list_is_what_the_holder_answers(declaration):
    from counters.tests.conftest import fill

    ViolationItem.objects.filter(number__gt=3).update(is_active=False)
    ViolationItem.objects.filter(number=2).update(title="عدم نصب تعرفه خدمات در محل دید")
    fill(declaration, until="staff")
    from counters.forms import ViolationsForm

    form = ViolationsForm(declaration=declaration)
    assert [item.number for item in form.items] == [1, 2, 3]


def test_breakdown_is_shown_to_the_holder_and_the_expert(client, submitted, holder, expert):
    client.force_login(holder)
    html = client.get(reverse("counters:declaration", args=[submitted.pk])).content.decode()
    assert "امتیازات مثبت" in html and "کارشناسان صلاحیت‌دار" in html and "۲۷" in html
    client.force_login(expert)
    html = client.get(reverse("counters:review", args=[submitted.pk])).content.decode()
    assert "امتیازات مثبت" in html and "کارشناسان صلاحیت‌دار" in html and "۲۷" in html


@pytest.mark.parametrize("key", list(scoring.COMPUTATIONS))
def test_every_registered_computation_runs(filled, key):
    value = scoring.COMPUTATIONS[key].func(filled, "chemistry" if key != "facility" else "scanner")
    assert value >= 0


def test_the_holder_reads_no_developer_notes_in_the_breakdown(client, submitted, holder):
    """The admin's computation labels explain the parameter («پارامتر: …»); the holder's page does not."""
    CriterionFactory(
        code="scanner", title="اسکنر رنگی", computation="facility", parameter="scanner", points=Decimal(1)
    )
    client.force_login(holder)
    html = client.get(reverse("counters:declaration", args=[submitted.pk])).content.decode()
    assert "تعداد کارشناسان صلاحیت‌دار ثبت‌شده در پرونده" in html
    assert "پارامتر" not in html and "خالی =" not in html


def test_violation_rows_are_numbered_in_persian_digits(client, declaration, holder):
    from counters.tests.conftest import fill

    fill(declaration, until="staff")
    client.force_login(holder)
    html = client.get(reverse("counters:step", args=[declaration.pk, "ranking"])).content.decode()
    assert "۲۳. عدم رعایت مقررات" in html and "23. " not in html
