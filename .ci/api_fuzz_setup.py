"""Set-up of the API fuzzing stage (`.ci/api-fuzz`): a client system that may do everything, and
the schemathesis configuration that points the generated cases at real rows.

Runs in the stage's fresh, migrated and demo-seeded database (the environment says which):

1. `manage.py api_client create` a client with every scope of `apiclients.scopes.SCOPES` (so
   the routers other apps add are reached with their own scopes) for every province; then every
   counter office and every root unit are added to its places (the command takes one kind of
   place) and its calls per minute raised so the run is not mostly 429s;
2. writes `schemathesis.toml` into the folder given as the first argument: the token as the
   `Authorization` header, and dictionaries of real tracking codes, service ids, office codes
   and the demo applicant's identity, which half of the generated values are drawn from, so
   cases reach the code behind the 404s (an operation's own parameter names pick them up).

The token is written only into that file (mode 600), never printed."""

import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")

# The share of generated values taken from the dictionaries (the rest stays random).
REAL_SHARE = 0.5
CALLS_PER_MINUTE = 1_000_000
MAX_CODES = 40


def create_client() -> str:
    from django.core.management import call_command

    from apiclients.models import ApiClient
    from apiclients.scopes import SCOPES
    from orgs.models import CounterOffice, OrgUnit, Province

    out = io.StringIO()
    provinces = list(Province.objects.values_list("code", flat=True))
    call_command("api_client", "create", "ci-fuzz", "--scope", *SCOPES, "--province", *provinces, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    client = ApiClient.objects.get(name="ci-fuzz")
    client.offices.set(CounterOffice.objects.all())
    client.units.set(OrgUnit.objects.filter(parent__isnull=True))
    client.calls_per_minute = CALLS_PER_MINUTE
    client.save(update_fields=["calls_per_minute"])
    return token


def dictionaries() -> dict[str, list[str]]:
    from django.db.models import F

    from accounts.models import User
    from catalogue.models import Service
    from desk.models import ServiceRequest
    from orgs.models import CounterOffice

    applicants = User.objects.filter(pk__in=ServiceRequest.objects.values("applicant"))
    # Requests a client may write to (filed at an office) and open ones first; a few others.
    requests = ServiceRequest.objects.order_by(F("counter_office").asc(nulls_last=True), "-submitted_at")
    return {
        "tracking_codes": sorted(requests.values_list("tracking_code", flat=True)[:MAX_CODES]),
        "service_ids": sorted(Service.objects.values_list("service_id", flat=True)),
        "offices": sorted(CounterOffice.objects.values_list("code", flat=True)),
        "national_codes": sorted(applicants.values_list("national_code", flat=True)),
        "mobiles": sorted(str(m) for m in applicants.values_list("mobile", flat=True)),
    }


# Parameter (location.name) → the dictionary its values are drawn from.
BINDINGS = {
    "path.code": "tracking_codes",
    "body.code": "tracking_codes",
    "path.service_id": "service_ids",
    "body.service_id": "service_ids",
    "query.service_code": "service_ids",
    "body.office": "offices",
    "body.national_code": "national_codes",
    "body.identifier": "national_codes",
    "body.mobile": "mobiles",
}


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a TOML basic string for these characters


def config(token: str, words: dict[str, list[str]]) -> str:
    lines = [
        "# Written by .ci/api_fuzz_setup.py for one run; holds a token: never commit it.",
        f"headers = {{ Authorization = {toml_string('Bearer ' + token)} }}",
        "",
    ]
    for name, values in words.items():
        if values:
            lines += [f"[dictionaries.{name}]", f"values = [{', '.join(map(toml_string, values))}]", ""]
    lines.append("[parameters]")
    for key, name in BINDINGS.items():
        if words.get(name):
            lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {REAL_SHARE} }}')
    return "\n".join(lines) + "\n"


def main(folder: str) -> None:
    import django

    django.setup()
    target = Path(folder) / "schemathesis.toml"
    target.touch(mode=0o600)
    target.write_text(config(create_client(), dictionaries()), encoding="utf-8")
    print(f"api-fuzz set-up: client ci-fuzz with every scope and place, {target}")


if __name__ == "__main__":
    main(sys.argv[1])
