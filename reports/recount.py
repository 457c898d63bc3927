# ruff: noqa: S608 - the statements are built from our own table and column names and constants
"""The summary's day rows recounted from the requests by the database, set-based (decision 0124):
`desk_summary_rebuild` and a holiday edit's recount. The same figures as the events' receivers
(`reports.summary`) and the generator (`summary.add_request`), computed in SQL that runs on SQLite
and PostgreSQL, a range of request ids at a time (`CHUNK`, `CHUNK_POSTGRES`): per range, a few
temporary tables and one `INSERT … SELECT … GROUP BY` per summary table, into the table itself
(`ON CONFLICT DO UPDATE`) when there is one range, else into a staging table added up into it
once at the end (decision 0140); the rebuild on PostgreSQL (`replace`) writes only what differs
from the table's rows (`reports.merge`, decision 0141). No request, event or rating is read into
Python.

The desk's clock (`desk.sla.compute`) in SQL, over a temporary calendar (`rb_cal`: per day, the
working days from a fixed day to it, `BusinessCalendar.working_days_between`, so that the working
days between two days are a subtraction, holidays and the weekend included, and whether it is a
working day):
- the clock ends at its first stop (the smallest day among the stopping events taken), or today;
- pauses: the pausing and resuming events up to that day, in the log's order by day; a pause
  opens at the first pause while none is open and closes at the next resume (runs of the same
  effect collapse to their first: what `compute`'s loop ignores), or at the end;
- used = working days from acceptance to the end, less the paused ones; `breached` = used over the
  target, or the end after the due date (`add_working_days(start, target + paused)`), which is, for
  a due date after the start, "used equals the target and the end is not a working day".
The answer's clock takes every clock event; the first response's, those before it in the log
plus a stop on its day (`summary.first_response`)."""

import datetime as dt

from django.db import connection
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from core.calendar import get_calendar
from desk.first_response import RESPONSE_TRANSITIONS
from desk.models import Appointment, Feedback, RequestEvent, Response, State
from desk.workflow import CLOCK_EFFECTS
from reports import contact
from reports.changes import COUNTS
from reports.merge import merge
from reports.models import DeskDay, DeskDuration, DeskReason

CHUNK = 100_000  # request ids per range (SQLite)
# PostgreSQL: ten times as many, each statement given the memory to sort and hash a range's rows
# without spilling to disk (2,400,000 histogram rows at 1,000,000 requests took 200 MB), and no
# JIT compilation (about 0.2 s a statement here, for statements that run once).
CHUNK_POSTGRES = 1_000_000
POSTGRES_SETTINGS = {"work_mem": "256MB", "jit": "off"}
ANCHOR = dt.date(2000, 1, 1)  # the calendar's `n` counts working days from here
ANSWERED = (State.APPROVED, State.REJECTED, State.RESPONSE_ISSUED, State.CLOSED)
KEY = ("unit_id", "service_id", "channel", "office_id", "desk_id")
KEY_OF_R = "r.unit_id, r.service_id, r.channel, r.office_id, r.desk_id"

TABLES = {
    "rb_cal": "day date PRIMARY KEY, n integer NOT NULL, ordinal integer NOT NULL, working integer NOT NULL",
    "rb_req": "id bigint PRIMARY KEY, unit_id bigint, service_id bigint, channel varchar(20), "
    "office_id bigint, desk_id bigint, state varchar(20), acc_day date, dec_day date, "
    "target integer, fr_target integer, receipt boolean, called boolean",
    "rb_log": "request_id bigint, id bigint, day date, effect varchar(10), responds integer",
    "rb_ev": "request_id bigint, id bigint, day date, effect varchar(10), PRIMARY KEY (request_id, id)",
    "rb_fr": "request_id bigint PRIMARY KEY, id bigint, day date",
    "rb_win": "request_id bigint, kind varchar(10), start_day date, end_day date, bound bigint, "
    "target integer, PRIMARY KEY (request_id, kind)",
    "rb_clock": "request_id bigint, kind varchar(10), used integer, breached integer, "
    "PRIMARY KEY (request_id, kind)",
}


def _quoted(values) -> list[str]:
    return ["NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in values]


def local_day(column: str) -> str:
    """SQL for the local (Iran's) day of a timestamp column, as `TruncDate` (the time zone's name
    written into the statement: it is the project's setting, not input)."""
    sql, params = connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())
    return sql % tuple(_quoted(params))


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class Recount:
    """One recount: the temporary tables, the calendar grown to the days each range needs."""

    def __init__(
        self, cursor, *, since: dt.date | None, today: dt.date, staged: bool = False, replace: bool = False
    ):
        self.cursor, self.since, self.today = cursor, since, today
        # `replace` (PostgreSQL): the recounted rows (one range's, or the staged ones at `finish`)
        # replace the table's from `since`, by difference (`reports.merge`)
        self.staged, self.replace, self.pending = staged, replace, {}
        self.calendar, self.first, self.last = get_calendar(), None, None
        for name, columns in TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")

    def close(self) -> None:
        for name in TABLES:
            self.cursor.execute(f"DROP TABLE {name}")

    def run(self, sql: str, params=()) -> None:
        self.cursor.execute(sql, list(params))

    # ---- the calendar ---------------------------------------------------------------------

    def cover(self, first: dt.date, last: dt.date) -> None:
        """Have `rb_cal` hold every day from `first` to `last`."""
        if self.first is None:
            self.first = self.last = first
            self._insert(first, first)
        if first < self.first:
            self._insert(first, self.first - dt.timedelta(days=1))
            self.first = first
        if last > self.last:
            self._insert(self.last + dt.timedelta(days=1), last)
            self.last = last

    def _insert(self, first: dt.date, last: dt.date) -> None:
        calendar = self.calendar
        n = calendar.working_days_between(ANCHOR, first)
        rows, day = [], first
        while day <= last:
            rows.append((day, n, day.toordinal(), int(calendar.is_working_day(day))))
            day += dt.timedelta(days=1)
            n += calendar.is_working_day(day)
        self.cursor.executemany("INSERT INTO rb_cal (day, n, ordinal, working) VALUES (%s, %s, %s, %s)", rows)

    # ---- one range of requests ------------------------------------------------------------

    def chunk(self, requests, lo: int, hi: int) -> None:
        for name in TABLES:
            if name != "rb_cal":
                self.run(f"DELETE FROM {name}")
        self._requests(requests.filter(pk__gte=lo, pk__lt=hi))
        self._events(lo, hi)
        self.run("SELECT MIN(acc_day), MAX(dec_day) FROM rb_req")
        low, high = self.cursor.fetchone()
        if low is None:
            return
        days = [low, high]
        for table in ("rb_ev", "rb_fr"):
            self.run(f"SELECT MIN(day), MAX(day) FROM {table}")
            days += self.cursor.fetchone()
        days = [d for d in days if d is not None]
        days = [_day(d) for d in days] + [self.today]
        self.cover(min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=1))
        if connection.vendor == "postgresql":
            for name in ("rb_req", "rb_ev", "rb_fr"):
                self.run(f"ANALYZE {name}")
        self._windows()
        if connection.vendor == "postgresql":
            self.run("ANALYZE rb_win")
        self._clocks()
        if connection.vendor == "postgresql":
            self.run("ANALYZE rb_clock")
        self._days()
        self._durations()
        self._reasons()

    def _requests(self, requests) -> None:
        rows = (
            contact.with_flags(requests)
            .annotate(
                rb_acc=TruncDate("submitted_at"),
                rb_dec=TruncDate("decided_at"),
                rb_office=Coalesce("counter_office_id", 0),
                rb_desk=Coalesce("intake_unit_id", 0),
            )
            .order_by()
            .values(
                "id", "unit_id", "service_id", "channel", "rb_office", "rb_desk", "state", "rb_acc",
                "rb_dec", "target_working_days", "first_response_target", "has_receipt", "called_in",
            )
        )  # fmt: skip
        sql, params = rows.query.sql_with_params()
        self.run(
            "INSERT INTO rb_req (id, unit_id, service_id, channel, office_id, desk_id, state, acc_day, "
            "dec_day, target, fr_target, receipt, called) SELECT id, unit_id, service_id, channel, "
            "rb_office, rb_desk, state, rb_acc, rb_dec, target_working_days, first_response_target, "
            f"has_receipt, called_in FROM ({sql}) q",
            params,
        )

    def _events(self, lo: int, hi: int) -> None:
        """The range's clock events (`rb_ev`) and first responses (`rb_fr`), from one read of the
        log (`rb_log`: the events that are either)."""
        events = RequestEvent._meta.db_table
        effect = " ".join(f"WHEN {n} THEN {e}" for n, e in map(_quoted, CLOCK_EFFECTS.items()))
        names = ", ".join(_quoted(CLOCK_EFFECTS))
        responding = ", ".join(_quoted(RESPONSE_TRANSITIONS))
        responds = (
            f"(e.kind = 'transition' AND e.name IN ({responding})) "
            "OR (e.kind = 'message' AND e.actor_role <> 'applicant')"
        )
        clock = f"e.kind = 'transition' AND e.name IN ({names})"
        self.run(
            "INSERT INTO rb_log (request_id, id, day, effect, responds) SELECT e.request_id, e.id, "
            f"{local_day('e.at')}, CASE WHEN {clock} THEN CASE e.name {effect} END END, "
            f"CASE WHEN {responds} THEN 1 ELSE 0 END FROM {events} e "
            "WHERE e.request_id >= %s AND e.request_id < %s AND e.request_id IN (SELECT id FROM rb_req) "
            f"AND (({clock}) OR {responds})",
            [lo, hi],
        )
        self.run(
            "INSERT INTO rb_ev (request_id, id, day, effect) SELECT request_id, id, day, effect "
            "FROM rb_log WHERE effect IS NOT NULL"
        )
        self.run(
            "INSERT INTO rb_fr (request_id, id, day) SELECT request_id, id, day FROM ("
            "SELECT request_id, id, day, ROW_NUMBER() OVER (PARTITION BY request_id ORDER BY id) AS n "
            "FROM rb_log WHERE responds = 1) f WHERE n = 1"
        )

    def _windows(self) -> None:
        """What each clock measures: the answer's (every event; ends at its first stop, or today)
        and the first response's (the events before it; ends at its day or an earlier stop)."""
        answered = ", ".join(_quoted(ANSWERED))
        self.run(
            "INSERT INTO rb_win (request_id, kind, start_day, end_day, bound, target) "
            "SELECT r.id, 'answer', r.acc_day, COALESCE(s.day, %s), NULL, r.target FROM rb_req r "
            "LEFT JOIN (SELECT request_id, MIN(day) AS day FROM rb_ev WHERE effect = 'stop' "
            "GROUP BY request_id) s ON s.request_id = r.id "
            f"WHERE r.dec_day IS NOT NULL AND r.state IN ({answered})",
            [self.today],
        )
        self.run(
            "INSERT INTO rb_win (request_id, kind, start_day, end_day, bound, target) "
            "SELECT r.id, 'first', r.acc_day, CASE WHEN s.day IS NOT NULL AND s.day < f.day "
            "THEN s.day ELSE f.day END, f.id, COALESCE(r.fr_target, 0) FROM rb_fr f "
            "JOIN rb_req r ON r.id = f.request_id LEFT JOIN (SELECT e.request_id, MIN(e.day) AS day "
            "FROM rb_ev e JOIN rb_fr b ON b.request_id = e.request_id WHERE e.effect = 'stop' "
            "AND e.id < b.id GROUP BY e.request_id) s ON s.request_id = r.id"
        )

    def _clocks(self) -> None:
        """Each window's working days used and whether it breached its target (`rb_clock`)."""
        paused = (
            "SELECT t.request_id, t.kind, SUM(c2.n - c1.n) AS paused FROM ("
            " SELECT request_id, kind, day, effect, end_day, LEAD(day) OVER "
            " (PARTITION BY request_id, kind ORDER BY day, id) AS next_day FROM ("
            "  SELECT e.request_id, w.kind, e.day, e.id, e.effect, w.end_day, LAG(e.effect) OVER "
            "  (PARTITION BY e.request_id, w.kind ORDER BY e.day, e.id) AS before FROM rb_ev e "
            "  JOIN rb_win w ON w.request_id = e.request_id WHERE e.effect <> 'stop' "
            "  AND e.day <= w.end_day AND (w.bound IS NULL OR e.id < w.bound)"
            " ) runs WHERE (before IS NULL AND effect = 'pause') OR (before IS NOT NULL AND effect <> before)"
            ") t JOIN rb_cal c1 ON c1.day = t.day "
            "JOIN rb_cal c2 ON c2.day = COALESCE(t.next_day, t.end_day) "
            "WHERE t.effect = 'pause' GROUP BY t.request_id, t.kind"
        )
        used = "(CASE WHEN ce.n > cs.n THEN ce.n - cs.n ELSE 0 END - COALESCE(p.paused, 0))"
        self.run(
            "INSERT INTO rb_clock (request_id, kind, used, breached) "
            f"SELECT w.request_id, w.kind, {used}, CASE WHEN {used} > w.target THEN 1 "
            "WHEN w.target + COALESCE(p.paused, 0) = 0 THEN "
            "CASE WHEN w.end_day > w.start_day THEN 1 ELSE 0 END "
            f"WHEN {used} = w.target AND ce.working = 0 THEN 1 ELSE 0 END "
            "FROM rb_win w JOIN rb_cal cs ON cs.day = w.start_day JOIN rb_cal ce ON ce.day = w.end_day "
            f"LEFT JOIN ({paused}) p ON p.request_id = w.request_id AND p.kind = w.kind"
        )

    # ---- the summary's rows -----------------------------------------------------------------

    def _where(self) -> tuple[str, list]:
        return ("WHERE day >= %s", [self.since]) if self.since else ("WHERE 1 = 1", [])

    def _upsert(self, model, keys: tuple, sums: dict, parts: list[str], params: list) -> None:
        """Add the rows of `parts` grouped by `keys` to `model`'s table, or, when the recount has
        several ranges, to a staging table of this session, added up once at the end (`finish`):
        rows of one day and key that several ranges share are then written once, not updated
        once per range."""
        table, where = model._meta.db_table, self._where()
        columns = ", ".join((*keys, *sums))
        select = (
            f"SELECT {', '.join(keys)}, {', '.join(f'{v} AS {c}' for c, v in sums.items())} "
            f"FROM ({' UNION ALL '.join(parts)}) s "
            f"{where[0]} GROUP BY {', '.join(keys)}"
        )
        if not self.staged and self.replace:  # one range: its rows are the table's (decision 0141)
            merge(self.cursor, table, keys, tuple(sums), select, [*params, *where[1]], since=self.since)
            return
        if not self.staged:
            self._write(table, keys, sums, select, [*params, *where[1]])
            return
        stage = f"rb_s_{table}"
        if model not in self.pending:
            self.run(f"DROP TABLE IF EXISTS {stage}")
            self.run(f"CREATE TEMPORARY TABLE {stage} AS SELECT {columns} FROM {table} WHERE 1 = 0")
            self.pending[model] = (keys, tuple(sums))
        self.run(f"INSERT INTO {stage} ({columns}) {select}", [*params, *where[1]])

    def finish(self) -> None:
        """Write the staged rows, each day and key once."""
        for model, (keys, sums) in self.pending.items():
            table = model._meta.db_table
            stage = f"rb_s_{table}"
            select = (
                f"SELECT {', '.join(keys)}, {', '.join(f'SUM({c}) AS {c}' for c in sums)} FROM {stage} "
                f"GROUP BY {', '.join(keys)}"
            )
            if self.replace:  # by difference (decision 0141)
                merge(self.cursor, table, keys, sums, select, since=self.since)
            else:
                self._write(table, keys, sums, select, [])
            self.run(f"DROP TABLE {stage}")
        self.pending = {}

    def _write(self, table: str, keys: tuple, sums, select: str, params: list) -> None:
        # ON CONFLICT: the desk's events may have written a row of today's since the table was
        # emptied. In the key's order: the unique index is written page after page, not at random.
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums)
        self.run(
            f"INSERT INTO {table} ({', '.join((*keys, *sums))}) {select} ORDER BY {', '.join(keys)} "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
            params,
        )

    def _days(self) -> None:
        closed = ", ".join(_quoted((*ANSWERED, State.WITHDRAWN)))
        responses, feedback = Response._meta.db_table, Feedback._meta.db_table
        parts = [
            (
                "r.acc_day",
                "rb_req r",
                {
                    "accepted": "1",
                    "open": f"CASE WHEN r.state IN ({closed}) THEN 0 ELSE 1 END",
                    "receipts": "CASE WHEN r.receipt THEN 1 ELSE 0 END",
                    "called_in": "CASE WHEN r.called THEN 1 ELSE 0 END",
                },
            ),
            (
                "r.dec_day",
                f"rb_req r WHERE r.state = '{State.WITHDRAWN.value}' AND r.dec_day IS NOT NULL",
                {"withdrawn": "1"},
            ),
            (
                "r.dec_day",
                "rb_req r JOIN rb_clock c ON c.request_id = r.id AND c.kind = 'answer' "
                "JOIN rb_cal a ON a.day = r.acc_day JOIN rb_cal d ON d.day = r.dec_day",
                {
                    "answered": "1",
                    "working_days": "c.used",
                    "calendar_days": "d.ordinal - a.ordinal",
                    "within_sla": "1 - c.breached",
                    "responded": f"CASE WHEN EXISTS (SELECT 1 FROM {responses} x WHERE x.request_id = r.id) "
                    "THEN 1 ELSE 0 END",
                },
            ),
            (
                "f.day",
                "rb_fr f JOIN rb_req r ON r.id = f.request_id "
                "JOIN rb_clock c ON c.request_id = f.request_id AND c.kind = 'first'",
                {
                    "first_responses": "1",
                    "first_response_days": "c.used",
                    "first_response_targeted": "CASE WHEN r.fr_target IS NULL THEN 0 ELSE 1 END",
                    "first_response_within": "CASE WHEN r.fr_target IS NOT NULL AND c.breached = 0 "
                    "THEN 1 ELSE 0 END",
                },
            ),
            (
                local_day("a.starts_at"),
                f"{Appointment._meta.db_table} a JOIN rb_req r ON r.id = a.request_id "
                f"WHERE a.status <> '{Appointment.Status.CANCELLED.value}'",
                {"visits": "1"},
            ),
            (
                local_day("f.created_at"),
                f"{feedback} f JOIN rb_req r ON r.id = f.request_id",
                {"ratings": "1", "rating_sum": "f.score"},
            ),
        ]
        selects = [
            f"SELECT {day} AS day, {KEY_OF_R}, "
            + ", ".join(f"{counts.get(c, '0')} AS {c}" for c in COUNTS)
            + f" FROM {source}"
            for day, source, counts in parts
        ]
        self._upsert(DeskDay, ("day", *KEY), {c: f"SUM({c})" for c in COUNTS}, selects, [])

    def _durations(self) -> None:
        measures = DeskDuration.Measure
        answers = (
            "FROM rb_req r JOIN rb_clock c ON c.request_id = r.id AND c.kind = 'answer' "
            "JOIN rb_cal a ON a.day = r.acc_day JOIN rb_cal d ON d.day = r.dec_day"
        )
        working, calendar, first = _quoted((measures.WORKING, measures.CALENDAR, measures.FIRST_RESPONSE))
        selects = [
            f"SELECT r.dec_day AS day, {KEY_OF_R}, {working} AS measure, c.used AS days {answers}",
            f"SELECT r.dec_day AS day, {KEY_OF_R}, {calendar} AS measure, d.ordinal - a.ordinal AS days "
            f"{answers}",
            f"SELECT f.day AS day, {KEY_OF_R}, {first} AS measure, c.used AS days FROM rb_fr f "
            "JOIN rb_req r ON r.id = f.request_id JOIN rb_clock c ON c.request_id = f.request_id "
            "AND c.kind = 'first'",
        ]
        self._upsert(DeskDuration, ("day", *KEY, "measure", "days"), {"tally": "COUNT(*)"}, selects, [])

    def _reasons(self) -> None:
        if connection.vendor == "postgresql":
            each = (
                "jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.reasons) = 'array' "
                "THEN f.reasons ELSE '[]'::jsonb END) AS j(value)"
            )
        else:
            each = "json_each(CASE WHEN json_type(f.reasons) = 'array' THEN f.reasons ELSE '[]' END) AS j"
        select = (
            f"SELECT {local_day('f.created_at')} AS day, {KEY_OF_R}, j.value AS reason "
            f"FROM {Feedback._meta.db_table} f JOIN rb_req r ON r.id = f.request_id, {each}"
        )
        self._upsert(DeskReason, ("day", *KEY, "reason"), {"ratings": "COUNT(*)"}, [select], [])


def recount(
    requests, *, since: dt.date | None, chunk: int | None = None, progress=None, replace: bool = False
) -> int:
    """Add the day rows of these requests (a queryset of `ServiceRequest`) whose day is `since` or
    later (all: None) to the day tables, a range of `chunk` ids at a time; with `replace`
    (PostgreSQL), make the day tables' rows from `since` on these, changing only what differs
    (`reports.merge.merge`). Returns how many requests were counted."""
    ids = requests.order_by().values_list("pk", flat=True)
    low = ids.order_by("pk").first()
    if low is None:
        return 0
    high = ids.order_by("-pk").first()
    postgres = connection.vendor == "postgresql"
    # as many ranges as `chunk` says, rounded (1,000,025 ids are one range, not two), of one size
    ranges = max(1, round((high - low + 1) / (chunk or (CHUNK_POSTGRES if postgres else CHUNK))))
    chunk = -(-(high - low + 1) // ranges)
    with connection.cursor() as cursor:
        if postgres:
            scope = "LOCAL " if connection.in_atomic_block else ""  # a transaction's end undoes it
            for name, value in POSTGRES_SETTINGS.items():
                cursor.execute(f"SET {scope}{name} = '{value}'")
        try:
            # several ranges: their rows are staged and written once at the end
            if replace and not postgres:
                raise ValueError("replace is PostgreSQL's; SQLite's rebuild empties the tables first")
            today = timezone.localdate()
            work = Recount(cursor, since=since, today=today, staged=ranges > 1, replace=replace)
            counted = 0
            for lo in range(low, high + 1, chunk):
                work.chunk(requests, lo, lo + chunk)
                work.run("SELECT COUNT(*) FROM rb_req")
                counted += work.cursor.fetchone()[0]
                if progress:
                    progress(counted)
            work.finish()
            work.close()
        finally:
            if postgres and not connection.in_atomic_block:
                for name in POSTGRES_SETTINGS:
                    cursor.execute(f"RESET {name}")
    return counted
