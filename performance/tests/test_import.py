"""`import_performance`: the 1400 report becomes data values, idempotently, with audit rows."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from performance.demo import REPORT
from performance.models import Activity, DataValue, DataValueAudit, PrintedFigure

pytestmark = pytest.mark.django_db


def value(code, province, measure, breakdown="total"):
    return DataValue.objects.get(
        activity__code=code, org_unit__province__name=province, measure=measure, breakdown__code=breakdown
    ).value


def test_import_loads_provinces_and_hq_and_is_idempotent(imported, report_data):
    from performance.importer import import_report

    values, audits, printed = (
        DataValue.objects.count(),
        DataValueAudit.objects.count(),
        PrintedFigure.objects.count(),
    )
    assert values == imported["values"] > 6000
    assert audits == values
    assert Activity.objects.filter(scope="provinces").count() >= 50
    assert Activity.objects.filter(scope="hq").count() >= 350
    again = import_report(report_data)
    assert again["values_created"] == again["values_changed"] == 0
    assert (DataValue.objects.count(), DataValueAudit.objects.count(), PrintedFigure.objects.count()) == (
        values,
        audits,
        printed,
    )


def test_figures_land_on_the_canonical_province(imported):
    assert value("P009", "تهران", "plan") == 70
    assert value("P009", "تهران", "actual") == 199
    assert value("P009", "کهگیلویه و بویراحمد", "actual") == 6  # printed «بویراحمند»
    assert value("P027", "هرمزگان", "actual") > 0  # printed «مرمغان»
    assert value("P029", "تهران", "actual", "b01") == 2062  # food and agriculture


def test_hq_values_and_rows_the_conversion_left_short(imported):
    office = DataValue.objects.filter(activity__code="HQ-STD-DEV-02", org_unit__code="HQ-STD-DEV")
    assert {v.measure: v.value for v in office} == {"plan": Decimal(800), "actual": Decimal(1991)}
    # «استان 430 153», «پژوهشگاه 100 121», «ستاد 70 100»: the actual is missing from each printed
    # row; the figures stay as printed, and the research institute's and HQ's rows become values
    # because the seed determines them (summary lines 106–107); the provinces' row is a total
    unread = PrintedFigure.objects.filter(activity__code="HQ-STD-DEV-01", kind="unread")
    assert sorted(unread.values_list("text", flat=True)) == ["100", "100", "121", "153", "430", "70"]
    stored = DataValue.objects.filter(activity__code="HQ-STD-DEV-01")
    assert sorted((v.org_unit.code, v.measure, v.value) for v in stored) == [
        ("HQ-STD-DEV", "actual", 70),
        ("HQ-STD-DEV", "plan", 70),
        ("RESEARCH", "actual", 121),
        ("RESEARCH", "plan", 100),
    ]


def test_the_command_reports_what_it_did(db, capsys):
    call_command("import_performance", str(REPORT))
    call_command("import_performance", str(REPORT))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("import_performance")]
    assert "values_created=0" in lines[-1]
    assert "findings" in out.splitlines()[-1]


def test_a_corrected_file_removes_the_values_it_no_longer_holds(imported, report_data):
    """Re-importing a corrected extraction over an older one (issue #6: a row broken over two
    lines became one activity, so the food office's last code went away; a figure read in the
    wrong column) leaves no stale value behind; what a person entered stays."""
    import copy

    from performance.importer import import_report

    data = copy.deepcopy(report_data)
    data["activities"] = [a for a in data["activities"] if a["code"] != "HQ-SUP-FOOD-41"]
    for table in data["tables"]:
        for row in table["rows"]:
            if row.get("activity") == "HQ-SUP-FOOD-41":
                del row["activity"]
            if row.get("activity") == "HQ-NACI-03":
                row["values"][1] = {"printed": "", "value": None}
    DataValue.objects.filter(activity__code="HQ-SUP-FOOD-41", measure="plan").update(source="entry")
    audits = DataValueAudit.objects.count()
    stats = import_report(data)
    assert (stats["values_removed"], stats["activities_retired"]) == (2, 1)
    assert not Activity.objects.get(code="HQ-SUP-FOOD-41").is_active
    kept = DataValue.objects.filter(activity__code="HQ-SUP-FOOD-41")
    assert [(v.measure, v.value) for v in kept] == [("plan", Decimal(50))]
    naci = DataValue.objects.filter(activity__code="HQ-NACI-03", org_unit__code="HQ-NACI")
    assert {v.measure: v.value for v in naci} == {"plan": Decimal(35)}
    removed = DataValueAudit.objects.order_by("pk")[audits:]
    assert sorted((a.key.split("|")[0], a.old_value, a.new_value) for a in removed) == [
        ("HQ-NACI-03", Decimal(119), None),
        ("HQ-SUP-FOOD-41", Decimal(8), None),
    ]
