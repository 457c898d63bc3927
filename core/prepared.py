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
compiled query's constants is refused for that reason (today's date would stay today's); a moment
the query compares with is a parameter of kind `datetime` instead (timezone-aware), which goes to
the database as the backend stores a `DateTimeField` (decision 0131).
"""

import datetime as dt
import functools
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.transaction import TransactionManagementError


class _Slot:
    """Where a named parameter goes (a moment: in the backend's form of a `DateTimeField`)."""

    def __init__(self, name: str, moment: bool = False):
        self.name, self.moment = name, moment


_SAMPLE_MOMENT = dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


def _samples(params: dict[str, type], round_: int) -> dict[str, object]:
    """Stand-ins for the parameters, different in each of the two rounds of compiling: small
    positive numbers (in range for any integer column, so no lookup drops them as impossible),
    plain letters and digits (which an identifier field keeps as they are) and aware moments of
    2001, each at its own second."""
    samples = {}
    for i, (name, kind) in enumerate(params.items()):
        if kind is int:
            samples[name] = 31_001 + 100 * round_ + i
        elif kind is str:
            samples[name] = f"MizPrepared{round_}Sample{i}Qx"
        elif kind is dt.datetime:
            samples[name] = _SAMPLE_MOMENT + dt.timedelta(days=100 * round_, seconds=i)
        else:
            raise TypeError(f"Prepared parameters are int, str or datetime, not {kind!r} ({name}).")
    return samples


def _dates_in(where, stand_ins: frozenset = frozenset()) -> bool:
    """Whether a date or time other than a parameter's stand-in is compared with in this WHERE tree
    (its subqueries included)."""
    for child in getattr(where, "children", ()):
        if hasattr(child, "children"):
            if _dates_in(child, stand_ins):
                return True
            continue
        rhs = getattr(child, "rhs", None)
        values = rhs if isinstance(rhs, list | tuple) else [rhs]
        if any(isinstance(v, dt.date | dt.time) and v not in stand_ins for v in values):
            return True
        inner = getattr(rhs, "query", rhs)
        if hasattr(inner, "where") and _dates_in(inner.where, stand_ins):
            return True
    return False


def _dates_in_query(query, stand_ins: frozenset, values=()) -> bool:
    """`_dates_in` for the query's WHERE and its annotations (an aggregate's `filter=`, a `Value`),
    and for `values` (an update's new values)."""
    if _dates_in(query.where, stand_ins):
        return True
    for annotation in query.annotations.values():
        for node in annotation.flatten():
            if hasattr(node, "children") and _dates_in(node, stand_ins):
                return True
            value = getattr(node, "value", None)
            if isinstance(value, dt.date | dt.time) and value not in stand_ins:
                return True
    return any(isinstance(v, dt.date | dt.time) and v not in stand_ins for v in values)


class Prepared:
    """A read query compiled once per database: `Prepared(lambda office_id, service_id: qs, model,
    office_id=int, service_id=int)`, then `.exists(office_id=3, service_id=7)`, `.first_value(...)`,
    `.first_row(...)`, `.first_object(...)` or `.objects(...)`."""

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
            # Each stand-in as the database receives it (a moment in the backend's stored form).
            samples = [
                {n: self._to_db(alias, n, v) for n, v in _samples(self.params, r).items()} for r in (0, 1)
            ]
            places = []
            for value, again in zip(params, params_again, strict=True):
                if value == again:
                    places.append(value)
                    continue
                names = [n for n in self.params if (samples[0][n], samples[1][n]) == (value, again)]
                if len(names) != 1:
                    raise ValueError("A parameter is changed on its way to the database; cannot prepare.")
                places.append(_Slot(names[0], moment=self.params[names[0]] is dt.datetime))
            missing = set(self.params) - {p.name for p in places if isinstance(p, _Slot)}
            if missing:
                raise ValueError(f"Parameters {sorted(missing)} are not query parameters; cannot prepare.")
            self._compiled[key] = _Compiled(
                sql,
                places,
                compiler,
                alias,
                objects=shape in {"first_object", "objects"},
                rows=shape != "update",
            )
        return self._compiled[key]

    def _to_db(self, alias: str, name: str, value):
        """A parameter's value as the database receives it; a moment must be timezone-aware (a
        naive one would be read in whichever zone the backend assumes)."""
        if self.params[name] is not dt.datetime:
            return value
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise TypeError(f"Prepared parameter {name} is a timezone-aware datetime, not {value!r}.")
        return connections[alias].ops.adapt_datetimefield_value(value)

    def _value(self, alias: str, slot: _Slot, values: dict):
        return self._to_db(alias, slot.name, values[slot.name]) if slot.moment else values[slot.name]

    def _as_sql(self, shape: str, alias: str, samples: dict) -> tuple[str, list, object]:
        queryset = self.build(**samples)
        moments = frozenset(v for v in samples.values() if isinstance(v, dt.datetime))
        if _dates_in_query(queryset.query, moments):
            # Read from the clock when the query was built, it would stay that day for good.
            raise ValueError("A date or time is a constant of the query; cannot prepare.")
        if shape in {"first_value", "first_object"} and not queryset.ordered:
            queryset = queryset.order_by("pk")  # as `QuerySet.first()`
        query = queryset.query.exists() if shape == "exists" else queryset.query.chain()
        if shape in {"first_value", "first_row", "first_object"}:
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
        alias = (router.db_for_write if shape == "update" else router.db_for_read)(self.model)
        compiled = self._compile(shape, alias)
        if compiled.compiler.query.select_for_update and not connections[alias].in_atomic_block:
            # As the ORM refuses it: a lock taken outside a transaction ends with the statement.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = [self._value(alias, p, values) if isinstance(p, _Slot) else p for p in compiled.places]
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

    def first_row(self, **values) -> tuple | None:
        """The query's first row, converted, or None: for a query of one row (an aggregate of
        `values(...).annotate(...)`) or one the builder orders (no order is added)."""
        compiled, row = self._row("first_row", values)
        return None if row is None else tuple(compiled.converted(row))

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


class PreparedUpdate(Prepared):
    """An UPDATE of one table compiled once per database: `PreparedUpdate(lambda pk, now:
    (OneTimeCode.objects.filter(pk=pk, used_at__isnull=True), {"used_at": now}), OneTimeCode,
    pk=int, now=datetime)`, then `.run(pk=3, now=...)`, the number of rows changed (as
    `QuerySet.update`, without its own transaction: run it in the caller's).

    The new values are parameters like any other, or expressions (`F("attempts") + 1`). An update
    whose filter joins another table is refused when compiled: the ORM would read the rows' ids
    first, once, and the compiled statement would keep them."""

    def _as_sql(self, shape: str, alias: str, samples: dict) -> tuple[str, list, object]:
        if shape != "update":
            raise TypeError("A prepared update is run with .run(), not read.")
        queryset, changes = self.build(**samples)
        moments = frozenset(v for v in samples.values() if isinstance(v, dt.datetime))
        if _dates_in_query(queryset.query, moments, changes.values()):
            raise ValueError("A date or time is a constant of the query; cannot prepare.")
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(changes)
        query.get_initial_alias()
        if query.related_updates or query.count_active_tables() != 1:
            raise ValueError("The update reaches another table; cannot prepare.")
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            raise ValueError("The query drops a parameter as impossible; cannot prepare.") from exc
        return sql, list(params), compiler

    def run(self, **values) -> int:
        """The number of rows the update changed."""
        return self._run("update", values, lambda cursor: cursor.rowcount)[1]


@functools.cache
def _plain_saves() -> tuple:
    """The `save()`s that add nothing to an INSERT of a new object: Django's own, and the event
    log's (it only refuses changes and forces the INSERT). Found on first use: the apps are ready."""
    from core.eventlog import AppendOnlyModel

    return (Model.save, AppendOnlyModel.save)


class PreparedInsert:
    """A new row of `model` written by an INSERT its ORM compiler builds once per database:
    `PreparedInsert(ApiCall)`, then `.insert(ApiCall(client=..., path=...))` stores the object and
    sets its id, as `obj.save()` of a new object would (each field's `pre_save` and database
    preparation, and the check that related objects are saved, included). What `save()` would
    add is not skipped silently: an object with its id already set, a model with a `save()` of
    its own (other than the event log's, which only refuses changes), a `pre_save`/`post_save`
    receiver, a parent model or no auto id, or a backend that cannot return the new id from the
    INSERT, is saved by the ORM; a value that is an expression is refused."""

    def __init__(self, model: type[Model]):
        self.model = model
        self._compiled: dict[str, tuple] = {}

    def _fields(self) -> list:
        """The columns an INSERT of a new object writes (as `Model._save_table`: not the auto id)."""
        meta = self.model._meta
        return [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]

    def _compile(self, alias: str) -> tuple:
        if alias not in self._compiled:
            meta = self.model._meta
            fields = self._fields()
            if any(hasattr(f, "get_placeholder") for f in fields):
                raise ValueError(f"A field of {meta.label} writes its own placeholder; cannot prepare.")
            query = InsertQuery(self.model)
            # Compiled for a throw-away object, its values as they are (raw): the SQL is all
            # that is kept, and no caller's object is prepared twice or kept alive.
            query.insert_values(fields, [self.model()], raw=True)
            compiler = query.get_compiler(using=alias)
            compiler.returning_fields = meta.db_returning_fields
            ((sql, params),) = compiler.as_sql()
            if len(params) != len(fields) + len(compiler.returning_params):
                raise ValueError(
                    f"The INSERT of {meta.label} takes other parameters than its fields; cannot prepare."
                )
            returned = [f.get_col(meta.db_table) for f in compiler.returning_fields]
            self._compiled[alias] = (sql, compiler, compiler.get_converters(returned))
        return self._compiled[alias]

    def insert(self, obj: Model) -> Model:
        """Store `obj` (a new object of the model) and set what the database gave it (its id)."""
        model = self.model
        if type(obj) is not model or not obj._state.adding:
            raise TypeError(f"A new {model._meta.label} is inserted, not {obj!r}.")
        alias = router.db_for_write(model, instance=obj)
        connection = connections[alias]
        if (
            obj.pk is not None
            or model._meta.auto_field is None
            or model._meta.parents
            or type(obj).save not in _plain_saves()
            or pre_save.has_listeners(model)
            or post_save.has_listeners(model)
            or not connection.features.can_return_columns_from_insert
        ):
            obj.save(force_insert=True, using=alias)
            return obj
        obj._prepare_related_fields_for_save(operation_name="save")
        fields = self._fields()
        values = [field.pre_save(obj, add=True) for field in fields]
        if any(hasattr(value, "resolve_expression") for value in values):
            raise TypeError("An expression is not inserted by a prepared INSERT.")
        sql, compiler, converters = self._compile(alias)
        params = [
            field.get_db_prep_save(v, connection=connection) for field, v in zip(fields, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, *compiler.returning_params))
            rows = [connection.ops.fetch_returned_insert_columns(cursor, compiler.returning_params)]
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        for field, value in zip(compiler.returning_fields, rows[0], strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding, obj._state.db = False, alias
        return obj


class _Compiled:
    """A compiled query: its SQL, the places of its parameters, and (for objects) how the ORM
    turns a row into the model and its related objects, as `ModelIterable` does."""

    def __init__(self, sql: str, places: list, compiler, alias: str, *, objects: bool, rows: bool = True):
        self.sql, self.places, self.compiler, self.alias = sql, places, compiler, alias
        if not rows:  # an UPDATE: nothing comes back but the count
            return
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
