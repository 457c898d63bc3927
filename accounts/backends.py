"""Django authentication backend: national code and password, through the lockout rules."""

from django.contrib.auth.backends import ModelBackend

from accounts.services import LoginRefused, authenticate_by_password


class NationalCodeBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, national_code=None, **kwargs):
        code = national_code or username
        if not code or password is None:
            return None
        try:
            return authenticate_by_password(national_code=code, password=password)
        except LoginRefused:
            return None
