"""Django authentication backend: national code and password, through the lockout rules and, when
there is a request (the admin's login page), the per-address allowance of sign-in attempts."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts.services import LoginRefused, authenticate_by_password
from core.policy import over_limit


class NationalCodeBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, national_code=None, **kwargs):
        code = national_code or username
        if not code or password is None:
            return None
        if request is not None and over_limit(
            request,
            group="accounts:sign-in",
            limit=settings.MIZ_LOGIN_ADDRESS_LIMIT,
            window=settings.MIZ_LOGIN_ADDRESS_WINDOW_SECONDS,
        ):
            raise PermissionDenied  # authenticate() tries no other backend and reports the failure
        try:
            return authenticate_by_password(national_code=code, password=password)
        except LoginRefused:
            return None
