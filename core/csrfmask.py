"""The page's CSRF token, masked as Django masks it, in a handful of calls instead of ~540.

Every page with a form (and the shell, for htmx) asks for a CSRF token: `get_token` takes the
request's secret and masks it with a fresh random mask (so the token on the page changes with
every response, against BREACH). Django draws the mask one character at a time through
`secrets.choice` and adds the two strings in a generator: about 540 Python calls, one fifteenth
of the public tracking page (issue 18). `masked_token` does the same with one read of the system's
random source and two comprehensions. What it writes is what Django writes: 32 characters of mask
drawn uniformly from the 62 letters and digits, then the secret shifted by it, which Django's own
`CsrfViewMiddleware` unmasks (`core/tests/test_csrfmask.py`). The secret itself, the cookie and
the check are Django's, untouched."""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)  # 62
_INDEX = {char: index for index, char in enumerate(_CHARS)}
# A random byte below this maps to a character uniformly (248 = 4 × 62); the rest are drawn again.
_FAIR = 256 - 256 % _COUNT


def _mask() -> str:
    chars = []
    while len(chars) < CSRF_SECRET_LENGTH:
        drawn = secrets.token_bytes(CSRF_SECRET_LENGTH * 2)
        chars += [_CHARS[byte % _COUNT] for byte in drawn if byte < _FAIR]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def masked_token(request) -> str:
    """`django.middleware.csrf.get_token(request)`: the request's secret (made and flagged for the
    cookie as Django makes it) masked with a new mask."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH or not _INDEX.keys() >= set(secret):
        return get_token(request)  # Django makes the secret (and masks it): once per new visitor
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # the cookie's expiry renewed, as get_token does
    mask = _mask()
    shifted = [_CHARS[(_INDEX[s] + _INDEX[m]) % _COUNT] for s, m in zip(secret, mask, strict=True)]
    return mask + "".join(shifted)


def csrf(request) -> dict:
    """Django's built-in `csrf` context processor with `masked_token`. Listed in TEMPLATES after the
    built-in one (which Django always runs first), its `csrf_token` is the one templates read."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_token(request))}
