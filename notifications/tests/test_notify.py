"""notify(): one row per channel, created with its send job in the caller's transaction."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def jobs():
    return list(DBTaskResult.objects.filter(task_path="notifications.tasks.send_notification"))


def test_one_row_per_channel_with_user_defaults(make_user):
    user = make_user(email="ali@example.com")
    rows = notify(event="desk.receipt", text="درخواست شما ثبت شد.", user=user, subject="رسید")
    assert [(r.channel, r.recipient) for r in rows] == [("sms", user.mobile), ("email", "ali@example.com")]
    for row in rows:
        row.refresh_from_db()
        assert row.status == Notification.Status.QUEUED
        assert row.event == "desk.receipt"
        assert row.user == user
        assert row.attempts == 0
    assert rows[0].subject == ""
    assert rows[1].subject == "رسید"


def test_user_without_email_gets_sms_only(make_user):
    user = make_user()
    rows = notify(event="desk.receipt", text="ثبت شد", user=user)
    assert [r.channel for r in rows] == ["sms"]


def test_explicit_mobile_is_normalised_and_overrides_user(make_user):
    user = make_user()
    rows = notify(event="x.y", text="سلام", user=user, mobile="۰۹۱۲۱۱۱۲۲۳۳")
    assert rows[0].recipient == "+989121112233"


def test_invalid_mobile_is_refused_and_nothing_is_created():
    with pytest.raises(ValidationError):
        notify(event="x.y", text="سلام", mobile="12345")
    assert not Notification.objects.exists()


def test_nobody_to_reach_gives_no_rows():
    assert notify(event="x.y", text="سلام") == []
    assert not jobs()


def test_related_object_is_stored(make_user):
    user = make_user()
    [row] = notify(event="x.y", text="سلام", user=user, related=user)
    row.refresh_from_db()
    assert row.related_type == ContentType.objects.get_for_model(user)
    assert row.related_id == str(user.pk)
    assert row.related == user


def test_unsaved_related_object_is_refused(make_user):
    from accounts.models import User

    with pytest.raises(ValueError):
        notify(event="x.y", text="سلام", mobile="09121112233", related=User(national_code="1"))


def test_same_key_never_makes_two_notifications(make_user):
    user = make_user(email="a@example.com")
    first = notify(event="desk.receipt", text="یک", user=user, key="desk.receipt:42")
    second = notify(event="desk.receipt", text="دو", user=user, key="desk.receipt:42")
    assert [r.pk for r in first] == [r.pk for r in second]
    assert Notification.objects.count() == 2
    assert len(jobs()) == 2
    assert {r.dedupe_key for r in first} == {"desk.receipt:42:sms", "desk.receipt:42:email"}
    other = notify(event="desk.receipt", text="سه", user=user, key="desk.receipt:43")
    assert Notification.objects.count() == 4
    assert other[0].body == "سه"


def test_database_backend_job_is_written_in_the_same_transaction(make_user):
    user = make_user()
    with transaction.atomic():
        [row] = notify(event="x.y", text="سلام", user=user)
        [job] = jobs()
    assert job.queue_name == "notifications"
    assert job.args_kwargs == {"args": [row.pk], "kwargs": {}}


def test_rolled_back_change_leaves_no_row_and_no_job(make_user):
    user = make_user(email="a@example.com")
    with pytest.raises(Boom), transaction.atomic():
        notify(event="x.y", text="سلام", user=user)
        assert Notification.objects.count() == 2
        raise Boom
    assert not Notification.objects.exists()
    assert not jobs()


def test_other_backends_get_the_job_on_commit_only(
    make_user, dummy_tasks, django_capture_on_commit_callbacks
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [row] = notify(event="x.y", text="سلام", user=user)
        assert dummy_tasks.results == []
    assert len(callbacks) == 1
    [result] = dummy_tasks.results
    assert result.args == [row.pk]
    assert result.task.queue_name == "notifications"


def test_other_backends_rolled_back_get_no_job(make_user, dummy_tasks, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            notify(event="x.y", text="سلام", user=user)
            raise Boom
    assert callbacks == []
    assert dummy_tasks.results == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize("kwargs", [{"event": "", "text": "x"}, {"event": "a.b", "text": "  "}])
def test_event_and_text_are_required(kwargs):
    with pytest.raises(ValueError):
        notify(mobile="09121112233", **kwargs)


def test_a_new_key_writes_the_same_rows_without_looking_them_up(make_user, django_assert_num_queries):
    """`new_key=True` (a request being filed names the key): the notice, the rows and their jobs
    are those of a key looked up, written with no read of the key and no savepoint."""
    from notifications.models import Notice

    user = make_user(email="ali@example.com")
    with django_assert_num_queries(5):  # the notice, two rows, two send jobs
        rows = notify(event="desk.receipt", text="ثبت شد", user=user, key="desk.receipt:new", new_key=True)
    assert [(r.channel, r.dedupe_key) for r in rows] == [
        ("sms", "desk.receipt:new:sms"),
        ("email", "desk.receipt:new:email"),
    ]
    assert Notice.objects.get(dedupe_key="desk.receipt:new:app").user == user
    assert len(jobs()) == 2
    # The same key again, looked up as usual: the rows of the first call, nothing new.
    again = notify(event="desk.receipt", text="ثبت شد", user=user, key="desk.receipt:new")
    assert [r.pk for r in again] == [r.pk for r in rows]
    assert len(jobs()) == 2
