"""Work gathered over a block of one transaction and done once at the block's end (decision 0128).

A service that makes several changes in one transaction (filing a request: its events, its
receipt messages) sets off receivers that each write a little (the reports summary). Inside
`with transaction.atomic(), gathered():` such a receiver may hand its part to the gathering
(`current().part(key, make)`) instead of writing at once; when the block ends without an error,
each part's `flush()` runs, still inside the transaction, so the writes commit or roll back
with the change that caused them, exactly as if each receiver had written straight away.

A savepoint inside the block may be rolled back on its own (a failed step caught by the
service): what was added inside it must then disappear. So `current()` answers only at the
savepoint depth where the gathering was opened; inside a deeper savepoint it answers None and
the receiver writes at once, inside that savepoint, as it always did. Only real savepoints count:
an `atomic()` that makes none (the outermost block, or `savepoint=False`) changes nothing.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError

_local = threading.local()


def _depth(connection) -> int:
    """How many real savepoints the connection has open."""
    return sum(1 for sid in connection.savepoint_ids if sid is not None)


class Gathering:
    """The parts gathered at one savepoint depth of one connection, by key, in the order added."""

    def __init__(self, alias: str, depth: int):
        self.alias, self.depth = alias, depth
        self.parts: dict[str, object] = {}

    def part(self, key: str, make):
        """The part under `key`, made by `make()` the first time it is asked for; it must have
        a `flush()` method."""
        if key not in self.parts:
            self.parts[key] = make()
        return self.parts[key]

    def flush(self) -> None:
        # A part's flush may set off receivers that add to another part: repeat until none is left.
        while self.parts:
            parts, self.parts = self.parts, {}
            for found in parts.values():
                found.flush()


def current(using: str = DEFAULT_DB_ALIAS) -> Gathering | None:
    """The gathering open at this point of the transaction, or None (none open, or a savepoint
    opened inside it: write at once)."""
    gathering = getattr(_local, "gathering", None)
    if gathering is None or gathering.alias != using:
        return None
    connection = connections[using]
    if not connection.in_atomic_block or _depth(connection) != gathering.depth:
        return None
    return gathering


@contextmanager
def gathered(using: str = DEFAULT_DB_ALIAS):
    """Gather the parts handed over in this block and flush them at its end. Must be entered
    inside a transaction (`with transaction.atomic(), gathered():`). Nested at the same depth,
    it joins the open gathering (flushed by the outer block only)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise TransactionManagementError("gathered() needs an open transaction (transaction.atomic()).")
    outer = getattr(_local, "gathering", None)
    joined = current(using)
    if joined is not None:
        yield joined
        return
    gathering = Gathering(using, _depth(connection))
    _local.gathering = gathering
    try:
        yield gathering
        gathering.flush()
    finally:
        _local.gathering = outer
