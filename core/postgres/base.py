"""Django's PostgreSQL backend, whose connection health check asks the server only when it has
something to say (decision 0152).

With `CONN_HEALTH_CHECKS` Django runs `SELECT 1` on a kept connection at the start of every
request that uses it, so that a connection the server dropped (a restart, a terminated backend, an
idle timeout) is replaced instead of failing the request. That is a round trip on every page: a
third of the public tracking page's. An idle connection's socket has nothing to read unless the
server wrote to it since: a connection it closed reads as end of file, one it terminated carries
the FATAL message first, a notice or a parameter change its message. So `is_usable` looks at the
socket without waiting: nothing to read, and psycopg holds the connection neither closed nor broken
and outside a transaction: usable, no round trip. Anything to read, or any doubt: Django's own
check, the `SELECT 1`, which also reads and handles what is waiting.

What neither check sees: a server that went away without closing the connection (a cable cut, a
host powered off). `SELECT 1` would wait for the network's timeout there too; the request's own
query fails instead, Django marks the connection and closes it at the end of the request.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poll = select.poll()  # not select.select: no limit on the descriptor's number
            poll.register(connection.pgconn.socket, select.POLLIN)
            waiting = poll.poll(0)  # readable, hung up or in error; 0: do not wait
        except (OSError, ValueError, AttributeError, psycopg.Error):  # no socket, or no poll (Windows)
            return super().is_usable()
        return not waiting or super().is_usable()
