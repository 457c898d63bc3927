"""Benchmark: the resident memory of a warm web worker (issue 18: under 80 MB).

    .venv/bin/python bench/worker_memory.py [--requests 200] [--database-url URL]

Runs gunicorn as production does (`DEBUG=0`, one sync worker, `miz.wsgi`) on a fresh SQLite
database in a temporary folder (or on `--database-url`, migrated), signs in a staff expert and an
applicant through sessions made with Django's session store, then sends `--requests` requests
round the public pages, the applicant's and the staff's pages and the API schema, and reads the
worker's `VmRSS` from /proc after every round. Prints the figure after the first request and when
warm (the last round), and the heavy libraries the worker has not loaded.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 80
SETUP = """
import django, sys
django.setup()
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from accounts.models import Membership, Role, User
from orgs.models import OrgUnit
from core.validators import national_code_with_check_digit

unit = OrgUnit.objects.create(code="W-1", name="واحد سنجش حافظه", kind=OrgUnit.Kind.HQ_OFFICE)
keys = []
for n, role in enumerate([Role.STAFF_EXPERT, Role.APPLICANT]):
    code, mobile = national_code_with_check_digit(f"88888888{n}"), f"+98912000010{n}"
    user = User.objects.create_user(code, mobile, None, first_name="سنجش", last_name=str(n))
    Membership.objects.create(user=user, role=role, org_unit=unit if role == Role.STAFF_EXPERT else None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(" ".join(keys))
"""
PUBLIC = ["/", "/services/", "/desk/track/", "/accounts/login/", "/api/openapi.json"]
APPLICANT = ["/desk/my/"]
STAFF = ["/desk/queue/", "/desk/queue/?q=0012345678", "/desk/queue/?sort=applicant"]
HEAVY = ("openpyxl", "qrcode", "PIL", "weasyprint", "holidays", "boto3", "pypdf")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def loaded(pid: int, names) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [n for n in names if f"/{n}/" in maps or f"/{n.lower()}/" in maps]


def get(port: int, path: str, session: str | None) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    if session:
        request.add_header("Cookie", f"miz_session={session}; sessionid={session}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="miz-memory-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "memory-benchmark-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "MIZ_VAR_DIR": str(folder),
        "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "miz.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # sessions in the database: the figure is the worker's own
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    staff, applicant = (
        subprocess.run([python, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .split()
    )
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "miz.wsgi", "-w", "1", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                get(port, "/livez", None)
                break
            except OSError:
                time.sleep(0.2)
        worker = worker_pid(server.pid)
        plan = [(p, None) for p in PUBLIC] + [(p, applicant) for p in APPLICANT] + [(p, staff) for p in STAFF]
        statuses = {}
        first = None
        sent = 0
        while sent < args.requests:
            for path, session in plan:
                statuses[path] = get(port, path, session)
                sent += 1
                if first is None:
                    first = rss_mb(worker)
        warm = rss_mb(worker)
        print(f"pages and their last status: {statuses}")
        print(f"worker RSS after the first request: {first:.1f} MB")
        print(
            f"worker RSS warm, after {sent} requests: {warm:.1f} MB (goal < {GOAL_MB} MB: "
            f"{'OK' if warm < GOAL_MB else 'TOO MUCH'})"
        )
        print(f"heavy native libraries mapped by the worker: {loaded(worker, HEAVY) or 'none'}")
        return 0 if warm < GOAL_MB else 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
