# ruff: noqa: S608 - the statements are built from our own table and column names and constants
"""The desk's clock measured again from the requests' logs by the database, set-based (decision
0124), and kept on the requests (decision 0145): the working days to the decision and whether it
came within the SLA, the first response (its event, time and working days) and whether it came
within its target. The desk keeps them as it records each event (`desk.workflow`); this measures
them again where that could not hold: a holiday edit (the working days change), a request never
measured (a migration's backfill, copies made in SQL), and `desk_summary_rebuild --remeasure`. It
runs a range of request ids at a time (`CHUNK`, `CHUNK_POSTGRES`) in a few temporary tables, and
writes only the requests whose figures differ. No request or event is read into Python.

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
from contextlib import contextmanager

from django.db import connection
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.calendar import get_calendar
from desk import kept
from desk.first_response import RESPONSE_TRANSITIONS
from desk.models import ANSWERED_STATES as ANSWERED
from desk.models import RequestEvent, ServiceRequest
from desk.workflow import CLOCK_EFFECTS

CHUNK = 100_000  # request ids per range (SQLite)
# PostgreSQL: ten times as many, each statement given the memory to sort and hash a range's rows
# without spilling to disk, and no JIT compilation (about 0.2 s a statement here, for statements
# that run once).
CHUNK_POSTGRES = 1_000_000
POSTGRES_SETTINGS = {"work_mem": "256MB", "jit": "off"}
ANCHOR = dt.date(2000, 1, 1)  # the calendar's `n` counts working days from here
# What the desk keeps of its clock on a request (decision 0145).
FIGURES = ("answer_working_days", "answer_within_sla", "first_response_working_days", "first_response_within")

TABLES = {
    "rb_cal": "day date PRIMARY KEY, n integer NOT NULL, ordinal integer NOT NULL, working integer NOT NULL",
    "rb_req": "id bigint PRIMARY KEY, state varchar(20), acc_day date, dec_day date, target integer, "
    "fr_target integer",
    "rb_log": "request_id bigint, id bigint, day date, at timestamp with time zone, effect varchar(10), "
    "responds integer",
    "rb_ev": "request_id bigint, id bigint, day date, effect varchar(10), PRIMARY KEY (request_id, id)",
    "rb_fr": "request_id bigint PRIMARY KEY, id bigint, day date, at timestamp with time zone",
    "rb_win": "request_id bigint, kind varchar(10), start_day date, end_day date, bound bigint, "
    "target integer, PRIMARY KEY (request_id, kind)",
    "rb_clock": "request_id bigint, kind varchar(10), used integer, breached integer, "
    "PRIMARY KEY (request_id, kind)",
}


def quoted(values) -> list[str]:
    return ["NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in values]


def local_day(column: str) -> str:
    """SQL for the local (Iran's) day of a timestamp column, as `TruncDate` (the time zone's name
    written into the statement: it is the project's setting, not input)."""
    sql, params = connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())
    return sql % tuple(quoted(params))


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def unmeasured(requests):
    """Of these requests, those answered or first responded to whose figures were never kept (read
    through their partial index, `desk_request_unmeasured`)."""
    return requests.filter(kept.unmeasured(ANSWERED))


class Measure:
    """One measuring: the temporary tables, the calendar grown to the days each range needs."""

    def __init__(self, cursor, *, today: dt.date):
        self.cursor, self.today = cursor, today
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
        """Measure the clocks (`rb_clock`) and first responses (`rb_fr`) of the requests whose id
        is in [lo, hi)."""
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

    def _requests(self, requests) -> None:
        rows = (
            requests.annotate(rb_acc=TruncDate("submitted_at"), rb_dec=TruncDate("decided_at"))
            .order_by()
            .values("id", "state", "rb_acc", "rb_dec", "target_working_days", "first_response_target")
        )
        sql, params = rows.query.sql_with_params()
        self.run(
            "INSERT INTO rb_req (id, state, acc_day, dec_day, target, fr_target) SELECT id, state, rb_acc, "
            f"rb_dec, target_working_days, first_response_target FROM ({sql}) q",
            params,
        )

    def _events(self, lo: int, hi: int) -> None:
        """The range's clock events (`rb_ev`) and first responses (`rb_fr`), from one read of the
        log (`rb_log`: the events that are either)."""
        events = RequestEvent._meta.db_table
        effect = " ".join(f"WHEN {n} THEN {e}" for n, e in map(quoted, CLOCK_EFFECTS.items()))
        names = ", ".join(quoted(CLOCK_EFFECTS))
        responding = ", ".join(quoted(RESPONSE_TRANSITIONS))
        responds = (
            f"(e.kind = 'transition' AND e.name IN ({responding})) "
            "OR (e.kind = 'message' AND e.actor_role <> 'applicant')"
        )
        clock = f"e.kind = 'transition' AND e.name IN ({names})"
        self.run(
            "INSERT INTO rb_log (request_id, id, day, at, effect, responds) SELECT e.request_id, e.id, "
            f"{local_day('e.at')}, e.at, CASE WHEN {clock} THEN CASE e.name {effect} END END, "
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
            "INSERT INTO rb_fr (request_id, id, day, at) SELECT request_id, id, day, at FROM ("
            "SELECT request_id, id, day, at, ROW_NUMBER() OVER (PARTITION BY request_id ORDER BY id) AS n "
            "FROM rb_log WHERE responds = 1) f WHERE n = 1"
        )

    def _windows(self) -> None:
        """What each clock measures: the answer's (every event; ends at its first stop, or today)
        and the first response's (the events before it; ends at its day or an earlier stop)."""
        answered = ", ".join(quoted(ANSWERED))
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

    # ---- kept on the requests -------------------------------------------------------------

    def keep(self) -> int:
        """Write the range's figures to its requests whose kept ones differ (a request with no
        clock of a kind gets none); returns how many rows were written."""
        table = ServiceRequest._meta.db_table
        differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
        answer = "SELECT request_id, used, 1 - breached AS within FROM rb_clock WHERE kind = 'answer'"
        first = (
            "SELECT f.request_id, f.id, f.at, c.used, CASE WHEN r.fr_target IS NOT NULL AND c.breached = 0 "
            "THEN 1 ELSE 0 END AS within FROM rb_fr f JOIN rb_clock c ON c.request_id = f.request_id "
            "AND c.kind = 'first' JOIN rb_req r ON r.id = f.request_id"
        )
        truth = (
            f"SELECT r.id, a.used AS a_used, a.within AS a_within, f.id AS f_event, f.at AS f_at, "
            f"f.used AS f_used, f.within AS f_within FROM rb_req r LEFT JOIN ({answer}) a "
            f"ON a.request_id = r.id LEFT JOIN ({first}) f ON f.request_id = r.id"
        )
        within = "CASE WHEN m.{0} IS NULL THEN NULL WHEN m.{0} = 1 THEN TRUE ELSE FALSE END"
        sets = {
            "answer_working_days": "m.a_used",
            "answer_within_sla": within.format("a_within"),
            "first_response_event_id": "m.f_event",
            "first_responded_at": "m.f_at",
            "first_response_working_days": "m.f_used",
            "first_response_within": within.format("f_within"),
        }
        changed = " OR ".join(f"{table}.{c} {differs} {v}" for c, v in sets.items())
        self.run(
            f"UPDATE {table} SET {', '.join(f'{c} = {v}' for c, v in sets.items())} FROM ({truth}) m "
            f"WHERE {table}.id = m.id AND ({changed})"
        )
        return self.cursor.rowcount


def measure(requests, *, chunk: int | None = None, progress=None) -> tuple[int, int]:
    """Measure the clocks of these requests (a queryset of `ServiceRequest`) from their logs and
    keep the figures on them, a range of `chunk` ids at a time. Returns (requests read, requests
    whose figures changed)."""
    ids = requests.order_by().values_list("pk", flat=True)
    low = ids.order_by("pk").first()
    if low is None:
        return 0, 0
    high = ids.order_by("-pk").first()
    postgres = connection.vendor == "postgresql"
    # as many ranges as `chunk` says, rounded (1,000,025 ids are one range, not two), of one size
    ranges = max(1, round((high - low + 1) / (chunk or (CHUNK_POSTGRES if postgres else CHUNK))))
    chunk = -(-(high - low + 1) // ranges)
    read = changed = 0
    with connection.cursor() as cursor, postgres_settings(cursor, POSTGRES_SETTINGS):
        work = Measure(cursor, today=timezone.localdate())
        for lo in range(low, high + 1, chunk):
            work.chunk(requests, lo, lo + chunk)
            changed += work.keep()
            work.run("SELECT COUNT(*) FROM rb_req")
            read += work.cursor.fetchone()[0]
            if progress:
                progress(read)
        work.close()
    return read, changed


@contextmanager
def postgres_settings(cursor, settings: dict):
    """On PostgreSQL, these settings for the block, and the ones before it back after it (inside a
    transaction as `SET LOCAL`: a rollback undoes them too). Nothing on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    local = connection.in_atomic_block
    before = {}
    for name, value in settings.items():
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, %s)", [name, name, str(value), local])
        before[name] = cursor.fetchone()[0]

    def restore():
        if local and connection.needs_rollback:
            return  # the transaction is to be rolled back, and these with it
        for name, value in before.items():
            cursor.execute("SELECT set_config(%s, %s, %s)", [name, value, local])

    try:
        yield
    except BaseException:
        if not local:  # outside a transaction the session keeps them; inside, the rollback undoes them
            restore()
        raise
    restore()
