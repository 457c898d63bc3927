"""Test helpers for outages: a manage.py subprocess cut off from its database for a while.

`OutageDatabase` is the suite's test database as a subprocess sees it, with `outage()`: on
PostgreSQL the process reaches the server through a `TcpProxy`; the outage terminates its backends
(pg_terminate_backend) several times, then closes the relay for a few seconds so that new
connections are refused, as during a restart. On SQLite another connection holds the write lock
past the busy timeout ("database is locked"). Used by the root conftest's `outage_db` and
`start_manage` fixtures.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.testing import python_process

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
OUTAGE_SECONDS = 3


class TcpProxy:
    """A TCP relay on 127.0.0.1 to a database server, to cut a process off from it in a test.

    `stop()` closes the listening socket and every relayed connection (clients see the server
    vanish, then connections refused); `start()` listens again on the same port.
    """

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener = None
        self._sockets: set = set()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)  # the accept loop notices stop() within this
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # stopped
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # stopped meanwhile
                    client.close()
                    upstream.close()
                    return
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def wait_until(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll `predicate` until it returns a true value (returned) or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def manage_env(**extra: str) -> dict[str, str]:
    """The environment for a `manage.py` subprocess: this one's, less what belongs to the tests."""
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DEBUG="1", PYTHONUNBUFFERED="1", **extra)
    return env


class OutageDatabase:
    """The suite's test database as seen by a subprocess, and a way to take it away for a while."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        self.tmp_path = tmp_path
        if self.vendor == "postgresql":
            params = connection.settings_dict
            self.app_name = f"miz-outage-{uuid.uuid4().hex[:8]}"
            self.proxy = TcpProxy(params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)).start()
            user = params["USER"] or "postgres"
            auth = f"{user}:{params['PASSWORD']}" if params["PASSWORD"] else user
            self.direct_url = (
                f"postgres://{auth}@{self.proxy.target[0]}:{self.proxy.target[1]}/{params['NAME']}"
            )
            self.url = (
                f"postgres://{auth}@127.0.0.1:{self.proxy.port}/{params['NAME']}"
                f"?application_name={self.app_name}"
            )
        elif self.vendor == "sqlite":
            # The suite's SQLite database lives in memory: copy it (schema and all) to a file.
            self.path = tmp_path / "miz.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = self.direct_url = f"sqlite:///{self.path}"
        else:  # pragma: no cover
            pytest.skip(f"no outage recipe for {self.vendor}")

    def env(self, **extra) -> dict[str, str]:
        values = {
            "DATABASE_URL": self.url,
            "DB_CONN_MAX_AGE": "600",  # a persistent connection, so the outage breaks one in use
            "MIZ_DB_RETRY_SECONDS": "0.2",
            "MIZ_DB_RETRY_MAX_SECONDS": "1",
            "MIZ_SQLITE_TIMEOUT_SECONDS": "0.5",
            "SMS_BACKEND": "core.sms.ConsoleSmsBackend",
            "MIZ_VAR_DIR": str(self.tmp_path),
        }
        return manage_env(**{**values, **extra})

    def shell(self, code: str, **env: str) -> str:
        """Run Python in `manage.py shell` against this database (directly, never through the relay)."""
        env = self.env(**{**env, "DATABASE_URL": self.direct_url})
        return python_process(MANAGE, "shell", "--no-imports", "-c", code, env=env).splitlines()[-1]

    def query(self, sql: str, *params):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=10) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def outage(self) -> None:
        if self.vendor == "sqlite":
            locker = sqlite3.connect(self.path, isolation_level=None)
            locker.execute("BEGIN IMMEDIATE")
            time.sleep(OUTAGE_SECONDS)
            locker.execute("ROLLBACK")
            locker.close()
            return
        for _ in range(3):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                    [self.app_name],
                )
            time.sleep(0.7)
        self.proxy.stop()  # connections refused, as while the server restarts
        time.sleep(OUTAGE_SECONDS)
        self.proxy.start()

    def close(self) -> None:
        if self.vendor == "postgresql":
            self.proxy.stop()


class ManageProcesses:
    """`start(*args, **env)` runs `manage.py <args>` in the background against an OutageDatabase,
    its output in `process.log`; `stop_all()` ends them."""

    def __init__(self, database: OutageDatabase, log_dir: Path):
        self.database = database
        self.log_dir = log_dir
        self.running: list = []

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = self.log_dir / f"{args[0]}-{len(self.running)}.log"
        handle = log.open("w")
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, MANAGE, *args],
            env=self.database.env(**env),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        self.running.append((process, handle))
        return process

    def stop_all(self) -> None:
        for process, handle in self.running:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            handle.close()


def assert_running(process: subprocess.Popen) -> None:
    assert process.poll() is None, f"exited with {process.returncode}:\n{process.log.read_text()}"
