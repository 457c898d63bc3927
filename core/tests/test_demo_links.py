"""Issue 13 item 10: links in the demo's SMS and email follow the port the demo serves on. `make
demo PORT=8123` gives every process it starts (seed, task worker that sends the SMS, scheduler,
web) MIZ_SITE_URL=http://127.0.0.1:8123, and a process started so builds its links with :8123."""

import re
import shlex
import shutil
import subprocess

import pytest
from django.conf import settings

from core.testing import python_process

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def make_dry_run(*args: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", "--always-make", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.splitlines()


def site_urls(lines: list[str]) -> dict[str, str]:
    """{manage.py command: the MIZ_SITE_URL it runs with, '' if none} for each manage.py line."""
    found = {}
    for line in lines:
        for part in re.split(r"[&;]", line):
            words = shlex.split(part.strip(" \\")) if "manage.py" in part else []
            if words:
                command = words[words.index("manage.py") + 1]
                env = dict(w.split("=", 1) for w in words[: words.index("manage.py")] if "=" in w)
                found[command] = env.get("MIZ_SITE_URL", "")
    return found


def test_make_demo_on_another_port_gives_every_process_links_with_that_port():
    urls = site_urls(make_dry_run("demo", "PORT=8123"))
    for command in ("seed_demo", "miz_worker", "miz_scheduler", "runserver"):
        assert urls[command] == "http://127.0.0.1:8123", (command, urls)
    assert (
        site_urls(make_dry_run("worker", "HOST=0.0.0.0", "PORT=9000"))["miz_worker"] == "http://0.0.0.0:9000"
    )
    given = site_urls(make_dry_run("serve", "PORT=8123", "MIZ_SITE_URL=https://miz.example.ir"))
    assert given["runserver"] == "https://miz.example.ir"  # an explicit address wins


def test_a_worker_started_so_puts_the_port_in_the_sms_links():
    line = next(line for line in make_dry_run("worker", "PORT=8123") if "miz_worker" in line)
    env = dict(w.split("=", 1) for w in shlex.split(line)[:2])
    link = python_process(
        "-c",
        "import django; django.setup(); from desk.notices import _link; print(_link('desk:track'))",
        env={**env, "DJANGO_SETTINGS_MODULE": "miz.settings"},
    )
    assert link == "http://127.0.0.1:8123/desk/track/"
