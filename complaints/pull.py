"""Miz pulls new complaints from a national complaint system (job `complaints_pull`, every 15 minutes).

The remote's contract (docs/complaints.md): `GET <pull_url>?since=<cursor>` with
`Authorization: Bearer <pull_token>` answers `{"complaints": [...], "next": "<cursor>"}`, each
complaint the JSON a system would push (`complaints.api.ComplaintIn`); an empty list means nothing
new. Miz keeps the cursor on the `SystemLink` and sends it back on the next call.

Never losing a complaint:
- The cursor moves only after every complaint of the page is on file or kept as a refusal. When the
  remote is down, slow, answers an error or something that is not the contract, the cursor stays,
  the failure is logged and written on the link, and the next run asks for the same page again.
- A crash in the middle of a page leaves the cursor too; the complaints already landed are found by
  their (system, reference) when the page comes again (`national.land` lands each once).
- A complaint whose data is refused (unknown subject, a wrong national code…) is kept whole as a
  `PullRefusal` with the Persian reason, and the cursor moves on: one bad complaint does not stop
  the others, and staff read it in the admin."""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import national
from complaints.models import PullRefusal, SystemLink

log = logging.getLogger(__name__)
USER_AGENT = "Miz-Complaints-Pull/1"
PERSON_FIELDS = ("national_code", "mobile", "first_name", "last_name")
REQUIRED = {"external_reference", "subject", "text", "national_code", "mobile"}


class RemoteError(Exception):
    """The remote failed: unreachable, an error status, or an answer that is not the contract."""


@dataclass
class PullResult:
    system: str
    landed: int = 0
    repeated: int = 0
    refused: int = 0
    pages: int = 0
    error: str = ""


def page_url(link: SystemLink) -> str:
    parts = urllib.parse.urlsplit(link.pull_url)
    query = [*urllib.parse.parse_qsl(parts.query), ("since", link.cursor)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch(link: SystemLink) -> tuple[list, str]:
    """One page from the remote: its complaints and the next cursor; `RemoteError` otherwise."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if link.pull_token:
        headers["Authorization"] = f"Bearer {link.pull_token}"
    # http(s) only: SystemLink.pull_url's validator refuses any other scheme.
    request = urllib.request.Request(page_url(link), headers=headers)  # noqa: S310
    limit = settings.MIZ_COMPLAINT_PULL_MAX_BYTES
    try:
        with urllib.request.urlopen(request, timeout=settings.MIZ_COMPLAINT_PULL_TIMEOUT_SECONDS) as answer:  # noqa: S310
            raw = answer.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise RemoteError(f"HTTP {exc.code}") from exc
    except Exception as exc:  # refused, reset, timed out, unresolvable, a broken answer
        raise RemoteError(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if len(raw) > limit:
        raise RemoteError(f"answer over {limit} bytes")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise RemoteError("answer is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("complaints"), list):
        raise RemoteError('answer is not {"complaints": [...], "next": "..."}')
    cursor = data.get("next", link.cursor)
    if not isinstance(cursor, str | int) or isinstance(cursor, bool) or len(str(cursor)) > 200:
        raise RemoteError('"next" is not a cursor (text up to 200 characters)')
    return data["complaints"], str(cursor)


def _text(source: dict, name: str) -> str:
    value = source.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"«{name}» باید متن باشد.", code="type")
    if name in REQUIRED and not value.strip():
        raise ValidationError(f"«{name}» لازم است و فرستاده نشده.", code="missing")
    return value


def incoming_of(link: SystemLink, item) -> national.Incoming:
    """A pulled complaint as `national.Incoming`; a Persian `ValidationError` for a wrong shape."""
    if not isinstance(item, dict) or not isinstance(item.get("complainant"), dict):
        raise ValidationError("شکایت باید شیء JSON با «complainant» (شیء JSON) باشد.", code="shape")
    system = _text(item, "system").strip().lower()
    if system and system != link.system:
        raise ValidationError(
            f"سامانه «{system}» با سامانه این پیوند ({link.system}) نمی‌خواند.", code="system"
        )
    person = item["complainant"]
    return national.Incoming(
        system=link.system,
        reference=_text(item, "external_reference"),
        subject=_text(item, "subject"),
        text=_text(item, "text"),
        unit=_text(item, "unit"),
        province=_text(item, "province"),
        received=_text(item, "received"),
        **{name: _text(person, name) for name in PERSON_FIELDS},
    )


def _keep_refusal(link: SystemLink, item, reason: str) -> None:
    reference = str(item.get("external_reference", ""))[:200] if isinstance(item, dict) else ""
    # A page read again after a crash does not keep the same refusal twice.
    PullRefusal.objects.get_or_create(
        link=link, external_reference=reference, reason=reason, defaults={"payload": item}
    )


def _land_page(link: SystemLink, items: list, result: PullResult) -> None:
    for item in items:
        try:
            _complaint, created = national.land(incoming_of(link, item))
        except ValidationError as exc:
            _keep_refusal(link, item, " ".join(exc.messages))
            result.refused += 1
            continue
        if created:
            result.landed += 1
        else:
            result.repeated += 1


def pull(link: SystemLink, *, max_pages: int | None = None) -> PullResult:
    """Read the remote's new complaints page by page and land each once (see the module)."""
    result = PullResult(system=link.system)
    for _page in range(max_pages or settings.MIZ_COMPLAINT_PULL_MAX_PAGES):
        try:
            items, cursor = fetch(link)
        except RemoteError as exc:
            result.error = str(exc)
            link.last_error, link.last_error_at = result.error[:500], timezone.now()
            link.save(update_fields=["last_error", "last_error_at"])
            log.warning(
                "complaints pull from %s failed; cursor kept at %r: %s", link.system, link.cursor, exc
            )
            return result
        _land_page(link, items, result)
        result.pages += 1
        moved = cursor != link.cursor
        link.cursor, link.last_pulled_at, link.last_error = cursor, timezone.now(), ""
        link.save(update_fields=["cursor", "last_pulled_at", "last_error"])
        if not items or not moved:
            break
    log.info(
        "complaints pull from %s: %d landed, %d already on file, %d refused, %d pages",
        link.system,
        result.landed,
        result.repeated,
        result.refused,
        result.pages,
    )
    return result


def pull_all(*, system: str = "", max_pages: int | None = None) -> list[PullResult]:
    """Pull from every linked system with an address (or only `system`)."""
    links = SystemLink.objects.exclude(pull_url="").filter(client__is_active=True).select_related("client")
    if system:
        links = links.filter(system=system)
    return [pull(link, max_pages=max_pages) for link in links]
