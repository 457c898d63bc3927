"""Forms of the performance pages."""

from django import forms

from core.formfields import JalaliDateField
from core.forms import MizForm
from core.text import ltr_code, normalize_digits
from core.uploads import check_upload

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(MizForm):
    file = forms.FileField(label="پرونده Excel (xlsx)")
    only_good_rows = forms.BooleanField(label="فقط ردیف‌های بی‌خطا ثبت شوند", required=False)

    def clean_file(self):
        """The checked workbook (`core.uploads.CheckedFile`): an Excel file by content and
        structure, at most 5 MB, scanned."""
        upload = self.cleaned_data["file"]
        return check_upload(
            upload, formats={"xlsx"}, max_bytes=MAX_UPLOAD_BYTES, title=upload.name or "Excel"
        )


def code(value: str) -> str:
    """A code as typed or copied from a page that shows Persian digits: «ir-۲۳» → «IR-23»."""
    return normalize_digits(value).strip().upper()


class LockExceptionForm(MizForm):
    unit = forms.CharField(label="کد واحد", max_length=30)
    year = forms.IntegerField(label="سال", min_value=1300, max_value=1500)
    valid_until = JalaliDateField(label="معتبر تا")
    reason = forms.CharField(label="علت", max_length=500)

    def clean_unit(self):
        return code(self.cleaned_data["unit"])


class ValueForm(MizForm):
    activity = forms.CharField(label="کد فعالیت", max_length=40)
    unit = forms.CharField(label="کد واحد", max_length=30, help_text="مانند IR-23 برای تهران")
    year = forms.IntegerField(label="سال", min_value=1300, max_value=1500)
    measure = forms.ChoiceField(label="سنجه", choices=[("actual", "عملکرد"), ("plan", "برنامه")])
    value = forms.DecimalField(label="مقدار", min_value=0, max_digits=18, decimal_places=2)
    period = forms.CharField(
        label="فصل یا ماه",
        max_length=20,
        required=False,
        # The codes between left-to-right marks: in right-to-left text «۱۴۰۰-۰۳» showed as «۰۳-۱۴۰۰».
        help_text=(
            f"خالی برای کل سال؛ مانند {ltr_code('1400Q2')} برای فصل دوم یا {ltr_code('1400-03')} برای خرداد"
        ),
    )

    def clean_activity(self):
        return code(self.cleaned_data["activity"])

    def clean_unit(self):
        return code(self.cleaned_data["unit"])

    def clean(self):
        """`period`: the `periods.PeriodKey` the value is for (the year itself when left empty);
        a month or quarter must lie in the year chosen."""
        from performance import periods

        data = super().clean()
        year = data.get("year")
        if year is None:
            return data
        text = data.get("period", "")
        try:
            key = periods.parse(text) if text else periods.check("year", year)
        except forms.ValidationError as exc:
            self.add_error("period", exc)
            return data
        if key.year != year:
            self.add_error("period", "دوره باید در همان سالی باشد که انتخاب شده است.")
        data["period_key"] = key
        return data


class RevisionForm(MizForm):
    year = forms.IntegerField(label="سال برنامه", min_value=1300, max_value=1500)
    title = forms.CharField(label="عنوان ویرایش", max_length=200, help_text="مانند «برنامه ۱۴۰۰، ویرایش سوم»")


class PlanValueForm(MizForm):
    activity = forms.CharField(label="کد فعالیت", max_length=40)
    breakdown = forms.CharField(label="کد تفکیک", max_length=40, required=False, help_text="خالی برای کل")
    unit = forms.CharField(label="کد واحد", max_length=30, help_text="مانند IR-23 برای تهران")
    value = forms.DecimalField(
        label="برنامه", min_value=0, max_digits=18, decimal_places=2, required=False, help_text="خالی: حذف"
    )

    def clean_activity(self):
        return code(self.cleaned_data["activity"])

    def clean_unit(self):
        return code(self.cleaned_data["unit"])

    def clean_breakdown(self):
        return normalize_digits(self.cleaned_data["breakdown"]).strip() or "total"


class PlanUploadForm(MizForm):
    file = forms.FileField(
        label="پرونده Excel برنامه (xlsx)", help_text="همان پرونده «دریافت Excel» با برنامه‌های ویرایش‌شده"
    )
