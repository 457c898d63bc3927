# ruff: noqa: S608 - the statements are built from our own table and column names
"""A summary table's rows replaced by difference (PostgreSQL, decision 0141): the rows a recount
produced against those the table holds, in one pass, and only what differs written."""


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
    cursor.execute(f"DROP TABLE IF EXISTS {diff}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {diff} AS SELECT t.id AS old_id, {n_keys}, {n_sums} "
        f"FROM {old} t FULL JOIN ({select}) n ON {' AND '.join(f't.{k} = n.{k}' for k in keys)} "
        f"WHERE t.id IS NULL OR n.{keys[0]} IS NULL OR ({t_sums}) IS DISTINCT FROM ({n_sums})",
        [*old_params, *params],
    )
    cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT old_id FROM {diff} WHERE {keys[0]} IS NULL)")
    cursor.execute(
        f"UPDATE {table} t SET {', '.join(f'{c} = n.{c}' for c in sums)} FROM {diff} n "
        f"WHERE t.id = n.old_id AND n.{keys[0]} IS NOT NULL"
    )
    cursor.execute(
        f"INSERT INTO {table} ({', '.join((*keys, *sums))}) SELECT {n_keys}, {n_sums} FROM {diff} n "
        f"WHERE n.old_id IS NULL ORDER BY {n_keys}"
    )
    cursor.execute(f"DROP TABLE {diff}")
