"""The SMS about a declaration come from the editable texts (notifications.texts): the default is
the text sent before texts were data, and an edit in the admin is what the holder receives."""

from decimal import Decimal

import pytest

from core.jalali import format_date
from core.text import ltr_code as ltr
from counters import services
from notifications import text_services, texts
from notifications.models import Notification


def sms(event: str) -> Notification:
    return Notification.objects.get(event=event, channel="sms")


def test_the_default_return_text_is_the_one_sent_before(submitted, expert, holder):
    notes = {"staff": "کد ملی"}
    declaration = services.return_for_correction(declaration=submitted, actor=expert, notes=notes)
    assert sms("counters.returned").body == (
        f"پرونده خوداظهاری دفتر {ltr(declaration.office.code)} برای اصلاح عودت شد. "
        f"یادداشت‌های کارشناس را ببینید و تا {format_date(declaration.due_on)} اصلاح و ارسال کنید."
    )


def test_an_edited_approval_text_reaches_the_holder(submitted, expert, holder, admin_user):
    text_services.save_template(
        actor=admin_user,
        event=texts.get("counters.approved"),
        sms_body="دفتر {office_code}: امتیاز {score} و رتبه {rank}؛ اعتراض تا {due_date}.",
    )
    declaration = services.approve(
        declaration=submitted, actor=expert, recipients_score=Decimal(80), association_score=Decimal(60)
    )
    message = sms("counters.approved")
    assert message.user == holder
    assert message.body.startswith(f"دفتر {ltr(declaration.office.code)}: امتیاز ")
    assert message.body.endswith(f"؛ اعتراض تا {format_date(declaration.due_on)}.")
    assert "ارزیابی دفتر" not in message.body


@pytest.mark.parametrize("event", [e.code for e in texts.events() if e.code.startswith("counters.")])
def test_every_counters_event_names_the_office(event):
    # The one thing a holder or an expert cannot do without: which office the message is about.
    declared = texts.get(event)
    assert any(v.name == "office_code" and v.required for v in declared.variables)
    assert texts.check_text(declared, "پیامی بدون کد دفتر", require=True)
