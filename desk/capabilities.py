"""What the desk provides for the directive's capabilities (D13), registered with the catalogue
so the compliance matrix reads the desk instead of showing "unknown"."""

from catalogue import compliance


def _desk_channel(service) -> bool:
    """The desk takes the service's requests: online, or filed at a counter office or desk."""
    return bool(
        service.is_active and (service.channel_online or service.channel_counter or service.channel_in_person)
    )


def check_tracking_code(service) -> bool:
    # Every request accepted by the desk, whatever its channel, gets a tracking code (desk.tracking).
    return _desk_channel(service)


def check_step_tracking(service) -> bool:
    # The public tracking page and the applicant's list show each step of the service's workflow.
    return _desk_channel(service) and bool(list(service.steps.all()))


def check_interaction(service) -> bool:
    # Messages with attachments both ways and "ask the applicant for more" on every desk request.
    return _desk_channel(service)


def check_electronic_response(service) -> bool:
    # The desk generates the letter or certificate (or takes an uploaded file) for the applicant.
    return _desk_channel(service) and service.electronic_response


def check_feedback(service) -> bool:
    # Every closed request opens its survey (desk.services.submit_feedback).
    return _desk_channel(service)


def register() -> None:
    compliance.register_capability("tracking_code", "کد رهگیری یکتا", check=check_tracking_code)
    compliance.register_capability("step_tracking", "رهگیری مراحل گردش کار", check=check_step_tracking)
    compliance.register_capability("interaction", "تعامل الکترونیکی با متقاضی", check=check_interaction)
    compliance.register_capability("electronic_response", "پاسخ الکترونیکی", check=check_electronic_response)
    compliance.register_capability("feedback", "نظرسنجی الکترونیکی", check=check_feedback)
