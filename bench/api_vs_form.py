"""Filing a request through the API against the web form, with a 500 KB PDF (issue 15: the API no
slower than the form), side by side in one run.

    .venv/bin/python bench/api_vs_form.py [--filings 20] [--service 10031900023] [--db postgres://...]

One database (a new SQLite file unless --db), the demo data (`seed_demo`), one service offered
online and at counter offices, and an office of the demo that may file it (its licence in force,
the service delegated to it). Each filing, through Django's test client in this process:

- form: the signed-in applicant POSTs the application page (`/desk/apply/<id>/`: the answers, the
  PDF, an idempotency key), answered by the redirect to the receipt;
- page: the same filing as a browser makes it: the application page first (GET: the form, its
  CSRF token and the idempotency key it issues), then its POST with those, the CSRF check on;
- api: a client system with `requests:file` at that office calls `POST /api/desk/intake/start`
  (the one-time code is sent by SMS, read back from the SMS outbox as the operator would hear it
  from the applicant), then `POST /api/desk/intake/file` (multipart: the code, the answers as JSON,
  a `client_key` and the PDF), answered 201 with the request;
- counter: the same filing on the web by an operator of that office (signed in beforehand), the
  like-for-like page of the API's two calls: `POST /desk/counter/` (the applicant and the service;
  the code is texted) and `POST /desk/counter/confirm/` (the code, the answers, the PDF), answered
  by the redirect to the receipt.

Every filing is a new applicant (an account made beforehand, so no path creates one), the three
paths interleaved and their order rotated every round, so the load of a shared machine falls on
all alike. Prints the median wall and CPU time per filing each way and three ratios:

- API/page, the issue's goal (≤ 1, the exit status, by wall time): the whole filing each way, the
  API's two calls against the web form's page and its POST (decision 0150: a browser cannot post
  the form without the page, which issues its CSRF token and idempotency key; the applicant's
  sign-in, the web's counterpart of the API's code step, is left out of the web side);
- API/form: the form's POST alone, the reading kept until decision 0150, for comparison;
- API/counter: the same one-time-code step on both sides.

CPU is this process's: on SQLite the database's work is in it; on PostgreSQL it is in the
server's processes, so the wall time is the measure there. Figures are in docs/api-clients.md.
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on
from storage_throughput import PDF_SIZE, padded_pdf

GOAL_RATIO = 1.0
FIRST_NINE = 700_000_000  # the applicants' national codes: these nine digits onwards, with the check digit


def answers_for(service) -> dict[str, str]:
    """A valid answer for each field of the service's form, by its kind."""
    by_kind = {
        "integer": "3",
        "number": "3",
        "mobile": "09121234567",
        "jalali_date": "1404/01/15",
        "yes_no": "yes",
        "long_text": "تهران، خیابان آزادی، پلاک ۱",
    }
    answers = {}
    for field in service.fields.all():
        answers[field.name] = field.choice_list[0] if field.choice_list else by_kind.get(field.kind, "نمونه")
    return answers


def office_for(service):
    """A demo counter office that may file the service (every registered check passes)."""
    from desk.services import counter_office_checks
    from orgs.models import CounterOffice

    for office in CounterOffice.objects.filter(is_active=True).order_by("code"):
        if not any(check(office, service) for check in counter_office_checks.values()):
            return office
    raise SystemExit(f"no demo office may file {service.service_id}; choose another --service")


def counter_operator(office):
    """An operator of the office (a new account each run)."""
    from accounts.models import Membership, Role, User
    from core.validators import national_code_with_check_digit

    person = User.objects.create_user(
        national_code_with_check_digit(str(FIRST_NINE - 1 - os.getpid() % 10**6)),
        f"+98936{os.getpid() % 10**7:07d}",
        first_name="متصدی",
        last_name="سنجش",
    )
    Membership.objects.create(user=person, role=Role.COUNTER_OPERATOR, counter_office=office)
    return person


def applicants(count: int) -> list:
    from accounts.models import User
    from core.validators import national_code_with_check_digit

    people = []
    for i in range(count):
        code = national_code_with_check_digit(str(FIRST_NINE + i))
        person = User.objects.filter(national_code=code).first() or User.objects.create_user(
            code, f"+98935{i:07d}", first_name="متقاضی", last_name=f"سنجش {i}"
        )
        people.append(person)
    return people


class Filings:
    """The two ways of filing, each returning its (wall, CPU) seconds."""

    def __init__(self, service, office, pdf: bytes):
        from django.test import Client

        from apiclients import services as client_services
        from catalogue.forms import document_field_name
        from desk import services as desk_services

        self.service, self.office, self.pdf = service, office, pdf
        self.answers = answers_for(service)
        self.document = document_field_name(service.documents.get(required=True))
        units = desk_services.units_for(service)
        # The form asks which unit handles it when several may; the API's counter intake does not.
        self.unit = {"unit": str(units[0].pk)} if len(units) > 1 else {}
        system = client_services.create_client(
            name=f"bench-{os.getpid()}", kind="association", scopes=["requests:file"], offices=[office]
        )
        system.calls_per_minute = 10**6
        system.save(update_fields=["calls_per_minute"])
        _row, token = client_services.issue_token(client=system)
        self.api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.keys = iter(range(10**6))
        self.run = os.getpid()
        self.operator = counter_operator(office)

    def upload(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("scan.pdf", self.pdf, content_type="application/pdf")

    def form(self, applicant) -> tuple[float, float]:
        from django.test import Client

        web = Client(SERVER_NAME="localhost")
        web.force_login(applicant)  # signed in beforehand: not part of the filing
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        key = f"bench-{self.run}-{next(self.keys)}"
        data = {**self.answers, **self.unit, self.document: self.upload(), "idempotency_key": key}
        response = web.post(f"/desk/apply/{self.service.service_id}/", data)
        took = time.perf_counter() - start_wall, time.process_time() - start_cpu
        assert response.status_code == 302 and "/receipt/" in response["Location"], response.status_code
        return took

    def page(self, applicant) -> tuple[float, float]:
        from django.test import Client

        web = Client(SERVER_NAME="localhost", enforce_csrf_checks=True)
        web.force_login(applicant)  # signed in beforehand: not part of the filing
        url = f"/desk/apply/{self.service.service_id}/"
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        html = web.get(url).content.decode()
        issued = {
            name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
            for name in ("csrfmiddlewaretoken", "idempotency_key")
        }
        response = web.post(url, {**self.answers, **self.unit, self.document: self.upload(), **issued})
        took = time.perf_counter() - start_wall, time.process_time() - start_cpu
        assert response.status_code == 302 and "/receipt/" in response["Location"], response.status_code
        return took

    def counter(self, applicant) -> tuple[float, float]:
        from django.test import Client

        from core import sms

        web = Client(SERVER_NAME="localhost")
        web.force_login(self.operator)  # signed in beforehand, as at the start of a shift
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        who = {
            "service": self.service.service_id,
            "national_code": applicant.national_code,
            "mobile": "0" + str(applicant.mobile)[3:],
            "place": f"office:{self.office.pk}",
        }
        started = web.post("/desk/counter/", who)
        assert started.status_code == 302, started.status_code
        assert started["Location"].endswith("/counter/confirm/"), started["Location"]
        code = re.search(r"کد: (\d{6})", sms.outbox[-1].text).group(1)  # the applicant reads it out
        # The page's hidden key is the one kept in the session; the view files with that one.
        data = {**self.answers, self.document: self.upload(), "otp": code, "idempotency_key": "from-the-page"}
        filed = web.post("/desk/counter/confirm/", data)
        took = time.perf_counter() - start_wall, time.process_time() - start_cpu
        assert filed.status_code == 302 and "/receipt/" in filed["Location"], filed.status_code
        return took

    def api_filing(self, applicant) -> tuple[float, float]:
        from core import sms

        who = {
            "service_id": self.service.service_id,
            "office": self.office.code,
            "national_code": applicant.national_code,
            "mobile": "0" + str(applicant.mobile)[3:],
        }
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        started = self.api.post("/api/desk/intake/start", who, content_type="application/json")
        assert started.status_code == 202, started.content
        code = re.search(r"کد: (\d{6})", sms.outbox[-1].text).group(1)  # the applicant reads it out
        filed = self.api.post(
            "/api/desk/intake/file",
            {
                **who,
                "otp": code,
                "client_key": f"bench-{self.run}-{next(self.keys):08d}",
                "answers": json.dumps(self.answers, ensure_ascii=False),
                self.document: self.upload(),
            },
        )
        took = time.perf_counter() - start_wall, time.process_time() - start_cpu
        assert filed.status_code == 201, filed.content
        return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=20, help="filings each way")
    parser.add_argument("--service", default="10031900023")
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="miz-api-vs-form-"))
    os.environ["MIZ_VAR_DIR"] = str(folder)  # uploads land here
    os.environ["SMS_BACKEND"] = "core.sms.LocMemSmsBackend"
    django_on(args.db or f"sqlite:///{folder / 'bench.sqlite3'}")
    import io
    import logging

    from django.conf import settings
    from django.core.management import call_command

    from catalogue.models import Service

    logging.disable(logging.WARNING)  # one log line per request would be measured too
    # The page's static tags: production reads collectstatic's manifest (one dict lookup a tag);
    # the bench names the files plainly, as bench/hot_paths.py does, without a collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("seed_demo", stdout=io.StringIO())
    service = Service.objects.get(service_id=args.service)
    office = office_for(service)
    pdf = padded_pdf()
    filings = Filings(service, office, pdf)
    ways = {"form": filings.form, "api": filings.api_filing, "counter": filings.counter, "page": filings.page}
    people = applicants(len(ways) * (args.filings + 1))
    for way in ways.values():
        way(people.pop())  # warm-up: templates, first queries
    times = {way: [] for way in ways}
    names = list(ways)
    for round_ in range(args.filings):
        turn = round_ % len(names)
        for way in names[turn:] + names[:turn]:
            times[way].append(ways[way](people.pop()))
    print(
        f"{args.filings} filings each way of «{service.title}» ({service.service_id}) at office "
        f"{office.code}, a {len(pdf) // 1024} KB PDF (goal {PDF_SIZE // 1024} KB), database "
        f"{'PostgreSQL' if args.db.startswith('postgres') else 'SQLite'}"
    )
    medians = {}
    labels = {
        "form": "web form (POST)",
        "api": "API (start + code + file)",
        "counter": "counter page (start + code)",
        "page": "web form (page + POST)",
    }
    for way, label in labels.items():
        wall = statistics.median(t[0] for t in times[way]) * 1000
        cpu = statistics.median(t[1] for t in times[way]) * 1000
        medians[way] = (wall, cpu)
        print(f"  {label:<28} median wall {wall:6.1f} ms, CPU {cpu:6.1f} ms")
    wall_ratio = medians["api"][0] / medians["form"][0]
    cpu_ratio = medians["api"][1] / medians["form"][1]
    # The same ratio taken within each round (the two filings a few milliseconds apart), then its
    # median: a shared machine's slow spells fall on both sides of each ratio.
    paired_wall = statistics.median(a[0] / f[0] for a, f in zip(times["api"], times["form"], strict=True))
    paired_cpu = statistics.median(a[1] / f[1] for a, f in zip(times["api"], times["form"], strict=True))
    page_wall = medians["api"][0] / medians["page"][0]
    page_cpu = medians["api"][1] / medians["page"][1]
    page_paired = statistics.median(a[0] / p[0] for a, p in zip(times["api"], times["page"], strict=True))
    ok = page_wall <= GOAL_RATIO
    verdict = "OK" if ok else "SLOWER"
    print(
        f"  API / web form with its page (the goal): wall {page_wall:.2f}, CPU {page_cpu:.2f}; "
        f"within each round, median: wall {page_paired:.2f} (goal ≤ {GOAL_RATIO:.2f}: {verdict})"
    )
    print(f"  API / form's POST alone: wall {wall_ratio:.2f}, CPU {cpu_ratio:.2f}")
    print(f"  API / form's POST within each round, median: wall {paired_wall:.2f}, CPU {paired_cpu:.2f}")
    wall_counter = medians["api"][0] / medians["counter"][0]
    cpu_counter = medians["api"][1] / medians["counter"][1]
    print(f"  API / counter page (the same code step): wall {wall_counter:.2f}, CPU {cpu_counter:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
