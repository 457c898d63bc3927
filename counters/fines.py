"""Fines of counter offices (P9): an office's fines per year, computed from its confirmed violations.

A violation counts once the region has approved the file that declares it (approved, under
objection or final): a draft or a file still under review has declared nothing the region has
confirmed. Each confirmed violation costs the fine its item carries (`ViolationItem.fine_rials`,
editable data; seed 003 table 4-1 gives ۱۰۰۰۰۰ ریال an item). The amount is read from the item
when computed, so an amount edited in the admin applies to every year shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class YearFines:
    """One office's fines for one Jalali year."""

    year: int
    count: int
    total_rials: int


def yearly_fines(violations: Iterable[tuple[int, int]]) -> list[YearFines]:
    """`(year, fine in rials)` of each confirmed violation → one row per year, the latest first."""
    counts: dict[int, int] = {}
    totals: dict[int, int] = {}
    for year, fine in violations:
        if fine < 0:
            raise ValueError("A fine is never negative.")
        counts[year] = counts.get(year, 0) + 1
        totals[year] = totals.get(year, 0) + fine
    return [YearFines(year, counts[year], totals[year]) for year in sorted(counts, reverse=True)]
