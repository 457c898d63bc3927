"""`Registry`: what apps register in `AppConfig.ready()` (menus, roles, checks), keyed and in order.

Registering the same key again replaces its value in place, so registration is idempotent. A test
(or a command) that needs the registry with other contents uses `isolated()`, a context manager
that gives an empty registry (or, with `keep=True`, a copy of the current one) and puts the
registered entries back on exit:

    with nav.items.isolated():
        nav.register_nav(...)   # only this item is registered here
"""

from collections.abc import Iterator
from contextlib import contextmanager


class Registry:
    def __init__(self, name: str):
        self.name = name
        self._entries: dict = {}

    def register(self, key, value) -> None:
        self._entries[key] = value

    def get(self, key, default=None):
        return self._entries.get(key, default)

    def __getitem__(self, key):
        return self._entries[key]

    def __contains__(self, key) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def values(self) -> list:
        return list(self._entries.values())

    @contextmanager
    def isolated(self, *, keep: bool = False) -> Iterator["Registry"]:
        """Inside the block the registry starts empty (or as a copy with `keep=True`); on exit it
        holds exactly what it held before."""
        saved = self._entries
        self._entries = dict(saved) if keep else {}
        try:
            yield self
        finally:
            self._entries = saved

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self)} entries>"
