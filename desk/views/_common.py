"""Helpers shared by the desk's views: form building from a service, error messages, file responses."""

import copy
import datetime as dt

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.selectors import confirmed_company_list
from catalogue.forms import build_application_form, document_field_name
from catalogue.models import Service, ServiceField
from core.downloads import file_response
from core.jalali import format_date
from core.text import ltr_code
from desk import selectors, services, uploads
from desk.models import Document, ServiceRequest
from orgs.models import OrgUnit


def _prefill(service, user) -> dict:
    """What Miz already knows (D1): identity fields from the account, and this applicant's
    answers to fields of the same name in their latest earlier request."""
    companies = _confirmed_companies(user)
    # A company's national ID when it is the only one the applicant acts for.
    only_company = companies[0].national_id if len(companies) == 1 else ""
    known = {
        ServiceField.Kind.NATIONAL_CODE: user.national_code,
        ServiceField.Kind.MOBILE: user.mobile,
        ServiceField.Kind.LEGAL_ID: user.legal_national_id or only_company,
    }
    earlier: dict = {}
    for data in (
        ServiceRequest.objects.filter(applicant=user)
        .order_by("-submitted_at")
        .values_list("form_data", flat=True)[:5]
    ):
        for key, value in (data or {}).items():
            earlier.setdefault(key, value)
    initial = {}
    for item in service.fields.all():
        if item.name in earlier and earlier[item.name] not in (None, ""):
            value = earlier[item.name]
            if item.kind == ServiceField.Kind.JALALI_DATE:
                try:
                    value = dt.date.fromisoformat(value)
                except (TypeError, ValueError):
                    continue
            elif item.kind == ServiceField.Kind.YES_NO:
                value = "yes" if value else "no"
            initial[item.name] = value
        elif known.get(item.kind):
            initial[item.name] = known[item.kind]
    return initial


def _confirmed_companies(user) -> list:
    """The user's confirmed companies, read once per request (the form and its prefill ask)."""
    if "_miz_companies" not in user.__dict__:
        user.__dict__["_miz_companies"] = confirmed_company_list(user)
    return user.__dict__["_miz_companies"]


def _company_field(service, applicant):
    """Which company the applicant files for: offered when the service takes legal persons and
    they have a confirmed company; required when it takes only legal persons."""
    if applicant is None or not service.for_legal_persons:
        return None
    companies = _confirmed_companies(applicant)
    if not companies:
        return None
    choices = [(str(c.pk), f"{c.name} (شناسه ملی {ltr_code(c.national_id)})") for c in companies]
    legal_only = not service.for_natural_persons or getattr(applicant, "person_type", "") == "legal"
    if not legal_only:
        choices.insert(0, ("", "— از طرف خودم (شخص حقیقی) —"))
    # Radio buttons, not a list: a company's long name wraps instead of being cut off on a phone.
    return django_forms.ChoiceField(
        label="درخواست از طرف",
        choices=choices,
        required=legal_only,
        initial=choices[0][0],
        widget=django_forms.RadioSelect,
        help_text="شرکت‌هایی که عضویت شما در آن‌ها در «حساب من» تأیید شده است.",
    )


def _application_form_class(service, *, with_unit: bool, applicant=None):
    base = build_application_form(service, include_documents=True)
    attrs = {"idempotency_key": django_forms.CharField(widget=django_forms.HiddenInput, max_length=64)}
    company = _company_field(service, applicant)
    if company is not None:
        attrs["company"] = company
    units = services.units_for(service)
    if with_unit and len(units) > 1:
        attrs["unit"] = django_forms.ChoiceField(
            label="واحد رسیدگی‌کننده", choices=[(str(u.pk), u.name) for u in units]
        )
    order, either = [], []
    for name in base.base_fields:
        order.append(name)
        document = next((d for d in service.documents.all() if document_field_name(d) == name), None)
        earlier = services.earlier_documents(applicant, document) if document is not None else []
        if earlier:
            # D1: offer the files this applicant already sent for a document of the same title.
            file_field = copy.deepcopy(base.base_fields[name])
            file_field.required = False
            file_field.required_either = document.required  # the form's «*»: a file or an earlier one
            attrs[name] = file_field
            if document.required:
                either.append((name, f"reuse_{document.pk}", document.title))
            attrs[f"reuse_{document.pk}"] = django_forms.ChoiceField(
                label=f"یا همان «{document.title}» که پیش‌تر فرستاده‌اید",
                required=False,
                choices=[("", "— پرونده تازه بارگذاری می‌کنم —")]
                + [(str(d.pk), f"{d.original_name} ({format_date(d.uploaded_at)})") for d in earlier],
                initial=str(earlier[0].pk),
            )
            order.append(f"reuse_{document.pk}")
    attrs["field_order"] = (["company"] if company is not None else []) + order
    attrs["either_file_or_earlier"] = tuple(either)
    return type("DeskApplicationForm", (_FileOrEarlier, base), attrs)


class _FileOrEarlier:
    """A required document offered with the applicant's earlier files is answered by a new file or
    by one of those: when neither is given the form says so with its other errors, not only once
    they are mended (the filing's own check, `check_documents`, would say it after them)."""

    either_file_or_earlier: tuple[tuple[str, str, str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name, reuse, title in self.either_file_or_earlier:
            if not cleaned.get(name) and not cleaned.get(reuse) and name not in self.errors:
                message = f"مدرک «{title}» را بارگذاری کنید یا یکی از پرونده‌های پیشین را برگزینید."
                self.add_error(name, message)
        return cleaned


def _split_form(service, form) -> tuple[dict, dict, object]:
    data, files = {}, {}
    field_names = {item.name for item in service.fields.all()}
    for name, value in form.cleaned_data.items():
        if name in field_names:
            data[name] = value
    for document in service.documents.all():
        upload = form.cleaned_data.get(document_field_name(document))
        reuse = form.cleaned_data.get(f"reuse_{document.pk}")
        if upload:
            files[document.pk] = upload
        elif reuse:
            # Checked by the service: it must be one of this applicant's earlier files.
            files[document.pk] = Document.objects.filter(pk=reuse).first()
    unit = None
    if form.cleaned_data.get("unit"):
        unit = OrgUnit.objects.filter(pk=form.cleaned_data["unit"]).first()
    return data, files, unit


def _service_or_404(service_id: str, request) -> Service:
    """The published service, read once for this request (its body limit read it first), or 404."""
    service = selectors.published_service(service_id, request)
    if service is None:
        raise Http404("خدمت یافت نشد.")
    return service


def _file_response(document: Document):
    try:
        handle = uploads.open_stored(document.stored_name)
    except (FileNotFoundError, ValidationError) as exc:
        raise Http404("پرونده یافت نشد.") from exc
    return file_response(handle, name=document.original_name, content_type=document.content_type)


COUNTER_KEY = "miz_desk_counter_intake"
