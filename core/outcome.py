"""How a view reports what a service did: each Persian refusal (ValidationError, and where the
view asks for it PermissionDenied) as an error message on the page the view redirects to, or as
errors of the form it shows again; or a success message. A refused form posted from another page
shows its errors there the same way."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def errors_to_messages(http_request, exc: ValidationError | PermissionDenied) -> None:
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(http_request, message)


def form_errors_to_messages(http_request, form) -> None:
    """A form posted from another page and refused: each of its errors as a message shown there."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(http_request, error)


def errors_to_form(form, exc: ValidationError, *, by_field: bool = False) -> None:
    """The refusal's messages as the form's errors: at the top of the form, or (`by_field`) each
    under its field when the form has that field."""
    if by_field and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for message in exc.messages:
        form.add_error(None, message)


def perform(
    http_request,
    action: Callable,
    /,
    *,
    success: str | Callable = "",
    refusals: tuple[type[Exception], ...] = (ValidationError,),
    **arguments,
) -> bool:
    """Call `action(**arguments)`. A ValidationError (or any of `refusals`: pages that turn a
    PermissionDenied of the service into a message pass `(ValidationError, PermissionDenied)`)
    becomes error messages; otherwise `success` (a text, or a function of the action's result
    giving one) is shown. True when it succeeded."""
    try:
        result = action(**arguments)
    except refusals as exc:
        errors_to_messages(http_request, exc)
        return False
    text = success(result) if callable(success) else success
    if text:
        messages.success(http_request, text)
    return True


def perform_valid(
    http_request,
    form,
    action: Callable,
    /,
    *,
    fields: tuple[str, ...] = (),
    invalid: str = "",
    success: str | Callable = "",
    refusals: tuple[type[Exception], ...] = (ValidationError,),
    **arguments,
) -> bool:
    """A form posted from another page: when it is valid, `perform` the action with `arguments`
    and the form's cleaned `fields` (passed under their own names); otherwise the message
    `invalid` (none when empty). True when the action succeeded."""
    if not form.is_valid():
        if invalid:
            messages.error(http_request, invalid)
        return False
    cleaned = {name: form.cleaned_data[name] for name in fields}
    return perform(http_request, action, success=success, refusals=refusals, **arguments, **cleaned)


def perform_in_form(form, action: Callable, /, *, by_field: bool = False, **arguments) -> bool:
    """Call `action(**arguments)`; a ValidationError becomes the form's errors (`errors_to_form`).
    True when it succeeded."""
    try:
        action(**arguments)
    except ValidationError as exc:
        errors_to_form(form, exc, by_field=by_field)
        return False
    return True
