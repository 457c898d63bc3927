"""Scoring: the registry of computations a criterion may use, the score of a file, and its rank.

A criterion (a `Criterion` row) names a computation from `COMPUTATIONS`, an optional parameter,
the points per unit and a cap. A computation turns the file's declared and verified data into a
number of units; the criterion's points are `min(units × points, max_points)`. Negative points
are the penalties of the violations the holder declared. The rank comes from `RankThreshold`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Computation:
    """`label` is for whoever configures criteria in the admin (it says what the parameter means);
    `explanation` is the plain line a holder reads under a criterion in the score breakdown."""

    label: str
    func: Callable[[object, str], Decimal]
    needs_parameter: bool = False
    explanation: str = ""

    @property
    def for_holder(self) -> str:
        return self.explanation or self.label


def _count(qs) -> Decimal:
    return Decimal(qs.count())


def _staff(declaration, _param):
    return _count(declaration.staff.all())


def _disabled_staff(declaration, _param):
    return _count(declaration.staff.filter(is_disabled=True))


def _female_staff(declaration, _param):
    return _count(declaration.staff.filter(gender="female"))


def _qualified_experts(declaration, param):
    qs = declaration.staff.filter(discipline__isnull=False)
    if param:
        qs = qs.filter(discipline__code=param)
    return _count(qs)


def _facilities(declaration, _param):
    return _count(declaration.facilities.all())


def _facility(declaration, param):
    return Decimal(int(declaration.facilities.filter(code=param).exists()))


def _contracts(declaration, _param):
    return Decimal(declaration.contracts_count or 0)


def _legal_person(declaration, _param):
    return Decimal(int(declaration.is_legal))


def _documents_complete(declaration, _param):
    from counters.models import DeclarationDocument

    have = set(declaration.documents.values_list("kind", flat=True))
    return Decimal(int(have >= set(DeclarationDocument.Kind.values)))


def _fraction(value) -> Decimal:
    return (Decimal(value) / HUNDRED) if value is not None else Decimal(0)


def _recipients_score(declaration, _param):
    return _fraction(declaration.recipients_score)


def _association_score(declaration, _param):
    return _fraction(declaration.association_score)


COMPUTATIONS: dict[str, Computation] = {
    "staff_count": Computation("تعداد کارکنان ثبت‌شده", _staff),
    "disabled_staff": Computation("تعداد کارکنان معلول", _disabled_staff),
    "female_staff": Computation("تعداد کارکنان زن", _female_staff),
    "qualified_experts": Computation(
        "تعداد کارشناسان صلاحیت‌دار (پارامتر: کد رشته، خالی = همه رشته‌ها)",
        _qualified_experts,
        explanation="تعداد کارشناسان صلاحیت‌دار ثبت‌شده در پرونده",
    ),
    "facilities_count": Computation("تعداد امکانات و تجهیزات علامت‌خورده", _facilities),
    "facility": Computation(
        "داشتن یک قلم از امکانات (پارامتر: کد آن)",
        _facility,
        needs_parameter=True,
        explanation="داشتن این قلم از امکانات",
    ),
    "contracts_count": Computation("تعداد قراردادهای ارائه خدمت", _contracts),
    "legal_person": Computation("شخصیت حقوقی دفتر", _legal_person),
    "documents_complete": Computation("کامل بودن همه مدارک", _documents_complete),
    "recipients_score": Computation("امتیاز دریافت‌کنندگان خدمت (درصد، ثبت کارشناس منطقه)", _recipients_score),
    "association_score": Computation("امتیاز انجمن صنفی (درصد، ثبت کارشناس منطقه)", _association_score),
}


# Computations whose units never exceed 1 (yes/no, or a percentage as a fraction).
AT_MOST_ONE_UNIT = {"facility", "legal_person", "documents_complete", "recipients_score", "association_score"}


def highest_possible() -> Decimal | None:
    """The most positive points the active criteria can give, or None when some criterion counts
    without a cap (then there is no ceiling to check a score against)."""
    from counters.models import Criterion

    total = Decimal(0)
    for criterion in Criterion.objects.filter(is_active=True):
        if criterion.max_points is not None:
            total += (
                min(criterion.max_points, criterion.points)
                if criterion.computation in AT_MOST_ONE_UNIT
                else criterion.max_points
            )
        elif criterion.computation in AT_MOST_ONE_UNIT:
            total += criterion.points
        else:
            return None
    return total.quantize(TWO_PLACES)


def computation_choices() -> list[tuple[str, str]]:
    return [(key, c.label) for key, c in COMPUTATIONS.items()]


@dataclass
class Line:
    title: str
    units: Decimal
    points: Decimal
    detail: str = ""


@dataclass
class Score:
    positive: list[Line] = field(default_factory=list)
    negative: list[Line] = field(default_factory=list)
    rank: int | None = None
    rank_title: str = ""

    @property
    def positive_total(self) -> Decimal:
        return sum((line.points for line in self.positive), Decimal(0))

    @property
    def negative_total(self) -> Decimal:
        return sum((line.points for line in self.negative), Decimal(0))

    @property
    def total(self) -> Decimal:
        return max(Decimal(0), self.positive_total - self.negative_total).quantize(TWO_PLACES)

    def as_json(self) -> dict:
        def lines(items):
            return [
                {"title": i.title, "units": str(i.units), "points": str(i.points), "detail": i.detail}
                for i in items
            ]

        return {
            "positive": lines(self.positive),
            "negative": lines(self.negative),
            "positive_total": str(self.positive_total),
            "negative_total": str(self.negative_total),
            "total": str(self.total),
            "rank": self.rank,
            "rank_title": self.rank_title,
        }


def rank_for(score: Decimal) -> tuple[int | None, str]:
    """The best rank whose threshold the score reaches (table 5-2), or (None, "")."""
    from counters.models import RankThreshold

    threshold = RankThreshold.objects.filter(min_score__lte=score).order_by("rank").first()
    return (threshold.rank, threshold.title) if threshold else (None, "")


def compute(declaration) -> Score:
    """The live score of a file from its current data and the current configuration."""
    from counters.models import Criterion, ViolationAnswer

    score = Score()
    for criterion in Criterion.objects.filter(is_active=True):
        computation = COMPUTATIONS.get(criterion.computation)
        if computation is None:
            continue
        units = computation.func(declaration, criterion.parameter)
        points = units * criterion.points
        if criterion.max_points is not None:
            points = min(points, criterion.max_points)
        score.positive.append(
            Line(criterion.title, units, points.quantize(TWO_PLACES, ROUND_HALF_UP), computation.for_holder)
        )
    answers = ViolationAnswer.objects.filter(declaration=declaration, committed=True).select_related("item")
    for answer in answers:
        score.negative.append(
            Line(answer.item.title, Decimal(1), answer.item.penalty_points, answer.description)
        )
    score.rank, score.rank_title = rank_for(score.total)
    return score
