"""Miz side by side with django-helpdesk (issue 18): the same number of requests/tickets, the same
PostgreSQL, gunicorn (2 sync workers, `DEBUG=0`) and load client, rounds interleaved.

    .venv/bin/python bench/helpdesk_side_by_side.py [--count 5000] [--rounds 5] [--seconds 3]
        [--threads 4] [--venv /tmp/miz-helpdesk-venv] [--reuse | --reuse-miz] [--pdf-check in-process|checker]
        [--miz-env NAME=VALUE …] [--miz-runtime /tmp/miz-runtime-venv]

- django-helpdesk (HELPDESK_VERSION) is installed in its own virtualenv (`--venv`, made with pip
  on first use; never one of Miz's dependencies) and served by the minimal project in
  bench/helpdesk/hdproject on database `miz_h18bench_hd`; Miz by its production settings
  (`miz.wsgi`, DEBUG=0, Redis for the cache and sessions, as .ci/production-smoke) on
  `miz_h18bench`. Both databases are dropped and refilled unless `--reuse`. With `--miz-runtime`
  Miz's gunicorn runs from a virtualenv of its runtime requirements alone (requirements.txt, as
  the container image has them), made there on first use; without it, from this one (the tests'
  tools too).
- Filled in bulk, no web path: Miz with `desk_generate --count N` (bench/helpdesk/miz_setup.py),
  helpdesk with `bulk_create` of N tickets in one queue, as many of them open as Miz's requests
  are, each with as many public follow-ups as Miz's requests have events on average
  (bench/helpdesk/hd_fill.py).
- Each page is loaded by `--threads` client threads for `--seconds`, a round per site, the sites'
  order swapped every round (miz, helpdesk, helpdesk, miz, …) so the load of a shared machine
  falls on both alike; the table gives each page's median visits per second and Miz ÷ helpdesk.
  Then the warm workers' VmRSS from /proc.

The pages: public tracking (Miz: POST the tracking form, code + national code, with its CSRF
token; helpdesk: its public ticket view, ticket + e-mail + key); the staff request page (Miz:
`/desk/r/<code>/`; helpdesk: `/tickets/<id>/`), each over a sample of 50 requests/tickets; the
staff queue's first page (Miz: `/desk/queue/`, an expert of every unit holding requests, so all N
are theirs; helpdesk: a visit is `/tickets/` and the first 50 rows of its datatable, which is how
that page shows tickets); submission with a 500 KB PDF (Miz: the signed-in applicant POSTs the
online application form with its CSRF token; helpdesk: the public submission form, with the same
file), each answered by its redirect (not followed).
"""

import argparse
import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import cpu_share

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "helpdesk"
HELPDESK_VERSION = "2.6.1"
HELPDESK_PACKAGES = (f"django-helpdesk=={HELPDESK_VERSION}", "psycopg[binary]", "gunicorn")
MIZ_DB = "miz_h18bench"
HD_DB = "miz_h18bench_hd"
PG = "postgres://postgres@127.0.0.1:5432/"
REDIS_URL = "redis://127.0.0.1:6379/3"
PAGES = (
    ("tracking", "public tracking", "helpdesk public ticket view"),
    ("request", "staff request page", "helpdesk staff ticket view"),
    ("queue", "staff queue, first page", "helpdesk ticket list (page + first 50 rows)"),
    ("submit", "submission with a 500 KB PDF", "helpdesk public submission, same PDF"),
)
SITES = ("miz", "helpdesk")


# Pure helpers (bench/tests/test_helpdesk_side_by_side.py).


def interleaved(rounds: int) -> list[tuple[str, str]]:
    """Each round's order of the two sites, swapped every round: miz, helpdesk, helpdesk, miz, …"""
    return [SITES if r % 2 == 0 else SITES[::-1] for r in range(rounds)]


def ratio(miz: float, helpdesk: float) -> float | None:
    return miz / helpdesk if helpdesk else None


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]], boundary: str) -> bytes:
    """A multipart/form-data body: text fields, then files as (name, content type, bytes)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def table(rows: list[tuple[str, str, float, float]], memory: tuple[float, float] | None) -> str:
    """A Markdown table: (Miz page, helpdesk page, Miz/s, helpdesk/s) rows, then the memory row."""
    lines = [
        "| page (Miz / django-helpdesk) | Miz req/s | helpdesk req/s | Miz ÷ helpdesk |",
        "|---|---|---|---|",
    ]
    for miz_page, hd_page, miz, hd in rows:
        r = ratio(miz, hd)
        lines.append(f"| {miz_page} / {hd_page} | {miz:.1f} | {hd:.1f} | {f'{r:.2f}×' if r else '—'} |")
    if memory:
        miz_mb, hd_mb = memory
        lines.append(
            f"| warm worker RSS (MB, mean of 2 workers) | {miz_mb:.1f} MB | {hd_mb:.1f} MB | "
            f"{miz_mb / hd_mb:.2f}× the memory |"
        )
    return "\n".join(lines)


# Setting up.


def psql(*commands: str) -> None:
    for command in commands:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if command.startswith("DROP") else None,
        )


def runtime_venv(venv: Path) -> Path:
    """A virtualenv with Miz's runtime requirements only (requirements.txt, as the container image
    installs them: none of the test tools, whose packages some libraries use when present, as
    jdatetime does greenlet), made on first use and again when requirements.txt changes; returns
    its bin folder."""
    import hashlib

    pins = (ROOT / "requirements.txt").read_bytes()
    marker = venv / f".requirements-{hashlib.sha256(pins).hexdigest()[:16]}"
    if not marker.exists():
        if venv.exists() and any(venv.iterdir()) and not any(venv.glob(".requirements-*")):
            raise SystemExit(f"{venv} is not a virtualenv this bench made: name a new folder")
        print(f"installing Miz's runtime requirements in {venv} …", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True)
        marker.touch()
    return venv / "bin"


def helpdesk_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    marker = venv / f".helpdesk-{HELPDESK_VERSION}"
    if not marker.exists():
        print(f"installing django-helpdesk=={HELPDESK_VERSION} in {venv} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *HELPDESK_PACKAGES],
            check=True,
        )
        marker.touch()
    return python


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def miz_env(var: Path) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "side-by-side-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MIZ_VAR_DIR": str(var),
        "DATABASE_URL": PG + MIZ_DB,
        "REDIS_URL": REDIS_URL,
        "MIZ_DESK_TRACK_LIMIT": str(10**9),  # one client address asks thousands of times
        "DJANGO_SETTINGS_MODULE": "miz.settings",
        "PYTHONPATH": str(ROOT),
    }


def hd_env(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    return {
        **env,
        "DEBUG": "0",
        "HD_DATABASE_URL": PG + HD_DB,
        "HD_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "hdproject.settings",
    }


def fill(args, var: Path, hd_python: Path) -> tuple[dict, dict]:
    if not args.reuse:
        for db in (HD_DB,) if args.reuse_miz else (MIZ_DB, HD_DB):
            psql(f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}")
    started = time.perf_counter()
    env = {**miz_env(var), "DEBUG": "1"}  # the generator's reference data; the site runs DEBUG=0
    command = [
        sys.executable,
        str(HERE / "miz_setup.py"),
        "--count",
        str(args.count),
        "--base",
        str(args.base),
    ]
    command += ["--database-url", PG + MIZ_DB] + (["--reuse"] if args.reuse or args.reuse_miz else [])
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    miz = json.loads(out.strip().splitlines()[-1])
    print(f"Miz filled: {miz['total']:,} requests ({time.perf_counter() - started:.0f} s)", flush=True)
    if not (var / "static" / "staticfiles.json").exists() or not args.reuse:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=miz_env(var),
            check=True,
        )
    started = time.perf_counter()
    command = [str(hd_python), "hd_fill.py", "--count", str(args.count), "--open", str(miz["open"])]
    command += ["--followups", str(round(miz["events_per_request"]))] + (["--reuse"] if args.reuse else [])
    out = subprocess.run(
        command, cwd=HERE, env=hd_env(var), check=True, capture_output=True, text=True
    ).stdout
    hd = json.loads(out.strip().splitlines()[-1])
    print(f"helpdesk filled: {hd['total']:,} tickets ({time.perf_counter() - started:.0f} s)", flush=True)
    return miz, hd


def serve(command: list[str], cwd: Path, env: dict, port: int, workers: int = 2) -> subprocess.Popen:
    server = subprocess.Popen(
        [*command, "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{command[0]} did not start on port {port}")


def worker_pids(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def worker_rss_mb(master: int) -> list[float]:
    sizes = []
    for pid in worker_pids(master):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


# The load client.


@dataclass
class Site:
    port: int
    cookies: dict = field(default_factory=dict)

    def call(self, method: str, path: str, body: bytes | None = None, headers=None, cookies=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        jar = {**self.cookies, **(cookies or {})}
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.headers, data


def csrf(site: Site, path: str, cookies: dict) -> dict:
    """GET a form page: its CSRF cookie and token (the cookies given plus `csrftoken`)."""
    status, headers, body = site.call("GET", path, cookies=cookies)
    assert status == 200, (path, status)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or [])).group(1)
    return {**cookies, "csrftoken": cookie, "_token": token}


def form_post(site, path, jar, fields, files=None, expect=302, goes_to=""):
    cookies = {k: v for k, v in jar.items() if not k.startswith("_")}
    fields = {**fields, "csrfmiddlewaretoken": jar["_token"]}
    if files:
        boundary = "bench" + secrets.token_hex(8)
        body = multipart(fields, files, boundary)
        content_type = f"multipart/form-data; boundary={boundary}"
    else:
        body = urllib.parse.urlencode(fields).encode()
        content_type = "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type, "Referer": f"http://127.0.0.1:{site.port}{path}"}
    status, answer, data = site.call("POST", path, body, headers=headers, cookies=cookies)
    assert status == expect, (path, status, data[:300])
    assert goes_to in (answer["Location"] or "" if status == 302 else ""), (path, answer["Location"])
    return data


def visitors(miz_port: int, hd_port: int, miz: dict, hd: dict, pdf: bytes) -> dict:
    """For each page and site, a function making one visit (its `i`th) and checking the answer."""
    m, h = Site(miz_port), Site(hd_port)
    staff_m = {"sessionid": miz["staff_session"]}
    staff_h = {"sessionid": hd["staff_session"]}
    track_jar = csrf(m, "/desk/track/", {})
    apply_path = f"/desk/apply/{miz['service_id']}/"
    apply_jar = csrf(m, apply_path, {"sessionid": miz["applicant_session"]})
    submit_jar = csrf(h, "/tickets/submit/", {})
    status, _, shell = h.call("GET", "/tickets/", cookies=staff_h)
    assert status == 200, status
    datatable = re.search(rb'"(/datatables_ticket_list/[^"]+)"', shell).group(1).decode()
    reqs, tickets = miz["requests"], hd["tickets"]
    run = secrets.token_hex(4)

    def get(site, path, cookies, expect=200):
        status, _, body = site.call("GET", path, cookies=cookies)
        assert status == expect, (path, status)
        return body

    def miz_track(i):
        r = reqs[i % len(reqs)]
        return form_post(
            m, "/desk/track/", track_jar, {"code": r["code"], "identifier": r["identifier"]}, None, 200
        )

    def hd_track(i):
        t = tickets[i % len(tickets)]
        query = urllib.parse.urlencode({"ticket": t["ticket"], "email": t["email"], "key": t["key"]})
        return get(h, f"/view/?{query}", {})

    def hd_queue(i):
        get(h, "/tickets/", staff_h)
        return get(h, f"{datatable}?draw=1&start=0&length=50", staff_h)

    def miz_submit(i):
        fields = {**miz["fields"], "idempotency_key": f"side-{run}-{i}-{threading.get_ident()}"}
        files = {miz["document_field"]: ("scan.pdf", "application/pdf", pdf)}
        return form_post(m, apply_path, apply_jar, fields, files, goes_to="/receipt/")

    def hd_submit(i):
        fields = {
            "queue": str(hd["queue_id"]),
            "title": f"Certificate request {i}",
            "body": "Please issue the certificate; the document is attached.",
            "priority": "3",
            "submitter_email": f"applicant{i % 500}@example.org",
        }
        return form_post(
            h,
            "/tickets/submit/",
            submit_jar,
            fields,
            {"attachment": ("scan.pdf", "application/pdf", pdf)},
            goes_to="/view/?ticket=",
        )

    return {
        ("tracking", "miz"): miz_track,
        ("tracking", "helpdesk"): hd_track,
        ("request", "miz"): lambda i: get(m, f"/desk/r/{reqs[i % len(reqs)]['code']}/", staff_m),
        ("request", "helpdesk"): lambda i: get(h, f"/tickets/{tickets[i % len(tickets)]['id']}/", staff_h),
        ("queue", "miz"): lambda i: get(m, "/desk/queue/", staff_m),
        ("queue", "helpdesk"): hd_queue,
        ("submit", "miz"): miz_submit,
        ("submit", "helpdesk"): hd_submit,
    }


def check_answers(visit: dict, miz: dict, hd: dict) -> None:
    """One visit of each: the page shows what was asked for (not an error or an empty search)."""
    code = miz["requests"][0]["code"]
    found = visit["tracking", "miz"](0)
    assert code.encode() in found and "یافت نشد".encode() not in found, "Miz tracking did not find it"
    assert hd["tickets"][0]["ticket"].encode() in visit["tracking", "helpdesk"](0), "helpdesk view"
    assert code.encode() in visit["request", "miz"](0)
    assert json.loads(visit["queue", "helpdesk"](0))["recordsTotal"] == hd["open"], "helpdesk list"
    visit["submit", "miz"](0)
    visit["submit", "helpdesk"](0)


def load(visit, threads: int, seconds: float, counter) -> tuple[float, int]:
    """Visits per second with `threads` clients for `seconds`, and the visits made."""
    done = [0] * threads
    errors = []
    stop = time.perf_counter() + seconds

    def client(n):
        try:
            while time.perf_counter() < stop:
                visit(next(counter))
                done[n] += 1
        except Exception as error:
            errors.append(error)

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise SystemExit(f"a visit failed: {errors[0]!r}")
    return sum(done) / (time.perf_counter() - started), sum(done)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument(
        "--base",
        type=int,
        default=20_000,
        help="past this many, Miz's requests are this many generated and the rest copied in SQL "
        "(bench/queue_1m.py's generator)",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "miz-helpdesk-venv")
    parser.add_argument("--var", type=Path, default=Path(tempfile.gettempdir()) / "miz-helpdesk-bench")
    parser.add_argument("--reuse", action="store_true", help="keep both databases as the last run left them")
    parser.add_argument(
        "--reuse-miz", action="store_true", help="keep Miz's database (a long fill), fill helpdesk's again"
    )
    parser.add_argument(
        "--pdf-check",
        choices=("in-process", "checker"),
        default="in-process",
        help="where Miz checks the PDF: in its web workers (the default setting) or by the node's "
        "checker, deploy/entrypoint.sh pdfcheck, as deploy/ runs it (decision 0136)",
    )
    parser.add_argument(
        "--miz-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for Miz's server alone (repeatable): MALLOC_MMAP_THRESHOLD_=131072",
    )
    parser.add_argument(
        "--miz-runtime",
        type=Path,
        metavar="VENV",
        help="serve Miz from a virtualenv of requirements.txt alone, made here on first use",
    )
    args = parser.parse_args()
    hd_python = helpdesk_venv(args.venv)
    args.var.mkdir(parents=True, exist_ok=True)
    miz, hd = fill(args, args.var, hd_python)
    sys.path.insert(0, str(ROOT / "bench"))
    from storage_throughput import padded_pdf
    from worker_memory import HEAVY, loaded, start_pdf_checker

    pdf = padded_pdf()
    ports = free_port(), free_port()
    miz_bin = runtime_venv(args.miz_runtime) if args.miz_runtime else Path(sys.executable).parent
    gunicorn = shutil.which("gunicorn", path=str(miz_bin)) or "gunicorn"
    env, checker = miz_env(args.var), None
    env.update(item.split("=", 1) for item in args.miz_env)
    if args.pdf_check == "checker":
        sock = args.var / "pdfcheck.sock"
        env["MIZ_UPLOAD_PDF_CHECKER"] = f"unix:{sock}"
        checker = start_pdf_checker(env, sock)
    servers = [
        serve([gunicorn, "miz.wsgi:application"], ROOT, env, ports[0]),
        serve(
            [str(args.venv / "bin" / "gunicorn"), "hdproject.wsgi:application"],
            HERE,
            hd_env(args.var),
            ports[1],
        ),
    ]
    try:
        visit = visitors(*ports, miz, hd, pdf)
        check_answers(visit, miz, hd)
        counter = itertools.count(1)
        for key in visit:  # warm-up: every page on every worker, not measured
            load(visit[key], args.threads, 1.0, counter)
        rates = {key: [] for key in visit}
        cpu = {key: cpu_share.Tally() for key in visit}
        workers = {site: worker_pids(server.pid) for site, server in zip(SITES, servers, strict=True)}
        if checker is not None:  # the filing's PDF check is Miz's work too
            workers["miz"] += [checker.pid, *worker_pids(checker.pid)]
        for order in interleaved(args.rounds):
            for page, *_ in PAGES:
                for site in order:
                    before = cpu_share.snapshot(workers[site])
                    rate, visits = load(visit[page, site], args.threads, args.seconds, counter)
                    cpu[page, site].add(before, cpu_share.snapshot(workers[site]), visits)
                    rates[page, site].append(rate)
        rss = {site: worker_rss_mb(server.pid) for site, server in zip(SITES, servers, strict=True)}
        heavy = sorted({name for pid in worker_pids(servers[0].pid) for name in loaded(pid, HEAVY)})
        if checker is not None:
            from worker_memory import pss_mb

            checker_pss = [pss_mb(pid) for pid in (checker.pid, *worker_pids(checker.pid))]
    finally:
        if checker is not None:
            servers.append(checker)
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    rows = [
        (miz_page, hd_page, statistics.median(rates[page, "miz"]), statistics.median(rates[page, "helpdesk"]))
        for page, miz_page, hd_page in PAGES
    ]
    memory = (statistics.mean(rss["miz"]), statistics.mean(rss["helpdesk"]))
    print(
        f"\n{miz['total']:,} Miz requests ({miz['open']:,} open, {miz['events_per_request']:.1f} events "
        f"each) and {hd['total']:,} helpdesk tickets ({hd['open']:,} open, {hd['followups_per_ticket']:.0f} "
        f"follow-ups each); django-helpdesk {HELPDESK_VERSION}; gunicorn 2 sync workers each, DEBUG=0; "
        f"Miz from {'its runtime requirements alone' if args.miz_runtime else 'the development virtualenv'}"
        f"{', with ' + ' '.join(args.miz_env) if args.miz_env else ''}; "
        f"{args.rounds} rounds × {args.seconds:g} s × {args.threads} client threads per page and site, "
        f"medians; Miz's form: «{miz['service_title']}» ({miz['service_id']}), a {len(pdf) // 1024} KB PDF\n"
    )
    print(table(rows, memory))
    print(
        "\nCPU milliseconds a visit, summed over the rounds (/proc; web workers: with Miz's PDF checker "
        "when it runs; Redis: all its processes; the load client: this process):\n"
    )
    print(cpu_share.table(PAGES, cpu))
    rounded = {key: [round(r, 1) for r in values] for key, values in rates.items()}
    for page, *_ in PAGES:
        print(f"  {page}: miz {rounded[page, 'miz']}, helpdesk {rounded[page, 'helpdesk']}")
    sizes = {site: [round(x, 1) for x in rss[site]] for site in SITES}
    print(f"  worker RSS MB: miz {sizes['miz']}, helpdesk {sizes['helpdesk']}")
    print(f"  heavy libraries mapped by Miz's workers after the run: {heavy or 'none'}")
    if checker is not None:
        shares = " + ".join(f"{mb:.1f}" for mb in checker_pss)
        print(f"  Miz's PDF checker (master and workers), PSS MB: {shares} = {sum(checker_pss):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
