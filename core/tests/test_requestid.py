"""The request id: taken from the proxy when sane, sent back, on every log line of the request, and
carried into the jobs the request enqueues; the log format switch."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core import requestid
from core.tasks import run_scheduled_job
from core.testing import run_due_tasks

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_a_sane_request_id_from_the_proxy_goes_back_and_onto_the_request_line(client, json_log):
    response = client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.b_2"})
    assert response["X-Request-ID"] == "edge-7f3a.b_2"
    response = client.get("/no-such-page", headers={"X-Request-ID": "edge-404"})
    assert response.status_code == 404
    (line,) = [line for line in json_log.of("miz.request") if line["request_id"] == "edge-404"]
    assert line["view"] == "<unresolved>"
    assert line["status"] == 404
    assert line["method"] == "GET"
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    assert line["timestamp"] and line["message"].startswith("GET <unresolved> 404")
    assert "no-such-page" not in json.dumps(line)  # the view, never the path
    # Django's own "Not Found" line is written after the middleware returned: it has the id too.
    (django_line,) = json_log.of("django.request")
    assert django_line["request_id"] == "edge-404" and django_line["status_code"] == 404


@pytest.mark.parametrize("sent", ["x" * 65, "two words", "<script>", "id;drop", "ایران", "a/b", ""], ids=repr)
@pytest.mark.django_db
def test_an_unusable_request_id_is_replaced_by_a_new_one(client, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert HEX32.fullmatch(response["X-Request-ID"])
    assert response["X-Request-ID"] != sent


@pytest.mark.django_db
def test_without_a_header_every_request_gets_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second) and first != second


@pytest.mark.django_db
def test_the_request_line_names_the_signed_in_user_by_id_only(client, make_user, json_log):
    user = make_user(first_name="پرستو", last_name="کاظمی")
    client.force_login(user)
    client.get("/", headers={"X-Request-ID": "home-1"})
    (line,) = [line for line in json_log.of("miz.request") if line["request_id"] == "home-1"]
    assert line["view"] == "core:home" and line["status"] == 200
    assert line["user_id"] == user.pk
    text = json.dumps(line, ensure_ascii=False)
    assert user.national_code not in text and "کاظمی" not in text


@pytest.mark.django_db
def test_log_lines_written_inside_a_view_carry_the_request_id(client, json_log, monkeypatch):
    """Any logger, not only the request line: here the health check's own error line."""
    from django.db import DatabaseError

    from core import scheduler

    def broken(**kwargs):
        raise DatabaseError("ledger unreadable")

    monkeypatch.setattr(scheduler, "late_jobs", broken)
    client.get("/healthz", headers={"X-Request-ID": "hz-9"})
    (line,) = json_log.of("core.views")
    assert line["request_id"] == "hz-9" and line["level"] == "ERROR"
    assert "ledger unreadable" in line["exc_info"]


@pytest.mark.django_db(transaction=True)
def test_a_task_keeps_the_id_it_was_enqueued_under_and_the_worker_logs_under_it(json_log):
    with requestid.bind("req-abc"), transaction.atomic():
        result = run_scheduled_job.enqueue(0)  # no such run: "already done"
    untraced = run_scheduled_job.enqueue(0)
    assert DBTaskResult.objects.get(pk=result.id).args_kwargs["request_id"] == "req-abc"
    assert "request_id" not in DBTaskResult.objects.get(pk=untraced.id).args_kwargs
    assert DBTaskResult.objects.get(pk=result.id).task_result.args == [0]
    run_due_tasks()
    lines = [line for line in json_log.of("django_tasks") if "state=SUCCESSFUL" in line["message"]]
    by_task = {line["message"].split()[1].removeprefix("id="): line["request_id"] for line in lines}
    assert by_task[str(result.id)] == "req-abc"
    # Enqueued outside any request (the scheduler): the task runs under its own id.
    assert by_task[str(untraced.id)] == untraced.id.replace("-", "")
    assert requestid.current() is None  # nothing left bound after the worker


def manage(*args, **env) -> subprocess.CompletedProcess:
    base = Path(django_settings.BASE_DIR)
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "MIZ_LOG_FORMAT"}}
    environment.update({"SECRET_KEY": "x" * 50, "MIZ_VAR_DIR": environment.get("MIZ_VAR_DIR", ""), **env})
    if not environment["MIZ_VAR_DIR"]:
        del environment["MIZ_VAR_DIR"]
    return subprocess.run(
        [sys.executable, str(base / "manage.py"), *args],
        cwd=base,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


LOG_SNIPPET = "import logging; logging.getLogger('miz.probe').warning('سلام')"


def test_production_logs_are_json_and_a_developer_reads_text():
    production = manage("shell", "-c", LOG_SNIPPET)
    (line,) = [json.loads(row) for row in production.stderr.splitlines() if "miz.probe" in row]
    assert line["logger"] == "miz.probe" and line["level"] == "WARNING" and line["message"] == "سلام"
    assert line["request_id"] == "-" and line["timestamp"]
    development = manage("shell", "-c", LOG_SNIPPET, DEBUG="1")
    (row,) = [row for row in development.stderr.splitlines() if "miz.probe" in row]
    assert re.search(r" WARNING miz\.probe \[-\] سلام$", row)
    forced = manage("shell", "-c", LOG_SNIPPET, DEBUG="1", MIZ_LOG_FORMAT="json")
    assert any(
        json.loads(row)["message"] == "سلام" for row in forced.stderr.splitlines() if "miz.probe" in row
    )
    wrong = manage("check", MIZ_LOG_FORMAT="xml")
    assert wrong.returncode != 0 and "MIZ_LOG_FORMAT" in wrong.stderr
