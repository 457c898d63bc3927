"""The score of a file again after the region changes what it rests on (a violation corrected by the
committee's ruling, a facility not found on a visit): the score the holder sees before and after,
and the file's event that says so.

Before approval the score shown is the live one (`scoring.compute`), so nothing is stored. Once
approved, the final score, rank and breakdown are recomputed as `approve` computes them; a score the
region set by hand in answer to an objection ("corrected_total") moves by the change of the live
score instead, so the hand-set part is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from counters import scoring
from counters.selectors import APPROVED_STATES
from counters.services.events import _event


@dataclass(frozen=True)
class Shown:
    """The score and rank the holder sees, and the live total it rests on."""

    score: Decimal
    rank: int | None
    live: Decimal


def shown(declaration) -> Shown:
    live = scoring.compute(declaration)
    if declaration.state in APPROVED_STATES and declaration.final_score is not None:
        return Shown(declaration.final_score, declaration.rank, live.total)
    return Shown(live.total, live.rank, live.total)


def rescore(declaration, before: Shown) -> Shown:
    """Recompute after a change (the caller saves `declaration`); returns what the holder now sees."""
    live = scoring.compute(declaration)
    if declaration.state not in APPROVED_STATES or declaration.final_score is None:
        return Shown(live.total, live.rank, live.total)
    breakdown = live.as_json()
    if "corrected_total" in (declaration.score_breakdown or {}):
        final = max(Decimal(0), declaration.final_score + live.total - before.live)
        final = final.quantize(scoring.TWO_PLACES)
        rank, title = scoring.rank_for(final)
        breakdown.update(corrected_total=str(final), rank=rank, rank_title=title)
    else:
        final, rank = live.total, live.rank
    declaration.final_score, declaration.rank, declaration.score_breakdown = final, rank, breakdown
    return Shown(final, rank, live.total)


def log_change(declaration, action: str, *, actor, ip, note: str, before: Shown, after: Shown, data: dict):
    """The file's event for a change that keeps its state: what, why, and the score before and after."""
    state = declaration.state
    data = {**data, "score_before": str(before.score), "score_after": str(after.score)}
    return _event(
        declaration, action, actor=actor, ip=ip, from_state=state, to_state=state, note=note, data=data
    )
