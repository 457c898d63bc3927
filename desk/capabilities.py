"""What the desk provides for the directive's capabilities (D13), registered with the catalogue
so the compliance matrix reads the desk instead of showing "unknown".

The catalogue's own checks for intake, receipt, tracking, interaction and response already
describe what the desk does for a configured service; the desk adds the one it alone provides:
the survey after closing. Reports (D10) are not part of the desk's issue and stay unknown."""

from catalogue import compliance


def _desk_channel(service) -> bool:
    """The desk takes the service's requests: online, or filed at a counter office or desk."""
    return bool(
        service.is_active and (service.channel_online or service.channel_counter or service.channel_in_person)
    )


def check_feedback(service) -> bool:
    # Every closed request opens its survey (desk.services.submit_feedback).
    return _desk_channel(service)


def register() -> None:
    compliance.register_capability("feedback", "نظرسنجی الکترونیکی", check=check_feedback)
