"""Hot read queries built and compiled by the ORM once per process and database, then run with new
parameters (decision 0127).

Django builds and compiles a query anew on every call: for a query with subqueries that is 0.5–1.5
ms of Python, twenty times what the database then spends on it (SQLite, a filing through the API,
where such checks ran several times per filing). `Prepared(build, ...)` calls `build` once with a
placeholder for each parameter, lets the ORM compile it for the database at hand, and keeps the SQL
with the places of the parameters; each call then only fills them in. The query stays written once,
in the ORM, and runs through the same connection (so query counts and logs see it).

A placeholder the ORM did not pass as a parameter (written into the SQL instead, or changed by the
field on its way) is refused when the query is first compiled, so a query that cannot be prepared
fails loudly, not wrongly. The values of each call go to the database as they are, without the
field's own preparation: give them in their stored form (a cleaned national code, not one as typed).
"""

from collections.abc import Callable

from django.apps import apps
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class _Slot:
    """Where a named parameter goes; its sample value, unlike any real one, is what `build` gets."""

    def __init__(self, name: str, sample):
        self.name, self.sample = name, sample


def _samples(params: dict[str, type]) -> dict[str, _Slot]:
    slots = {}
    for i, (name, kind) in enumerate(params.items()):
        if kind is int:
            sample = -7_340_000_000_001 - i  # no id, rank or count is ever this
        elif kind is str:
            sample = f"MizPreparedSample{i}Qx"  # letters and digits: an identifier field keeps it
        else:
            raise TypeError(f"Prepared parameters are int or str, not {kind!r} ({name}).")
        slots[name] = _Slot(name, sample)
    return slots


class Prepared:
    """A read query compiled once per database: `Prepared(lambda office_id, service_id: qs, model,
    office_id=int, service_id=int)`, then `.exists(office_id=3, service_id=7)`, `.first_value(...)`,
    `.first_object(...)` or `.objects(...)`."""

    def __init__(self, build: Callable[..., QuerySet], model: type[Model] | str, **params: type):
        """`model`: the model read (or its "app_label.Model"), which names the database."""
        self.build, self.model, self.params = build, model, params
        _samples(params)  # refuse a kind of parameter it cannot place, now
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _compile(self, shape: str, alias: str) -> "_Compiled":
        key = (shape, alias)
        if key not in self._compiled:
            slots = _samples(self.params)
            queryset = self.build(**{name: slot.sample for name, slot in slots.items()})
            if shape in {"first_value", "first_object"} and not queryset.ordered:
                queryset = queryset.order_by("pk")  # as `QuerySet.first()`
            query = queryset.query.exists() if shape == "exists" else queryset.query.chain()
            if shape in {"first_value", "first_object"}:
                query.set_limits(high=1)
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            by_sample = {slot.sample: slot for slot in slots.values()}
            places = [
                by_sample.get(value, value) if isinstance(value, int | str) else value for value in params
            ]
            missing = set(slots) - {p.name for p in places if isinstance(p, _Slot)}
            if missing:
                raise ValueError(f"Parameters {sorted(missing)} are not query parameters; cannot prepare.")
            self._compiled[key] = _Compiled(
                sql, places, compiler, alias, objects=shape in {"first_object", "objects"}
            )
        return self._compiled[key]

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
        """The row with the backend's and the fields' converters applied (dates, decimals…)."""
        return next(iter(self.compiler.results_iter(results=[[row]])))

    def instance(self, row: tuple):
        row = self.converted(row)
        obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj
