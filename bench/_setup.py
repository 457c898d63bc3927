"""Shared set-up for the benchmarks: Django on a throw-away database, a signed-in planner."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_on(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_and_generate(count: int, seed: int = 1, end: str = "1405/06/31", *, summary: bool = True) -> float:
    """The reference data (organisation tree, holidays, the demo catalogue), then `manage.py
    desk_generate --count N --seed S` (with `--no-summary` when `summary` is false: the caller
    rebuilds it); returns the generator's seconds."""
    import io

    from django.core.management import call_command

    from catalogue import demo as catalogue_demo
    from core import demo as core_demo
    from orgs import demo as orgs_demo

    for module in (core_demo, orgs_demo, catalogue_demo):
        module.seed(stdout=io.StringIO(), debug=True)
    start = time.perf_counter()
    call_command(
        "desk_generate", count=count, seed=seed, end=end, no_summary=not summary, stderr=io.StringIO()
    )
    return time.perf_counter() - start


def sqlite_with_1400_report(description: str = "", default_runs: int = 20) -> int:
    """`--runs` from the command line; Django on a fresh SQLite file holding the 1400 report."""
    import argparse
    import json
    import tempfile

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default_runs)
    runs = parser.parse_args().runs
    django_on(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}")
    from performance.demo import REPORT
    from performance.importer import import_report

    import_report(json.loads(REPORT.read_text(encoding="utf-8")))
    return runs


def planner_client():
    from django.test import Client

    from accounts.models import Membership, Role, User
    from core.validators import national_code_with_check_digit

    code = national_code_with_check_digit("987654321"[:9])
    user = User.objects.filter(national_code=code).first() or User.objects.create_user(
        code, "+989120000001", "a-Strong-Pass-123", first_name="بنچ", last_name="برنامه‌ریز"
    )
    Membership.objects.get_or_create(user=user, role=Role.HQ_PLANNER)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client


def timed(client, url: str, runs: int) -> list[float]:
    client.get(url)  # warm-up: templates, first connection
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def wall_and_cpu(fn, *args) -> tuple[object, float, float]:
    """`fn(*args)`'s result, then the wall-clock and CPU (this process) milliseconds it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def timed_runs(fn, runs: int) -> tuple[list[float], list[float]]:
    """`fn()` run `runs` times: the wall-clock and the CPU (this process) milliseconds of each run."""
    walls, cpus = [], []
    for _ in range(runs):
        _result, wall, cpu = wall_and_cpu(fn)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def report(name: str, times: list[float], limit_ms: float) -> bool:
    median, worst = statistics.median(times), max(times)
    ok = median < limit_ms
    verdict = "OK" if ok else "TOO SLOW"
    print(f"{name}: median {median:.0f} ms, max {worst:.0f} ms over {len(times)} runs")
    print(f"  goal < {limit_ms:.0f} ms: {verdict}")
    return ok
