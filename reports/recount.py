# ruff: noqa: S608 - the statements are built from our own table and column names and constants
"""The summary's day rows recounted from the requests by the database (decision 0124), for
`desk_summary_rebuild` and a holiday edit's recount: one `INSERT … SELECT … GROUP BY` per summary
table over the requests' rows, with what the desk's clock measured as each request kept it
(`ServiceRequest.answer_working_days` and the others, decision 0145), so that no event is read.
The same figures as the events' receivers (`reports.summary`) and the generator
(`summary.add_request`), on SQLite and PostgreSQL. Each part is grouped on its own (the requests
by their day of acceptance, of decision, of first response; ratings, visits), so that each
hashes one row a request, and the parts' integer sums added up (PostgreSQL runs each part in one
process: it expects about one row a group; docs/reports.md). On PostgreSQL with `replace` the table's
rows are replaced by difference (`reports.merge`, decision 0141); otherwise they are added to the
table (emptied first by the caller). No request, event or rating is read into Python."""

import datetime as dt

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Coalesce, TruncDate

from desk.models import Appointment, Feedback, Response, State
from reports import contact
from reports.changes import COUNTS
from reports.measure import ANSWERED, local_day, postgres_settings, quoted
from reports.merge import merge
from reports.models import DeskDay, DeskDuration, DeskReason

# Each statement is given the memory to hash its groups without spilling to disk (for the rebuild's
# transaction only: `SET LOCAL`; at 1,000,000 requests a right summary's rebuild took 26.5 s with
# 256 MB, 21-22 s with this), and no JIT compilation (about 0.2 s a statement, for statements that
# run once).
POSTGRES_SETTINGS = {"work_mem": "1GB", "jit": "off"}
# The parts of the day rows and of the histogram grouped side by side, each by one process (a
# Parallel Append under a Gather), for those two statements only: without this the planner sends
# each part's rows through one process (the histogram's) or splits a part's scan with its hashing
# left in one process, because it prices every group passing through the Gather (one row a group
# here) at 0.1 and a part's whole scan as worth splitting. At 1,000,000 requests the histogram took
# 6.7-7.1 s with these against 10.1-11.1 s without; at 10,000,000 the planner chooses the same plan
# by itself (docs/reports.md). The reasons' join is left as it is: it was slower with them.
PARALLEL_PARTS = {"parallel_tuple_cost": "0.01", "min_parallel_table_scan_size": "100GB"}
KEY = ("unit_id", "service_id", "channel", "office_id", "desk_id")
KEY_OF_R = "r.unit_id, r.service_id, r.channel, r.office_id, r.desk_id"
GROUP = "1, 2, 3, 4, 5, 6"  # the day and the key


def _base(requests) -> tuple[str, list]:
    """The requests' rows as the recount reads them: key, days, state, kept figures and flags."""
    rows = (
        contact.with_flags(requests)
        .annotate(
            rb_acc=TruncDate("submitted_at"),
            rb_dec=TruncDate("decided_at"),
            rb_fr=TruncDate("first_responded_at"),
            rb_office=Coalesce("counter_office_id", 0),
            rb_desk=Coalesce("intake_unit_id", 0),
            rb_responded=ExpressionWrapper(Q(pk__in=Response.objects.values("request_id")), BooleanField()),
        )
        .order_by()
        .values(
            "id", "unit_id", "service_id", "channel", "rb_office", "rb_desk", "state", "rb_acc", "rb_dec",
            "rb_fr", "answer_working_days", "answer_within_sla", "first_response_working_days",
            "first_response_within", "first_response_target", "has_receipt", "called_in", "rb_responded",
        )
    )  # fmt: skip
    sql, params = rows.query.sql_with_params()
    names = (
        "id, unit_id, service_id, channel, rb_office AS office_id, rb_desk AS desk_id, state, "
        "rb_acc AS acc_day, rb_dec AS dec_day, rb_fr AS fr_day, answer_working_days AS a_used, "
        "answer_within_sla AS a_within, first_response_working_days AS f_used, "
        "first_response_within AS f_within, first_response_target AS f_target, has_receipt AS receipt, "
        "called_in AS called, rb_responded AS responded"
    )
    return f"(SELECT {names} FROM ({sql}) q)", list(params)


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS integer)"


def _flag(expression: str) -> str:
    return f"CASE WHEN {expression} THEN 1 ELSE 0 END"


class Recount:
    """One recount of the day tables from `since` on (all: None)."""

    def __init__(self, cursor, requests, *, since: dt.date | None, replace: bool = False):
        self.cursor, self.since, self.replace = cursor, since, replace
        self.base, self.base_params = _base(requests)

    def run(self, sql: str, params=()) -> None:
        self.cursor.execute(sql, list(params))

    def all(self) -> None:
        with postgres_settings(self.cursor, PARALLEL_PARTS):
            self._days()
            self._durations()
        self._reasons()

    def _since(self, day: str) -> tuple[str, list]:
        return (f" AND {day} >= %s", [self.since]) if self.since else ("", [])

    def _part(self, day: str, source: str, where: str, sums: dict) -> tuple[str, list]:
        """One part: `source`'s rows grouped by `day` and the key, with these sums (a column of
        `COUNTS` not named is 0)."""
        since, params = self._since(day)
        # integers, so that the parts' sums are added up as integers (PostgreSQL sums a bigint
        # into a numeric, several times slower)
        columns = ", ".join(f"CAST({sums.get(c, '0')} AS integer) AS {c}" for c in COUNTS)
        sql = (
            f"SELECT {day} AS day, {KEY_OF_R}, {columns} FROM {source} WHERE {where}{since} GROUP BY {GROUP}"
        )
        return sql, params

    def _write(self, model, keys: tuple, sums: tuple, select: str, params: list) -> None:
        table = model._meta.db_table
        if self.replace:  # by difference (decision 0141)
            merge(self.cursor, table, keys, sums, select, params, since=self.since)
            return
        # ON CONFLICT: the desk's events may have written a row of today's since the table was
        # emptied. In the key's order: the unique index is written page after page, not at random.
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums)
        self.run(
            f"INSERT INTO {table} ({', '.join((*keys, *sums))}) SELECT * FROM ({select}) w WHERE 1 = 1 "
            f"ORDER BY {', '.join(keys)} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
            params,
        )

    def _days(self) -> None:
        closed = ", ".join(quoted((*ANSWERED, State.WITHDRAWN)))
        answered = f"r.state IN ({', '.join(quoted(ANSWERED))})"
        withdrawn = f"r.state = '{State.WITHDRAWN.value}'"
        base = f"{self.base} r"
        feedback, appointments = Feedback._meta.db_table, Appointment._meta.db_table
        parts = [
            self._part(
                "r.acc_day",
                base,
                "1 = 1",
                {
                    "accepted": "COUNT(*)",
                    "open": f"SUM(CASE WHEN r.state IN ({closed}) THEN 0 ELSE 1 END)",
                    "receipts": f"SUM({_flag('r.receipt')})",
                    "called_in": f"SUM({_flag('r.called')})",
                },
            ),
            self._part(
                "r.dec_day",
                base,
                f"r.dec_day IS NOT NULL AND ({answered} OR {withdrawn})",
                {
                    "withdrawn": f"SUM({_flag(withdrawn)})",
                    "answered": f"SUM({_flag(answered)})",
                    "working_days": f"SUM(CASE WHEN {answered} THEN r.a_used ELSE 0 END)",
                    "calendar_days": f"SUM(CASE WHEN {answered} THEN "
                    f"{_days_between('r.dec_day', 'r.acc_day')} ELSE 0 END)",
                    "within_sla": f"SUM({_flag(f'{answered} AND r.a_within')})",
                    "responded": f"SUM({_flag(f'{answered} AND r.responded')})",
                },
            ),
            self._part(
                "r.fr_day",
                base,
                "r.fr_day IS NOT NULL",
                {
                    "first_responses": "COUNT(*)",
                    "first_response_days": "SUM(r.f_used)",
                    "first_response_targeted": f"SUM({_flag('r.f_target IS NOT NULL')})",
                    "first_response_within": f"SUM({_flag('r.f_target IS NOT NULL AND r.f_within')})",
                },
            ),
            self._part(
                local_day("a.starts_at"),
                f"{appointments} a JOIN {base} ON r.id = a.request_id",
                f"a.status <> '{Appointment.Status.CANCELLED.value}'",
                {"visits": "COUNT(*)"},
            ),
            self._part(
                local_day("f.created_at"),
                f"{feedback} f JOIN {base} ON r.id = f.request_id",
                "1 = 1",
                {"ratings": "COUNT(*)", "rating_sum": "SUM(f.score)"},
            ),
        ]
        union = " UNION ALL ".join(sql for sql, _ in parts)
        params = [p for _, since in parts for p in (*self.base_params, *since)]
        select = (
            f"SELECT day, {', '.join(KEY)}, {', '.join(f'SUM({c}) AS {c}' for c in COUNTS)} "
            f"FROM ({union}) s GROUP BY {GROUP}"
        )
        self._write(DeskDay, ("day", *KEY), COUNTS, select, params)

    def _durations(self) -> None:
        working, calendar, first = quoted(DeskDuration.Measure.values)
        answered = f"r.state IN ({', '.join(quoted(ANSWERED))}) AND r.dec_day IS NOT NULL"
        base = f"{self.base} r"
        parts = []
        for day, measure, days, where in (
            ("r.dec_day", working, "r.a_used", answered),
            ("r.dec_day", calendar, _days_between("r.dec_day", "r.acc_day"), answered),
            ("r.fr_day", first, "r.f_used", "r.fr_day IS NOT NULL"),
        ):
            since, params = self._since(day)
            parts.append(
                (
                    f"SELECT {day} AS day, {KEY_OF_R}, {measure} AS measure, {days} AS days, "
                    f"COUNT(*) AS tally FROM {base} WHERE {where}{since} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
                    [*self.base_params, *params],
                )
            )
        select = " UNION ALL ".join(sql for sql, _ in parts)
        params = [p for _, part in parts for p in part]
        self._write(DeskDuration, ("day", *KEY, "measure", "days"), ("tally",), select, params)

    def _reasons(self) -> None:
        if connection.vendor == "postgresql":
            each = (
                "jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.reasons) = 'array' "
                "THEN f.reasons ELSE '[]'::jsonb END) AS j(value)"
            )
        else:
            each = "json_each(CASE WHEN json_type(f.reasons) = 'array' THEN f.reasons ELSE '[]' END) AS j"
        day = local_day("f.created_at")
        since, params = self._since(day)
        select = (
            f"SELECT {day} AS day, {KEY_OF_R}, j.value AS reason, COUNT(*) AS ratings "
            f"FROM {Feedback._meta.db_table} f JOIN {self.base} r ON r.id = f.request_id, {each} "
            f"WHERE 1 = 1{since} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
        self._write(DeskReason, ("day", *KEY, "reason"), ("ratings",), select, [*self.base_params, *params])


def recount(requests, *, since: dt.date | None, replace: bool = False) -> None:
    """Add the day rows of these requests (a queryset of `ServiceRequest`) whose day is `since` or
    later (all: None) to the day tables; with `replace` (PostgreSQL), make the day tables' rows
    from `since` on these, changing only what differs (`reports.merge.merge`)."""
    if replace and connection.vendor != "postgresql":
        raise ValueError("replace is PostgreSQL's; SQLite's rebuild empties the tables first")
    with connection.cursor() as cursor, postgres_settings(cursor, POSTGRES_SETTINGS):
        Recount(cursor, requests, since=since, replace=replace).all()
