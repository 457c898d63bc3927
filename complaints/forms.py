"""Complaint forms: the complaint itself (online and 1517), the caller, and the import file."""

from django import forms

from complaints import selectors
from core import formfields
from core.forms import MizForm
from core.widgets import TypedNumberInput
from orgs.models import Province


class ComplaintForm(MizForm):
    subject = forms.ModelChoiceField(
        label="موضوع شکایت",
        queryset=selectors.active_subjects(),
        error_messages={"invalid_choice": "موضوع شکایت را از فهرست برگزینید."},
    )
    complained_unit = forms.ModelChoiceField(
        label="واحد مورد شکایت",
        queryset=selectors.complainable_units(),
        required=False,
        help_text="اگر شکایت از واحدی از سازمان است آن را برگزینید؛ شکایت به همان واحد فرستاده نمی‌شود.",
        error_messages={"invalid_choice": "واحد مورد شکایت را از فهرست برگزینید."},
    )
    text = forms.CharField(label="شرح شکایت", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit no other unit may answer for is not offered: choosing it could only be refused.
        field = self.fields["complained_unit"]
        hidden = selectors.units_none_may_answer_for()
        if hidden:
            hidden = {str(pk) for pk in hidden}
            field.widget.choices = [(v, label) for v, label in field.choices if str(v) not in hidden]


class OnlineComplaintForm(ComplaintForm):
    document = forms.FileField(label="پیوست (عکس، فاکتور و …)", required=False)


class CallerForm(MizForm):
    national_code = formfields.NationalCodeField(label="کد ملی تماس‌گیرنده")
    mobile = formfields.MobileField(label="شماره همراه تماس‌گیرنده")
    first_name = forms.CharField(
        label="نام", max_length=100, required=False, help_text="برای تماس‌گیرنده تازه."
    )
    last_name = forms.CharField(label="نام خانوادگی", max_length=100, required=False)


class PhoneComplaintForm(ComplaintForm):
    otp = forms.CharField(label="کد تأیید پیامک‌شده به تماس‌گیرنده", max_length=10, widget=TypedNumberInput)
    otp.normalize_digits = True


class ImportForm(MizForm):
    file = forms.FileField(label="پرونده شکایات (CSV یا Excel)")
    dry_run = forms.BooleanField(label="فقط بررسی؛ چیزی ثبت نشود", required=False, initial=True)


class ReportForm(MizForm):
    """The complaints report's period (Jalali, inclusive) and, optionally, one province."""

    start = formfields.JalaliDateField(label="از تاریخ")
    end = formfields.JalaliDateField(label="تا تاریخ")
    province = forms.ModelChoiceField(
        label="استان",
        queryset=Province.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label="همه استان‌هایی که می‌بینید",
        error_messages={"invalid_choice": "این استان در فهرست استان‌ها نیست."},
    )

    def __init__(self, *args, province_ids=None, **kwargs):
        """`province_ids`: the provinces offered (None: all). Any province still validates, so
        that the view refuses one outside the reader's places instead of calling it unknown."""
        super().__init__(*args, **kwargs)
        if province_ids is not None:
            field = self.fields["province"]
            offered = field.queryset.filter(pk__in=province_ids)
            field.widget.choices = [(p.code, p.name) for p in offered]
            if len(field.widget.choices) > 1:
                field.widget.choices.insert(0, ("", field.empty_label))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("پایان بازه نمی‌تواند پیش از آغاز آن باشد.", code="period")
        return data
