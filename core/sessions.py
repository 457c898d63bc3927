"""Sessions: the middleware whose failed save never replaces the view's own response, and the
engine (`SessionStore`, SESSION_ENGINE "core.sessions" with REDIS_URL) that goes on through a
Redis outage and never lets it undo a sign-out.

Django saves the session after the view. If that save fails (the session row was deleted by a
concurrent sign-out: `SessionInterrupted`, a 400; the database went away: a 500), Django answers
with that error instead of the view's response, although whatever the view committed (a request
filed, with its tracking code in the redirect) is stored. Here the failure is logged and the
view's response goes out without the session update: the person sees what was done. A lost session
write loses only what it carried (a flash message, a pending form step), never a committed record.

`SessionStore` is Django's `cached_db` (the database, read through Redis: decision 0062) made safe
for a Redis outage (decision 0148):
- a read that cannot reach Redis is served from the database (Django's own `load` already falls
  back when the read fails, but not when it puts the row back into Redis: that raised, and every
  signed-in page answered 500 while Redis was down);
- a new key is looked for in the database when Redis cannot say whether it is taken (a sign-in
  made a new session with Django's `exists`, which raised);
- a delete removes the Redis copy first. Django deletes the row first and then the copy, and when
  Redis is down the copy stays: a sign-out during the outage was undone once Redis came back. Here,
  while Redis is down, a session that holds a signed-in person is not deleted at all (the sign-out
  answers the Persian 503 of `core.errors`, and works once Redis is back); one that holds nobody
  (the anonymous session a sign-in replaces) is deleted from the database, as its copy grants
  nothing.
- a save is Django's: the row, then the Redis copy, a failed copy logged. A save never changes who
  is signed in (Django's `login` moves to a new key, deleting the old one: above), so a copy left
  by an outage is an older state of the same person's session, which Redis replaces at the next
  save or drops when it expires.
"""

import logging

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.backends.db import SessionStore as DbStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError

from core.rediscache import redis_unreachable, warn_unreachable

logger = logging.getLogger(__name__)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as exc:
            logger.error(
                "session not saved after %s %s (%s: %s); the view's %s response goes out without it",
                request.method,
                request.path,
                type(exc).__name__,
                exc,
                response.status_code,
            )
            return response


class SessionStore(CachedDbStore):
    """`cached_db` through a Redis outage (module docstring)."""

    def load(self):
        try:
            return super().load()
        except Exception as exc:
            if not redis_unreachable(exc):
                raise
            # Django read the row and could not put it back into Redis: read it again, only while
            # Redis is down (one query more than when it is up).
            warn_unreachable(exc, "sessions are read from the database")
            return DbStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception as exc:  # a new key is looked for in Redis first
            if not redis_unreachable(exc):
                raise
            return DbStore.exists(self, session_key)

    def delete(self, session_key=None):
        key = session_key or self.session_key
        if key is not None:
            try:
                self._cache.delete(self.cache_key_prefix + key)
            except Exception as exc:
                if not redis_unreachable(exc) or self._signed_in(key):
                    raise  # nothing deleted: a sign-out is refused (503) rather than undone later
                warn_unreachable(exc, "a session that holds no sign-in is deleted from the database only")
                return DbStore.delete(self, session_key)
        super().delete(session_key)  # the row, and the Redis copy again if a read put it back

    def _signed_in(self, key: str) -> bool:
        """Whether the stored session `key` holds a signed-in person (read only during an outage)."""
        row = self.model.objects.filter(session_key=key).first()
        return row is not None and AUTH_SESSION_KEY in self.decode(row.session_data)
