"""Writes of client systems: register a client, issue (rotate) and revoke its tokens.

A token is `miz_<key_id>_<secret>`: 12 hex characters that find the row, then 43 URL-safe
characters of `secrets` randomness (256 bits). Only SHA-256 of the whole token is stored; a slow
password hash buys nothing against a 256-bit random secret, and the digest is compared with
`hmac.compare_digest` so the time taken says nothing about how much of it matched."""

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apiclients.models import ApiClient, ApiToken
from core.prepared import Prepared
from orgs.models import CounterOffice, OrgUnit, Province

PREFIX = "miz"
_KEY_ID = re.compile(r"[0-9a-f]{12}")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_token(token: str) -> str | None:
    """The key id of a well-formed token (12 lower-case hex characters), or None: anything else,
    a NUL included (which PostgreSQL refuses in a text parameter), is looked up nowhere."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not _KEY_ID.fullmatch(parts[1]) or not parts[2]:
        return None
    return parts[1]


# Every API call looks its token up: compiled once (decision 0127).
_TOKEN = Prepared(
    lambda key_id: ApiToken.objects.select_related("client").filter(key_id=key_id).order_by("pk"),
    ApiToken,
    key_id=str,
)


def find_token(token: str) -> ApiToken | None:
    """The stored token this bearer value is, if any (expired and revoked ones included)."""
    key_id = split_token(token)
    if key_id is None:
        return None
    stored = _TOKEN.first_object(key_id=key_id)
    if stored is None or not hmac.compare_digest(stored.digest, digest(token)):
        return None
    return stored


@transaction.atomic
def create_client(
    *,
    name: str,
    kind: str,
    scopes: list[str],
    offices: list[CounterOffice] = (),
    units: list[OrgUnit] = (),
    provinces: list[Province] = (),
    title: str = "",
) -> ApiClient:
    client = ApiClient(name=name, kind=kind, scopes=list(dict.fromkeys(scopes)), title=title)
    client.full_clean()
    client.save()
    client.offices.set(offices)
    client.units.set(units)
    client.provinces.set(provinces)
    return client


@transaction.atomic
def revoke_tokens(*, client: ApiClient, now: dt.datetime | None = None) -> int:
    """Revoke every token of the client still in force; returns how many."""
    now = now or timezone.now()
    live = list(client.tokens.filter(revoked_at__isnull=True, expires_at__gt=now))
    for token in live:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return len(live)


@transaction.atomic
def issue_token(*, client: ApiClient, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the client, every earlier one revoked (issuing is rotating). Returns the
    row and the token itself, which exists nowhere else: show it once."""
    ApiClient.objects.select_for_update().filter(pk=client.pk).first()
    now = timezone.now()
    revoke_tokens(client=client, now=now)
    days = days or settings.MIZ_API_TOKEN_DAYS
    key_id = secrets.token_hex(6)  # 48 bits: a clash is refused by the unique key id
    token = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiToken(client=client, key_id=key_id, digest=digest(token), created_at=now)
    row.expires_at = now + dt.timedelta(days=days)
    row.full_clean()
    row.save()
    return row, token
