"""The SLA clock: working days used and the due date, computed from a request's event log.

Pure arithmetic over a `core.calendar.BusinessCalendar`, so it can be property-tested:
- the clock starts on the day the request was submitted (that day itself is not counted, like
  every "within n working days" deadline);
- it pauses from the day the request starts awaiting the applicant to the day they answer;
  the working days in a pause (a < d <= b, as `working_days_between` counts them) move the due
  date forward by as many working days;
- it stops on the day of the decision (approved or rejected) or withdrawal.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.calendar import BusinessCalendar

DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class ClockEvent:
    """What the clock needs of an event: its day and whether it pauses, resumes or stops."""

    day: dt.date
    effect: str  # "pause" | "resume" | "stop"


@dataclass(frozen=True)
class Clock:
    start: dt.date
    target: int
    used: int  # working days counted against the target
    paused_days: int  # working days the clock stood still
    paused: bool
    stopped: bool
    due_date: dt.date
    end: dt.date | None = None  # the day the clock was read (today) or stopped

    def _past_due(self) -> bool:
        # By the calendar, not only by working days: a weekend day or holiday after the due date
        # is already late (as the queue's "overdue" filter, `due_date < today`, says).
        return self.end is not None and self.end > self.due_date

    def against(self, target: int, calendar: BusinessCalendar) -> "Clock":
        """The same clock measured against another target (the first response's): its working
        days and pauses as they are, its due date moved."""
        due = calendar.add_working_days(self.start, target + self.paused_days)
        return dataclasses.replace(self, target=target, due_date=due)

    @property
    def remaining(self) -> int:
        return self.target - self.used

    @property
    def overdue(self) -> bool:
        """Still running (not paused, not decided) and past its due date."""
        return not self.stopped and not self.paused and (self.remaining < 0 or self._past_due())

    @property
    def breached(self) -> bool:
        """Over the target (still running) or decided after the due date."""
        return self.used > self.target or self._past_due()

    @property
    def due_soon(self) -> bool:
        return (
            not self.stopped
            and not self.paused
            and not self._past_due()
            and 0 <= self.remaining <= DUE_SOON_WORKING_DAYS
        )


def compute(
    *,
    calendar: BusinessCalendar,
    start: dt.date,
    target: int,
    events: Iterable[ClockEvent],
    today: dt.date,
) -> Clock:
    paused_days = 0
    pause_from: dt.date | None = None
    stop_day: dt.date | None = None
    for event in sorted(events, key=lambda e: e.day):
        if stop_day is not None:
            break
        if event.effect == "pause" and pause_from is None:
            pause_from = event.day
        elif event.effect == "resume" and pause_from is not None:
            paused_days += max(0, calendar.working_days_between(pause_from, event.day))
            pause_from = None
        elif event.effect == "stop":
            stop_day = event.day
    end = stop_day or today
    if pause_from is not None:  # still waiting for the applicant (or stopped while waiting)
        paused_days += max(0, calendar.working_days_between(pause_from, end))
    used = max(0, calendar.working_days_between(start, end)) - paused_days
    due = calendar.add_working_days(start, target + paused_days)
    return Clock(
        start=start,
        target=target,
        used=used,
        paused_days=paused_days,
        paused=pause_from is not None and stop_day is None,
        stopped=stop_day is not None,
        due_date=due,
        end=end,
    )
