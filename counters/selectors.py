"""Reads of the counters app. Every lookup of a file by id goes through an `access_*` function that
returns it only to someone who may see it, and otherwise refuses with a Persian message."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Subquery

from accounts.models import Membership, Role
from core.prepared import Prepared
from core.text import ltr_code
from counters.models import Declaration, DelegationRule, StaffMember
from orgs.models import CounterOffice

APPROVED_STATES = (Declaration.State.APPROVED, Declaration.State.OBJECTED, Declaration.State.FINAL)


def holder_offices(user) -> QuerySet[CounterOffice]:
    """Offices whose licence holder this user is. The licence names the holder: a membership left
    over from a licence since transferred to someone else gives no access to the office's files."""
    ids = Membership.objects.filter(
        user=user, role=Role.LICENCE_HOLDER, is_active=True, counter_office__isnull=False
    ).values_list("counter_office_id", flat=True)
    offices = CounterOffice.objects.filter(pk__in=ids).filter(
        Q(licence__holder=user) | Q(licence__isnull=True)
    )
    return offices.select_related("province__region", "licence").order_by("code")


def office_for_holder(user, office_id: int) -> CounterOffice:
    office = holder_offices(user).filter(pk=office_id).first()
    if office is None:
        raise PermissionDenied("این دفتر از آنِ شما نیست.")
    licence = getattr(office, "licence", None)
    reason = licence.refusal_reason() if licence else "پروانه این دفتر ثبت نشده است."
    if reason:
        raise PermissionDenied(reason)
    return office


def access_declaration_for_holder(user, pk: int) -> Declaration:
    """The file, if it belongs to an office this user holds the licence of."""
    declaration = (
        Declaration.objects.select_related("office__province__region", "office__licence")
        .filter(pk=pk, office__in=holder_offices(user))
        .first()
    )
    if declaration is None:
        raise PermissionDenied("این پرونده از آنِ دفتر شما نیست و به آن دسترسی ندارید.")
    return declaration


def expert_region_ids(user) -> set[int]:
    return set(
        Membership.objects.filter(
            user=user, role=Role.REGION_EXPERT, is_active=True, region__isnull=False
        ).values_list("region_id", flat=True)
    )


def is_region_head(user, region_id: int | None) -> bool:
    return Membership.objects.filter(
        user=user, role=Role.REGION_EXPERT, is_active=True, region_id=region_id, is_head=True
    ).exists()


def is_own_office(user, declaration: Declaration) -> bool:
    """Whether the file is about an office `user` has a stake in: they hold its licence or work
    there (a membership of the office), or the file names them as its manager, representative,
    board member or staff by national code."""
    office = declaration.office
    if Membership.objects.filter(user=user, is_active=True, counter_office=office).exists():
        return True
    licence = getattr(office, "licence", None)
    if licence is not None and licence.holder_id == user.pk:
        return True
    code = user.national_code
    return bool(
        code
        and (
            code in (declaration.manager_national_code, declaration.representative_national_code)
            or declaration.board_members.filter(national_code=code).exists()
            or declaration.staff.filter(national_code=code).exists()
        )
    )


def review_refusal(user, declaration: Declaration) -> str:
    """Why `user` may not review this file (return, approve, answer an objection), or "": only an
    expert of the office's own region reviews it, and never one who has a stake in the office."""
    if declaration.office.province.region_id not in expert_region_ids(user):
        return "این پرونده در منطقه شما نیست و بررسی آن با شما نیست."
    if is_own_office(user, declaration):
        return (
            "این پرونده دفتری است که خودتان در آن سهم دارید یا کار می‌کنید؛ "
            "کارشناس دیگری از منطقه آن را بررسی می‌کند."
        )
    return ""


def access_declaration_for_expert(user, pk: int) -> Declaration:
    """The file, if its office lies in a region this user is an expert of (drafts are the office's)."""
    declaration = (
        Declaration.objects.select_related("office__province__region", "office__licence__holder")
        .filter(pk=pk)
        .first()
    )
    if declaration is None or declaration.office.province.region_id not in expert_region_ids(user):
        raise PermissionDenied("این پرونده در منطقه شما نیست و به آن دسترسی ندارید.")
    if declaration.state == Declaration.State.DRAFT:
        raise PermissionDenied("این پرونده هنوز از سوی دفتر تأیید نهایی نشده است.")
    return declaration


def workbench(user, *, state: str = "") -> QuerySet[Declaration]:
    """The region's files that need or had review, the nearest deadline first."""
    qs = (
        Declaration.objects.filter(office__province__region_id__in=expert_region_ids(user))
        .exclude(state=Declaration.State.DRAFT)
        .select_related("office__province__region")
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "office__code")


def latest_rank(office) -> Declaration | None:
    """The office's latest approved file (its score and rank), if any."""
    return (
        Declaration.objects.filter(office=office, state__in=APPROVED_STATES, rank__isnull=False)
        .order_by("-year")
        .first()
    )


def ranked_declarations() -> QuerySet[Declaration]:
    """Files with a score the region approved: what every ranking counts."""
    return Declaration.objects.filter(state__in=APPROVED_STATES)


def rankings(*, province_id: int | None = None, region_id: int | None = None, year: int | None = None):
    """Each office's latest approved score and rank (or of one year), best first."""
    qs = ranked_declarations().select_related("office__province__region", "office__licence__holder")
    if year:
        qs = qs.filter(year=year)
    if province_id:
        qs = qs.filter(office__province_id=province_id)
    if region_id:
        qs = qs.filter(office__province__region_id=region_id)
    latest: dict[int, Declaration] = {}
    for declaration in qs.order_by("office_id", "-year"):
        latest.setdefault(declaration.office_id, declaration)
    return sorted(latest.values(), key=lambda d: (-(d.final_score or 0), d.office.code))


def qualified_disciplines(declaration) -> set[int]:
    return set(
        StaffMember.objects.filter(declaration=declaration, discipline__isnull=False).values_list(
            "discipline_id", flat=True
        )
    )


def _delegated_rules(office_id: int) -> QuerySet[DelegationRule]:
    """The active rules delegating a service to this office (P2), in one query: the office's
    latest approved file (`latest_rank`) is a subquery of the rule's rank and disciplines, so an
    office without one matches no rule."""
    ranked = Declaration.objects.filter(office_id=office_id, state__in=APPROVED_STATES, rank__isnull=False)
    ranked = ranked.order_by("-year")
    disciplines = StaffMember.objects.filter(
        declaration=Subquery(ranked.values("pk")[:1]), discipline__isnull=False
    ).values("discipline_id")
    return DelegationRule.objects.filter(
        Q(discipline__isnull=True) | Q(discipline_id__in=disciplines),
        is_active=True,
        service__is_active=True,
        service__channel_counter=True,
        max_rank__gte=Subquery(ranked.values("rank")[:1]),
    )


def delegated_services(office) -> list[DelegationRule]:
    """The catalogue services this office may provide (P2): its rank is good enough, and a
    qualified expert of the discipline the service needs is on its approved staff."""
    rules = _delegated_rules(office.pk).select_related("service", "discipline")
    return list(rules.order_by("service__title"))


# Every filing at a counter office asks it (twice through the API): compiled once (decision 0127).
_DELEGATED = Prepared(
    lambda office_id, service_id: _delegated_rules(office_id).filter(service_id=service_id),
    DelegationRule,
    office_id=int,
    service_id=int,
)


def is_delegated(office, service) -> bool:
    """Whether `delegated_services(office)` holds this service, asked of the database in one
    query (what every filing at a counter office checks, twice through the API)."""
    return _DELEGATED.exists(office_id=office.pk, service_id=service.pk)


def withheld_services(office) -> list[tuple[DelegationRule, str]]:
    """Counter services this office may not provide yet, each with why (for the holder)."""
    from core.text import to_persian_digits

    declaration = latest_rank(office)
    disciplines = qualified_disciplines(declaration) if declaration else set()
    result = []
    rules = DelegationRule.objects.filter(
        is_active=True, service__is_active=True, service__channel_counter=True
    )
    for rule in rules.select_related("service", "discipline").order_by("service__title"):
        if declaration is None:
            result.append((rule, "دفتر هنوز رتبه تأییدشده ندارد."))
        elif declaration.rank > rule.max_rank:
            result.append((rule, f"رتبه {to_persian_digits(rule.max_rank)} یا بهتر لازم است."))
        elif rule.discipline_id and rule.discipline_id not in disciplines:
            result.append((rule, f"کارشناس صلاحیت‌دار {rule.discipline} در کارکنان دفتر نیست."))
    return result


def confirmed_violations(*, office_ids=None, region_ids=None, year: int | None = None):
    """Violations the region has confirmed: declared committed in a file it approved (P9)."""
    from counters.models import ViolationAnswer

    qs = ViolationAnswer.objects.filter(committed=True, declaration__state__in=APPROVED_STATES)
    if office_ids is not None:
        qs = qs.filter(declaration__office_id__in=office_ids)
    if region_ids is not None:
        qs = qs.filter(declaration__office__province__region_id__in=region_ids)
    if year:
        qs = qs.filter(declaration__year=year)
    return qs


def office_fines(office) -> list:
    """The office's fines per year, the latest first (for its holder and its region's experts)."""
    from counters.fines import yearly_fines

    rows = confirmed_violations(office_ids=[office.pk]).values_list("declaration__year", "item__fine_rials")
    return yearly_fines(rows)


def fines_register(*, region_ids=None, year: int | None = None) -> list[tuple[CounterOffice, object]]:
    """`(office, YearFines)` of every office with a confirmed violation, by year then office code;
    `region_ids` limits it to those regions (a region expert's view), None is every region."""
    from counters.fines import yearly_fines

    rows = confirmed_violations(region_ids=region_ids, year=year).values_list(
        "declaration__office_id", "declaration__year", "item__fine_rials"
    )
    by_office: dict[int, list[tuple[int, int]]] = {}
    for office_id, row_year, fine in rows:
        by_office.setdefault(office_id, []).append((row_year, fine))
    offices = CounterOffice.objects.select_related("province__region").in_bulk(list(by_office))
    register = [
        (offices[office_id], fines)
        for office_id, violations in by_office.items()
        for fines in yearly_fines(violations)
    ]
    return sorted(register, key=lambda row: (-row[1].year, row[0].code))


def identity_on_record(office) -> dict[str, str]:
    """The holder name and office code the holder confirms before a declaration (P8)."""
    licence = getattr(office, "licence", None)
    return {"holder_name": str(licence.holder) if licence else "", "office_code": office.code}


def open_identity_report(office):
    """The office's identity mismatch report the region has not settled yet, if any."""
    from counters.models import IdentityMismatch

    return IdentityMismatch.objects.filter(office=office, resolved_at__isnull=True).first()


def identity_reports(user):
    """Unsettled identity mismatch reports of the offices of this expert's regions, oldest first."""
    from counters.models import IdentityMismatch

    return IdentityMismatch.objects.filter(
        resolved_at__isnull=True, office__province__region_id__in=expert_region_ids(user)
    ).select_related("office__province", "reported_by")


def access_identity_report_for_expert(user, pk: int):
    """The report, if its office lies in a region this user is an expert of."""
    from counters.models import IdentityMismatch

    report = IdentityMismatch.objects.filter(
        pk=pk, office__province__region_id__in=expert_region_ids(user)
    ).first()
    if report is None:
        raise PermissionDenied("این گزارش در منطقه شما نیست و به آن دسترسی ندارید.")
    return report


# The licence registry (issue 19): the regulator's HQ acts on every office's licence, a region
# expert on the offices of their region's provinces; the auditor reads every one.
LICENCE_HQ_ROLES = (Role.HQ_PLANNER, Role.ADMINISTRATOR)
LICENCE_READ_ROLES = (*LICENCE_HQ_ROLES, Role.AUDITOR)


def licence_region_scope(user, *, write: bool = False) -> set[int] | None:
    """None (every region) for the regulator's HQ (and, to read, the auditor), else the regions
    this user is an expert of (empty: no access to the registry)."""
    from accounts.selectors import has_role

    roles = LICENCE_HQ_ROLES if write else LICENCE_READ_ROLES
    if user.is_superuser or any(has_role(user, role) for role in roles):
        return None
    return expert_region_ids(user)


def licence_refusal_for_staff(user, office, *, write: bool = True) -> str:
    """Why `user` may not act on (or, `write=False`, see) this office's licence, or ""."""
    scope = licence_region_scope(user, write=write)
    if scope is None:
        return ""
    if not scope:
        return "ثبت پروانه دفاتر پیشخوان برای کارشناسان منطقه و ستاد سازمان است."
    if office.province.region_id not in scope:
        region = office.province.region
        where = f"استان {office.province.name}" + (f" از {region.name}" if region else "")
        return f"دفتر {ltr_code(office.code)} در {where} است و در منطقه شما نیست."
    return ""


def licence_offices(user, *, query: str = "", status: str = "", expiring_days: int | None = None):
    """The offices of the registry this user may see, with their licences, by code: a search by
    code, name or holder, a licence status ("none": no licence on record) and licences that
    expire within `expiring_days`."""
    from django.utils import timezone

    from core.text import normalize_digits, normalize_text

    scope = licence_region_scope(user)
    offices = CounterOffice.objects.select_related("province__region", "licence__holder").order_by("code")
    if scope is not None:
        offices = offices.filter(province__region_id__in=scope)
    query = normalize_digits(normalize_text(query or "")).strip()
    if query:
        offices = offices.filter(
            Q(code__icontains=query)
            | Q(name__icontains=query)
            | Q(licence__number__icontains=query)
            | Q(licence__holder__national_code=query)
            | Q(licence__holder__last_name__icontains=query)
        )
    if status == "none":
        offices = offices.filter(licence__isnull=True)
    elif status:
        offices = offices.filter(licence__status=status)
    if expiring_days is not None:
        today = timezone.localdate()
        offices = offices.filter(
            licence__expires_on__gte=today,
            licence__expires_on__lte=today + dt.timedelta(days=expiring_days),
        )
    return offices


def access_office_for_licences(user, office_id: int) -> CounterOffice:
    """The office whose licence page `user` may see; a Persian refusal otherwise (404-alike: the
    same refusal whether it does not exist or is outside their region)."""
    office = (
        CounterOffice.objects.select_related("province__region", "licence__holder")
        .filter(pk=office_id)
        .first()
    )
    if office is None or licence_refusal_for_staff(user, office, write=False):
        raise PermissionDenied("این دفتر در منطقه شما نیست یا وجود ندارد.")
    return office


def corrected_items(declaration) -> dict[int, bool]:
    """Violation item id → the answer the region set by a committee ruling (its latest correction)."""
    from counters.models import ViolationCorrection

    rows = ViolationCorrection.objects.filter(declaration=declaration).order_by("corrected_at", "pk")
    return {row.item_id: row.committed for row in rows}


def visitable_offices(user) -> QuerySet[CounterOffice]:
    """The offices of this expert's regions with a file sent to the region (a visit checks one)."""
    with_files = Declaration.objects.exclude(state=Declaration.State.DRAFT).values("office_id")
    return (
        CounterOffice.objects.filter(province__region_id__in=expert_region_ids(user), pk__in=with_files)
        .select_related("province")
        .order_by("code")
    )


def expert_visits(user):
    """The visits of this expert's regions: planned ones by date first, then the recorded ones."""
    from counters.models import Visit

    return (
        Visit.objects.filter(office__province__region_id__in=expert_region_ids(user))
        .select_related("office__province", "declaration", "planned_by", "recorded_by")
        .order_by("state", "planned_on", "pk")
    )


def access_visit_for_expert(user, pk: int):
    """The visit, if its office lies in a region this user is an expert of."""
    visit = expert_visits(user).filter(pk=pk).first()
    if visit is None:
        raise PermissionDenied("این بازدید در منطقه شما نیست یا وجود ندارد.")
    return visit
