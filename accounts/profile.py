"""The profile page («حساب من»): a person's mobile (changed through a code sent to the new one),
email, postal address, and the companies they act for, with the memberships they confirm as a
company's representative. Views parse input and call `accounts.companies`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import companies, forms, selectors
from core.outcome import errors_to_form, perform, perform_in_form
from core.policy import TOO_MANY_TRIES, over_limit
from core.validators import display_phone

MOBILE_KEY = "miz_pending_mobile"


def _profile_page(request, *, status: int = 200, **bound):
    user = request.user
    context = {
        "contact_form": bound.get("contact_form")
        or forms.ContactForm(
            prefix="contact",
            initial={
                "email": user.email,
                "postal_address": user.postal_address,
                "postal_code": user.postal_code,
            },
        ),
        "mobile_form": bound.get("mobile_form") or forms.MobileChangeForm(prefix="mobile"),
        "company_form": bound.get("company_form") or forms.AddCompanyForm(prefix="company"),
        "memberships": selectors.company_memberships(user),
        "members": selectors.company_members(user),
        "mobile": display_phone(user.mobile),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile_view(request):
    if request.method == "GET":
        return _profile_page(request)
    form = forms.ContactForm(request.POST, prefix="contact")
    if form.is_valid() and perform_in_form(
        form, companies.update_contact, user=request.user, by_field=True, **form.cleaned_data
    ):
        messages.success(request, "نشانی و رایانامه شما ثبت شد.")
        return redirect("accounts:profile")
    return _profile_page(request, status=400, contact_form=form)


def _over_limit(request) -> bool:
    return over_limit(
        request,
        group="accounts:mobile",
        limit=settings.MIZ_LOGIN_ADDRESS_LIMIT,
        window=settings.MIZ_LOGIN_ADDRESS_WINDOW_SECONDS,
    )


@login_required
@require_POST
def mobile_change_view(request):
    form = forms.MobileChangeForm(request.POST, prefix="mobile")
    if _over_limit(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_TRIES)
        return _profile_page(request, status=429, mobile_form=form)
    if form.is_valid():
        try:
            mobile = companies.begin_mobile_change(user=request.user, mobile=form.cleaned_data["mobile"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            request.session[MOBILE_KEY] = {"user": request.user.pk, "mobile": mobile}
            return redirect("accounts:mobile_verify")
    return _profile_page(request, status=400, mobile_form=form)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mobile_verify_view(request):
    pending = request.session.get(MOBILE_KEY)
    if not pending or pending.get("user") != request.user.pk:
        messages.warning(request, "نخست شماره همراه تازه را در «حساب من» وارد کنید.")
        return redirect("accounts:profile")
    context = {"mobile": display_phone(pending["mobile"]), "title": "تأیید شماره همراه تازه"}
    if request.method == "POST" and _over_limit(request):
        return render(
            request,
            "accounts/verify.html",
            {"form": forms.CodeForm(), "refusal": TOO_MANY_TRIES, **context},
            status=429,
        )
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            companies.change_mobile(
                user=request.user, mobile=pending["mobile"], code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            del request.session[MOBILE_KEY]
            messages.success(request, "شماره همراه تازه شما ثبت شد.")
            return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"form": form, **context})


@login_required
@require_POST
def add_company_view(request):
    form = forms.AddCompanyForm(request.POST, prefix="company")
    if form.is_valid():
        try:
            membership = companies.add_company(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc, by_field=True)
        else:
            if membership.role == membership.Role.REPRESENTATIVE:
                note = "کارشناسان ثبت شرکت را بررسی و نمایندگی شما را تأیید می‌کنند."
            else:
                note = "نماینده قانونی شرکت باید آن را در «حساب من» خود تأیید کند."
            messages.success(request, f"درخواست شما برای «{membership.company.name}» ثبت شد؛ {note}")
            return redirect("accounts:profile")
    return _profile_page(request, status=400, company_form=form)


def _decide(request, action, pk: int, success):
    perform(request, action, actor=request.user, membership_id=pk, success=success)
    return redirect("accounts:profile")


@login_required
@require_POST
def confirm_membership_view(request, pk: int):
    return _decide(
        request,
        companies.confirm_membership,
        pk,
        lambda m: f"{m.user.get_full_name()} برای «{m.company.name}» تأیید شد.",
    )


@login_required
@require_POST
def revoke_membership_view(request, pk: int):
    return _decide(
        request,
        companies.revoke_membership,
        pk,
        lambda m: f"عضویت {m.user.get_full_name()} در «{m.company.name}» لغو شد.",
    )
