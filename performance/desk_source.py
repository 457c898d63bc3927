"""The service desk as a source of actuals: requests of a service answered with an approval
(a licence or certificate issued) by a unit within a period."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from orgs.models import OrgUnit


def completed_requests(service_code: str, unit: OrgUnit, first_day: dt.date, last_day: dt.date) -> Decimal:
    from desk.models import Decision, Response

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    count = Response.objects.filter(
        request__service__service_id=service_code,
        request__unit=unit,
        decision=Decision.APPROVED,
        issued_at__gte=start,
        issued_at__lt=end,
    ).count()
    return Decimal(count)
