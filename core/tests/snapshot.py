"""A copy of every model table's rows (and of the files a seeding wrote), taken once in a test
process and put back by a later test in place of seeding again (decision 0135).

Seeding the demo takes 3–13 s on SQLite and 4–13 s on PostgreSQL here; a dozen tests ask for it, and
each transactional test's flush empties the tables after it. `take()` reads the tables as the
engine stores them (SQLite: the raw values; PostgreSQL: `COPY … TO STDOUT`), `restore()` empties
the same tables and writes those bytes back in one transaction, then sets each table's sequence
past its largest id and clears the caches that hold rows by id.

What it covers is what Django's flush empties (`django_table_names`); what lives beside those tables
follows them: SQLite's search index through its triggers, PostgreSQL's generated search column
(COPY leaves generated columns out both ways). Files are kept by their path under MEDIA_ROOT.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    vendor: str
    # table → (columns, rows) on SQLite, table → COPY text on PostgreSQL
    tables: dict = field(default_factory=dict)
    # path under MEDIA_ROOT → content
    files: dict[str, bytes] = field(default_factory=dict)


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def media_names() -> set[str]:
    """The paths of the files under MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def media_files(names=None) -> dict[str, bytes]:
    """The files under MEDIA_ROOT (those of `names` only, when given), path → content."""
    root = Path(settings.MEDIA_ROOT)
    return {name: (root / name).read_bytes() for name in (media_names() if names is None else names)}


def take(*, files: dict[str, bytes] | None = None) -> Snapshot:
    """Every model table's rows as they are now; `files` (path → content) go with them."""
    snapshot = Snapshot(vendor=connection.vendor, files=dict(files or {}))
    connection.ensure_connection()
    raw = connection.connection
    with transaction.atomic():
        for table in _tables():
            if connection.vendor == "postgresql":
                with raw.cursor() as cursor, cursor.copy(f"COPY {q(table)} TO STDOUT") as copy:
                    snapshot.tables[table] = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor = raw.cursor()
                cursor.execute(f"SELECT * FROM {q(table)} LIMIT 0")  # noqa: S608 - Django's own table names
                columns = [d[0] for d in cursor.description]
                # `+column` is the column's stored value with no declared type, so no converter of
                # Django's (dates, booleans) rewrites it on the way out: the bytes go back as read.
                values = ", ".join("+" + q(c) for c in columns)
                cursor.execute(f"SELECT {values} FROM {q(table)}")  # noqa: S608
                snapshot.tables[table] = (columns, cursor.fetchall())
                cursor.close()
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """The tables hold exactly the snapshot's rows again, and its files are under MEDIA_ROOT."""
    assert snapshot.vendor == connection.vendor, "a snapshot goes back to the engine it came from"
    tables = _tables()
    assert set(tables) == set(snapshot.tables), "the tables changed since the snapshot"
    connection.ensure_connection()
    raw = connection.connection
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table in tables:
                    cursor.execute(f"DELETE FROM {q(table)}")  # noqa: S608
                for table in tables:
                    if snapshot.tables[table]:
                        with cursor.copy(f"COPY {q(table)} FROM STDIN") as copy:
                            copy.write(snapshot.tables[table])
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        else:
            cursor = raw.cursor()
            for table in tables:
                cursor.execute(f"DELETE FROM {q(table)}")  # noqa: S608
            for table in tables:
                columns, rows = snapshot.tables[table]
                if rows:
                    names = ", ".join(q(c) for c in columns)
                    marks = ", ".join("?" * len(columns))
                    cursor.executemany(f"INSERT INTO {q(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
            cursor.close()
    root = Path(settings.MEDIA_ROOT)
    for name, content in snapshot.files.items():
        path = root / name
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    _clear_caches()


def _clear_caches() -> None:
    """Caches that hold rows by id, filled before the restore put other rows under those ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from core.calendar import clear_cache

    ContentType.objects.clear_cache()
    clear_cache()
    cache.clear()
