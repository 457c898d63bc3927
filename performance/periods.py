"""Periods as people type them and as URLs carry them: «1400» (a year), «1400Q2» or «1400-Q2»
(a quarter), «140003» or «1400-03» or «1400/03» (a month), in any digits (Persian, Arabic or
ASCII); a period that does not exist (month 13, quarter 5) is a Persian error, never a guess.

Also the periods around one: the ones that contain it (a month's quarter and year, whose lock
closes it too) and the same period a year earlier (year-over-year compares like with like)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.text import normalize_digits, to_persian_digits
from performance.models import Period

YEARS = (1300, 1500)
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?:[-/]?[Qq](?P<quarter>\d{1,2}))|(?:[-/]?(?P<month>\d{1,2})))?$")


@dataclass(frozen=True)
class PeriodKey:
    kind: str
    year: int
    number: int = 0

    @property
    def code(self) -> str:
        return Period.make_code(self.kind, self.year, self.number)

    def previous_year(self) -> "PeriodKey":
        """The same month, quarter or year one year earlier."""
        return PeriodKey(self.kind, self.year - 1, self.number)

    def containing(self) -> list["PeriodKey"]:
        """The periods this one lies in (a month: its quarter and its year; a quarter: its year)."""
        if self.kind == Period.Kind.MONTH:
            return [PeriodKey(Period.Kind.QUARTER, self.year, (self.number - 1) // 3 + 1), self.of_year()]
        if self.kind == Period.Kind.QUARTER:
            return [self.of_year()]
        return []

    def of_year(self) -> "PeriodKey":
        return PeriodKey(Period.Kind.YEAR, self.year)

    def label(self) -> str:
        return str(Period(kind=self.kind, year=self.year, number=self.number))


def check(kind: str, year: int, number: int = 0) -> PeriodKey:
    """The period, or a Persian error saying what does not exist."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValidationError(
            f"سال {to_persian_digits(year)} پذیرفته نیست؛ سال باید از "
            f"{to_persian_digits(YEARS[0])} تا {to_persian_digits(YEARS[1])} باشد."
        )
    if kind == Period.Kind.YEAR:
        return PeriodKey(kind, year)
    if kind == Period.Kind.QUARTER and not 1 <= number <= 4:
        raise ValidationError(f"فصل {to_persian_digits(number)} وجود ندارد؛ فصل باید از ۱ تا ۴ باشد.")
    if kind == Period.Kind.MONTH and not 1 <= number <= 12:
        raise ValidationError(f"ماه {to_persian_digits(number)} وجود ندارد؛ ماه باید از ۱ تا ۱۲ باشد.")
    if kind not in Period.Kind.values:
        raise ValidationError("نوع دوره باید سال، فصل یا ماه باشد.")
    return PeriodKey(kind, year, number)


def parse(text: str) -> PeriodKey:
    """«۱۴۰۰Q۲», «1400-03», «١٤٠٠» … → the period; anything else → a Persian error."""
    cleaned = normalize_digits(str(text or "")).strip()
    match = _PATTERN.match(cleaned)
    if not match:
        raise ValidationError(
            f"دوره «{text}» شناخته نیست؛ مانند ۱۴۰۰ (سال)، ۱۴۰۰Q2 (فصل) یا ۱۴۰۰-۰۳ (ماه) بنویسید."
        )
    year = int(match["year"])
    if match["quarter"] is not None:
        return check(Period.Kind.QUARTER, year, int(match["quarter"]))
    if match["month"] is not None:
        return check(Period.Kind.MONTH, year, int(match["month"]))
    return check(Period.Kind.YEAR, year)
