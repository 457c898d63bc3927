"""Demo data owned by core: the official holidays of the current Jalali year ± 5."""

from core.services import seed_holidays


def seed(*, stdout, debug: bool) -> None:
    stdout.write(f"core: {seed_holidays()} holidays created")
