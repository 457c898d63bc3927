"""/metrics: hidden from the public, the latency histogram by view, the task-queue and periodic-job
gauges from real rows, samples added up across processes, and the gunicorn hooks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.models import ScheduledRun
from core.tasks import run_scheduled_job
from core.testing import python_process

TOKEN = "s3cret-metrics-token"
TEHRAN = ZoneInfo("Asia/Tehran")


def samples(text: str) -> dict:
    """(name, {label: value}) → value for every sample of an exposition."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels) -> float | None:
    return found.get((name, tuple(sorted(labels.items()))))


@pytest.fixture
def protected(settings):
    settings.MIZ_METRICS_TOKEN = TOKEN
    settings.MIZ_METRICS_ALLOW = ["10.20.0.0/16", "2001:db8::/32"]
    settings.MIZ_PROXY_COUNT = 0
    return settings


@pytest.fixture
def scrape(client, protected):
    def get() -> dict:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return samples(response.content.decode())

    return get


# --- who may read it ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["none", "wrong token", "no scheme", "basic"],
)
def test_without_the_token_or_an_allowed_address_metrics_is_the_ordinary_404(client, protected, headers):
    response = client.get("/metrics", headers=headers, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404
    assert client.post("/metrics", headers=headers, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert b"miz_" not in response.content


@pytest.mark.django_db
def test_with_the_token_metrics_answers_from_anywhere(client, protected):
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert b"miz_database_up 1.0" in response.content
    assert b"miz_cache_up 1.0" in response.content
    assert response["Cache-Control"].startswith("max-age=0")
    post = client.post("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert post.status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "status"),
    [
        ("10.20.3.4", "", 0, 200),
        ("2001:db8::7", "", 0, 200),
        ("10.21.0.1", "", 0, 404),
        # Behind one proxy the address is the one the proxy wrote…
        ("192.0.2.1", "10.20.3.4", 1, 200),
        ("10.20.3.4", "203.0.113.9", 1, 404),
        # …and a header sent straight to the application is ignored.
        ("203.0.113.9", "10.20.3.4", 0, 404),
    ],
)
def test_an_allowed_address_reads_metrics_by_the_client_ip_rule(
    client, protected, remote, forwarded, proxies, status
):
    protected.MIZ_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client.get("/metrics", REMOTE_ADDR=remote, **extra).status_code == status


@pytest.mark.django_db
def test_nothing_configured_means_nobody_reads_metrics(client, settings):
    settings.MIZ_METRICS_TOKEN = ""
    settings.MIZ_METRICS_ALLOW = []
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


# --- request latency ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_latency_is_labelled_by_view_method_and_status_class_never_by_path(client, scrape):
    count = "miz_http_request_duration_seconds_count"
    before = scrape()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page-4711")
    after = scrape()
    healthz = {"view": "healthz", "method": "GET", "status": "2xx"}
    missing = {"view": "<unresolved>", "method": "GET", "status": "4xx"}
    assert value(after, count, **healthz) - (value(before, count, **healthz) or 0) == 2
    assert value(after, count, **missing) - (value(before, count, **missing) or 0) == 1
    assert value(after, "miz_http_request_duration_seconds_bucket", le="30.0", **healthz) >= 2
    assert not any("4711" in str(labels) for _name, labels in after)
    assert not any(dict(labels).get("view") == "metrics" for _name, labels in after)


@pytest.mark.django_db
def test_an_unusual_method_is_counted_as_other(client, scrape):
    client.generic("BREW", "/healthz")
    found = scrape()
    assert value(
        found, "miz_http_request_duration_seconds_count", view="healthz", method="other", status="4xx"
    )


def test_latency_is_added_up_across_worker_processes(tmp_path, client, protected, monkeypatch, db):
    """Two processes in prometheus_client's multiprocess mode (gunicorn workers) each answer a
    request; a scrape of a third adds both up."""
    code = "import django; django.setup()\nfrom django.test import Client\nClient().get('/no-such-page')\n"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver"}
    for _ in range(2):
        python_process("-c", code, env=env)
    assert len(list(tmp_path.glob("histogram_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    found = samples(response.content.decode())
    labels = {"view": "<unresolved>", "method": "GET", "status": "4xx"}
    assert value(found, "miz_http_request_duration_seconds_count", **labels) == 2
    assert value(found, "miz_database_up") == 1


def test_gunicorn_starts_the_totals_afresh_and_forgets_dead_workers_gauges(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "prom"))
    import importlib

    import miz.gunicorn_conf as conf

    conf = importlib.reload(conf)
    (tmp_path / "prom").mkdir()
    (tmp_path / "prom" / "histogram_99.db").write_bytes(b"old")
    conf.on_starting(server=None)
    assert list((tmp_path / "prom").iterdir()) == []
    (tmp_path / "prom" / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "prom" / "histogram_4242.db").write_bytes(b"")

    class Worker:
        pid = 4242

    conf.child_exit(server=None, worker=Worker())
    assert sorted(p.name for p in (tmp_path / "prom").iterdir()) == ["histogram_4242.db"]


# --- gauges from the database -------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_depth_and_the_age_of_the_oldest_ready_task(scrape, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    run_scheduled_job.enqueue(1)
    run_scheduled_job.using(queue_name="notifications").enqueue(2)
    run_scheduled_job.using(queue_name="notifications", run_after=start + dt.timedelta(hours=1)).enqueue(3)
    time_machine.move_to(start + dt.timedelta(seconds=90), tick=False)
    run_scheduled_job.using(queue_name="notifications").enqueue(4)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(args_kwargs__args=[1]).update(status="RUNNING", started_at=start)
    found = scrape()
    assert value(found, "miz_task_queue_depth", queue="notifications") == 2  # the deferred one waits
    assert value(found, "miz_task_queue_oldest_age_seconds", queue="notifications") == 90
    assert value(found, "miz_task_queue_depth", queue="default") == 0
    assert value(found, "miz_task_queue_oldest_age_seconds", queue="default") == 0
    assert value(found, "miz_task_running", queue="default") == 1
    # The deferred task counts from its run_after, not from when it was enqueued.
    time_machine.move_to(start + dt.timedelta(hours=1, seconds=30), tick=False)
    DBTaskResult.objects.filter(args_kwargs__args__in=[[2], [4]]).delete()
    assert value(scrape(), "miz_task_queue_oldest_age_seconds", queue="notifications") == 30


def hourly_job(settings):
    settings.MIZ_SCHEDULED_JOBS = {
        "sweep": {
            "title": "جارو",
            "command": ["desk_refresh_clocks"],
            "cron": "0 * * * *",
            "grace_seconds": 600,
        }
    }
    settings.MIZ_SCHEDULE_OVERRIDES = {}


@pytest.mark.django_db
def test_a_late_job_shows_its_lag_and_an_on_time_job_zero(settings, scrape, time_machine):
    hourly_job(settings)
    nine = dt.datetime(2026, 12, 2, 9, 0, tzinfo=TEHRAN)
    ScheduledRun.objects.create(
        job="sweep", period_start=nine, state=ScheduledRun.State.SUCCEEDED, finished_at=nine
    )
    time_machine.move_to(nine + dt.timedelta(hours=1, minutes=5), tick=False)  # 10:05, within grace
    found = scrape()
    assert value(found, "miz_scheduled_job_late", job="sweep") == 0
    assert value(found, "miz_scheduled_job_lag_seconds", job="sweep") == 0
    assert value(found, "miz_scheduled_job_last_success_timestamp_seconds", job="sweep") == nine.timestamp()
    time_machine.move_to(nine + dt.timedelta(hours=2, minutes=20), tick=False)  # 11:20: 10:00 missed
    found = scrape()
    assert value(found, "miz_scheduled_job_late", job="sweep") == 1
    assert value(found, "miz_scheduled_job_lag_seconds", job="sweep") == 80 * 60


@pytest.mark.django_db
def test_a_job_that_never_ran_is_late_from_its_due_period(settings, scrape, time_machine):
    hourly_job(settings)
    time_machine.move_to(dt.datetime(2026, 12, 2, 9, 25, tzinfo=TEHRAN), tick=False)
    found = scrape()
    assert value(found, "miz_scheduled_job_late", job="sweep") == 1
    assert value(found, "miz_scheduled_job_lag_seconds", job="sweep") == 25 * 60
    assert value(found, "miz_scheduled_job_last_success_timestamp_seconds", job="sweep") is None


@pytest.mark.django_db
def test_a_redis_that_does_not_answer_is_miz_cache_up_0(client, protected, monkeypatch):
    from core.rediscache import RedisCacheOrLocal

    monkeypatch.setattr("core.metrics.cache", RedisCacheOrLocal("redis://127.0.0.1:1/0", {}))
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    found = samples(response.content.decode())
    assert value(found, "miz_cache_up") == 0
    assert value(found, "miz_database_up") == 1
