"""Sign-in (by password or by one-time code), sign-out, sign-up with a one-time code, and
password reset by one-time code.

Views stay thin: forms check input, `accounts.services` applies the rules. What a person typed
before the code arrives waits in their session (the password only as a hash), never in the URL.
Every POST counts against the client address's allowance (core.policy); past it, a 429 page.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.hashers import make_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import forms, services
from accounts.models import OneTimeCode
from core.outcome import errors_to_form, perform_in_form
from core.policy import TOO_MANY_TRIES, over_limit
from core.validators import display_phone

SIGNUP_KEY = "miz_pending_signup"
RESET_KEY = "miz_pending_reset"
SIGN_IN_KEY = "miz_pending_sign_in"

logger = logging.getLogger(__name__)


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    # a path on this site only: anything else would be taken for a view name by `redirect`
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None


def _over_limit(request, group: str) -> bool:
    """Count this POST against the client address's allowance for `group`."""
    return request.method == "POST" and over_limit(
        request,
        group=group,
        limit=settings.MIZ_LOGIN_ADDRESS_LIMIT,
        window=settings.MIZ_LOGIN_ADDRESS_WINDOW_SECONDS,
    )


def _too_many(request, template: str, form, **context):
    """The page again, unfilled, with the Persian refusal, as 429 (nothing typed was checked)."""
    return render(request, template, {"form": form, "refusal": TOO_MANY_TRIES, **context}, status=429)


def _login_failed(request, national_code: str, reason: str) -> None:
    # As django.contrib.auth.authenticate() does, so the sign-in log (audit app) sees every failure.
    user_login_failed.send(
        sender=__name__, credentials={"national_code": national_code}, request=request, reason=reason
    )


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "core:home")
    if _over_limit(request, "accounts:sign-in"):
        _login_failed(request, request.POST.get("national_code", ""), "throttled")
        return _too_many(request, "accounts/login.html", forms.LoginForm(), next=_safe_next(request) or "")
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="accounts.backends.NationalCodeBackend")
        messages.success(request, f"{form.user.get_full_name()}، خوش آمدید.")
        return redirect(_safe_next(request) or "core:home")
    if request.method == "POST":
        # The form checks the password without `authenticate()`, which is what sends this
        # signal: send it here, so the sign-in log (audit app) records every refusal.
        refusal = next((e.code for e in form.non_field_errors().as_data() if e.code), "invalid_form")
        user_login_failed.send(
            sender=__name__,
            credentials={"national_code": str(form.data.get("national_code", ""))},
            request=request,
            reason=refusal,
        )
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request) or ""})


@never_cache
@require_http_methods(["GET", "POST"])
def code_sign_in_view(request):
    """Sign-in by a code SMSed to the account's mobile: the owner's way in, even when password
    sign-in is closed by wrong tries. The same answer whether or not the pair matched."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "core:home")
    if _over_limit(request, "accounts:sign-in"):
        return _too_many(request, "accounts/code_sign_in.html", forms.CodeSignInForm())
    form = forms.CodeSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.request_sign_in_code(national_code=data["national_code"], mobile=data["mobile"])
        request.session[SIGN_IN_KEY] = {
            "national_code": data["national_code"],
            "mobile": data["mobile"],
            "next": _safe_next(request) or "",
        }
        return redirect("accounts:code_sign_in_verify")
    return render(request, "accounts/code_sign_in.html", {"form": form, "next": _safe_next(request) or ""})


@never_cache
@require_http_methods(["GET", "POST"])
def code_sign_in_verify_view(request):
    pending = request.session.get(SIGN_IN_KEY)
    if not pending:
        return redirect("accounts:code_sign_in")
    context = {"mobile": display_phone(pending["mobile"]), "title": "ورود با کد پیامکی"}
    if _over_limit(request, "accounts:sign-in"):
        _login_failed(request, pending["national_code"], "throttled")
        return _too_many(request, "accounts/verify.html", forms.CodeForm(), **context)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in_by_code(
                national_code=pending["national_code"],
                mobile=pending["mobile"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            _login_failed(request, pending["national_code"], exc.code or "otp_wrong")
            errors_to_form(form, exc)
        else:
            del request.session[SIGN_IN_KEY]
            login(request, user, backend="accounts.backends.NationalCodeBackend")
            messages.success(request, f"{user.get_full_name()}، خوش آمدید.")
            return redirect(pending.get("next") or "core:home")
    return render(request, "accounts/verify.html", {"form": form, **context})


@require_POST
def logout_view(request):
    # The sign-out record (audit) is written before the session is deleted; a deletion refused
    # while Redis is down (core.sessions: a 503) takes the record back with it.
    with transaction.atomic():
        logout(request)
    messages.info(request, "از حساب خود خارج شدید.")
    return redirect("core:home")


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    if _over_limit(request, "accounts:signup"):
        return _too_many(request, "accounts/signup.html", forms.SignupForm())
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if perform_in_form(
            form, services.begin_signup, national_code=data["national_code"], mobile=data["mobile"]
        ):
            request.session[SIGNUP_KEY] = {
                "national_code": data["national_code"],
                "mobile": data["mobile"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "email": data.get("email") or "",
                "password_hash": make_password(data["password1"]),
            }
            return redirect("accounts:signup_verify")
    return render(request, "accounts/signup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def signup_verify_view(request):
    pending = request.session.get(SIGNUP_KEY)
    if not pending:
        messages.warning(request, "نخست فرم ثبت‌نام را پر کنید.")
        return redirect("accounts:signup")
    context = {
        "mobile": display_phone(pending["mobile"]),
        "title": "تأیید شماره همراه",
        "resend_url": "accounts:signup_resend",
        "signup": True,
    }
    if _over_limit(request, "accounts:signup"):
        return _too_many(request, "accounts/verify.html", forms.CodeForm(), **context)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_code(
                mobile=pending["mobile"],
                purpose=OneTimeCode.Purpose.SIGNUP,
                code=form.cleaned_data["code"],
            )
            user = services.register_applicant(**pending)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            del request.session[SIGNUP_KEY]
            login(request, user, backend="accounts.backends.NationalCodeBackend")
            messages.success(request, "حساب شما ساخته شد و وارد شدید.")
            return redirect("core:home")
    return render(request, "accounts/verify.html", {"form": form, **context})


@require_POST
def signup_resend_view(request):
    pending = request.session.get(SIGNUP_KEY)
    if not pending:
        return redirect("accounts:signup")
    if _over_limit(request, "accounts:signup"):
        messages.error(request, TOO_MANY_TRIES)
        return redirect("accounts:signup_verify")
    try:
        services.begin_signup(national_code=pending["national_code"], mobile=pending["mobile"])
        messages.info(request, "کد تازه فرستاده شد.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:signup_verify")


@never_cache
@require_http_methods(["GET", "POST"])
def reset_request_view(request):
    if _over_limit(request, "accounts:reset"):
        return _too_many(request, "accounts/reset_request.html", forms.ResetRequestForm())
    form = forms.ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.find_user_for_reset(national_code=data["national_code"], mobile=data["mobile"])
        if user is not None:
            try:
                services.issue_code(mobile=user.mobile, purpose=OneTimeCode.Purpose.PASSWORD_RESET)
            except ValidationError as exc:
                # Throttled (the code sent earlier still works) or over the daily limit. Saying
                # so here would tell a stranger that the pair matched: same answer as below.
                logger.info("password reset code not sent: %s", exc.code)
        # The same answer whether or not the pair matched: no one learns whose mobile is whose.
        request.session[RESET_KEY] = {
            "national_code": data["national_code"],
            "mobile": data["mobile"],
        }
        return redirect("accounts:reset_confirm")
    return render(request, "accounts/reset_request.html", {"form": form})


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def reset_confirm_view(request):
    pending = request.session.get(RESET_KEY)
    if not pending:
        return redirect("accounts:reset_request")
    context = {"mobile": display_phone(pending["mobile"]), "title": "رمز عبور تازه"}
    if _over_limit(request, "accounts:reset"):
        return _too_many(request, "accounts/verify.html", forms.ResetConfirmForm(), **context)
    form = forms.ResetConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.find_user_for_reset(**pending)
        try:
            if user is None:
                # The pair did not match: answer as for a wrong code, and leave the codes of
                # that mobile (its owner's) alone, neither counting tries nor spending them.
                raise ValidationError("کد واردشده درست نیست.", code="otp_wrong")
            services.verify_code(
                mobile=pending["mobile"],
                purpose=OneTimeCode.Purpose.PASSWORD_RESET,
                code=form.cleaned_data["code"],
            )
            services.set_password(user=user, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            del request.session[RESET_KEY]
            messages.success(request, "رمز عبور تازه ثبت شد؛ با آن وارد شوید.")
            return redirect("accounts:login")
    return render(request, "accounts/verify.html", {"form": form, **context})
