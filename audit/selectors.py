"""Who may read the audit trails, and the filtered rows of one trail."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Membership, Role
from audit.trails import TRAILS, Trail


def is_auditor(user) -> bool:
    """An organisation-wide auditor: an active auditor role with no unit. (A unit-scoped auditor
    reads their unit's requests on the desk; configuration and sign-ins are organisation-wide.)"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, role=Role.AUDITOR, is_active=True, org_unit__isnull=True
    ).exists()


def check_auditor(user) -> None:
    if not is_auditor(user):
        raise PermissionDenied("سوابق ممیزی فقط برای بازرس سازمان است.")


def trail_for(slug: str) -> Trail:
    try:
        return TRAILS[slug]
    except KeyError:
        raise Http404("چنین سابقه‌ای نیست.") from None


def trail_rows(user, trail: Trail, filters: dict) -> QuerySet:
    """The rows of `trail` that match `filters` (cleaned `TrailFilterForm` data), newest first."""
    check_auditor(user)
    return trail.filter(trail.base(), filters)
