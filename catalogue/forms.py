"""Forms built from catalogue data: a service's application form, and the public search form."""

import os

from django import forms
from django.core.exceptions import ValidationError

from catalogue.models import Area, RequiredDocument, Service, ServiceField
from core import formfields
from core.forms import MizForm
from core.text import to_persian_digits

YES_NO_CHOICES = [("yes", "بله"), ("no", "خیر")]


def _yes_no(value: str) -> bool:
    return value == "yes"


def form_field_for(item: ServiceField) -> forms.Field:
    """The Django form field for one ServiceField row."""
    common = {"label": item.label, "required": item.required, "help_text": item.help_text}
    kind = ServiceField.Kind
    if item.kind == kind.TEXT:
        return forms.CharField(max_length=500, **common)
    if item.kind == kind.LONG_TEXT:
        return forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    # Quantities asked of an applicant are never negative. Both are typed as text in any digits
    # (core.forms: PersianNumberInput and digit normalisation); a count refuses a fraction.
    if item.kind == kind.NUMBER:
        return forms.DecimalField(max_digits=20, decimal_places=4, min_value=0, **common)
    if item.kind == kind.INTEGER:
        return forms.IntegerField(min_value=0, max_value=10**15, **common)
    if item.kind == kind.JALALI_DATE:
        return formfields.JalaliDateField(**common)
    if item.kind == kind.CHOICE:
        choices = [("", "— انتخاب کنید —")] + [(c, c) for c in item.choice_list]
        return forms.ChoiceField(choices=choices, **common)
    if item.kind == kind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO_CHOICES, coerce=_yes_no, widget=forms.RadioSelect, empty_value=None, **common
        )
    if item.kind == kind.NATIONAL_CODE:
        return formfields.NationalCodeField(**common)
    if item.kind == kind.LEGAL_ID:
        return formfields.LegalIdField(**common)
    if item.kind == kind.MOBILE:
        return formfields.MobileField(**common)
    raise ValueError(f"Unknown service field kind: {item.kind}")


class DocumentFileField(forms.FileField):
    """An upload checked against one RequiredDocument's formats and maximum size."""

    def __init__(self, document: RequiredDocument, **kwargs):
        self.document = document
        kwargs.setdefault("label", document.title)
        kwargs.setdefault("required", document.required)
        kwargs.setdefault(
            "help_text",
            f"قالب: {document.format_labels}؛ حداکثر {document.max_size_display}"
            + (f" — {document.description}" if document.description else ""),
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(document.extensions + document.mime_types)

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        ext = os.path.splitext(value.name or "")[1].lower()
        if ext not in self.document.extensions:
            raise ValidationError(
                f"قالب پرونده «{self.document.title}» باید {self.document.format_labels} باشد.",
                code="document_format",
            )
        if value.size > self.document.max_size_bytes:
            raise ValidationError(
                f"حجم پرونده «{self.document.title}» بیش از {self.document.max_size_display} است "
                f"({to_persian_digits(value.size)} بایت).",
                code="document_size",
            )


def document_field_name(document: RequiredDocument) -> str:
    return f"document_{document.pk}"


def build_application_form(service: Service, *, include_documents: bool = False) -> type[MizForm]:
    """A MizForm class with one field per ServiceField of the service, in order.

    Field names are the ServiceFields' `name`s. With `include_documents`, one file field per
    RequiredDocument is added as `document_<pk>` (see `document_field_name`), checking the
    document's formats and maximum size. Nothing here is specific to any one service.
    """
    attrs: dict[str, object] = {}
    for item in service.fields.all():
        attrs[item.name] = form_field_for(item)
    if include_documents:
        for document in service.documents.all():
            attrs[document_field_name(document)] = DocumentFileField(document)
    attrs["catalogue_service"] = service
    return type(f"ApplicationForm_{service.service_id}", (MizForm,), attrs)


class CatalogueSearchForm(MizForm):
    q = forms.CharField(label="جست‌وجو", required=False, max_length=200)
    area = forms.ChoiceField(label="حوزه", required=False, choices=[("", "همه حوزه‌ها"), *Area.choices])
