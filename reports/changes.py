"""Additions to the desk's summary (`reports.models`), gathered per table and written in one
upsert each: the receivers of `reports.summary` and `reports.contact` and the rebuild share them.
Each write also adds the same figures to the month rollup (`reports.months`, decision 0111): the
rows of the Jalali month of each day, one more upsert per table written. On SQLite each upsert is
a statement; on PostgreSQL an event's upserts go as one statement (`_execute`, decision 0153)."""

import datetime as dt
import functools
import json
from collections import Counter, defaultdict

from django.db import connection
from django.utils import timezone

from core import gathering
from reports import months
from reports.models import DAY_TABLES, MARGIN_TABLES, MONTH_TABLES

COUNTS = ("accepted", "open", "answered", "withdrawn", "working_days", "calendar_days", "within_sla")
COUNTS += ("ratings", "rating_sum")
COUNTS += ("first_responses", "first_response_days", "first_response_targeted", "first_response_within")
COUNTS += ("receipts", "called_in", "responded", "visits")
WORKING, CALENDAR, FIRST_RESPONSE = DAY_TABLES.durations.Measure.values


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def place_key(request) -> tuple:
    """(unit, service, channel, counter office or 0, in-person desk or 0) of a request."""
    return (
        request.unit_id,
        request.service_id,
        request.channel,
        request.counter_office_id or 0,
        request.intake_unit_id or 0,
    )


PART = "reports.summary"  # the summary's changes in a gathering (`core.gathering`)


class Changes:
    """Additions to the summary, gathered and then written in one statement per table."""

    def __init__(self, *, months: bool = True):
        self.months = months  # False: the caller recounts the month rows itself (`months.roll_up`)
        self.days: dict[tuple, Counter] = defaultdict(Counter)
        self.durations: Counter = Counter()
        self.reasons: Counter = Counter()

    def add(self, day: dt.date, key: tuple, **counts: int) -> None:
        self.days[(day, *key)].update(counts)

    def answer(self, request, key: tuple, *, used: int, within: bool, day: dt.date) -> None:
        """A decision on `day`: `used` working days (pauses excluded), `within` the SLA."""
        calendar_days = (day - local_day(request.submitted_at)).days
        self.add(day, key, answered=1, working_days=used, calendar_days=calendar_days, within_sla=int(within))
        self.durations[(day, *key, WORKING, used)] += 1
        self.durations[(day, *key, CALENDAR, calendar_days)] += 1

    def first_response(self, found, key: tuple, sign: int = 1) -> None:
        self.add(
            found.day,
            key,
            first_responses=sign,
            first_response_days=sign * found.working_days,
            first_response_targeted=sign * found.targeted,
            first_response_within=sign * found.within,
        )
        self.durations[(found.day, *key, FIRST_RESPONSE, found.working_days)] += sign

    def rating(self, day: dt.date, key: tuple, *, score: int, reasons) -> None:
        self.add(day, key, ratings=1, rating_sum=score)
        for reason in reasons or ():
            self.reasons[(day, *key, reason)] += 1

    def save(self) -> None:
        """Write the additions; inside `core.gathering.gathered()` (and at its savepoint depth),
        add them to the gathering's changes instead, written once at the block's end."""
        gathered = gathering.current() if self.months else None
        if gathered is None:
            self.flush()
        else:
            gathered.part(PART, Changes).merge(self)

    def merge(self, other: "Changes") -> None:
        for key, counts in other.days.items():
            self.days[key].update(counts)
        self.durations.update(other.durations)
        self.reasons.update(other.reasons)

    def flush(self) -> None:
        rows = [self.days, self.durations, self.reasons]
        levels = [(DAY_TABLES, rows)]
        if self.months:
            rows = [months.month_rows(r) for r in rows]
            levels.append((MONTH_TABLES, rows))
            rows = [months.margin_rows(r) for r in rows]
            levels.append((MARGIN_TABLES, rows))
        statements = []
        for (day_model, duration_model, reason_model, key), (days, durations, reasons) in levels:
            statements += _upserts(
                day_model, key, COUNTS, [(*k, *(c[n] for n in COUNTS)) for k, c in days.items()]
            )
            statements += _upserts(
                duration_model, (*key, "measure", "days"), ("tally",), [(*k, n) for k, n in durations.items()]
            )
            statements += _upserts(
                reason_model, (*key, "reason"), ("ratings",), [(*k, n) for k, n in reasons.items()]
            )
        _execute(statements)


def _upserts(model, keys: tuple, counts: tuple, rows: list) -> list[tuple[str, str, list]]:
    """The statements that add `counts` to the rows of these keys, creating the missing ones, as
    (table, SQL, parameters). Rows are written in key order, so two transactions that touch the
    same rows lock them in the same order.

    SQLite: one multi-row `VALUES` statement, more only past its limit of parameters (not one
    execution a row). PostgreSQL: the rows as one JSON parameter, read by
    `json_populate_recordset` into the table's own row type (decision 0153). A statement of many
    parameters is parsed anew by psycopg on every call (it keeps the parsing of statements with
    at most 50), one Python object a parameter: a month's margin rows alone are a hundred."""
    if not rows:
        return []
    table = model._meta.db_table
    rows = sorted(rows, key=lambda r: tuple(str(v) for v in r[: len(keys)]))
    if connection.vendor == "postgresql":
        sql, columns = _upsert_json_sql(table, keys, counts), (*keys, *counts)
        return [
            (
                table,
                sql,
                [
                    json.dumps(
                        [dict(zip(columns, row, strict=True)) for row in rows[start : start + JSON_ROWS]],
                        default=str,
                    )
                ],
            )
            for start in range(0, len(rows), JSON_ROWS)
        ]
    width = len(keys) + len(counts)
    head, tail = _upsert_sql(table, keys, counts)
    step = max(1, (connection.features.max_query_params or UNBOUNDED_PARAMS) // width)
    mark = f"({', '.join(['%s'] * width)})"
    statements = []
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        statements.append(
            (table, f"{head}{', '.join([mark] * len(chunk))}{tail}", [v for row in chunk for v in row])
        )
    return statements


def _execute(statements: list[tuple[str, str, list]]) -> None:
    """Run the upserts, in their order. On PostgreSQL, those of different tables go to the server
    as one statement (decision 0153): an answer's six upserts (the day, month and margin levels of
    two tables) are one round trip instead of six. Each is a data-modifying `WITH` part, and each
    part after the first reads the one before it to its end (`RETURNING`, counted in a one-time
    filter) before it produces a row: a part's rows are not written, nor locked, until the part
    before it has written and locked all of its own. So the rows are locked in the order written,
    every table after the one before it, as with separate statements, and two transactions that
    share rows wait for each other instead of deadlocking. The parts of one statement share its
    snapshot, so two parts must never write the same table's rows: a table met a second time
    starts the next statement."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for _table, sql, params in statements:
                cursor.execute(sql, params)
        return
    batches, tables = [[]], set()
    for table, sql, params in statements:
        if table in tables:
            batches.append([])
            tables = set()
        batches[-1].append((sql, params))
        tables.add(table)
    with connection.cursor() as cursor:
        for batch in filter(None, batches):
            if len(batch) == 1:
                cursor.execute(*batch[0])
                continue
            parts = [_chained(sql, i) for i, (sql, _params) in enumerate(batch)]
            cursor.execute(
                f"WITH {', '.join(parts)} SELECT count(*) FROM upsert_{len(parts) - 1}",  # noqa: S608
                [v for _sql, params in batch for v in params],
            )


def _chained(sql: str, i: int) -> str:
    """Upsert `i` of a statement as a `WITH` part that waits for part `i - 1` (`_execute`)."""
    if i:
        sql = sql.replace(_ROWS, f"{_ROWS} WHERE (SELECT count(*) FROM upsert_{i - 1}) >= 0", 1)  # noqa: S608
    return f"upsert_{i} AS ({sql} RETURNING 1)"


# A database with no limit of parameters a statement: a statement this long is long enough.
UNBOUNDED_PARAMS = 20_000
# PostgreSQL: rows a JSON parameter (a month's rebuild sends many thousands).
JSON_ROWS = 5_000


_ROWS = "added_rows"  # the JSON rows' alias in `_upsert_json_sql`, where `_chained` adds its filter


@functools.cache
def _upsert_json_sql(table: str, keys: tuple, counts: tuple) -> str:
    """PostgreSQL's statement for rows given as one JSON array of objects (`_upserts`)."""
    columns = ", ".join((*keys, *counts))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608 - names are ours
        f"FROM json_populate_recordset(NULL::{table}, %s::json) AS {_ROWS} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


@functools.cache
def _upsert_sql(table: str, keys: tuple, counts: tuple) -> tuple[str, str]:
    """The statement's text before and after its rows' places."""
    columns = ", ".join((*keys, *counts))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names are ours
    return head, f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"


class Filing:
    """The requests filed in this gathering (`core.gathering`): their place key, day of acceptance
    and whether a receipt message already counted for them. A new request has no earlier receipt,
    so its first receipt message counts without reading the database (`reports.contact`). A
    request that moves, or whose receipts fail or are queued again, is forgotten here: the
    receivers then read the database as they do outside a gathering."""

    def __init__(self):
        self.filed: dict[int, list] = {}

    def flush(self) -> None:
        self.filed.clear()

    @staticmethod
    def here() -> "Filing | None":
        gathered = gathering.current()
        return None if gathered is None else gathered.part(FILING, Filing)

    @classmethod
    def remember(cls, request_pk: int, key: tuple, day: dt.date) -> None:
        filing = cls.here()
        if filing is not None:
            filing.filed[request_pk] = [key, day, False]

    @classmethod
    def forget(cls, request_pks) -> None:
        gathered = gathering.current()
        if gathered is not None and FILING in gathered.parts:
            for pk in request_pks:
                gathered.parts[FILING].filed.pop(pk, None)

    @classmethod
    def receipt(cls, request_pk: int) -> tuple | None:
        """For a receipt message of a request filed in this gathering: (key, day, counted before),
        marking it counted; None when the request is not known here."""
        filing = cls.here()
        found = filing.filed.get(request_pk) if filing is not None else None
        if found is None:
            return None
        key, day, counted = found
        found[2] = True
        return key, day, counted


FILING = "reports.filing"
