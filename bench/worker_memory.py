"""Benchmark: the resident memory of a warm web worker (issue 18: under 80 MB).

    .venv/bin/python bench/worker_memory.py [--requests 200] [--database-url URL]
        [--pdf-check in-process|child|checker] [--site-only] [--runtime /tmp/miz-runtime-venv]
        [--redis-url redis://127.0.0.1:6379/4]

Runs gunicorn as production does (`DEBUG=0`, one sync worker, `miz.wsgi`) on a fresh SQLite
database in a temporary folder (or on `--database-url`, migrated), signs in a staff expert and an
applicant through sessions made with Django's session store, then sends `--requests` requests
round the public pages (a tracking lookup among them), the applicant's pages (filing a service
with a 500 KB PDF, as the side-by-side benchmark does, and its receipt), the staff's pages (the
queue and a request's page) and the
API schema (`--site-only`: without it, a worker that serves no API call, which since the API is
mounted lazily does not import django-ninja and pydantic). Prints the worker's `VmRSS` (from
/proc) after the first visit of each page, after the first request and when warm (the last
round), and the heavy libraries the worker has loaded. With `--pdf-check checker` the node's PDF
checker (`deploy/entrypoint.sh pdfcheck`, decision 0136) runs beside the worker, and its processes'
RSS and PSS (the pages they share counted once) are printed too: the node's memory, not only the
worker's. With `--runtime VENV` the worker runs from a virtualenv of Miz's runtime requirements
alone (requirements.txt, as the container image installs them), made there on first use.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpdesk_side_by_side import Site, csrf, form_post, runtime_venv
from storage_throughput import padded_pdf

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 80
SETUP = """
import django, json, sys
django.setup()
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from accounts.models import Membership, Role, User
from orgs.models import OrgUnit
from catalogue.forms import document_field_name
from core.validators import national_code_with_check_digit
from desk.tests.factories import make_service, submit_request

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
service = make_service([unit])
tracked = submit_request(service, user)
print(json.dumps({
    "staff": keys[0], "applicant": keys[1], "service_id": service.service_id,
    "document_field": document_field_name(service.documents.get(required=True)),
    "code": tracked.tracking_code, "identifier": user.national_code,
}))
"""
API = ["/api/openapi.json"]
PUBLIC = ["/", "/services/", "/desk/track/", "/accounts/login/", *API]
APPLICANT = ["/desk/my/"]
STAFF = ["/desk/queue/", "/desk/queue/?q=0012345678", "/desk/queue/?sort=applicant"]
HEAVY = (
    "openpyxl",
    "qrcode",
    "PIL",
    "weasyprint",
    "holidays",
    "boto3",
    "pypdf",
    "cryptography",
    "pydantic_core",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def start_pdf_checker(env: dict, sock: Path, workers: int = 2) -> subprocess.Popen:
    """The node's PDF checker as deploy/ runs it (`entrypoint.sh pdfcheck`, decision 0136) on the
    UNIX socket `sock`; returns once the socket is there (a stale one, left by a killed checker,
    is removed first)."""
    sock.unlink(missing_ok=True)
    checker = subprocess.Popen(
        [str(ROOT / "deploy" / "entrypoint.sh"), "pdfcheck"],
        env={
            **env,
            "MIZ_PYTHON": sys.executable,
            "MIZ_PDF_CHECK_BIND": f"unix:{sock}",
            "MIZ_PDF_CHECK_WORKERS": str(workers),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        if sock.exists():
            return checker
        time.sleep(0.05)
    checker.kill()
    raise SystemExit("the PDF checker did not start")


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no Pss")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def loaded(pid: int, names) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [n for n in names if f"/{n}/" in maps or f"/{n.lower()}/" in maps]


def visits(site: Site, people: dict, pdf: bytes) -> list[tuple[str, object]]:
    """The round of pages: (label, a call that makes the request and returns its status)."""
    staff, applicant = {"sessionid": people["staff"]}, {"sessionid": people["applicant"]}
    apply_path = f"/desk/apply/{people['service_id']}/"
    track_jar = csrf(site, "/desk/track/", {})
    apply_jar = csrf(site, apply_path, applicant)
    filed = iter(range(10**9))
    receipts = []

    def get(path, cookies=None):
        return lambda: site.call("GET", path, cookies=cookies)[0]

    def track():
        fields = {"code": people["code"], "identifier": people["identifier"]}
        form_post(site, "/desk/track/", track_jar, fields, None, 200)
        return 200

    def file():
        fields = {"idempotency_key": f"memory-{next(filed)}", "product_name": "شیر"}
        files = {people["document_field"]: ("scan.pdf", "application/pdf", pdf)}
        status, headers, _ = site.call(
            "POST", *_multipart(apply_path, apply_jar, fields, files), cookies=_cookies(apply_jar)
        )
        assert status == 302 and "/receipt/" in headers["Location"], (status, headers["Location"])
        receipts.append(headers["Location"])
        return status

    def receipt():
        return site.call("GET", receipts[-1], cookies=applicant)[0]

    return (
        [(path, get(path)) for path in PUBLIC]
        + [("POST /desk/track/", track)]
        + [(path, get(path, applicant)) for path in APPLICANT]
        + [(apply_path, get(apply_path, applicant)), (f"POST {apply_path} (500 KB PDF)", file)]
        + [("receipt", receipt)]
        + [(path, get(path, staff)) for path in STAFF]
        + [("/desk/r/<code>/", get(f"/desk/r/{people['code']}/", staff))]
    )


def _cookies(jar: dict) -> dict:
    return {k: v for k, v in jar.items() if not k.startswith("_")}


def _multipart(path: str, jar: dict, fields: dict, files: dict) -> tuple[str, bytes, dict]:
    from helpdesk_side_by_side import multipart

    boundary = "memory" + os.urandom(8).hex()
    body = multipart({**fields, "csrfmiddlewaretoken": jar["_token"]}, files, boundary)
    return path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--pdf-check",
        choices=("in-process", "child", "checker"),
        default="in-process",
        help="where the PDF upload check runs (decision 0126); in-process is the default setting",
    )
    parser.add_argument("--site-only", action="store_true", help="no API call (the API schema is left out)")
    parser.add_argument("--redis-url", help="the cache and sessions in this Redis, as production has them")
    parser.add_argument(
        "--runtime", type=Path, metavar="VENV", help="run the worker from a venv of requirements.txt alone"
    )
    args = parser.parse_args()
    if args.site_only:
        PUBLIC[:] = [path for path in PUBLIC if path not in API]
    folder = Path(tempfile.mkdtemp(prefix="miz-memory-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "memory-benchmark-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MIZ_VAR_DIR": str(folder),
        "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "miz.settings",
        "PYTHONPATH": str(ROOT),
        # one client tracks once a round: the bench measures memory, not the tracking rate limit
        "MIZ_DESK_TRACK_LIMIT": "1000000",
        "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": "1" if args.pdf_check == "in-process" else "0",
    }
    env.pop("REDIS_URL", None)  # sessions in the database: the figure is the worker's own...
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url  # ...or Redis for the cache and sessions, as in production
    checker = server = None
    try:
        if args.pdf_check == "checker":
            sock = folder / "pdfcheck.sock"
            env["MIZ_UPLOAD_PDF_CHECKER"] = f"unix:{sock}"
            checker = start_pdf_checker(env, sock)
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        made = subprocess.run([python, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True)
        people = json.loads(made.stdout.decode().strip().splitlines()[-1])
        port = free_port()
        server_bin = runtime_venv(args.runtime) if args.runtime else Path(python).parent
        gunicorn = shutil.which("gunicorn", path=str(server_bin)) or "gunicorn"
        server = subprocess.Popen(
            [
                gunicorn,
                "miz.wsgi",
                "-w",
                "1",
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        site = Site(port)
        for _ in range(100):
            try:
                site.call("GET", "/livez")
                break
            except OSError:
                time.sleep(0.2)
        worker = worker_pid(server.pid)
        first = rss_mb(worker)
        plan = visits(site, people, padded_pdf())
        statuses, after_first_visit = {}, {}
        sent = 0
        while sent < args.requests:
            for label, call in plan:
                statuses[label] = call()
                sent += 1
                after_first_visit.setdefault(label, rss_mb(worker))
        warm = rss_mb(worker)
        print(f"pages and their last status: {statuses}")
        print(f"worker RSS before the first page: {first:.1f} MB; after the first visit of each page:")
        for label, mb in after_first_visit.items():
            print(f"  {mb:6.1f} MB  {label}")
        print(
            f"worker RSS warm, after {sent} requests: {warm:.1f} MB (goal < {GOAL_MB} MB: "
            f"{'OK' if warm < GOAL_MB else 'TOO MUCH'})"
        )
        print(f"heavy native libraries mapped by the worker: {loaded(worker, HEAVY) or 'none'}")
        if checker is not None:
            pids = [
                checker.pid,
                *map(int, Path(f"/proc/{checker.pid}/task/{checker.pid}/children").read_text().split()),
            ]
            rss = [rss_mb(pid) for pid in pids]
            pss = [pss_mb(pid) for pid in pids]
            print(
                f"the node's PDF checker, {len(pids)} processes (master first): RSS "
                f"{', '.join(f'{mb:.1f}' for mb in rss)} MB; PSS {', '.join(f'{mb:.1f}' for mb in pss)} MB, "
                f"{sum(pss):.1f} MB together"
            )
        return 0 if warm < GOAL_MB else 1
    finally:  # the checker too when the set-up failed (it was started first)
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if checker is not None:
            checker.send_signal(signal.SIGTERM)
            checker.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
