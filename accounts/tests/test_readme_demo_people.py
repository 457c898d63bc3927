"""The README says who each demo person is (issue 13, 10): every person `accounts.demo` creates
is listed with the national code they sign in with and their role, and where SMS and email go."""

from django.conf import settings

from accounts.demo import DEMO_PEOPLE
from core.validators import national_code_with_check_digit

README = (settings.BASE_DIR / "README.md").read_text()


def _row(code: str) -> str:
    return next((line for line in README.splitlines() if line.startswith(f"| {code} |")), "")


def test_every_demo_person_is_in_the_readme_with_their_role():
    for role, first, last, nine, _mobile in DEMO_PEOPLE:
        row = _row(national_code_with_check_digit(nine))
        assert f"{first} {last}" in row and str(role.label) in row, (role, row)


def test_the_readme_says_where_the_demos_sms_and_email_appear():
    assert "var/worker.log" in README and "/admin/notifications/notification/" in README
    assert "/notices/" in README and "MIZ_SITE_URL" in README
