"""Forms for signing up, signing in, resetting a password and keeping one's profile. Rules live in
accounts.services and accounts.companies."""

from django import forms
from django.core.exceptions import ValidationError

from accounts import services
from core.formfields import LegalIdField, MobileField, NationalCodeField, PostalCodeField
from core.forms import MizForm
from core.widgets import TypedNumberInput


class LoginForm(MizForm):
    national_code = NationalCodeField(label="کد ملی")
    password = forms.CharField(
        label="رمز عبور", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = None
        # A mistyped national code gets the same answer as a wrong password.
        self.fields["national_code"] = forms.CharField(
            label="کد ملی",
            max_length=24,
            widget=forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "username", "autofocus": True}
            ),
        )

    def clean(self):
        data = super().clean()
        if "national_code" in data and "password" in data:
            self.user = services.authenticate_by_password(
                national_code=data["national_code"], password=data["password"]
            )
        return data


class _NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label="رمز عبور تازه",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="دست‌کم ۱۰ نویسه؛ فقط عدد نباشد و شامل کد ملی نباشد.",
    )
    password2 = forms.CharField(
        label="تکرار رمز عبور",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise ValidationError("دو رمز واردشده یکی نیستند.")
        return p2


class SignupForm(MizForm, _NewPasswordMixin):
    first_name = forms.CharField(label="نام", max_length=100)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100)
    national_code = NationalCodeField(label="کد ملی")
    mobile = MobileField(label="شماره همراه", help_text="کد تأیید به این شماره پیامک می‌شود.")
    email = forms.EmailField(label="رایانامه (اختیاری)", required=False)

    field_order = ["first_name", "last_name", "national_code", "mobile", "email", "password1", "password2"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            services.check_signup(
                national_code=data["national_code"],
                mobile=data["mobile"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        return data


class CodeForm(MizForm):
    code = forms.CharField(
        label="کد پیامک‌شده",
        max_length=12,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )
    code.normalize_digits = True


class CodeSignInForm(MizForm):
    national_code = NationalCodeField(label="کد ملی")
    mobile = MobileField(label="شماره همراه ثبت‌شده")


class ResetRequestForm(MizForm):
    national_code = NationalCodeField(label="کد ملی")
    mobile = MobileField(label="شماره همراه ثبت‌شده")


class ResetConfirmForm(CodeForm, _NewPasswordMixin):
    field_order = ["code", "password1", "password2"]


# --- the profile page -------------------------------------------------------------------------


class ContactForm(MizForm):
    email = forms.EmailField(label="رایانامه", required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    postal_address = forms.CharField(
        label="نشانی پستی", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    postal_code = PostalCodeField(label="کد پستی", required=False)


class MobileChangeForm(MizForm):
    mobile = MobileField(label="شماره همراه تازه", help_text="کد تأیید به همین شماره تازه پیامک می‌شود.")


class AddCompanyForm(MizForm):
    national_id = LegalIdField(label="شناسه ملی شرکت یا مؤسسه")
    name = forms.CharField(
        label="نام ثبتی شرکت",
        required=False,
        max_length=200,
        help_text="اگر شرکت هنوز در میز خدمت نیست، نام ثبتی آن را بنویسید.",
    )
    registration_number = forms.CharField(
        label="شماره ثبت (اختیاری)", required=False, max_length=20, widget=TypedNumberInput
    )
    registration_number.normalize_digits = True
