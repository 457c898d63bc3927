"""Saving and restoring notification texts: only an editor with the change permission, a refused edit
changes nothing, and the texts in force follow the stored edit."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from notifications import selectors, text_services, texts
from notifications.models import NotificationTemplate

pytestmark = pytest.mark.django_db
EVENT = texts.get("desk.decision")


def test_without_the_change_permission_nothing_is_saved_or_restored(make_user):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_notificationtemplate"))
    with pytest.raises(PermissionDenied):
        text_services.save_template(actor=viewer, event=EVENT, sms_body="{tracking_code} {decision}")
    NotificationTemplate.objects.create(event=EVENT.code, sms_body="{tracking_code}: {decision}")
    with pytest.raises(PermissionDenied):
        text_services.restore_default(actor=viewer, event=EVENT)
    assert selectors.texts_for(EVENT).sms == "{tracking_code}: {decision}"


def test_an_editor_with_the_permission_saves_and_the_text_is_normalised(make_user):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_notificationtemplate"))
    # Arabic ي and ك typed on an Arabic keyboard are stored as Persian ی and ک.
    text_services.save_template(actor=editor, event=EVENT, sms_body="  كد {tracking_code}: {decision} ي ")
    in_force = selectors.texts_for(EVENT)
    assert (in_force.sms, in_force.customised) == ("کد {tracking_code}: {decision} ی", True)


def test_a_refused_edit_names_each_field_and_keeps_the_earlier_one(admin_user):
    text_services.save_template(actor=admin_user, event=EVENT, sms_body="{tracking_code}: {decision}")
    with pytest.raises(ValidationError) as refused:
        text_services.save_template(
            actor=admin_user, event=EVENT, sms_body="{decision}", email_subject="{x}", email_body="{y}"
        )
    assert set(refused.value.message_dict) == {"sms_body", "email_subject", "email_body"}
    assert selectors.texts_for(EVENT).sms == "{tracking_code}: {decision}"


def test_line_breaks_sent_by_a_browser_are_stored_and_counted_as_one_character():
    """A textarea posts CR LF; an SMS counts each line break once, so an unchanged default text
    previewed or saved through the form is exactly the default (and no longer than it)."""
    event = texts.get("desk.receipt")
    posted = event.sms.replace("\n", "\r\n")
    edit = text_services.clean_texts(event, sms_body=posted, email_subject="", email_body=posted)
    assert "\r" not in edit.sms + edit.email
    assert edit.sms == event.sms.strip()
    assert texts.sms_length(edit.sms).characters == texts.sms_length(event.sms.strip()).characters
