"""The summary's month rollup (decision 0111): which Jalali month a day is in, how a report period
splits into whole months (read from the month rows) and partial-month edges (read from the day
rows), and the month rows recounted from the day rows in one statement per month and table.

The month margins (decision 0114): the month rows summed by one part of the key (`MARGINS`); a
read grouped and filtered by parts of one margin reads its whole months there (`margin_for`)."""

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from core.jalali import to_jalali
from reports.merge import merge
from reports.models import DAY_TABLES, EXTRA_KEYS, KEY_FIELDS, MARGIN_FIELDS, MARGIN_TABLES, MONTH_TABLES

# Each day table and its month table, with the columns that are summed.
PAIRS = tuple(zip(DAY_TABLES.models, MONTH_TABLES.models, EXTRA_KEYS, strict=True))
MONTH_OF = dict(zip(DAY_TABLES.models, MONTH_TABLES.models, strict=True))
# Each month table and its margins' table.
MARGIN_PAIRS = tuple(zip(MONTH_TABLES.models, MARGIN_TABLES.models, EXTRA_KEYS, strict=True))
MARGIN_OF = dict(zip(DAY_TABLES.models, MARGIN_TABLES.models, strict=True))
# The parts of the key each margin keeps (the others are 0 or empty), smallest margin first.
MARGINS = {
    "channel": ("channel",),
    "unit": ("unit_id",),
    "service": ("service_id",),
    "office": ("channel", "office_id", "desk_id"),
}
EMPTY = {"unit_id": 0, "service_id": 0, "channel": "", "office_id": 0, "desk_id": 0}


@lru_cache(maxsize=4096)
def month_of(day: dt.date) -> dt.date:
    """The first day of the Jalali month `day` is in (jdatetime is slow: remembered)."""
    return day - dt.timedelta(days=to_jalali(day).day - 1)


def next_month(month: dt.date) -> dt.date:
    """The first day of the Jalali month after the one starting on `month`."""
    return month_of(month + dt.timedelta(days=32))


def split(start: dt.date, end: dt.date) -> tuple[Q | None, Q | None]:
    """(the day rows to read, the month rows to read) for the period [start, end]: every Jalali
    month wholly inside it from the month rows (whose `day` is the month's first day), the days
    before the first and after the last of those from the day rows. None: nothing to read there."""
    first = start if month_of(start) == start else next_month(month_of(start))
    after = next_month(month_of(end))
    last = after if month_of(end + dt.timedelta(days=1)) == after else month_of(end)  # exclusive
    if first >= last:
        return Q(day__gte=start, day__lte=end), None
    edges = Q(day__gte=start, day__lt=first) | Q(day__gte=last, day__lte=end)
    head, tail = start < first, last <= end
    days = edges if head or tail else None
    return days, Q(day__gte=first, day__lt=last)


def margin_for(fields, filters: dict) -> str | None:
    """The margin that keeps every part of the key a read groups by (`fields`; "day" is every
    margin's) and filters on (`filters`, as `QuerySet.filter` takes them); None: no margin does."""
    needed = {f for f in fields if f != "day"} | {name.split("__")[0] for name in filters}
    return next((by for by, parts in MARGINS.items() if needed <= set(parts)), None)


def querysets(model, start: dt.date, end: dt.date, *, fields=None, **filters) -> list:
    """The querysets of a day table (`DeskDay`, `DeskDuration`, `DeskReason`) and of its month
    table that together hold the period [start, end], filtered alike; their sums are the period's.
    With `fields` (what the caller groups by), whole months are read from a margin (decision 0114)
    when one keeps those fields and the filters' (its other parts are 0 or empty: do not read them)."""
    days, months = split(start, end)
    found = []
    if days is not None:
        found.append(model.objects.filter(days, **filters).order_by())
    if months is not None:
        by = None if fields is None else margin_for(fields, filters)
        if by is None:
            found.append(MONTH_OF[model].objects.filter(months, **filters).order_by())
        else:
            found.append(MARGIN_OF[model].objects.filter(months, by=by, **filters).order_by())
    return found


def month_rows(rows: dict) -> dict:
    """Day-keyed additions ({(day, *rest): a number or a Counter}) summed by month."""
    found: dict = {}
    for (day, *rest), value in rows.items():
        _add(found, (month_of(day), *rest), value)
    return found


def margin_rows(rows: dict) -> dict:
    """Month-keyed additions ({(month, unit, service, channel, office, desk, *rest): a number or a
    Counter}) summed into each margin's rows, keyed as `MARGIN_FIELDS` (then *rest)."""
    found: dict = {}
    for (day, unit, service, channel, office, desk, *rest), value in rows.items():
        for key in (
            (day, "channel", 0, 0, channel, 0, 0),
            (day, "unit", unit, 0, "", 0, 0),
            (day, "service", 0, service, "", 0, 0),
            (day, "office", 0, 0, channel, office, desk),
        ):
            _add(found, (*key, *rest), value)
    return found


def _add(found: dict, key: tuple, value) -> None:
    if isinstance(value, Counter):
        found.setdefault(key, Counter()).update(value)  # update keeps negative counts
    else:
        found[key] = found.get(key, 0) + value


def roll_up(*, since: dt.date | None = None, pairs=PAIRS, margins=MARGIN_PAIRS) -> None:
    """Recount the month rows from the day rows: every month, or those from `since`'s month on
    (its whole month: the caller has recounted its days). One INSERT … SELECT per month and table.
    Then the margins from the month rows (`roll_up_margins`).
    `pairs`: (day model, month model, extra key fields), `margins`: (month model, margin model,
    extra key fields), a migration's historical models."""
    first = None if since is None else month_of(since)
    days = pairs[0][0].objects.order_by().values_list("day", flat=True).distinct()
    if first is not None:
        days = days.filter(day__gte=first)
    months = sorted({month_of(day) for day in days})
    for day_model, month_model, extra in pairs:
        keys = (*KEY_FIELDS[1:], *(extra or ()))
        sums = [f.column for f in day_model._meta.concrete_fields if f.attname not in ("id", "day", *keys)]
        select = ", ".join(("%s", *keys, *(f"SUM({c})" for c in sums)))
        with _replacing(month_model, ("day", *keys), sums, first) as into:
            sql = (
                f"{into} SELECT {select} FROM {day_model._meta.db_table} "  # noqa: S608 - names are ours
                f"WHERE day >= %s AND day < %s GROUP BY {', '.join(keys)}"
            )
            with connection.cursor() as cursor:
                for month in months:
                    cursor.execute(sql, [month, month, next_month(month)])
    roll_up_margins(since=since, margins=margins)


@contextmanager
def _replacing(model, keys: tuple, sums: list, first: dt.date | None):
    """The rows of `model` from the month `first` on (all: None) replaced by those the caller
    writes with the `INSERT INTO … (columns)` given: on PostgreSQL into a temporary table, then
    merged by difference (`reports.merge`, decision 0141: a right rollup is not written again);
    elsewhere into the table, emptied first."""
    table, columns = model._meta.db_table, ", ".join((*keys, *sums))
    if connection.vendor != "postgresql":
        (model.objects.all() if first is None else model.objects.filter(day__gte=first)).delete()
        yield f"INSERT INTO {table} ({columns})"
        return
    stage = f"rb_m_{table}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} AS SELECT {columns} FROM {table} WHERE 1 = 0")  # noqa: S608
        yield f"INSERT INTO {stage} ({columns})"
        merge(cursor, table, keys, tuple(sums), f"SELECT {columns} FROM {stage}", since=first)  # noqa: S608
        cursor.execute(f"DROP TABLE {stage}")


def roll_up_margins(*, since: dt.date | None = None, margins=MARGIN_PAIRS) -> None:
    """Recount the margins (decision 0114) from the month rows: all, or from `since`'s month on.
    One INSERT … SELECT per margin and table."""
    first = None if since is None else month_of(since)
    for month_model, margin_model, extra in margins:
        extra = tuple(extra or ())
        sums = [
            f.column
            for f in month_model._meta.concrete_fields
            if f.attname not in ("id", *KEY_FIELDS, *extra)
        ]
        with _replacing(margin_model, (*MARGIN_FIELDS, *extra), sums, first) as into:
            with connection.cursor() as cursor:
                for by, parts in MARGINS.items():
                    kept = [c if c in parts else ("''" if c == "channel" else "0") for c in EMPTY]
                    select = ", ".join(("day", "%s", *kept, *extra, *(f"SUM({c})" for c in sums)))
                    group = ", ".join(("day", *parts, *extra))
                    where = "" if first is None else "WHERE day >= %s "
                    cursor.execute(
                        f"{into} SELECT {select} FROM {month_model._meta.db_table} "  # noqa: S608 - names are ours
                        f"{where}GROUP BY {group}",
                        [by] if first is None else [by, first],
                    )
