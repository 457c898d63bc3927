"""The audit trails an auditor browses, one definition each: what it reads, how it is filtered,
and the cells of its table and export.

Every trail is filtered the same way (`Trail.filter`): a Jalali date range on its time column,
the actor (national code, or part of a name), an object type and an object id where the trail has
them, and an action. The pages and the exports (`audit.views`) take rows from here only, so what
an auditor sees on screen is what they download.
"""

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit import registry
from audit.models import SignInRecord
from core import jalali
from core.text import normalize_digits, normalize_identifier, normalize_text

SYSTEM = "سامانه"  # a change made by no signed-in person (a command, the task worker)
EMPTY = "—"


def person(user) -> str:
    if user is None:
        return SYSTEM
    return f"{user.get_full_name()} ({user.national_code})"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


class Trail:
    slug = ""
    title = ""
    description = ""
    headers: tuple[str, ...] = ()
    time_field = "at"
    actor_field = "actor"
    action_field = ""
    object_id_label = ""
    # The lookup the object-id filter compares with, and how the typed value is cleaned first.
    object_id_lookup = ""
    object_id_clean = staticmethod(normalize_identifier)
    object_type_label = ""
    has_changes = False

    def base(self) -> QuerySet:
        raise NotImplementedError

    def action_choices(self) -> list[tuple[str, str]]:
        return []

    def object_type_choices(self) -> list[tuple[str, str]]:
        return []

    def filter_object_type(self, qs: QuerySet, value: str) -> QuerySet:
        return qs

    def filter_object_id(self, qs: QuerySet, value: str) -> QuerySet:
        if not self.object_id_lookup:
            return qs
        return qs.filter(**{self.object_id_lookup: self.object_id_clean(value)})

    def filter_actor(self, qs: QuerySet, value: str) -> QuerySet:
        code = normalize_identifier(value)
        if code.isascii() and code.isdigit():
            return qs.filter(**{f"{self.actor_field}__national_code": code})
        words = normalize_text(value).split()
        for word in words:
            qs = qs.filter(
                Q(**{f"{self.actor_field}__first_name__icontains": word})
                | Q(**{f"{self.actor_field}__last_name__icontains": word})
            )
        return qs

    def filter(self, qs: QuerySet, data: dict) -> QuerySet:
        """`qs` narrowed by the cleaned data of `audit.forms.TrailFilterForm`."""
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            qs = qs.filter(**{f"{self.time_field}__gte": start})
        if data.get("date_to"):
            end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            qs = qs.filter(**{f"{self.time_field}__lt": end})
        if data.get("actor"):
            qs = self.filter_actor(qs, data["actor"])
        if data.get("object_type"):
            qs = self.filter_object_type(qs, data["object_type"])
        if data.get("object_id"):
            qs = self.filter_object_id(qs, data["object_id"].strip())
        if data.get("action") and self.action_field:
            qs = qs.filter(**{self.action_field: data["action"]})
        return qs

    def row(self, obj) -> list:
        """The cells of one row, in the order of `headers` (datetimes stay datetimes)."""
        raise NotImplementedError

    def changes(self, obj) -> list[Change]:
        return []


# --- configuration changes (django-auditlog) ------------------------------------------------------

ACTIONS = {
    LogEntry.Action.CREATE: "ایجاد",
    LogEntry.Action.UPDATE: "تغییر",
    LogEntry.Action.DELETE: "حذف",
    LogEntry.Action.ACCESS: "دیدن",
}


def _display(field, value) -> str:
    """A value as auditlog stored it (a string) in words: choices by label, dates in Jalali."""
    if value is None or value == "None":
        return EMPTY
    if isinstance(value, (list, tuple)):
        return "، ".join(_display(field, v) for v in value) or EMPTY
    text = str(value)
    if field is None:
        return text
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices:
        return str(choices.get(text, choices.get(_int_or_none(text), text)))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return {"True": "بله", "False": "خیر"}.get(text, text)
    if kind == "DateField":
        try:
            return jalali.format_date(dt.date.fromisoformat(text[:10]))
        except ValueError:
            return text
    if kind == "DateTimeField":
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=dt.UTC)  # auditlog keeps datetimes in UTC
        return jalali.format_datetime(moment)
    return text


def _int_or_none(text: str):
    try:
        return int(text)
    except ValueError:
        return None


def entry_changes(entry: LogEntry) -> list[Change]:
    """The fields an entry changed, each with its Persian label, before and after."""
    model = entry.content_type.model_class()
    result = []
    for name, values in (entry.changes_dict or {}).items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(getattr(field, "verbose_name", name))
        if isinstance(values, dict):  # a many-to-many change: {"type": "m2m", "operation", "objects"}
            objects = "، ".join(str(o) for o in values.get("objects", []))
            operation = {"add": "افزوده شد", "delete": "برداشته شد"}.get(values.get("operation"), "")
            before, after = (EMPTY, objects) if values.get("operation") == "add" else (objects, EMPTY)
            result.append(Change(f"{label} ({operation})" if operation else label, before, after))
            continue
        before, after = [*values, None, None][:2]
        result.append(Change(label, _display(field, before), _display(field, after)))
    return result


class ConfigurationTrail(Trail):
    slug = "configuration"
    title = "تغییرات پیکربندی"
    description = (
        "خدمات و توافقنامه‌ها، تعطیلات، امتیازدهی و پروانه دفاتر، ساختار سازمانی، کاربران و نقش‌ها: "
        "چه کسی، کی، از کجا، پیش و پس از تغییر."
    )
    headers = ("زمان", "کاربر", "نشانی IP", "عملیات", "نوع", "شناسه", "موضوع")
    time_field = "timestamp"
    action_field = "action"
    object_type_label = "نوع موضوع"
    object_id_label = "شناسه موضوع"
    object_id_lookup = "object_pk"
    has_changes = True

    def _content_types(self) -> dict[str, ContentType]:
        models = registry.watched_models()
        types = ContentType.objects.get_for_models(*models)
        return {str(types[m].pk): types[m] for m in models}

    def base(self) -> QuerySet:
        return (
            LogEntry.objects.filter(content_type__in=list(self._content_types().values()))
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")
        )

    def action_choices(self):
        return [(str(k), v) for k, v in ACTIONS.items() if k != LogEntry.Action.ACCESS]

    def object_type_choices(self):
        types = self._content_types().items()
        choices = [(pk, str(ct.model_class()._meta.verbose_name_plural)) for pk, ct in types]
        return sorted(choices, key=lambda c: c[1])

    def filter_object_type(self, qs, value):
        return qs.filter(content_type_id=value)

    def row(self, entry):
        model = entry.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else entry.content_type.model
        return [
            entry.timestamp,
            person(entry.actor),
            entry.remote_addr or EMPTY,
            ACTIONS.get(entry.action, str(entry.action)),
            kind,
            entry.object_pk,
            entry.object_repr,
        ]

    def changes(self, entry):
        return entry_changes(entry)


# --- sign-ins -------------------------------------------------------------------------------------


class SignInTrail(Trail):
    slug = "sign-ins"
    title = "ورود و خروج کاربران"
    description = "ورودهای موفق و ناموفق و خروج‌ها، با نشانی IP و مرورگر."
    headers = ("زمان", "کاربر", "کد ملی واردشده", "نتیجه", "روش", "نشانی IP", "مرورگر", "علت")
    actor_field = "user"
    action_field = "outcome"
    object_id_label = "کد ملی واردشده"
    object_id_lookup = "national_code"

    def base(self):
        return SignInRecord.objects.select_related("user").order_by("-at", "-pk")

    def action_choices(self):
        return list(SignInRecord.Outcome.choices)

    def row(self, record):
        return [
            record.at,
            person(record.user) if record.user else EMPTY,
            record.national_code or EMPTY,
            record.get_outcome_display(),
            record.get_method_display(),
            record.ip or EMPTY,
            record.user_agent or EMPTY,
            record.reason or EMPTY,
        ]


# --- the desk's request events --------------------------------------------------------------------


class DeskTrail(Trail):
    slug = "desk"
    title = "رویدادهای درخواست‌ها (میز خدمت)"
    description = "هر گام هر درخواست: تغییر وضعیت، ارجاع، پیام، مدرک، پاسخ و دریافت آن."
    headers = ("زمان", "کاربر", "نقش", "نشانی IP", "کد رهگیری", "نوع", "عملیات", "از وضعیت", "به وضعیت")
    action_field = "kind"
    object_id_label = "کد رهگیری"
    object_id_lookup = "request__tracking_code"

    def base(self):
        from desk.models import RequestEvent

        return RequestEvent.objects.select_related("request", "actor").order_by("-at", "-pk")

    def action_choices(self):
        from desk.models import RequestEvent

        return list(RequestEvent.Kind.choices)

    def row(self, event):
        from accounts.models import Role
        from desk.workflow import TRANSITIONS

        transition = TRANSITIONS.get(event.name)
        roles = dict(Role.choices)
        return [
            event.at,
            person(event.actor),
            roles.get(event.actor_role, event.actor_role) or EMPTY,
            event.ip or EMPTY,
            event.request.tracking_display,
            event.get_kind_display(),
            transition.label if transition else event.name,
            event.get_from_state_display() or EMPTY,
            event.get_to_state_display() or EMPTY,
        ]


# --- counter offices: the review log of self-declaration files ------------------------------------


class CountersTrail(Trail):
    slug = "counters"
    title = "رویدادهای پرونده دفاتر پیشخوان"
    description = "ایجاد، ارسال، عودت، تأیید، اعتراض و قطعی‌شدن پرونده‌های خوداظهاری دفاتر."
    headers = ("زمان", "کاربر", "نشانی IP", "دفتر", "سال", "رویداد", "از وضعیت", "به وضعیت", "شرح")
    action_field = "action"
    object_id_label = "کد دفتر"
    object_id_lookup = "declaration__office__code"
    object_id_clean = staticmethod(normalize_digits)

    def base(self):
        from counters.models import DeclarationEvent

        return DeclarationEvent.objects.select_related("declaration__office", "actor").order_by("-at", "-pk")

    def action_choices(self):
        from counters.services import ACTION_LABELS

        return list(ACTION_LABELS.items())

    def row(self, event):
        from counters.models import Declaration
        from counters.services import ACTION_LABELS

        states = dict(Declaration.State.choices)
        return [
            event.at,
            person(event.actor),
            event.ip or EMPTY,
            str(event.declaration.office),
            event.declaration.year,
            ACTION_LABELS.get(event.action, event.action),
            states.get(event.from_state, event.from_state) or EMPTY,
            states.get(event.to_state, event.to_state) or EMPTY,
            event.note or EMPTY,
        ]


class LicenceTrail(Trail):
    slug = "counters-licences"
    title = "رویدادهای پروانه دفاتر پیشخوان"
    description = "ثبت، تمدید، تعلیق، رفع تعلیق، لغو و ورود پروانه‌ها از سامانه صدور پروانه."
    headers = ("زمان", "کاربر", "نشانی IP", "دفتر", "رویداد", "از وضعیت", "به وضعیت", "تاریخ اثر", "علت")
    action_field = "action"
    object_id_label = "کد دفتر"
    object_id_lookup = "office__code"
    object_id_clean = staticmethod(normalize_digits)

    def base(self):
        from counters.models import LicenceEvent

        return LicenceEvent.objects.select_related("office", "actor").order_by("-at", "-pk")

    def action_choices(self):
        from counters.services.licences import LICENCE_ACTIONS

        return list(LICENCE_ACTIONS.items())

    def row(self, event):
        from counters.services.licences import LICENCE_ACTIONS

        return [
            event.at,
            person(event.actor),
            event.ip or EMPTY,
            str(event.office),
            LICENCE_ACTIONS.get(event.action, event.action),
            event.get_from_status_display() or EMPTY,
            event.get_to_status_display() or EMPTY,
            jalali.format_date(event.effective_on) if event.effective_on else EMPTY,
            event.reason or EMPTY,
        ]


# --- performance: approvals and value changes ----------------------------------------------------


class SubmissionTrail(Trail):
    slug = "performance-submissions"
    title = "سابقه ارسال و تأیید داده‌های عملکرد"
    description = "ارسال داده هر واحد برای هر دوره، تأیید استان و ستاد، بازگرداندن و قفل."
    headers = ("زمان", "کاربر", "واحد", "دوره", "از وضعیت", "به وضعیت", "توضیح")
    action_field = "to_state"
    object_id_label = "کد واحد"
    object_id_lookup = "submission__org_unit__code"
    object_id_clean = staticmethod(normalize_digits)

    def base(self):
        from performance.models import SubmissionEvent

        return SubmissionEvent.objects.select_related(
            "submission__org_unit", "submission__period", "actor"
        ).order_by("-at", "-pk")

    def action_choices(self):
        from performance.models import Submission

        return [(value, f"به «{label}»") for value, label in Submission.State.choices]

    def row(self, event):
        from performance.models import Submission

        states = dict(Submission.State.choices)
        return [
            event.at,
            person(event.actor),
            str(event.submission.org_unit),
            str(event.submission.period),
            states.get(event.from_state, event.from_state),
            states.get(event.to_state, event.to_state),
            event.note or EMPTY,
        ]


# Where a data value's change came from (performance.services / entry / upload / importer / providers).
VALUE_SOURCES = {
    "entry": "ورود دستی",
    "excel": "بارگذاری اکسل",
    "import": "درون‌ریزی گزارش",
    "desk": "میز خدمت (پاسخ‌های تأییدشده)",
}


class DataValueTrail(Trail):
    slug = "performance-values"
    title = "سابقه تغییر مقادیر عملکرد"
    description = "هر تغییر هر مقدار برنامه یا عملکرد: مقدار پیشین و تازه، منبع و توضیح."
    headers = ("زمان", "کاربر", "کلید", "مقدار پیشین", "مقدار تازه", "منبع", "توضیح")
    time_field = "changed_at"
    actor_field = "changed_by"
    action_field = "source"
    object_id_label = "کلید (بخشی از آن)"
    object_id_lookup = "key__icontains"
    object_id_clean = staticmethod(str.strip)

    def base(self):
        from performance.models import DataValueAudit

        return DataValueAudit.objects.select_related("changed_by").order_by("-changed_at", "-pk")

    def action_choices(self):
        return list(VALUE_SOURCES.items())

    def row(self, audit):
        return [
            audit.changed_at,
            person(audit.changed_by),
            audit.key,
            audit.old_value if audit.old_value is not None else EMPTY,
            audit.new_value if audit.new_value is not None else EMPTY,
            VALUE_SOURCES.get(audit.source, audit.source),
            audit.reason or EMPTY,
        ]


TRAILS: dict[str, Trail] = {
    trail.slug: trail
    for trail in (
        ConfigurationTrail(),
        SignInTrail(),
        DeskTrail(),
        CountersTrail(),
        LicenceTrail(),
        SubmissionTrail(),
        DataValueTrail(),
    )
}
