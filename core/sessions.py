"""Session middleware whose failed save never replaces the view's own response.

Django saves the session after the view. If that save fails (the session row was deleted by a
concurrent sign-out: `SessionInterrupted`, a 400; the database went away: a 500), Django answers
with that error instead of the view's response, although whatever the view committed (a request
filed, with its tracking code in the redirect) is stored. Here the failure is logged and the
view's response goes out without the session update: the person sees what was done. A lost session
write loses only what it carried (a flash message, a pending form step), never a committed record.
"""

import logging

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError

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
