"""What every page's shell needs: the organisation's name, today's Jalali date, the user's menu."""

from django.conf import settings
from django.utils import timezone

from core import jalali, nav


def shell(request):
    user = getattr(request, "user", None)
    return {
        "miz_organisation_name": settings.MIZ_ORGANISATION_NAME,
        "miz_site_name": settings.MIZ_SITE_NAME,
        "miz_today": jalali.format_long(timezone.localdate()),
        "miz_nav": nav.items_for(user) if user is not None else [],
    }
