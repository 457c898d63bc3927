"""Province-specific indicators (issue 20 item 6): seed 004's appendix 1 lists the sub-programmes
every province counts for the standard-culture axis; each becomes an activity of the provinces
that is `part_of` the province table it details (P065). The appendix prints no figure per
indicator (only the form's total, P065's plan total), so they start without values: provinces
enter them like any activity, and their province page lists them (`selectors.province_indicators`).
"""

from performance.models import Activity
from performance.services import total_breakdown


def load_appendix(appendix: dict | None) -> int:
    """Create or update the appendix's indicators; how many there are."""
    if not appendix:
        return 0
    parent = Activity.objects.get(code=appendix["parent"])
    n = 0
    for programme in appendix["programmes"]:
        where = f"پیوست ۱، برنامه {programme['number']}: {programme['title']}"
        for item in programme["items"]:
            activity, _ = Activity.objects.update_or_create(
                code=item["code"],
                defaults={
                    "title": item["title"],
                    "area": parent.area,
                    "unit_of_measure": "تعداد",
                    "scope": Activity.Scope.PROVINCES,
                    "order": parent.order,
                    "source": f"{where} (سطر {item['line']})"[:200],
                    "part_of": parent,
                },
            )
            total_breakdown(activity)
            n += 1
    return n
