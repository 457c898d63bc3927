"""Demo data: the organisation's real 1400 report (seed 004), imported as historical data (R7)."""

import json
from pathlib import Path

from performance.importer import import_report
from performance.models import ValidationRun
from performance.validation import run_rules

REPORT = Path(__file__).parent / "data" / "report_1400.json"


def seed(*, stdout, debug: bool) -> None:
    data = json.loads(REPORT.read_text(encoding="utf-8"))
    stats = import_report(data)
    _bind_desk_services()
    run = run_rules(year=data["year"], trigger=ValidationRun.Trigger.IMPORT)
    stdout.write(
        f"performance: 1400 report — {stats['values']} values ({stats['values_created']} new), "
        f"{stats['printed_figures']} printed figures, {run.findings} data-quality findings"
    )


# Activities whose actuals the desk computes (R4): catalogue demo service → activity.
DESK_BINDINGS = {"P018": "10031900011"}  # صدور پروانه کاربرد علامت استاندارد اجباری


def _bind_desk_services() -> None:
    from django.apps import apps

    from performance.models import Activity

    if not apps.is_installed("catalogue"):
        return
    service_model = apps.get_model("catalogue", "Service")
    for code, service_id in DESK_BINDINGS.items():
        if service_model.objects.filter(service_id=service_id).exists():
            Activity.objects.filter(code=code, desk_service_code="").update(desk_service_code=service_id)
