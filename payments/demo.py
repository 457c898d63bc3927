"""Demo data of payments: two paid services collected online through the sandbox gateway — the
hallmark test (a fixed fee paid to the treasury with a deposit ID) and the fuel-nozzle test (a
fee per nozzle from the application form)."""

from catalogue.models import Service
from payments.models import FeeRule

RULES = [
    ("10031900023", {"kind": FeeRule.Kind.FIXED, "amount_rials": 500_000, "deposit_id": "336051234500123"}),
    (
        "10031900025",
        {
            "kind": FeeRule.Kind.PER_UNIT,
            "amount_rials": 800_000,
            "unit_field": "nozzle_count",
            "unit_label": "نازل",
        },
    ),
]


def seed(*, stdout, debug: bool) -> None:
    made = 0
    for service_id, values in RULES:
        service = Service.objects.filter(service_id=service_id).first()
        if service is None:
            stdout.write(f"payments: service {service_id} missing; run the catalogue demo first")
            continue
        _rule, created = FeeRule.objects.get_or_create(service=service, defaults=values)
        made += created
    stdout.write(f"payments: {made} fee rules created")
