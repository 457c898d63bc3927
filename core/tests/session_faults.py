"""A session engine for tests whose save fails like a database that went away (SESSION_ENGINE)."""

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import OperationalError


class SessionStore(DbSessionStore):
    failing = False  # set by the test once the person is signed in

    def save(self, must_create=False):
        if type(self).failing:
            raise OperationalError("server closed the connection unexpectedly")
        return super().save(must_create=must_create)
