"""One web node's throughput on local disk and on object storage, side by side in one run.

    .venv/bin/python bench/storage_throughput.py \
        --database-url postgres://postgres@127.0.0.1:5432/miz_bench --redis-url redis://127.0.0.1:6379/7

Starts an S3-compatible server (moto's `moto_server`, a separate process), sets up a service, an
applicant per run and a unit queue of `--queue` requests in the PostgreSQL database given, then
serves Miz with two gunicorn nodes (DEBUG=0, `--workers` each, Redis for cache, sessions and rate
limits): one on local disk, one with MIZ_S3_* pointing at a bucket. Each scenario is measured for
`--seconds` per node after a short warm-up, with `--clients` concurrent clients, in `--rounds`
alternating blocks (local, object, object, local, …) so that the load of a shared machine falls on
both alike:

- tracking: the public tracking lookup (POST /desk/track/ with a tracking code and national code);
- submission: an online application with a 500 KB PDF (a real PDF: one page showing a 408×408
  noise image, as a colour scan is), each with a fresh idempotency key, answered by a redirect to
  the receipt; the file is checked, stored (one PUT on object storage) and recorded;
- queue: a unit expert's queue page (50 of `--queue` requests).

Prints requests/s per scenario and storage and the cost of object storage. The database is
migrated, not emptied: use a throw-away one (createdb/dropdb)."""

import argparse
import concurrent.futures
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PDF_SIZE = 500 * 1024


def padded_pdf(size: int = PDF_SIZE) -> bytes:
    """A valid one-page PDF of about `size` bytes: an uncompressed RGB noise image drawn on the
    page (incompressible, like a scan)."""
    import random

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    side = int(((size - 1500) / 3) ** 0.5)
    noise = random.Random(1405).randbytes(side * side * 3)
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    image = DecodedStreamObject()
    image.set_data(noise)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(side),
            NameObject("/Height"): NumberObject(side),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    content = DecodedStreamObject()
    content.set_data(f"q {side} 0 0 {side} 90 300 cm /Im0 Do Q".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def setup_data(queue_size: int, runs: list[str]) -> dict:
    """Service, unit, an expert with a queue, one tracked request, one applicant per run; returns
    what the clients need (session keys, ids)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from accounts.models import Role
    from accounts.tests.factories import MembershipFactory, UserFactory
    from catalogue.models import RequiredDocument, Service, ServiceField, WorkflowStep
    from desk import services
    from desk.models import ServiceRequest
    from orgs.models import OrgUnit
    from orgs.tests.factories import OrgUnitFactory, ProvinceFactory

    tag = uuid.uuid4().hex[:6]
    province = ProvinceFactory(code="IR-98", name="استان سنجش", phone_area_code="098")
    unit = OrgUnitFactory(
        code=f"B-{tag}", name=f"اداره سنجش {tag}", kind=OrgUnit.Kind.PROVINCE, province=province
    )
    service = Service.objects.create(
        service_id=f"{90000000000 + int(tag, 16) % 10**9:011d}",
        title="خدمت سنجش",
        description="شرح",
        area="conformity_assessment",
        fee_rials=0,
        duration_working_days=5,
        channel_online=True,
    )
    service.responsible_units.set([unit])
    ServiceField.objects.create(service=service, name="product_name", label="نام کالا", kind="text", order=1)
    document = RequiredDocument.objects.create(
        service=service, title="گزارش آزمون", accepted_formats="pdf", max_size_bytes=2 * 1024 * 1024, order=1
    )
    WorkflowStep.objects.create(
        service=service, order=1, title="بررسی", responsible_role=Role.STAFF_EXPERT, target_working_days=2
    )

    def person(role, **scope):
        user = UserFactory()
        MembershipFactory(user=user, role=role, **scope)
        return user

    def session_of(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.tests.upload_corpus import make_pdf

    tracked_applicant = person(Role.APPLICANT)
    tracked, _ = services.submit_request(
        service=service,
        applicant=tracked_applicant,
        form_data={"product_name": "کالا"},
        files={document.pk: SimpleUploadedFile("a.pdf", make_pdf(), content_type="application/pdf")},
        idempotency_key=f"bench-{tag}",
        actor=tracked_applicant,
    )
    rows, today = [], timezone.localdate()
    for i in range(queue_size):
        row = ServiceRequest(**{f.attname: getattr(tracked, f.attname) for f in ServiceRequest._meta.fields})
        row.pk, row.tracking_code, row.idempotency_key, row.due_date = (
            None,
            f"07{i:010d}0",
            f"q{tag}{i}",
            today,
        )
        rows.append(row)
    ServiceRequest.objects.bulk_create(rows, batch_size=1000)
    expert = person(Role.STAFF_EXPERT, org_unit=unit)
    return {
        "service_id": service.service_id,
        "document_field": f"document_{document.pk}",
        "track": {"code": tracked.tracking_code, "identifier": tracked_applicant.national_code},
        "expert_session": session_of(expert),
        "applicant_sessions": {run: session_of(person(Role.APPLICANT)) for run in runs},
    }


class Node:
    """One gunicorn node with the environment given."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "miz.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(f"{self.base}/healthz")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def csrf_session(base: str, session_key: str | None, page: str):
    """A requests session (cookies set) and the form's CSRF token from `page`."""
    import re

    import requests

    http = requests.Session()
    if session_key:
        http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")
    html = http.get(base + page, timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return http, token


def multipart(fields: dict, file_field: str, file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def scenario_calls(name: str, base: str, data: dict, run: str, pdf: bytes):
    """A function making one request of scenario `name` (returning True when answered as expected),
    one per client thread."""
    if name == "tracking":
        http, token = csrf_session(base, None, "/desk/track/")
        form = {**data["track"], "csrfmiddlewaretoken": token}

        def call():
            response = http.post(base + "/desk/track/", data=form, timeout=60)
            return response.status_code == 200 and "خدمت سنجش" in response.text  # found: the service

        return call
    if name == "submission":
        apply = f"/desk/apply/{data['service_id']}/"
        http, token = csrf_session(base, data["applicant_sessions"][run], apply)

        def call():
            body, content_type = multipart(
                {
                    "csrfmiddlewaretoken": token,
                    "idempotency_key": secrets.token_hex(16),
                    "product_name": "کالا",
                },
                data["document_field"],
                "report.pdf",
                pdf,
            )
            response = http.post(
                base + apply,
                data=body,
                headers={"Content-Type": content_type, "Referer": base + apply},
                allow_redirects=False,
                timeout=60,
            )
            return response.status_code == 302 and "/receipt/" in response.headers.get("Location", "")

        return call
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", data["expert_session"], domain="127.0.0.1", path="/")

    def call():
        response = http.get(base + "/desk/queue/", timeout=60)
        return response.status_code == 200 and "/desk/r/" in response.text

    return call


def measure(calls: list, seconds: float) -> tuple[int, int, float, list[float]]:
    """Run every client's `call` in a loop for `seconds`; a request still running at the end is
    finished but not counted. Returns (ok, failed, elapsed s, latencies s)."""
    stop = threading.Event()
    results: list[list] = [[] for _ in calls]

    def loop(index, call):
        while not stop.is_set():
            start = time.perf_counter()
            ok = call()
            if not stop.is_set():
                results[index].append((ok, time.perf_counter() - start))

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        started = time.perf_counter()
        futures = [pool.submit(loop, i, call) for i, call in enumerate(calls)]
        time.sleep(seconds)
        stop.set()
        elapsed = time.perf_counter() - started
        for future in futures:
            future.result()
    flat = [item for items in results for item in items]
    ok = sum(1 for good, _ in flat if good)
    return ok, len(flat) - ok, elapsed, [duration for _, duration in flat]


def compare(calls: dict, seconds: float, warmup: float, rounds: int) -> dict:
    """Both storages measured in alternating blocks (A B B A A B …), so that the load of a shared
    machine falls on both alike; returns run → (req/s, ok, failed, median ms)."""
    for run_calls in calls.values():
        measure(run_calls, warmup)
    totals = {run: [0, 0, 0.0, []] for run in calls}
    runs = list(calls)
    for round_ in range(rounds):
        for run in runs if round_ % 2 == 0 else runs[::-1]:
            ok, failed, elapsed, latencies = measure(calls[run], seconds / rounds)
            total = totals[run]
            total[0] += ok
            total[1] += failed
            total[2] += elapsed
            total[3] += latencies
    result = {}
    for run, (ok, failed, elapsed, latencies) in totals.items():
        latencies = sorted(latencies) or [0.0]
        result[run] = (ok / elapsed, ok, failed, latencies[len(latencies) // 2] * 1000)
    return result


def store_timings(s3_env: dict, folder: Path, pdf: bytes, repeat: int = 30) -> dict:
    """The time of `desk.uploads.store`'s one write of the PDF, alone, on each storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from storages.backends.s3 import S3Storage

    from miz.storage import default_storage_from

    storages = {
        "local disk": FileSystemStorage(location=folder, file_permissions_mode=0o640),
        "object storage": S3Storage(**default_storage_from(s3_env)["OPTIONS"]),
    }
    result = {}
    for run, storage in storages.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            storage.save(f"private/desk/timing/{secrets.token_hex(16)}.pdf", ContentFile(pdf))
            times.append((time.perf_counter() - start) * 1000)
        times = sorted(times[3:])  # the first open a connection
        result[run] = (times[len(times) // 2], times[0])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a throw-away PostgreSQL database")
    parser.add_argument("--redis-url", required=True, help="a Redis database of its own (it is written to)")
    parser.add_argument("--seconds", type=float, default=20, help="counted seconds per scenario (20)")
    parser.add_argument("--warmup", type=float, default=3, help="uncounted seconds first (3)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating blocks per storage (4)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, uploads)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--queue", type=int, default=2000, help="requests in the expert's unit (2000)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="miz-storage-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIZ_S3_")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        MIZ_VAR_DIR=str(work / "var"),
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        MIZ_DESK_TRACK_LIMIT=str(10**9),
        DJANGO_SETTINGS_MODULE="miz.settings",
    )
    env.pop("PYTEST_CURRENT_TEST", None)
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    runs = ["local disk", "object storage"]
    data = setup_data(args.queue, runs)
    pdf = padded_pdf()

    s3_port = free_port()
    s3_log = (work / "moto.log").open("w")
    s3 = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
        stdout=s3_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    table = {}
    try:
        endpoint = f"http://127.0.0.1:{s3_port}"
        wait_for(endpoint)
        import boto3

        bucket = "miz-bench"
        keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench", "region_name": "us-east-1"}
        client = boto3.client("s3", endpoint_url=endpoint, **keys)
        client.create_bucket(Bucket=bucket)
        s3_env = {
            "MIZ_S3_BUCKET": bucket,
            "MIZ_S3_ENDPOINT_URL": endpoint,
            "MIZ_S3_ACCESS_KEY_ID": "bench",
            "MIZ_S3_SECRET_ACCESS_KEY": "bench",
        }
        nodes = {
            run: Node(
                {**env, **(s3_env if run == "object storage" else {})}, args.workers, work / f"{run}.log"
            )
            for run in runs
        }
        try:
            for name in ("tracking", "submission", "queue"):
                calls = {
                    run: [scenario_calls(name, node.base, data, run, pdf) for _ in range(args.clients)]
                    for run, node in nodes.items()
                }
                for run, figures in compare(calls, args.seconds, args.warmup, args.rounds).items():
                    table[(name, run)] = figures
                    rate, ok, failed, median = figures
                    line = f"{run:15} {name:11} {rate:7.1f} req/s"
                    print(f"{line} ({ok} ok, {failed} failed, {median:.0f} ms median)")
        finally:
            for node in nodes.values():
                node.stop()
        stored = client.list_objects_v2(Bucket=bucket).get("KeyCount", 0)
        writes = store_timings(s3_env, work / "store-timing", pdf)
    finally:
        os.killpg(s3.pid, signal.SIGTERM)
        s3.wait(timeout=30)
        s3_log.close()

    print(f"\nPDF {len(pdf)} bytes; {args.clients} clients, {args.workers} gunicorn workers per node,")
    print(f"{args.seconds:.0f} s per scenario and node in {args.rounds} alternating blocks")
    print(f"objects in the bucket after the run: {stored}")
    for run, (median, low) in writes.items():
        print(f"storing the PDF alone, {run}: median {median:.1f} ms, fastest {low:.1f} ms (one client)")
    on_disk = sum(1 for _ in (work / "var" / "uploads" / "private" / "desk").rglob("*.pdf"))
    print(f"desk files on the nodes' shared disk: {on_disk} (the local-disk node's and the set-up's one)")
    print("| scenario | local disk (req/s) | object storage (req/s) | object storage costs |")
    print("|---|---|---|---|")
    for name in ("tracking", "submission", "queue"):
        local, remote = table[(name, "local disk")][0], table[(name, "object storage")][0]
        print(f"| {name} | {local:.1f} | {remote:.1f} | {(1 - remote / local) * 100:+.1f}% |")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    failures = sum(result[2] for result in table.values())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
