"""The one-time-code SMS comes from the editable texts: the default is the text sent before, an
edit is what the person receives and still carries a code that works, and no edit can drop the code."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import OneTimeCode
from core.text import to_persian_digits
from notifications import text_services, texts
from notifications.models import NotificationTemplate

pytestmark = pytest.mark.django_db
MOBILE = "+989123456789"
EVENT = texts.get("accounts.code")


def test_the_default_is_the_text_sent_before(issue, outbox):
    _otp, code = issue(mobile=MOBILE, purpose=OneTimeCode.Purpose.PASSWORD_RESET)
    assert outbox[-1].text == (
        f"{settings.MIZ_SITE_NAME}\nبازیابی رمز عبور\nکد: {code}\n"
        f"این کد تا {to_persian_digits(5)} دقیقه و فقط یک بار معتبر است."
    )


def test_an_edited_code_text_is_sent_and_its_code_works(issue, outbox, admin_user):
    edit = "{purpose}\nکد: {code}\n{minutes} دقیقه"
    text_services.save_template(actor=admin_user, event=EVENT, sms_body=edit)
    _otp, code = issue(mobile=MOBILE, purpose=OneTimeCode.Purpose.SIGN_IN)
    assert outbox[-1].text == f"ورود\nکد: {code}\n{to_persian_digits(5)} دقیقه"
    services.verify_code(mobile=MOBILE, purpose=OneTimeCode.Purpose.SIGN_IN, code=code)


def test_no_edit_can_drop_the_code(admin_user):
    with pytest.raises(ValidationError) as refused:
        text_services.save_template(actor=admin_user, event=EVENT, sms_body="{site}: کد شما آماده است.")
    assert "{code}" in str(refused.value.message_dict["sms_body"])
    assert not NotificationTemplate.objects.exists()
