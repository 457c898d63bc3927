"""Business calendar: working days between the weekend and the official holidays.

`BusinessCalendar` is pure (no database) so its arithmetic can be property-tested; the module
functions use the calendar built from the `Holiday` table and the `MIZ_WEEKEND` setting.

Conventions (the same as a due date on a counter: "answer within n working days"):
- `add_working_days(day, n)` moves n working days forward (n < 0: backward); `day` itself is
  not counted, so the result is a working day whenever n != 0; n == 0 returns `day`.
- `working_days_between(a, b)` counts the working days d with a < d <= b (negative if b < a),
  so that `working_days_between(d, add_working_days(d, n)) == n` for every n >= 0, and for
  n < 0 when `d` is a working day. Going back from a weekend day or holiday d, the count
  includes no working day at d itself, so it is n + 1 (the two functions count half-open
  intervals from opposite ends).
"""

import bisect
import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BusinessCalendar:
    holidays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = frozenset({4})
    _sorted_holidays: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.weekend) >= 7:
            raise ValueError("A week needs at least one working day.")
        object.__setattr__(self, "_sorted_holidays", tuple(sorted(self.holidays)))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        per_week = 7 - len(self.weekend)
        # Jump whole weeks while no holiday can fall inside the jump, then walk day by day.
        while remaining > per_week:
            weeks = remaining // per_week - 1 or 1
            target = day + step * (7 * weeks)
            lo, hi = (day, target) if n >= 0 else (target, day)
            if self._holidays_in(lo, hi):
                break
            day, remaining = target, remaining - weeks * per_week
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        if b < a:
            return -self.working_days_between(b, a)
        days = (b - a).days
        weeks, rest = divmod(days, 7)
        count = weeks * (7 - len(self.weekend))
        start = a + dt.timedelta(days=weeks * 7)
        for offset in range(1, rest + 1):
            if (start + dt.timedelta(days=offset)).weekday() not in self.weekend:
                count += 1
        count -= sum(1 for h in self._holidays_between(a, b) if h.weekday() not in self.weekend)
        return count

    def working_days(self, start: dt.date, end: dt.date) -> Iterable[dt.date]:
        """Every working day d with start <= d <= end."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY

    def _holidays_between(self, a: dt.date, b: dt.date) -> tuple[dt.date, ...]:
        """Holidays h with a < h <= b."""
        lo = bisect.bisect_right(self._sorted_holidays, a)
        hi = bisect.bisect_right(self._sorted_holidays, b)
        return self._sorted_holidays[lo:hi]

    def _holidays_in(self, lo: dt.date, hi: dt.date) -> bool:
        return bool(self._holidays_between(lo - ONE_DAY, hi))


_cache_lock = threading.Lock()
_cache: dict[str, object] = {"calendar": None, "loaded_at": 0.0}
# Other processes (the task worker, other web workers) pick up holiday edits within this time.
CACHE_SECONDS = 60


def get_calendar() -> BusinessCalendar:
    """The calendar from the Holiday table and the MIZ_WEEKEND setting, cached briefly."""
    from core.models import Holiday  # imported here: this module is also used without Django apps

    with _cache_lock:
        calendar = _cache["calendar"]
        fresh = time.monotonic() - float(_cache["loaded_at"]) < CACHE_SECONDS
        if calendar is not None and fresh and calendar.weekend == frozenset(settings.MIZ_WEEKEND):
            return calendar  # type: ignore[return-value]
        dates = frozenset(Holiday.objects.filter(is_active=True).values_list("date", flat=True))
        calendar = BusinessCalendar(holidays=dates, weekend=frozenset(settings.MIZ_WEEKEND))
        _cache.update(calendar=calendar, loaded_at=time.monotonic())
        return calendar


def clear_cache() -> None:
    with _cache_lock:
        _cache.update(calendar=None, loaded_at=0.0)


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    return get_calendar().add_working_days(day, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    return get_calendar().working_days_between(a, b)
