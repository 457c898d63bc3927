"""Django's sign-in signals written to the sign-in log (`SignInRecord`).

`user_logged_in` / `user_logged_out` come from `django.contrib.auth.login()` / `logout()`;
`user_login_failed` from `authenticate()` (the admin's sign-in form) and from Miz's own sign-in
view, whose form checks the password through `accounts.services` rather than `authenticate()`
and so sends the signal itself (with a `reason`: the refusal's code). A request records at most
one failure, whichever sends it.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from audit.models import SignInRecord
from core.policy import client_ip  # the project's client-address rule (MIZ_PROXY_COUNT)
from core.text import normalize_identifier

_FAILURE_RECORDED = "_miz_sign_in_failure_recorded"


def _method(request) -> str:
    """How the person proved themselves: a view may say so (`request.miz_sign_in_method`);
    otherwise the form they sent tells (a password field, or a one-time code field)."""
    explicit = getattr(request, "miz_sign_in_method", "")
    if explicit:
        return explicit
    data = request.POST if request is not None and request.method == "POST" else {}
    if "password" in data:
        return SignInRecord.Method.PASSWORD
    if "code" in data or "otp" in data:
        return SignInRecord.Method.ONE_TIME_CODE
    return SignInRecord.Method.OTHER


def _where(request) -> dict:
    if request is None:
        return {}
    return {
        "ip": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "path": request.path[:200],
    }


def _record(*, outcome: str, request, user=None, national_code: str = "", reason: str = "") -> None:
    SignInRecord.objects.create(
        outcome=outcome,
        method=_method(request) if request is not None else SignInRecord.Method.OTHER,
        user=user,
        national_code=(national_code or getattr(user, "national_code", "") or "")[:32],
        reason=reason[:40],
        **_where(request),
    )


def on_logged_in(sender, request, user, **kwargs) -> None:
    _record(outcome=SignInRecord.Outcome.SUCCESS, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _record(outcome=SignInRecord.Outcome.SIGN_OUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, reason: str = "", **kwargs) -> None:
    if request is not None:
        if getattr(request, _FAILURE_RECORDED, False):
            return
        setattr(request, _FAILURE_RECORDED, True)
    typed = normalize_identifier(str(credentials.get("national_code") or credentials.get("username") or ""))
    from accounts.models import User

    user = User.objects.filter(national_code=typed).first() if typed.isascii() and typed.isdigit() else None
    _record(
        outcome=SignInRecord.Outcome.FAILURE, request=request, user=user, national_code=typed, reason=reason
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.sign_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.sign_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.sign_in_failed")
