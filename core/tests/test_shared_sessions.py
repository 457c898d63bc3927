"""Sessions shared by every web node through Redis (REDIS_URL): written to Redis and the database
(`cached_db`), read from Redis by any process, and kept across a Redis restart (decision 0061)."""

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from core.testing import TEST_REDIS_URL, live_redis, python_process

REDIS_URL = TEST_REDIS_URL
# As miz/settings.py writes them when REDIS_URL is set; the second process below reads them from
# the settings themselves, so a drift fails the test.
SESSIONS_CACHE = {
    "BACKEND": "core.rediscache.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "session",
}


def redis_key(session_key: str) -> str:
    return f"session:1:{KEY_PREFIX}{session_key}"  # Django's KEY_PREFIX:VERSION:key


@pytest.fixture
def redis_sessions(settings):
    """Sessions as production keeps them with REDIS_URL. Skipped when Redis is down, unless CI or
    MIZ_REQUIRE_REDIS is set, where that is a failure."""
    connection = live_redis(REDIS_URL)
    settings.CACHES = {**settings.CACHES, "sessions": SESSIONS_CACHE}
    settings.SESSION_ENGINE = "core.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    caches.close_all()
    written = []
    yield connection, written
    connection.delete(*[redis_key(key) for key in written] or ["-"])
    caches.close_all()


OTHER_NODE = """
import sys
import django
django.setup()
from django.conf import settings
from core.sessions import SessionStore
assert settings.SESSION_ENGINE == "core.sessions", settings.SESSION_ENGINE
print(SessionStore(sys.argv[1]).load().get("_auth_user_id", "-"))
"""


def another_node(tmp_path, redis_url: str, *argv: str) -> str:
    """The output of `python *argv` run as another node: configured by REDIS_URL alone, with a
    database of its own that has no tables."""
    return python_process(
        *argv,
        drop={"MIZ_S3_BUCKET"},
        env={
            "REDIS_URL": redis_url,
            "MIZ_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        },
    )


def signed_in(client) -> bool:
    response = client.get(reverse("desk:my_requests"))
    return response.status_code == 200 and response.wsgi_request.user.is_authenticated


def test_a_session_is_read_by_another_node_from_redis_and_survives_a_redis_restart(
    client, make_user, redis_sessions, tmp_path
):
    connection, written = redis_sessions
    user = make_user(role="applicant")
    client.force_login(user)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    written.append(key)
    assert connection.exists(redis_key(key))  # a fresh connection sees it

    # Another node: another process, configured by REDIS_URL alone, with a database of its own
    # that has no tables (reading the session from there would fail): it reads it from Redis.
    assert another_node(tmp_path, REDIS_URL, "-c", OTHER_NODE, key) == str(user.pk)

    # Redis restarted empty: the database still has the session, nobody is signed out, and the
    # next request puts it back in Redis.
    connection.delete(redis_key(key))
    assert signed_in(client)
    assert connection.exists(redis_key(key))
    # And requests are served from Redis: with the row gone, the session still reads.
    Session.objects.filter(session_key=key).delete()
    assert signed_in(client)
