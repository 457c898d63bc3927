"""Benchmark: 1,000 webhook deliveries drained to a local receiver (issue 15: under a minute).

    .venv/bin/python bench/webhooks_drain.py [--deliveries 1000] [--workers 1] [--database-url URL]

On a fresh SQLite database in a temporary folder (or on `--database-url`, migrated): a client
system with the `events:receive` scope and one subscription whose address is a tiny threaded HTTP
server on 127.0.0.1 that checks every signature and counts delivery ids. `--deliveries` events
are written as the desk writes them (`webhooks.services.emit`: one outbox row and its task job
each, in one transaction) while `--workers` real `manage.py miz_worker --queue-name webhooks`
processes are already running (as in production; a warm-up delivery proves they are), and the
clock runs from the commit until every delivery is "delivered". Prints the time, the rate, and
what the receiver saw (each id once, every signature good). The workers get SIGTERM at the end.
"""

import argparse
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_SECONDS = 60


class Seen:
    def __init__(self):
        self.ids: Counter = Counter()
        self.bad = 0
        self.secret = ""
        self.lock = threading.Lock()


def receiver(seen: Seen) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            parts = dict(p.split("=", 1) for p in self.headers["Miz-Signature"].split(","))
            mac = hmac.new(
                seen.secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256
            ).hexdigest()
            with seen.lock:
                if hmac.compare_digest(mac, parts["v1"]):
                    seen.ids[self.headers["Miz-Delivery-Id"]] += 1
                else:
                    seen.bad += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write(services, prefix: str, count: int) -> None:
    """`count` events as the desk's post_save writes them, committed together."""
    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        for n in range(count):
            services.emit(
                event="request.accepted",
                source=f"{prefix}:{n}",
                data=lambda n=n: {"tracking_code": f"{n:016d}", "state": "accepted"},
                reaches=lambda places: True,
                at=timezone.now(),
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="miz-webhooks-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    # As production runs: DEBUG off (no query log), warnings only in the log.
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "MIZ_VAR_DIR": folder,
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from apiclients.services import create_client
    from webhooks import services
    from webhooks.models import Delivery

    call_command("migrate", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(queue_name="webhooks", status="READY").exists():
        print("This database has webhook jobs waiting (an earlier run?): give a fresh one.")
        return 2
    seen = Seen()
    server = receiver(seen)
    client = create_client(name=f"bench-{int(time.time())}", kind="provincial", scopes=["events:receive"])
    subscription, seen.secret = services.subscribe(
        client=client, url=f"http://127.0.0.1:{server.server_address[1]}/hook", events=["request.accepted"]
    )
    # Workers already running, as in production (start-up under load takes tens of seconds and
    # is not a drain): started first, then one warm-up delivery proves one is taking jobs.
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "miz_worker",
        "--queue-name",
        "webhooks",
        "--interval",
        "0.2",
    ]
    workers = [
        subprocess.Popen(
            [*command, "--worker-id", f"bench-{i}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(args.workers)
    ]
    try:
        ready = time.perf_counter()
        write(services, "warm-up", 1)
        pending = Delivery.objects.filter(subscription=subscription).exclude(status=Delivery.Status.DELIVERED)
        while pending.exists():
            time.sleep(0.1)
        print(f"{args.workers} worker(s) up and posting after {time.perf_counter() - ready:.1f} s")
        seen.ids.clear()
        started = time.perf_counter()
        write(services, "bench", args.deliveries)
        written = time.perf_counter() - started
        print(f"{args.deliveries} deliveries and their jobs written in {written:.1f} s (one transaction)")
        started = time.perf_counter()
        while pending.exists():
            time.sleep(0.05)
        drained = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()  # SIGTERM: the task in hand finishes
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    server.shutdown()
    left = pending.count()
    once = sum(1 for count in seen.ids.values() if count == 1)
    print(
        f"drained by {args.workers} running worker(s) in {drained:.1f} s after the commit "
        f"({args.deliveries / drained:.0f} a second); not delivered: {left}"
    )
    print(
        f"receiver: {len(seen.ids)} distinct delivery ids, {once} received exactly once, "
        f"{seen.bad} bad signatures"
    )
    ok = left == 0 and once == args.deliveries and seen.bad == 0 and drained < GOAL_SECONDS
    print(f"  goal < {GOAL_SECONDS} s, every delivery once: {'OK' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
