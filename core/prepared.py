"""Hot read queries built and compiled by the ORM once per process and database, then run with new
parameters (decision 0127).

Django builds and compiles a query anew on every call: for a query with subqueries that is 0.5–1.5
ms of Python, twenty times what the database then spends on it (SQLite, a filing through the API,
where such checks ran several times per filing). `Prepared(build, ...)` calls `build` twice with
different stand-ins for each parameter, lets the ORM compile both for the database at hand, and
keeps the SQL with the places of the parameters (where the two differ as the stand-ins do); each
call then only fills them in. The query stays written once, in the ORM, and runs through the same
connection (so query counts and logs see it).

A parameter the ORM does not pass as one (written into the SQL instead, changed by the field on
its way, or dropped as impossible) is refused when the query is first compiled, so a query that
cannot be prepared fails loudly, not wrongly. The values of each call go to the database as they
are, without the field's own preparation: give them in their stored form (a cleaned national
code, not one as typed).

What `build` reads besides its parameters is kept as it was at the first call, for the life of
the process: it must not read the clock, the settings or the database. A date or time among the
compiled query's constants is refused for that reason (today's date would stay today's).
"""

import datetime as dt
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class _Slot:
    """Where a named parameter goes."""

    def __init__(self, name: str):
        self.name = name


def _samples(params: dict[str, type], round_: int) -> dict[str, object]:
    """Stand-ins for the parameters, different in each of the two rounds of compiling: small
    positive numbers (in range for any integer column, so no lookup drops them as impossible) and
    plain letters and digits (which an identifier field keeps as they are)."""
    samples = {}
    for i, (name, kind) in enumerate(params.items()):
        if kind is int:
            samples[name] = 31_001 + 100 * round_ + i
        elif kind is str:
            samples[name] = f"MizPrepared{round_}Sample{i}Qx"
        else:
            raise TypeError(f"Prepared parameters are int or str, not {kind!r} ({name}).")
    return samples


def _dates_in(where) -> bool:
    """Whether a date or time is compared with in this WHERE tree (its subqueries included)."""
    for child in getattr(where, "children", ()):
        if hasattr(child, "children"):
            if _dates_in(child):
                return True
            continue
        rhs = getattr(child, "rhs", None)
        values = rhs if isinstance(rhs, list | tuple) else [rhs]
        if any(isinstance(v, dt.date | dt.time) for v in values):
            return True
        inner = getattr(rhs, "query", rhs)
        if hasattr(inner, "where") and _dates_in(inner.where):
            return True
    return False


class Prepared:
    """A read query compiled once per database: `Prepared(lambda office_id, service_id: qs, model,
    office_id=int, service_id=int)`, then `.exists(office_id=3, service_id=7)`, `.first_value(...)`,
    `.first_object(...)` or `.objects(...)`."""

    def __init__(self, build: Callable[..., QuerySet], model: type[Model] | str, **params: type):
        """`model`: the model read (or its "app_label.Model"), which names the database."""
        self.build, self.model, self.params = build, model, params
        _samples(params, 0)  # refuse a kind of parameter it cannot place, now
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _compile(self, shape: str, alias: str) -> "_Compiled":
        """Compiled twice with different stand-ins: a parameter's places are where the two differ
        as the stand-ins do; the rest are the query's own constants."""
        key = (shape, alias)
        if key not in self._compiled:
            first, second = (self._as_sql(shape, alias, _samples(self.params, r)) for r in (0, 1))
            (sql, params, compiler), (sql_again, params_again, _) = first, second
            if sql != sql_again or len(params) != len(params_again):
                raise ValueError("A parameter is written into the SQL, not passed; cannot prepare.")
            samples = (_samples(self.params, 0), _samples(self.params, 1))
            places = []
            for value, again in zip(params, params_again, strict=True):
                if value == again:
                    places.append(value)
                    continue
                names = [n for n in self.params if (samples[0][n], samples[1][n]) == (value, again)]
                if len(names) != 1:
                    raise ValueError("A parameter is changed on its way to the database; cannot prepare.")
                places.append(_Slot(names[0]))
            missing = set(self.params) - {p.name for p in places if isinstance(p, _Slot)}
            if missing:
                raise ValueError(f"Parameters {sorted(missing)} are not query parameters; cannot prepare.")
            self._compiled[key] = _Compiled(
                sql, places, compiler, alias, objects=shape in {"first_object", "objects"}
            )
        return self._compiled[key]

    def _as_sql(self, shape: str, alias: str, samples: dict) -> tuple[str, list, object]:
        queryset = self.build(**samples)
        if _dates_in(queryset.query.where):
            # Read from the clock when the query was built, it would stay that day for good.
            raise ValueError("A date or time is a constant of the query; cannot prepare.")
        if shape in {"first_value", "first_object"} and not queryset.ordered:
            queryset = queryset.order_by("pk")  # as `QuerySet.first()`
        query = queryset.query.exists() if shape == "exists" else queryset.query.chain()
        if shape in {"first_value", "first_object"}:
            query.set_limits(high=1)
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:  # a stand-in the lookup judged impossible
            raise ValueError("The query drops a parameter as impossible; cannot prepare.") from exc
        return sql, list(params), compiler

    def _run(self, shape: str, values: dict, fetch):
        if set(values) != set(self.params):
            raise TypeError(f"Prepared query takes {sorted(self.params)}, got {sorted(values)}.")
        if isinstance(self.model, str):
            self.model = apps.get_model(self.model)
        alias = router.db_for_read(self.model)
        compiled = self._compile(shape, alias)
        params = [values[p.name] if isinstance(p, _Slot) else p for p in compiled.places]
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return compiled, fetch(cursor)

    def _row(self, shape: str, values: dict) -> tuple["_Compiled", tuple | None]:
        return self._run(shape, values, lambda cursor: cursor.fetchone())

    def exists(self, **values) -> bool:
        """Whether the query has a row (as `QuerySet.exists()`)."""
        return self._row("exists", values)[1] is not None

    def first_value(self, **values):
        """The first column of the query's first row, or None (as `values_list(x).first()`)."""
        compiled, row = self._row("first_value", values)
        return None if row is None else compiled.converted(row)[0]

    def first_object(self, **values):
        """The query's first object with what it `select_related`, or None (as `.first()`; no
        annotations, no prefetching)."""
        compiled, row = self._row("first_object", values)
        return None if row is None else compiled.instance(row)

    def objects(self, **values) -> list:
        """Every object of the query, in its order, with what it `select_related` (as `list(qs)`;
        no annotations, no prefetching)."""
        compiled, rows = self._run("objects", values, lambda cursor: cursor.fetchall())
        return [compiled.instance(row) for row in rows]


class _Compiled:
    """A compiled query: its SQL, the places of its parameters, and (for objects) how the ORM
    turns a row into the model and its related objects, as `ModelIterable` does."""

    def __init__(self, sql: str, places: list, compiler, alias: str, *, objects: bool):
        self.sql, self.places, self.compiler, self.alias = sql, places, compiler, alias
        # The backend's and the fields' converters, found once (`results_iter` finds them anew
        # for every row set: about a third of a prepared read's Python).
        self.converters = compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])
        if not objects:
            return
        if compiler.annotation_col_map:
            raise ValueError("Prepared objects take no annotations.")
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, alias)

    def converted(self, row: tuple):
        """The row with the backend's and the fields' converters applied (dates, decimals…), as
        `results_iter` gives it."""
        if not self.converters:
            return row
        return next(self.compiler.apply_converters([row], self.converters))

    def instance(self, row: tuple):
        row = self.converted(row)
        obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj
