"""CI stage: the deployable stack on one machine, two web nodes behind Debian's nginx (issue 12).

Starts its own PostgreSQL cluster (a temporary directory, a free port, so that restarting it
disturbs nothing else), uses Redis database 9 (MIZ_MULTINODE_REDIS_URL), an S3 server (moto) on a
free port, two gunicorn nodes started by deploy/entrypoint.sh (separate working directories,
MIZ_VAR_DIR and TMPDIR) and two more that nginx sends /api/ to (decision 0132), nginx from
deploy/nginx/miz.conf.template in front, two task workers and two schedulers. Then it checks,
each line printing ok or FAIL:

  pages         through nginx, pages, a static file and the probes answer 200
  api           /api/ through nginx is answered by the API's nodes; the web nodes never load it
  upload        a document uploaded through node A is downloaded through node B by its owner
  rate limit    the public-tracking limit counts across both nodes
  probes busy   /livez and /readyz answer within a second while slow requests fill every node
  scheduler     a periodic job runs once per period although two schedulers run
  db restart    PostgreSQL restarts under the workers: all keep running, every queued SMS is sent
  worker kill   a worker SIGKILLed in the middle of a job: the other worker runs it again

The web nodes use miz.settings_multinode (production settings plus a test-only slow view);
collectstatic uses the production settings themselves. Exit status 1 if any check fails.
Run: `.ci/multinode` (root: it runs PostgreSQL as the postgres user and installs nginx if missing).
"""

import concurrent.futures
import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
ENTRYPOINT = str(ROOT / "deploy" / "entrypoint.sh")
PG_BIN = Path(os.environ.get("MIZ_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_URL = os.environ.get("MIZ_MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/9")
BUCKET = "miz-ci"
PASSWORD = "ci-Multinode-Pass-7391"  # noqa: S105 - a throw-away account in a throw-away database
TRACK_LIMIT = 6
WEB_WORKERS, WEB_THREADS = 2, 4
MAX_CONNS = WEB_WORKERS * WEB_THREADS - 2  # nginx's cap per node: two threads stay free
SMS_COUNT = 20
PERIOD_SECONDS = 3  # notifications_retry every 3 s for the scheduler check
TASK_TIMEOUT_SECONDS = 8  # a task RUNNING longer lost its worker (MIZ_TASK_RUNNING_TIMEOUT_SECONDS)
SLOW_JOB_SECONDS = 4
TASKS = "django_tasks_database_dbtaskresult"  # django-tasks-db's table

failures: list[str] = []


def say(message: str) -> None:
    print(message, flush=True)


def check(name: str, ok: bool, detail: str = "") -> bool:
    say(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    if not ok:
        failures.append(name)
    return ok


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies, sent to whichever node or proxy a request names (cookies ignore ports)."""

    def __init__(self, forwarded_for: str | None = None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.forwarded_for = forwarded_for

    def request(self, url, *, data=None, headers=None, timeout=30.0):
        headers = dict(headers or {})
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - our own servers
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def form_token(self, url) -> str:
        status, _, body = self.request(url)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise AssertionError(f"GET {url}: {status}, no CSRF token")
        return match.group(1).decode()

    def post(self, url, fields: dict, files: dict | None = None):
        if not files:
            body = urllib.parse.urlencode(fields).encode()
            return self.request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            url, data=b"".join(parts), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def timed_get(url: str, timeout: float = 5.0) -> tuple[int, float]:
    start = time.monotonic()
    try:
        status, _, _ = Browser().request(url, timeout=timeout)
    except OSError:  # refused (not started yet) or timed out
        status = 0
    return status, time.monotonic() - start


class Stack:
    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="miz-multinode-"))
        self.work.chmod(0o755)  # the postgres user reaches its cluster below
        self.logs = self.work / "logs"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.pg_port, self.s3_port, self.proxy_port = free_port(), free_port(), free_port()
        self.node_ports = {"a": free_port(), "b": free_port()}
        self.api_ports = {"a": free_port(), "b": free_port()}
        self.pg_data = self.work / "pg"
        self.pg_started = False
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DJANGO_SETTINGS_MODULE": "miz.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/miz",
            "DB_CONN_MAX_AGE": "600",  # persistent connections: the restart breaks ones in use
            "REDIS_URL": REDIS_URL,
            "MIZ_STATIC_ROOT": str(self.work / "static"),
            "MIZ_VAR_DIR": str(self.work / "var-admin"),
            "MIZ_PYTHON": PY,
            "MIZ_PROXY_COUNT": "1",
            "PYTHONUNBUFFERED": "1",
            # Object storage (the storage helper's interface): every node stores uploads in S3.
            "MIZ_S3_BUCKET": BUCKET,
            "MIZ_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "MIZ_S3_ACCESS_KEY_ID": "ci",
            "MIZ_S3_SECRET_ACCESS_KEY": "ci-secret",
            "MIZ_S3_REGION": "us-east-1",
            "SMS_BACKEND": "core.sms.ConsoleSmsBackend",
            "MIZ_DESK_TRACK_LIMIT": str(TRACK_LIMIT),
            "MIZ_DB_RETRY_SECONDS": "0.5",
            "MIZ_DB_RETRY_MAX_SECONDS": "2",
            "MIZ_NOTIFY_BACKOFF_SECONDS": "1",
            "MIZ_NOTIFY_BACKOFF_MAX_SECONDS": "4",
            "MIZ_NOTIFY_SWEEP_GRACE_SECONDS": "3",
            "MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS": "10",
            "MIZ_SCHEDULER_INTERVAL_SECONDS": "0.5",
            "MIZ_TASK_RUNNING_TIMEOUT_SECONDS": str(TASK_TIMEOUT_SECONDS),
            "MIZ_SCHEDULE": json.dumps(
                {
                    "notifications_retry": f"*/{PERIOD_SECONDS} * * * * *",
                    "requeue_stale_tasks": "*/2 * * * * *",
                    "counters_deadlines": "",
                    "desk_refresh_clocks": "",
                    "desk_alerts": "",
                    "desk_orphan_files": "",
                    "performance_desk_actuals": "",
                    "prune_task_results": "",
                }
            ),
        }

    # --- processes ---------------------------------------------------------------------------

    def run(self, *command: str, env=None, cwd=None, timeout=300) -> str:
        result = subprocess.run(  # noqa: S603 - fixed commands
            command, env=env or self.env, cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, name: str, *command: str, env=None, cwd=None) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - fixed commands
            command,
            env=env or self.env,
            cwd=cwd or ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def manage(self, *args: str) -> str:
        return self.run(ENTRYPOINT, "manage", *args)

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).strip().splitlines()[-1]

    def psql(self, sql: str) -> str:
        return self.run(
            "psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", "miz", "-Atc", sql
        ).strip()

    def pg_ctl(self, *args: str) -> None:
        self.run("runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), *args)

    # --- set-up ------------------------------------------------------------------------------

    def start_postgres(self) -> None:
        self.pg_data.mkdir()
        shutil.chown(self.pg_data, "postgres", "postgres")
        self.run("runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(self.pg_data),
                 "-A", "trust", "-U", "postgres", "--no-sync")  # fmt: skip
        log = self.work / "postgresql.log"
        log.touch()
        shutil.chown(log, "postgres", "postgres")
        options = f"-p {self.pg_port} -k {self.pg_data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_log = log
        self.pg_ctl("-l", str(log), "-o", options, "-w", "start")
        self.pg_started = True
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "miz")

    def start_s3(self) -> None:
        binary = ROOT / ".venv" / "bin" / "moto_server"
        command = [str(binary)] if binary.exists() else [shutil.which("moto_server") or "moto_server"]
        self.start("s3", *command, "-H", "127.0.0.1", "-p", str(self.s3_port))
        url = f"http://127.0.0.1:{self.s3_port}"
        if not wait_until(lambda: self._answers(url + "/"), timeout=30):
            raise RuntimeError("moto_server did not start")
        request = urllib.request.Request(f"{url}/{BUCKET}", method="PUT")  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 200, response.status

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def prepare_database(self) -> dict:
        # collectstatic (production settings, the manifest storage) runs beside migrate: both are slow.
        collect = self.start("collectstatic", ENTRYPOINT, "manage", "collectstatic", "--noinput")
        self.run(ENTRYPOINT, "migrate")
        pdf = self.work / "upload.pdf"
        seeded = self.shell(SEED.replace("@PDF@", str(pdf)).replace("@PASSWORD@", PASSWORD))
        collect.wait(timeout=300)
        out = (self.logs / "collectstatic.log").read_text().strip()
        check(
            "collectstatic with production settings",
            collect.returncode == 0 and "static files" in out,
            out.splitlines()[-1] if out else f"exit {collect.returncode}",
        )
        return {**json.loads(seeded), "pdf": pdf.read_bytes()}

    def start_nodes(self) -> None:
        nodes = [(f"node-{n}", f"web-{n}", port) for n, port in self.node_ports.items()]
        nodes += [(f"api-node-{n}", f"api-{n}", port) for n, port in self.api_ports.items()]
        # One PDF checker per node letter (decision 0136), its access log kept for check_upload.
        for n in self.node_ports:
            checker = {**self.env, "MIZ_PDF_CHECK_BIND": f"unix:{self.work / f'pdfcheck-{n}.sock'}"}
            self.start(f"pdfcheck-{n}", ENTRYPOINT, "pdfcheck", "--access-logfile", "-", env=checker)
        for directory, name, port in nodes:
            home = self.work / directory
            (home / "tmp").mkdir(parents=True)
            env = {
                **self.env,
                "DJANGO_SETTINGS_MODULE": "miz.settings_multinode",
                "MIZ_VAR_DIR": str(home / "var"),
                "TMPDIR": str(home / "tmp"),
                "MIZ_BIND": f"127.0.0.1:{port}",
                "MIZ_WEB_WORKERS": str(WEB_WORKERS),
                "MIZ_WEB_THREADS": str(WEB_THREADS),
                "MIZ_UPLOAD_PDF_CHECKER": f"unix:{self.work / f'pdfcheck-{name[-1]}.sock'}",
            }
            self.start(name, ENTRYPOINT, "web", env=env, cwd=home)
        for n in (1, 2):
            self.start(
                f"worker-{n}", ENTRYPOINT, "worker", "--worker-id", f"ci-worker-{n}", "--interval", "0.2"
            )
            self.start(f"scheduler-{n}", ENTRYPOINT, "scheduler")

    def start_proxy(self) -> None:
        values = {
            "MIZ_LISTEN": f"127.0.0.1:{self.proxy_port}",
            "MIZ_SERVER_NAME": "127.0.0.1",
            "MIZ_WEB_1": f"127.0.0.1:{self.node_ports['a']}",
            "MIZ_WEB_2": f"127.0.0.1:{self.node_ports['b']}",
            "MIZ_API_1": f"127.0.0.1:{self.api_ports['a']}",
            "MIZ_API_2": f"127.0.0.1:{self.api_ports['b']}",
            "MIZ_WEB_MAX_CONNS": str(MAX_CONNS),
        }
        template = (ROOT / "deploy" / "nginx" / "miz.conf.template").read_text()
        site = re.sub(r"\$\{(MIZ_[A-Z0-9_]+)\}", lambda m: values[m.group(1)], template)
        (self.work / "nginx").mkdir()
        (self.work / "nginx" / "miz.conf").write_text(site)
        temp = self.work / "nginx"
        (self.work / "nginx" / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 2;
pid {temp}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.logs}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {temp}/miz.conf;
}}
"""
        )
        conf = str(self.work / "nginx" / "nginx.conf")
        self.run("nginx", "-t", "-q", "-c", conf, "-p", str(temp))
        self.start("nginx", "nginx", "-c", conf, "-p", str(temp))

    def wait_ready(self) -> None:
        for base in [*self.nodes(), *self.api_nodes(), self.proxy()]:
            if not wait_until(
                lambda base=base: timed_get(base + "/readyz")[0] == 200, timeout=60, interval=0.5
            ):
                raise RuntimeError(f"{base}/readyz never answered 200")

    def nodes(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.node_ports.values()]

    def api_nodes(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.api_ports.values()]

    def workers_of(self, name: str) -> list[int]:
        """The gunicorn worker processes of node `name` (its master's children)."""
        master = self.processes[name].pid  # deploy/entrypoint.sh execs gunicorn
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def background(self) -> dict[str, subprocess.Popen]:
        return {n: p for n, p in self.processes.items() if n.startswith(("worker-", "scheduler-"))}

    # --- tear-down ---------------------------------------------------------------------------

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.pg_started:
            try:
                self.pg_ctl("-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                say(f"PostgreSQL stop: {exc}")
        shutil.rmtree(self.work, ignore_errors=True)

    def show_logs(self) -> None:
        for log in sorted(self.logs.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-25:]
            say(f"== {log.name} (last {len(lines)} lines)")
            for line in lines:
                say("   " + line)


SEED = """
import json
from accounts.models import Membership, Role, User
from catalogue.models import RequiredDocument, Service, ServiceField, WorkflowStep
from core.tests.upload_corpus import make_pdf
from core.validators import national_code_with_check_digit
from orgs.models import OrgUnit

unit = OrgUnit.objects.create(code="HQ-CI", name="دفتر آزمون چندگره", kind=OrgUnit.Kind.HQ_OFFICE)
service = Service.objects.create(
    service_id="39999999901", title="خدمت آزمون چندگره", description="شرح", area="conformity_assessment",
    fee_rials=0, duration_working_days=5, channel_online=True, channel_counter=False, channel_in_person=False,
)
service.responsible_units.set([unit])
ServiceField.objects.create(service=service, name="product_name", label="نام کالا", kind="text", order=1)
document = RequiredDocument.objects.create(
    service=service, title="گزارش آزمون", accepted_formats="pdf", order=1
)
WorkflowStep.objects.create(
    service=service, order=1, title="بررسی", responsible_role=Role.STAFF_EXPERT, target_working_days=2
)
code = national_code_with_check_digit("111222333")
user = User.objects.create_user(code, "+989121110000", "@PASSWORD@", first_name="آزمون", last_name="چندگره")
Membership.objects.create(user=user, role=Role.APPLICANT)
open("@PDF@", "wb").write(make_pdf())
print(json.dumps({"service": service.service_id, "document": document.pk, "national_code": code}))
"""

QUEUE_SMS = """
from django.db import transaction
from notifications.services import notify
with transaction.atomic():
    for n in range(@COUNT@):
        notify(event="ci.multinode", text=f"پیام آزمون {n}", mobile="+98912222%04d" % n)
print("queued")
"""


# --- checks --------------------------------------------------------------------------------


def check_pages(stack: Stack) -> None:
    base = stack.proxy()
    browser = Browser()
    for path in ["/", "/services/", "/desk/track/", "/accounts/login/", "/healthz", "/livez", "/readyz"]:
        status, headers, body = browser.request(base + path)
        check(f"pages: GET {path} through nginx", status == 200 and "X-Request-ID" in headers, str(status))
        if path == "/":
            assets = sorted(set(re.findall(rb'/static/[^"\' )]+', body)))
            check("pages: the home page names static files", bool(assets), f"{len(assets)} files")
            for asset in assets[:3]:
                status, _, _ = browser.request(base + asset.decode())
                check(f"pages: GET {asset.decode()} through nginx", status == 200, str(status))
    status, _, body = browser.request(base + "/healthz")
    check("pages: /healthz through nginx is ok", json.loads(body).get("status") == "ok", body.decode())


def check_api(stack: Stack) -> None:
    """nginx sends /api/ to the API's own nodes and the API's guide to the site's, so the web
    nodes' processes never import django-ninja and pydantic (decision 0132: ~17 MB each)."""
    browser = Browser()
    for _ in range(4):  # both API nodes, round robin
        status, _, body = browser.request(stack.proxy() + "/api/openapi.json")
        check("api: GET /api/openapi.json through nginx", status == 200 and b'"openapi"' in body, str(status))
    status, _, body = browser.request(stack.proxy() + "/api/guide/")
    check(
        "api: the API's guide through nginx is a page of the site",
        status == 200 and b"<html" in body,
        str(status),
    )

    def mapped(name: str) -> list[bool]:
        return ["pydantic_core" in Path(f"/proc/{pid}/maps").read_text() for pid in stack.workers_of(name)]

    web = [loaded for name in ("web-a", "web-b") for loaded in mapped(name)]
    threshold = [
        b"MALLOC_MMAP_THRESHOLD_=131072" in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        for name in ("web-a", "api-a")
        for pid in stack.workers_of(name)
    ]
    given_back = bool(threshold) and all(threshold)
    check("web: the workers' allocator gives large blocks back (0137)", given_back, str(threshold))
    api = [loaded for name in ("api-a", "api-b") for loaded in mapped(name)]
    check("api: no web node's worker has loaded django-ninja's pydantic", web and not any(web), str(web))
    check("api: the API's nodes have", any(api), str(api))


def check_upload(stack: Stack, seed: dict) -> None:
    node_a, node_b = stack.nodes()
    person = Browser()
    token = person.form_token(node_a + "/accounts/login/")
    status, headers, _ = person.post(
        node_a + "/accounts/login/",
        {"csrfmiddlewaretoken": token, "national_code": seed["national_code"], "password": PASSWORD},
    )
    if not check("upload: sign in on node A", status == 302, str(status)):
        return
    apply_url = f"{node_a}/desk/apply/{seed['service']}/"
    status, _, page = person.request(apply_url)
    key = re.search(rb'name="idempotency_key" value="([^"]+)"', page)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not check("upload: the application form on node A", status == 200 and key and token, str(status)):
        return
    status, headers, body = person.post(
        apply_url,
        {"csrfmiddlewaretoken": token.group(1).decode(), "idempotency_key": key.group(1).decode(),
         "product_name": "شیر پاستوریزه"},
        {f"document_{seed['document']}": ("report.pdf", seed["pdf"], "application/pdf")},
    )  # fmt: skip
    receipt = headers.get("Location", "")
    if not check("upload: application with its PDF accepted by node A", status == 302, f"{status} {receipt}"):
        say(body.decode(errors="replace")[-1500:])
        return
    checked = (stack.logs / "pdfcheck-a.log").read_text(errors="replace")
    check(
        "upload: node A's PDF checker checked the PDF (decision 0136)",
        '"POST /check HTTP/1.1" 200' in checked,
        checked.strip().splitlines()[-1] if checked.strip() else "its log is empty",
    )
    code = receipt.rstrip("/").split("/")[-2]
    status, _, detail = person.request(f"{node_a}/desk/r/{code}/")
    link = re.search(rb'href="(/desk/files/[^"]+/)"', detail)
    if not check(
        "upload: the request page on node A links the document", status == 200 and link, str(status)
    ):
        return
    status, _, content = person.request(node_b + link.group(1).decode())
    check(
        "upload: the document uploaded through node A is downloaded through node B",
        status == 200 and content == seed["pdf"],
        f"{status}, {len(content)} bytes (uploaded {len(seed['pdf'])})",
    )
    status, _, _ = Browser().request(node_b + link.group(1).decode())
    check("upload: a stranger cannot download it from node B", status in (302, 404), str(status))


def check_rate_limit(stack: Stack) -> None:
    # A fresh client address for this run: the counter lives in Redis, shared by both nodes.
    address = f"198.51.100.{secrets.randbelow(250) + 1}"
    person = Browser(forwarded_for=address)
    nodes = stack.nodes()
    allowed = 0
    for attempt in range(TRACK_LIMIT + 3):
        base = nodes[attempt % 2]
        token = person.form_token(base + "/desk/track/")
        status, _, _ = person.post(
            base + "/desk/track/",
            {"csrfmiddlewaretoken": token, "code": "1234567890", "identifier": "09120000000"},
        )
        if status == 429:
            break
        allowed += 1
    check(
        "rate limit: public tracking counted across both nodes",
        allowed == TRACK_LIMIT,
        f"{allowed} answered alternating A/B before 429 (limit {TRACK_LIMIT})",
    )


def check_probes_under_load(stack: Stack) -> None:
    slow = 6.0
    total = 2 * MAX_CONNS + 4  # more than both nodes' caps together
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=total)
    started = time.monotonic()
    futures = [
        pool.submit(lambda: Browser().request(f"{stack.proxy()}/_test/slow?seconds={slow}", timeout=30)[0])
        for _ in range(total)
    ]
    time.sleep(1.5)  # every slow request is in a web thread (or refused by nginx)
    timings = []
    for base in [*stack.nodes(), stack.proxy()]:
        for path in ("/livez", "/readyz"):
            status, seconds = timed_get(base + path)
            timings.append((base + path, status, seconds))
    probing_done = time.monotonic() - started
    statuses = [f.result() for f in futures]
    pool.shutdown()
    busy = statuses.count(200)
    check(
        "probes busy: slow requests filled every node's cap",
        busy == 2 * MAX_CONNS and statuses.count(503) == total - busy and probing_done < slow,
        f"{busy} slow requests running at once ({MAX_CONNS} per node), {statuses.count(503)} refused "
        "with the busy page",
    )
    for url, status, seconds in timings:
        check(
            f"probes busy: {url} under full load",
            status == 200 and seconds < 1.0,
            f"{status} in {seconds:.3f} s",
        )


def check_scheduler(stack: Stack) -> None:
    job = "notifications_retry"
    watch = 5 * PERIOD_SECONDS + 1
    since = stack.psql("SELECT now()")
    time.sleep(watch)
    until = stack.psql("SELECT now()")
    window = (
        f"period_start > '{since}'::timestamptz AND period_start <= '{until}'::timestamptz - interval '2 s'"
    )
    time.sleep(2)  # let the last claimed runs finish
    rows = stack.psql(
        f"SELECT extract(epoch FROM period_start), state, attempts, scheduler FROM core_scheduledrun "  # noqa: S608 - this script's own values
        f"WHERE job = '{job}' AND {window} ORDER BY period_start"
    ).splitlines()
    runs = [row.split("|") for row in rows]
    starts = [float(r[0]) for r in runs]
    gaps = {round(b - a) for a, b in itertools.pairwise(starts)}
    schedulers = {r[3] for r in runs}
    tasks = stack.psql(
        f"SELECT count(*), count(DISTINCT args_kwargs::text) FROM {TASKS} "  # noqa: S608
        "WHERE task_path = 'core.tasks.run_scheduled_job' AND (args_kwargs->'args'->>0)::bigint IN "
        f"(SELECT id FROM core_scheduledrun WHERE job = '{job}' AND {window})"
    ).split("|")
    claims = sum(
        len(re.findall(rf"scheduled {job} for the period", (stack.logs / f"scheduler-{n}.log").read_text()))
        for n in (1, 2)
    )
    running = [name for name in ("scheduler-1", "scheduler-2") if stack.processes[name].poll() is None]
    total = int(stack.psql(f"SELECT count(*) FROM core_scheduledrun WHERE job = '{job}'"))  # noqa: S608
    expected = watch // PERIOD_SECONDS - 1
    check(
        "scheduler: one run per period with two schedulers",
        len(runs) >= expected
        and gaps <= {PERIOD_SECONDS}
        and all(r[1] == "succeeded" and r[2] == "1" for r in runs)
        and tasks[0] == tasks[1] == str(len(runs))
        and claims == total
        and len(running) == 2,
        f"{len(runs)} periods {PERIOD_SECONDS} s apart in {watch} s, each one task run once "
        f"({tasks[0]} tasks), claims logged by both schedulers {claims} = ledger rows {total}, "
        f"{len(running)} schedulers running, {len(schedulers)} of them won the claims",
    )


def check_database_restart(stack: Stack) -> None:
    stack.shell(QUEUE_SMS.replace("@COUNT@", str(SMS_COUNT)))
    stack.pg_ctl("-l", str(stack.pg_log), "-m", "fast", "-w", "restart")
    say("     PostgreSQL restarted under the workers and schedulers")
    sent = wait_until(
        lambda: (
            stack.psql(
                "SELECT count(*) FROM notifications_notification "
                "WHERE event = 'ci.multinode' AND status = 'sent'"
            )
            == str(SMS_COUNT)
        ),
        timeout=90,
        interval=1,
    )
    states = stack.psql(
        "SELECT status || ':' || count(*) FROM notifications_notification "
        "WHERE event = 'ci.multinode' GROUP BY status"
    ).replace("\n", ", ")
    check("db restart: every queued SMS sent", bool(sent), states)

    def noticing() -> list[str]:
        return [
            name
            for name in stack.background()
            if "database unavailable" in (stack.logs / f"{name}.log").read_text(errors="replace")
        ]

    # The SMS may all be sent before a process next touches the database (a scheduler's next tick):
    # wait for the first one to log the outage instead of reading the logs once.
    wait_until(lambda: bool(noticing()), timeout=30, interval=1)
    noticed = noticing()
    check("db restart: the workers and schedulers saw the outage", bool(noticed), ", ".join(noticed))
    dead = {name: p.returncode for name, p in stack.background().items() if p.poll() is not None}
    check("db restart: both workers and both schedulers still running", not dead, str(dead or "4 alive"))
    for base in stack.nodes():
        check(f"db restart: {base}/readyz", timed_get(base + "/readyz")[0] == 200)


def check_worker_kill(stack: Stack) -> None:
    label = f"ci-{uuid.uuid4().hex[:8]}"
    task_id = stack.shell(
        f"from core.testing_tasks import slow_job; print(slow_job.enqueue({SLOW_JOB_SECONDS}, {label!r}).id)"
    )
    where = f"FROM {TASKS} WHERE id = '{task_id}'"
    first = wait_until(
        lambda: stack.psql(f"SELECT worker_ids->>0 {where} AND status = 'RUNNING'"), timeout=30, interval=0.1
    )
    if not check("worker kill: a worker took the slow job", bool(first), first or "never started"):
        return
    victim = stack.processes[first.replace("ci-", "")]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    say(f"     {first} killed (SIGKILL) in the middle of the job")
    done = wait_until(
        lambda: stack.psql(f"SELECT status {where}") in {"SUCCESSFUL", "FAILED"},
        timeout=TASK_TIMEOUT_SECONDS + 3 * SLOW_JOB_SECONDS + 20,
        interval=0.5,
    )
    row = stack.psql(f"SELECT status, worker_ids::text, return_value::text {where}")
    status, workers, value = row.split("|") if done else (row, "", "")
    check(
        "worker kill: the other worker ran the job again to the end",
        status == "SUCCESSFUL" and json.loads(workers)[0] == first and json.loads(workers)[-1] != first
        and json.loads(value) == label,
        row,
    )  # fmt: skip


def main() -> int:
    stack = Stack()
    try:
        started = time.monotonic()
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], check=True, capture_output=True)  # noqa: S603, S607
        stack.start_postgres()
        stack.start_s3()
        say(f"     PostgreSQL and S3 up in {time.monotonic() - started:.0f} s")
        seed = stack.prepare_database()
        say(f"     collectstatic, migrate and seed done at {time.monotonic() - started:.0f} s")
        stack.start_nodes()
        stack.start_proxy()
        stack.wait_ready()
        say(
            f"     stack up in {time.monotonic() - started:.0f} s: nginx {stack.proxy()}, "
            f"nodes {stack.nodes()}"
        )
        for step in (check_pages, check_api, check_upload, check_rate_limit, check_probes_under_load,
                     check_scheduler, check_database_restart, check_worker_kill):  # fmt: skip
            try:
                step(stack, seed) if step is check_upload else step(stack)
            except Exception as exc:  # report it and go on to the next check
                check(step.__name__, False, f"{type(exc).__name__}: {exc}")
        say(f"     checks done in {time.monotonic() - started:.0f} s")
        if failures:
            stack.show_logs()
        return 1 if failures else 0
    except Exception:
        stack.show_logs()
        raise
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
