"""Forms of the self-declaration wizard and of the region's review. Rules live in counters.services."""

from django import forms

from core.formfields import JalaliDateField, MobileField, NationalCodeField
from core.forms import MizForm, MizModelForm
from core.text import ltr_code, to_persian_digits
from counters import wizard
from counters.models import (
    BoardMember,
    Declaration,
    DeclarationDocument,
    Discipline,
    Facility,
    StaffMember,
    ViolationItem,
)
from counters.services import STEP_FIELDS
from orgs.models import CounterOffice

OPTIONAL = {"manager_email", "email", "registration_place", "representative_position", "contracts_count"}


class _StepForm(MizModelForm):
    step = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in OPTIONAL and name != "facilities":
                field.required = True


class ManagerForm(_StepForm):
    step = "manager"

    class Meta:
        model = Declaration
        fields = STEP_FIELDS["manager"]


class DetailsForm(_StepForm):
    step = "details"
    facilities = forms.ModelMultipleChoiceField(
        label="امکانات و تجهیزات دفتر",
        queryset=Facility.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Declaration
        fields = [*STEP_FIELDS["details"], "facilities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_type"].choices = [("", "— انتخاب کنید —"), *Declaration.PersonType.choices]
        self.fields["staff_count"].min_value = 1


class LegalForm(_StepForm):
    step = "legal"

    class Meta:
        model = Declaration
        fields = STEP_FIELDS["legal"]


class ContactForm(_StepForm):
    step = "contact"

    class Meta:
        model = Declaration
        fields = STEP_FIELDS["contact"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class LocationForm(_StepForm):
    step = "location"

    class Meta:
        model = Declaration
        fields = STEP_FIELDS["location"]
        widgets = {
            "latitude": forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("latitude", "longitude"):
            self.fields[name].normalize_digits = True
        self.fields["latitude"].help_text = "مانند ۳۵٫۶۸۹۲ (شمال استوا)"
        self.fields["longitude"].help_text = "مانند ۵۱٫۳۸۹۰ (شرق گرینویچ)"

    def clean(self):
        data = super().clean()
        for name in ("latitude", "longitude"):
            value = data.get(name)
            if value is not None:
                data[name] = round(value, 6)
        return data


STEP_FORMS = {f.step: f for f in (ManagerForm, DetailsForm, LegalForm, ContactForm, LocationForm)}


class DocumentForm(MizForm):
    kind = forms.ChoiceField(label="مدرک", choices=DeclarationDocument.Kind.choices)
    file = forms.FileField(
        label="فایل (JPEG یا PDF، حداکثر ۲ مگابایت، اسکن رنگی)",
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.pdf,image/jpeg,application/pdf"}),
    )


class BoardMemberForm(MizModelForm):
    class Meta:
        model = BoardMember
        fields = ["first_name", "last_name", "national_code", "position"]


class StaffForm(MizModelForm):
    birth_date = JalaliDateField(label="تاریخ تولد")

    class Meta:
        model = StaffMember
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "national_code",
            "mobile",
            "discipline",
            "is_disabled",
            "accepted_terms",
        ]
        help_texts = {
            "first_name": "نام باید حداقل ۳ و حداکثر ۳۰ حرف فارسی باشد.",
            "last_name": "نام خانوادگی باید حداقل ۳ و حداکثر ۳۰ حرف فارسی باشد.",
            "discipline": "فقط اگر این کارمند کارشناس آموزش‌دیده و تأیید صلاحیت‌شده سازمان است.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].queryset = Discipline.objects.all()
        self.fields["discipline"].empty_label = "— کارشناس صلاحیت‌دار نیست —"


class ViolationsForm(MizForm):
    """One yes/no answer per active violation item, with the ruling date and a note."""

    CHOICES = [("no", "خیر"), ("yes", "بله")]

    def __init__(self, *args, declaration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(ViolationItem.objects.filter(is_active=True))
        answers = {a.item_id: a for a in declaration.violation_answers.all()} if declaration else {}
        self.rows = []
        for item in self.items:
            answer = answers.get(item.pk)
            prefix = f"v{item.pk}"
            self.fields[f"{prefix}_committed"] = forms.ChoiceField(
                label=f"{to_persian_digits(item.number)}. {item.title}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=None if answer is None else ("yes" if answer.committed else "no"),
            )
            self.fields[f"{prefix}_ruling_date"] = JalaliDateField(
                label="تاریخ ابلاغ حکم کمیته کشوری",
                required=False,
                initial=answer.ruling_date if answer else None,
            )
            self.fields[f"{prefix}_description"] = forms.CharField(
                label="توضیحات", required=False, max_length=500, initial=answer.description if answer else ""
            )
            self.rows.append(
                (
                    item,
                    self[f"{prefix}_committed"],
                    self[f"{prefix}_ruling_date"],
                    self[f"{prefix}_description"],
                )
            )

    def answers(self) -> dict[int, dict]:
        result = {}
        for item in self.items:
            prefix = f"v{item.pk}"
            raw = self.cleaned_data.get(f"{prefix}_committed")
            result[item.pk] = {
                "committed": {"yes": True, "no": False}.get(raw),
                "ruling_date": self.cleaned_data.get(f"{prefix}_ruling_date"),
                "description": self.cleaned_data.get(f"{prefix}_description", ""),
            }
        return result


class ConfirmForm(MizForm):
    agree = forms.BooleanField(
        label="همه اطلاعات را بازبینی کرده‌ام و درستی آن را تأیید می‌کنم؛ می‌دانم پس از تأیید نهایی "
        "امکان ویرایش نیست.",
        required=False,
    )


class IdentityMismatchForm(MizForm):
    text = forms.CharField(
        label="کدام مشخصات نادرست است و درست آن چیست؟",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ObjectionForm(MizForm):
    text = forms.CharField(label="متن اعتراض", widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)


class ReturnForm(MizForm):
    """A note per section; the file goes back when at least one is written."""

    def __init__(self, *args, declaration=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = [s for s in wizard.SECTIONS if s[0] != "legal" or (declaration and declaration.is_legal)]
        for slug, title in sections:
            self.fields[f"note_{slug}"] = forms.CharField(
                label=title, required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
            )

    def notes(self) -> dict[str, str]:
        return {
            name.removeprefix("note_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("note_") and value
        }


class ApproveForm(MizForm):
    recipients_score = forms.DecimalField(
        label="امتیاز دریافت‌کنندگان خدمت (۰ تا ۱۰۰)",
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    association_score = forms.DecimalField(
        label="امتیاز انجمن صنفی (۰ تا ۱۰۰)", min_value=0, max_value=100, decimal_places=2
    )


class AnswerObjectionForm(MizForm):
    answer = forms.CharField(
        label="پاسخ به اعتراض", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    corrected_score = forms.DecimalField(
        label="امتیاز اصلاح‌شده (اگر امتیاز تغییر می‌کند)",
        required=False,
        min_value=0,
        decimal_places=2,
    )


# The licence registry (staff) -------------------------------------------------------------------


class LicenceCreateForm(MizForm):
    number = forms.CharField(label="شماره پروانه", max_length=30)
    national_code = NationalCodeField(label="کد ملی دارنده پروانه")
    mobile = MobileField(label="همراه دارنده", required=False, help_text="برای دارنده‌ای که حساب ندارد.")
    first_name = forms.CharField(label="نام دارنده", max_length=150, required=False)
    last_name = forms.CharField(label="نام خانوادگی دارنده", max_length=150, required=False)
    issued_on = JalaliDateField(label="تاریخ صدور")
    expires_on = JalaliDateField(label="تاریخ انقضا")


class LicenceRenewForm(MizForm):
    renewed_on = JalaliDateField(label="تاریخ تمدید")
    expires_on = JalaliDateField(label="انقضای تازه")
    reason = forms.CharField(
        label="شرح", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LicenceStatusForm(MizForm):
    effective_on = JalaliDateField(label="تاریخ اثر")
    reason = forms.CharField(label="علت", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class LicenceImportForm(MizForm):
    file = forms.FileField(label="پرونده پروانه‌ها (CSV یا Excel)")
    dry_run = forms.BooleanField(label="فقط بررسی؛ چیزی ثبت نشود", required=False, initial=True)


class CorrectionForm(MizForm):
    """The region's correction of one answer of the violations list by the committee's ruling."""

    CHOICES = [("yes", "مرتکب شده است"), ("no", "مرتکب نشده است")]

    item = forms.ModelChoiceField(label="ردیف تخلف", queryset=ViolationItem.objects.none())
    committed = forms.ChoiceField(label="حکم کمیته کشوری", choices=CHOICES)
    # Not required here: the service refuses a correction without a ruling date, in its own words.
    ruling_date = JalaliDateField(label="تاریخ حکم کمیته کشوری", required=False)
    ruling_number = forms.CharField(label="شماره حکم کمیته کشوری", max_length=50, required=False)
    reason = forms.CharField(
        label="شرح اصلاح", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, declaration=None, **kwargs):
        super().__init__(*args, prefix="correct", **kwargs)
        answers = declaration.violation_answers.select_related("item") if declaration else []
        self.fields["item"].queryset = ViolationItem.objects.filter(
            pk__in=[a.item_id for a in answers]
        ).order_by("number")
        declared = {a.item_id: a.committed for a in answers}
        self.fields["item"].label_from_instance = lambda item: (
            f"{to_persian_digits(item.number)}. {item.title} — پاسخ دفتر: "
            f"{'بله' if declared.get(item.pk) else 'خیر'}"
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "item": data["item"],
            "committed": data["committed"] == "yes",
            "ruling_date": data.get("ruling_date"),
            "ruling_number": data.get("ruling_number", ""),
            "reason": data.get("reason", ""),
        }


class PlanVisitForm(MizForm):
    office = forms.ModelChoiceField(
        label="دفتر",
        queryset=CounterOffice.objects.none(),
        error_messages={"invalid_choice": "این دفتر در منطقه شما نیست؛ بازدید آن با شما نیست."},
    )
    planned_on = JalaliDateField(label="تاریخ بازدید", required=False)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None:  # the offices of the expert's region (`selectors.visitable_offices`)
            self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda o: f"{o.name} ({ltr_code(o.code)}) — {o.province}"


class RecordVisitForm(MizForm):
    """What was found of what the file declares; every item starts ticked, the expert unticks what
    is missing. The photos come from the page's camera input (`photos`), checked by the service."""

    facilities = forms.MultipleChoiceField(
        label="امکانات و تجهیزات اعلام‌شده که در دفتر یافت شد",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = forms.MultipleChoiceField(
        label="کارکنان اعلام‌شده که در دفتر دیده شدند", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="شرح بازدید", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, declaration, **kwargs):
        facilities = [(str(f.pk), f.title) for f in declaration.facilities.order_by("pk")]
        staff = [(str(s.pk), str(s)) for s in declaration.staff.order_by("pk")]
        kwargs.setdefault(
            "initial", {"facilities": [c for c, _ in facilities], "staff": [c for c, _ in staff]}
        )
        super().__init__(*args, **kwargs)
        self.fields["facilities"].choices = facilities
        self.fields["staff"].choices = staff
