"""The registry of notification texts: each event's default SMS and email text and its named
variables, the check of an edited text, rendering, and the SMS length in parts (decision 0070).

A text is plain Persian with `{name}` placeholders. It is parsed with `string.Formatter().parse`
and rendered by concatenation, never by `str.format`: a placeholder is one declared name and
nothing else (no `{name.attr}`, `{name[0]}`, `{name!r}`, `{name:>9}`, no `{}`), so an edited text
can reach no attribute of any object. A literal brace is written twice: `{{` and `}}`.

Apps declare their events in `AppConfig.ready()` (`register(Event(...))`); `notifications` imports
no domain app. The stored edit (`NotificationTemplate`) wins over the default; see `resolve()`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from core.registry import Registry
from core.text import to_persian_digits

# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variable:
    name: str
    label: str  # Persian, shown beside the editor
    sample: str  # what the preview puts in its place
    required: bool = False


@dataclass(frozen=True)
class Event:
    code: str  # "desk.receipt": the Notification.event of what it sends
    label: str  # Persian: who is told of what
    variables: tuple[Variable, ...]
    sms: str  # the default text: the SMS, and the email's body unless an email body is set
    subject: str = ""  # the default email subject (empty: the site's name)
    variable_names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "variable_names", frozenset(v.name for v in self.variables))
        for name, text in (("sms", self.sms), ("subject", self.subject)):
            if errors := check_text(self, text, require=name == "sms"):
                raise ValueError(f"{self.code}: the default {name} text is invalid: {errors}")

    @property
    def samples(self) -> dict[str, str]:
        return {v.name: v.sample for v in self.variables}


registry = Registry("notification texts")


def register(event: Event) -> Event:
    """Declare an event (apps call it from `ready()`; the same code again replaces it in place)."""
    registry.register(event.code, event)
    return event


def get(code: str) -> Event:
    event = registry.get(code)
    if event is None:
        raise LookupError(f"no notification text is declared for {code!r}")
    return event


def events() -> list[Event]:
    return sorted(registry.values(), key=lambda e: e.code)


# --- parsing and checking --------------------------------------------------------------------------


class TextError(ValueError):
    """A text that cannot be used, with the reasons in Persian."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """(literal, placeholder name or None) pairs; raises TextError on a malformed placeholder."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise TextError(
            ["آکولادها جفت نیستند: هر متغیر به شکل {نام} نوشته می‌شود و خود آکولاد به شکل {{ یا }}."]
        ) from None
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is None:
            pieces.append((literal, None))
            continue
        if name == "" or name.isdigit():
            raise TextError(
                ["آکولاد خالی یا عددی مجاز نیست؛ نام متغیر را میان آکولاد بنویسید، مانند {tracking_code}."]
            )
        if spec or conversion or not name.isidentifier():
            raise TextError(
                [f"«{{{name}}}» مجاز نیست: میان آکولاد فقط نام یک متغیر می‌آید، بی نقطه، کروشه یا دونقطه."]
            )
        pieces.append((literal, name))
    return pieces


def placeholders(text: str) -> list[str]:
    """The variable names used in `text`, in order of first use; raises TextError."""
    seen: dict[str, None] = {}
    for _literal, name in _pieces(text):
        if name is not None:
            seen.setdefault(name)
    return list(seen)


def check_text(event: Event, text: str, *, require: bool) -> list[str]:
    """Persian reasons why `text` cannot be used for `event` (empty when it can). With `require`,
    every required variable must appear (the SMS body); otherwise only unknown ones are refused."""
    try:
        used = placeholders(text)
    except TextError as error:
        return error.messages
    errors = []
    unknown = [name for name in used if name not in event.variable_names]
    if unknown:
        names = "، ".join(f"{{{name}}}" for name in unknown)
        allowed = "، ".join(f"{{{v.name}}}" for v in event.variables) or "هیچ متغیری"
        errors.append(f"متغیر ناشناخته: {names}. متغیرهای این رویداد: {allowed}.")
    if require:
        missing = [v for v in event.variables if v.required and v.name not in used]
        if missing:
            names = "، ".join(f"{{{v.name}}} ({v.label})" for v in missing)
            errors.append(f"متغیر لازم حذف شده است: {names}. این متغیرها باید در متن بمانند.")
    return errors


# --- rendering ---------------------------------------------------------------------------------------


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each placeholder replaced by its value (concatenation: no `str.format`)."""
    return "".join(literal + (values[name] if name is not None else "") for literal, name in _pieces(text))


@dataclass(frozen=True)
class Rendered:
    sms: str
    subject: str
    email: str


@dataclass(frozen=True)
class Texts:
    """The texts in force for an event: the stored edit, or the defaults."""

    sms: str
    subject: str
    email: str  # empty: the email says what the SMS says
    customised: bool = False


def defaults(event: Event) -> Texts:
    return Texts(sms=event.sms, subject=event.subject, email="")


def render(event: Event, texts: Texts, values: dict[str, object]) -> Rendered:
    """The message of `event` with `values`; the caller gives exactly the declared variables (a
    missing or extra one is a programming error, raised here rather than sent)."""
    given = set(values)
    if given != event.variable_names:
        raise ValueError(
            f"{event.code}: values {sorted(given)} do not match the declared {sorted(event.variable_names)}"
        )
    strings = {name: str(value) for name, value in values.items()}
    sms = fill(texts.sms, strings)
    return Rendered(
        sms=sms,
        subject=fill(texts.subject, strings).replace("\n", " ").strip(),
        email=fill(texts.email, strings) if texts.email.strip() else sms,
    )


# --- SMS length ---------------------------------------------------------------------------------------

# GSM 03.38: the basic set (1 septet each) and the extension table (2 septets: escape + char).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SmsLength:
    characters: int  # as a person counts them
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    encoding: str  # "GSM-7" or "UCS-2"
    parts: int

    def short(self) -> str:
        return f"{to_persian_digits(self.parts)} بخش، {to_persian_digits(self.characters)} نویسه"

    def describe(self) -> str:
        return (
            f"{to_persian_digits(self.characters)} نویسه، "
            f"{to_persian_digits(self.parts)} بخش پیامک ({self.encoding})"
        )


def sms_length(text: str) -> SmsLength:
    """How many SMS parts `text` takes. Any character outside GSM-7 (every Persian letter or
    digit) makes the whole message UCS-2: 70 units in one SMS, 67 per part when concatenated."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        encoding, single, part = "GSM-7", GSM_SINGLE, GSM_PART
    else:
        units = len(text.encode("utf-16-le")) // 2
        encoding, single, part = "UCS-2", UCS2_SINGLE, UCS2_PART
    if units == 0:
        parts = 0
    elif units <= single:
        parts = 1
    else:
        parts = -(-units // part)
    return SmsLength(characters=len(text), units=units, encoding=encoding, parts=parts)
