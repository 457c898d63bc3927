"""Liveness (/livez: the process serves, no database) and readiness (/readyz: 503 without the
database; without Redis 200 and "degraded", since a node still serves: decision 0148)."""

import pytest

from core.tests.test_views import _DownConnection

pytestmark = pytest.mark.django_db


def test_livez_answers_without_touching_the_database(client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("core.views.connection", _DownConnection(fail_on_open=True))
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_readyz_503_when_the_database_is_down(client, monkeypatch, caplog):
    monkeypatch.setattr("core.views.connection", _DownConnection(fail_on_open=False))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "cache": True}
    assert "database unreachable" in caplog.text


class _DownCache:
    def get(self, key, default=None):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_readyz_degraded_but_200_when_the_cache_is_down(client, monkeypatch, caplog):
    monkeypatch.setattr("core.views.cache", _DownCache())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": True, "cache": False}
    assert "cache unreachable" in caplog.text


def test_readyz_sees_a_real_unreachable_redis_behind_the_local_fallback(client, monkeypatch):
    # A port nothing listens on. The default cache answers a `get` from the process's memory then,
    # so readiness must ask Redis itself.
    from core.rediscache import RedisCacheOrLocal

    down = RedisCacheOrLocal("redis://127.0.0.1:1/0", {})
    assert down.get("miz:readyz", "answered") == "answered"
    monkeypatch.setattr("core.views.cache", down)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": True, "cache": False}


def test_readyz_503_when_both_are_down(client, monkeypatch):
    monkeypatch.setattr("core.views.connection", _DownConnection(fail_on_open=False))
    monkeypatch.setattr("core.views.cache", _DownCache())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "cache": False}


@pytest.mark.parametrize("path", ["/livez", "/readyz"])
def test_probes_answer_plain_http_behind_ssl_redirect(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$"]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 405
