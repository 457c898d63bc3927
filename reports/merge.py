# ruff: noqa: S608 - the statements are built from our own table and column names
"""A summary table's rows replaced by difference (PostgreSQL, decision 0141): the rows a recount
produced against those the table holds, in one pass, and only what differs written. Into a table
found empty (a first build), many rows are written with the table's secondary indexes and unique
constraint set aside and built again once (decision 0154)."""

from contextlib import contextmanager

from django.db import connection

from reports.measure import postgres_settings

# Into an empty table, at least this many new rows are written with its indexes set aside.
BULK_ROWS = 50_000
# Memory for building an index again (for the rebuild's transaction only).
INDEX_MEMORY = "1GB"


def merge(cursor, table: str, keys: tuple, sums: tuple, select: str, params=(), *, since=None) -> None:
    """Make `table`'s rows (those whose `day` is `since` or later; all: None) the rows of `select`
    (columns named `keys` then `sums`, one row a key): the rows whose key it lacks are deleted,
    those whose sums differ updated, its keys the table lacks inserted (in the key's order). A
    table found right is read once and not written. The caller keeps other writers out."""
    diff, n_keys = f"rb_d_{table}", ", ".join(f"n.{k}" for k in keys)
    t_sums, n_sums = (", ".join(f"{side}.{c}" for c in sums) for side in "tn")
    old, old_params = (table, [])
    if since is not None:
        old, old_params = f"(SELECT * FROM {table} WHERE day >= %s)", [since]
    empty = since is None and _empty(cursor, table)
    cursor.execute(f"DROP TABLE IF EXISTS {diff}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {diff} AS SELECT t.id AS old_id, {n_keys}, {n_sums} "
        f"FROM {old} t FULL JOIN ({select}) n ON {' AND '.join(f't.{k} = n.{k}' for k in keys)} "
        f"WHERE t.id IS NULL OR n.{keys[0]} IS NULL OR ({t_sums}) IS DISTINCT FROM ({n_sums})",
        [*old_params, *params],
    )
    insert = (
        f"INSERT INTO {table} ({', '.join((*keys, *sums))}) SELECT {n_keys}, {n_sums} FROM {diff} n "
        f"WHERE n.old_id IS NULL ORDER BY {n_keys}"
    )
    if empty and cursor.rowcount >= BULK_ROWS:
        with indexes_set_aside(cursor, table):
            cursor.execute(insert)  # in the key's order still: a report reads a period's rows together
    else:
        cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT old_id FROM {diff} WHERE {keys[0]} IS NULL)")
        cursor.execute(
            f"UPDATE {table} t SET {', '.join(f'{c} = n.{c}' for c in sums)} FROM {diff} n "
            f"WHERE t.id = n.old_id AND n.{keys[0]} IS NOT NULL"
        )
        cursor.execute(insert)
    cursor.execute(f"DROP TABLE {diff}")


def _empty(cursor, table: str) -> bool:
    cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})")
    return cursor.fetchone()[0]


@contextmanager
def indexes_set_aside(cursor, table: str):
    """`table` without its unique constraints and its indexes other than the primary key while
    the block writes into it; then each made again as it was, from its own definition, and the
    table analysed. PostgreSQL sorts a whole column once to build an index, where rows inserted
    one by one each find their place in every index (decision 0154).

    For a transaction's block only (it raises otherwise): the table is locked against readers and
    writers from the first `DROP` to the commit, so no one sees it without them, and a failure
    rolls every step back with the rows."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes are set aside only inside a transaction")
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'u' ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    with postgres_settings(cursor, {"maintenance_work_mem": INDEX_MEMORY}):
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(f"ANALYZE {table}")
