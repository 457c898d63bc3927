"""The step list on a request's page shows only the steps it actually passed (issue 13, defect 6):
a request rejected at intake showed every step, up to the certificate, as done."""

import re

import pytest
from django.urls import reverse

from desk import services
from desk.tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_steps(unit):
    return make_service([unit], steps=3)


def shown_steps(client, user, request) -> list[tuple[str, str]]:
    """(title, status) of each step in the request's page, as its applicant or staff sees it."""
    client.force_login(user)
    html = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    steps = html.split('id="steps"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'class="list-group-item step-(\w+)[^"]*">(?:<span[^>]*>[^<]*</span>)?([^<\n]+)', steps)


def as_rows(shown):
    return [(title.strip(), status) for status, title in shown]


def go(request, expert, *names, **extra):
    for name in names:
        services.transition(request=request, name=name, user=expert, **extra)


def test_rejected_at_intake_and_closed_shows_no_step_done(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "reject", note="مدارک ناقص است.")
    services.issue_response(request=request, user=expert, text="درخواست رد شد.")
    go(request, expert, "close")
    rows = as_rows(shown_steps(client, applicant, request))
    assert rows == [("گام 1", "skipped"), ("گام 2", "skipped"), ("گام 3", "skipped")]
    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "پیش از آغاز گام‌های بررسی رد شد" in page and "انجام شد" not in page.split('id="steps"')[1]


def test_rejected_in_the_second_step_stops_there(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review", "advance")
    go(request, expert, "reject", note="آزمون مردود شد.")
    services.issue_response(request=request, user=expert, text="رد")
    assert as_rows(shown_steps(client, applicant, request)) == [
        ("گام 1", "done"),
        ("گام 2", "stopped"),
        ("گام 3", "skipped"),
    ]
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "در گام «گام 2» رد شد" in page


def test_withdrawn_in_review_shows_where_it_stopped(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review")
    services.transition(request=request, name="withdraw", user=applicant)
    assert as_rows(shown_steps(client, expert, request)) == [
        ("گام 1", "stopped"),
        ("گام 2", "skipped"),
        ("گام 3", "skipped"),
    ]
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "در گام «گام 1» با انصراف متقاضی پایان یافت" in page


def test_in_review_and_after_approval(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review", "advance")
    assert as_rows(shown_steps(client, applicant, request)) == [
        ("گام 1", "done"),
        ("گام 2", "current"),
        ("گام 3", "pending"),
    ]
    go(request, expert, "advance", "approve")
    services.issue_response(request=request, user=expert, text="گواهی")
    go(request, expert, "close")
    assert [status for _, status in as_rows(shown_steps(client, applicant, request))] == ["done"] * 3
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert 'id="steps-ended"' not in page


def test_the_public_tracking_page_says_the_same(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "reject", note="مدارک ناقص است.")
    html = client.post(
        reverse("desk:track"), {"code": request.tracking_code, "identifier": applicant.national_code}
    ).content.decode()
    steps = html.split('id="steps"', 1)[1].split("</ol>", 1)[0]
    assert "step-done" not in steps and steps.count("step-skipped") == 3


def raise_extra_fee(request, expert, reason="هزینه آزمون"):
    """Staff raise an extra fee as the payments app does (`payments.extra.raise_fee`)."""
    request.refresh_from_db()
    services.extra_fee_due(
        request, actor=expert, amount_rials=500_000, reason=reason, pay_url="/pay/", notice_key="k"
    )
    request.refresh_from_db()


def test_waiting_for_an_extra_fee_raised_in_review_shows_the_step_it_was_in(
    client, submit, three_steps, expert, applicant
):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review", "advance")
    raise_extra_fee(request, expert)
    assert as_rows(shown_steps(client, applicant, request)) == [
        ("گام 1", "done"),
        ("گام 2", "current"),
        ("گام 3", "pending"),
    ]
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "بررسی هنوز آغاز نشده" not in page and "گام ۲ از ۳: «گام 2»" in page


def test_waiting_for_an_extra_fee_raised_in_the_first_step_does_not_say_review_has_not_started(
    client, submit, three_steps, expert, applicant
):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review")
    raise_extra_fee(request, expert)
    assert as_rows(shown_steps(client, expert, request))[0] == ("گام 1", "current")
    assert (
        "بررسی هنوز آغاز نشده"
        not in client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    )


def test_waiting_for_an_extra_fee_raised_before_review_says_review_has_not_started(
    client, submit, three_steps, expert, applicant
):
    request = submit(svc=three_steps)
    go(request, expert, "accept")
    raise_extra_fee(request, expert)
    assert [status for _, status in as_rows(shown_steps(client, applicant, request))] == ["pending"] * 3


def test_the_timeline_names_an_extra_fee_and_its_reason(client, submit, three_steps, expert, applicant):
    request = submit(svc=three_steps)
    go(request, expert, "accept", "start_review")
    raise_extra_fee(request, expert, reason="هزینه آزمون آزمایشگاه")
    for who in (applicant, expert):
        client.force_login(who)
        page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
        assert "در انتظار پرداخت هزینه اضافی: هزینه آزمون آزمایشگاه" in page
        assert "در انتظار پرداخت هزینه خدمت" not in page


@pytest.mark.parametrize(
    "names",
    [
        ("reject",),
        ("accept", "start_review", "advance", "reject"),
        ("accept", "start_review", "withdraw"),
        ("accept", "start_review", "advance", "advance", "approve"),
        ("accept", "start_review"),
    ],
)
def test_the_ending_read_from_the_pages_events_is_the_logs(submit, three_steps, expert, applicant, names):
    """The pages give `steps_progress` the events they read anyway; the ending found among them
    is the one the log gives when asked."""
    from desk import selectors

    request = submit(svc=three_steps)
    for name in names:
        user = applicant if name == "withdraw" else expert
        extra = {"note": "دلیل"} if name == "reject" else {}
        services.transition(request=request, name=name, user=user, **extra)
    request.refresh_from_db()
    asked = selectors.steps_progress(request)
    for transitions_only in (True, False):
        events = selectors.page_events(request, transitions_only=transitions_only)
        given = selectors.steps_progress(request, events=events)
        assert (given.rows, given.ended) == (asked.rows, asked.ended)
