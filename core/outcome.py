"""How a view reports what a service did: each Persian refusal (ValidationError) as an error
message, or a success message, on the page the view redirects to."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def errors_to_messages(http_request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(http_request, message)


def perform(http_request, action: Callable, /, *, success: str | Callable = "", **arguments) -> bool:
    """Call `action(**arguments)`. A ValidationError becomes error messages; otherwise `success`
    (a text, or a function of the action's result giving one) is shown. True when it succeeded."""
    try:
        result = action(**arguments)
    except ValidationError as exc:
        errors_to_messages(http_request, exc)
        return False
    text = success(result) if callable(success) else success
    if text:
        messages.success(http_request, text)
    return True
