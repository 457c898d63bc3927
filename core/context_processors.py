"""What every page's shell needs: the organisation's name, today's Jalali date, the user's menu."""

from django.conf import settings
from django.utils import timezone

from core import jalali, nav

# The shell's own links (the brand, signing in and out, the API guide), by the name base.html reads.
SHELL_LINKS = {
    "home": "core:home",
    "login": "accounts:login",
    "signup": "accounts:signup",
    "logout": "accounts:logout",
    "api_guide": "api_guide",
}


def shell(request):
    user = getattr(request, "user", None)
    return {
        "miz_organisation_name": settings.MIZ_ORGANISATION_NAME,
        "miz_site_name": settings.MIZ_SITE_NAME,
        "miz_today": jalali.format_long(timezone.localdate()),
        "miz_links": {key: nav.address(name) for key, name in SHELL_LINKS.items()},
        # The menu's items that have an address here (an app's URLs may be left out of a URLconf).
        "miz_nav": [item for item in nav.items_for(user) if item.url] if user is not None else [],
    }
