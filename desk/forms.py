"""Desk forms: all `MizForm`s, so Persian/Arabic letters and digits are normalised first."""

from django import forms
from django.core.exceptions import ValidationError

from core import formfields
from core.forms import MizForm
from core.text import ltr_code, normalize_digits, to_persian_digits
from core.validators import clean_mobile, clean_national_code
from core.widgets import TypedNumberInput
from desk import tracking
from desk.models import FEEDBACK_REASONS


class TrackingCodeField(forms.CharField):
    """A tracking code typed with any digits, spaces or dashes; its check digit verified."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "کد رهگیری")
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return tracking.clean(value) if value else value


class TrackForm(MizForm):
    code = TrackingCodeField(help_text=f"۱۳ رقم، مانند {ltr_code('05-12345-67890-3')}")
    identifier = forms.CharField(
        label="کد ملی یا شماره همراه متقاضی",
        max_length=20,
        help_text="کد ملی ۱۰ رقمی یا شماره همراه.",
        widget=TypedNumberInput({"inputmode": "tel"}),  # a mobile may start with +98
    )
    identifier.normalize_digits = True

    def clean_identifier(self):
        value = normalize_digits(self.cleaned_data["identifier"]).strip()
        try:
            return ("national_code", clean_national_code(value))
        except ValidationError:
            pass
        try:
            return ("mobile", clean_mobile(value))
        except ValidationError:
            raise ValidationError("کد ملی یا شماره همراه معتبر وارد کنید.", code="identifier") from None


class MessageForm(MizForm):
    body = forms.CharField(label="متن پیام", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    attachment = forms.FileField(
        label="پیوست (اختیاری)", required=False, help_text="PDF، JPEG یا PNG؛ حداکثر ۵ مگابایت."
    )


class NoteForm(MizForm):
    body = forms.CharField(label="یادداشت داخلی", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class TransitionForm(MizForm):
    note = forms.CharField(
        label="توضیح", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    # The step the page showed: a second submit of «advance» finds the request past it (once).
    at_step = forms.IntegerField(required=False, min_value=0, max_value=32767, widget=forms.HiddenInput)


class ExternalAnswerForm(MizForm):
    """The answer of the external party running the current step, with its document."""

    document = forms.FileField(label="مدرک پاسخ", help_text="PDF، JPEG یا PNG؛ حداکثر ۵ مگابایت.")
    note = forms.CharField(
        label="خلاصه پاسخ (اختیاری)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    at_step = forms.IntegerField(required=False, min_value=0, max_value=32767, widget=forms.HiddenInput)


class ResponseForm(MizForm):
    text = forms.CharField(label="متن پاسخ", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    upload = forms.FileField(
        label="پرونده پاسخ (اختیاری)",
        required=False,
        help_text="اگر پرونده PDF بارگذاری نکنید، نامه یا گواهی با کد QR ساخته می‌شود.",
    )


class AppointmentForm(MizForm):
    day = formfields.JalaliDateField(label="روز")
    time = formfields.TimeOfDayField(label="ساعت")
    place = forms.ChoiceField(label="محل حضور")
    reason = forms.CharField(label="دلیل حضور", max_length=500)
    documents_to_bring = forms.CharField(
        label="مدارک همراه", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = list(places)


class AppointmentAnswerForm(MizForm):
    note = forms.CharField(label="زمان پیشنهادی شما", required=False, max_length=500)


class FeedbackForm(MizForm):
    score = forms.TypedChoiceField(
        label="امتیاز شما به این خدمت",
        choices=[(str(i), to_persian_digits(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reasons = forms.MultipleChoiceField(
        label="چه چیزی در امتیاز شما اثر داشت؟",
        choices=FEEDBACK_REASONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label="توضیح (اختیاری)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(MizForm):
    # Shown beside its button without a <label> (queue, request page): named for screen readers.
    expert = forms.ChoiceField(
        label="ارجاع به کارشناس", widget=forms.Select(attrs={"aria-label": "ارجاع به کارشناس"})
    )

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "— کارشناس —")] + [
            (str(u.pk), u.get_full_name()) for u in experts
        ]


class QueueFilterForm(MizForm):
    state = forms.ChoiceField(label="وضعیت", required=False)
    service = forms.ChoiceField(label="خدمت", required=False)
    channel = forms.ChoiceField(label="مجرا", required=False)
    due = forms.ChoiceField(
        label="موعد",
        required=False,
        choices=[("", "همه"), ("overdue", "گذشته از موعد"), ("soon", "نزدیک به موعد")],
    )
    mine = forms.BooleanField(label="فقط ارجاع‌شده به من", required=False)
    # Set by the links of the managers' report (reports.views), not shown as inputs.
    unit = forms.CharField(label="واحد", required=False, max_length=30, widget=forms.HiddenInput)
    office = forms.CharField(label="دفتر پیشخوان", required=False, max_length=30, widget=forms.HiddenInput)
    since = formfields.JalaliDateField(label="پذیرش از", required=False, widget=forms.HiddenInput)
    until = formfields.JalaliDateField(label="پذیرش تا", required=False, widget=forms.HiddenInput)
    # The requests answered or withdrawn between two days (the report's figures counted on the day
    # of the decision): every state of that outcome, whatever `state` says.
    decided = forms.ChoiceField(
        label="سرانجام",
        required=False,
        choices=[("", ""), ("answered", "پاسخ‌داده"), ("withdrawn", "انصراف")],
        widget=forms.HiddenInput,
    )
    decided_since = formfields.JalaliDateField(label="تصمیم از", required=False, widget=forms.HiddenInput)
    decided_until = formfields.JalaliDateField(label="تصمیم تا", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, services=(), **kwargs):
        from catalogue.models import Channel
        from desk.models import State

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "همه"), *State.choices]
        self.fields["service"].choices = [("", "همه")] + [(str(s.pk), s.title) for s in services]
        self.fields["channel"].choices = [("", "همه"), *Channel.choices]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "این گزینه شناخته نیست؛ این پالایه برداشته شد."
        self.fields["service"].error_messages["invalid_choice"] = (
            "واحد شما درخواستی از این خدمت ندارد؛ پالایه خدمت برداشته شد و همه خدمت‌ها آمده است."
        )

    def dropped(self) -> list[str]:
        """A sentence for each filter whose value was refused (a service the user's units never
        handle, an unknown state): the queue leaves it out and applies the others."""
        if not self.is_bound:
            return []
        return [f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()]


class OfferedChoiceField(forms.ChoiceField):
    """A select that offers `choices` but accepts any of `accepted`: a value it no longer offers
    (a form left open while a delegation ended) reaches the service, which says why it refuses."""

    def __init__(self, *, accepted=(), **kwargs):
        super().__init__(**kwargs)
        self.accepted = set(accepted)

    def valid_value(self, value) -> bool:
        return value in self.accepted or super().valid_value(value)


class AlertPreferenceForm(MizForm):
    channels = forms.ChoiceField(
        label="اعلان درخواست تازه، پیام متقاضی، موعد فردا، دیرکرد و ارجاع دیرکرد",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        from desk.models import StaffAlertPreference

        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = StaffAlertPreference.Channels.choices


class CounterStartForm(MizForm):
    national_code = formfields.NationalCodeField(label="کد ملی متقاضی")
    mobile = formfields.MobileField(label="شماره همراه متقاضی")
    first_name = forms.CharField(label="نام", max_length=100, required=False, help_text="برای متقاضی تازه.")
    last_name = forms.CharField(label="نام خانوادگی", max_length=100, required=False)
    place = forms.ChoiceField(label="محل پذیرش")

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = list(places)


class OtpForm(MizForm):
    otp = forms.CharField(label="کد تأیید پیامک‌شده به متقاضی", max_length=10, widget=TypedNumberInput)
    otp.normalize_digits = True
