"""The counters app's settings with their defaults, and how a review window's last day is found."""

import datetime as dt

from django.conf import settings

from core import calendar

CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"


def days_kind() -> str:
    """Whether the guide's periods ("روز") count calendar days (default) or working days."""
    return getattr(settings, "MIZ_COUNTERS_DAYS_KIND", CALENDAR_DAYS)


def period(name: str) -> int:
    defaults = {"review": 20, "correction": 5, "rereview": 10, "objection": 7}
    return int(getattr(settings, f"MIZ_COUNTERS_{name.upper()}_DAYS", defaults[name]))


def window_end(start: dt.date, days: int) -> dt.date:
    """The last day of a window of `days` days that opens the day after `start`."""
    if days_kind() == WORKING_DAYS:
        return calendar.add_working_days(start, days)
    return start + dt.timedelta(days=days)


def max_upload_bytes() -> int:
    return int(getattr(settings, "MIZ_COUNTERS_MAX_UPLOAD_BYTES", 2 * 1024 * 1024))


def max_visit_photo_bytes() -> int:
    """A photo from a phone's camera is larger than a scan: 5 MB by default."""
    return int(getattr(settings, "MIZ_COUNTERS_MAX_VISIT_PHOTO_BYTES", 5 * 1024 * 1024))


def max_visit_photos() -> int:
    return int(getattr(settings, "MIZ_COUNTERS_MAX_VISIT_PHOTOS", 10))


def tile_url() -> str:
    return getattr(settings, "MIZ_COUNTERS_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")


def tile_attribution() -> str:
    return getattr(settings, "MIZ_COUNTERS_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


def licence_system_url() -> str:
    return getattr(settings, "MIZ_COUNTERS_LICENCE_SYSTEM_URL", "")
