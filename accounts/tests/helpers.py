"""Small helpers shared by the accounts tests."""

import re

CODE_RE = re.compile(r"کد: (\d{6})\n")


def code_in(message) -> str:
    """The six-digit code of a one-time-code SMS."""
    found = CODE_RE.search(message.text)
    assert found, f"no six-digit code in the SMS: {message.text!r}"
    return found.group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def form_errors(response) -> list[str]:
    """Every error message the rendered form carries (non-field and field errors)."""
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


def page_text(response) -> str:
    return response.content.decode()
