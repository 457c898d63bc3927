"""The filters of an audit trail: a Jalali date range, the actor, the object and the action."""

from django import forms
from django.core.exceptions import ValidationError

from core.formfields import JalaliDateField
from core.forms import MizForm


class TrailFilterForm(MizForm):
    date_from = JalaliDateField(label="از تاریخ", required=False)
    date_to = JalaliDateField(label="تا تاریخ", required=False)
    actor = forms.CharField(label="کاربر", max_length=100, required=False, help_text="کد ملی یا بخشی از نام.")
    object_type = forms.ChoiceField(label="نوع موضوع", required=False)
    object_id = forms.CharField(label="شناسه", max_length=100, required=False)
    action = forms.ChoiceField(label="عملیات", required=False)

    def __init__(self, *args, trail, **kwargs):
        super().__init__(*args, **kwargs)
        types = trail.object_type_choices()
        if types:
            self.fields["object_type"].choices = [("", "همه"), *types]
            self.fields["object_type"].label = trail.object_type_label
        else:
            del self.fields["object_type"]
        if trail.object_id_label:
            self.fields["object_id"].label = trail.object_id_label
        else:
            del self.fields["object_id"]
        actions = trail.action_choices()
        if actions:
            self.fields["action"].choices = [("", "همه"), *actions]
        else:
            del self.fields["action"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError("«از تاریخ» باید پیش از «تا تاریخ» یا همان روز باشد.")
        return data
