"""The queue's rows drawn in Python (`desk.templatetags.desk_queue`) are the markup the template
drew, for every kind of row: open or decided, paused, overdue, due soon or later or with no due
date, a step, the applicant's new message, an assignee or none, with and without the boxes."""

import datetime as dt
import itertools

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

from accounts.models import Role
from desk.models import State
from desk.templatetags.desk_queue import queue_rows

pytestmark = pytest.mark.django_db

# The rows as `desk/queue.html` drew them before the tag.
TEMPLATE_ROWS = Template(
    """{% for r in reqs %}
      <tr class="queue-row{% if r.is_open and not r.clock_paused and r.due_date < today %} table-danger overdue{% endif %}">
        {% if can_assign %}<td><input type="checkbox" class="form-check-input" name="selected" value="{{ r.pk }}" aria-label="انتخاب {{ r.tracking_display|code:"text" }}"></td>{% endif %}
        <td><a href="{% url 'desk:detail' r.tracking_code %}">{{ r.tracking_display|code }}</a></td>
        <td>{{ r.service.title }}</td><td>{{ r.applicant.get_full_name }}</td><td>{{ r.get_channel_display }}</td>
        <td>{{ r.get_state_display }}{% if r.step_number %} ({{ r.step_number|fa_digits }}){% endif %}{% if r.is_open and r.applicant_spoke_last %} <span class="badge text-bg-primary applicant-spoke">پیام تازه متقاضی</span>{% endif %}</td>
        <td>{{ r.assignee.get_full_name|default:"—" }}</td>
        <td>{{ r.due_date|jalali_date }}{% if r.is_open %}{% if r.clock_paused %} <span class="badge text-bg-info">متوقف</span>{% elif r.due_date < today %} <span class="badge text-bg-danger due-overdue">گذشته از موعد</span>{% elif r.due_date <= soon %} <span class="badge text-bg-warning due-soon">نزدیک به موعد</span>{% endif %}{% endif %}</td>
      </tr>
    {% empty %}
      <tr><td colspan="8">درخواستی با این پالایه نیست.</td></tr>
    {% endfor %}"""  # noqa: E501
)

TODAY = dt.date(2026, 3, 10)
SOON = dt.date(2026, 3, 12)
DUE = {
    "none": None,
    "past": TODAY - dt.timedelta(days=4),
    "today": TODAY,
    "soon": SOON,
    "later": SOON + dt.timedelta(days=20),
}


def both(reqs, can_assign):
    context = {"reqs": reqs, "can_assign": can_assign, "today": TODAY, "soon": SOON}
    return TEMPLATE_ROWS.render(Context(context)), queue_rows(reqs, can_assign, TODAY, SOON)


def test_every_kind_of_row_is_drawn_as_the_template_drew_it(client, expert, submit, make_user):
    assignee = make_user(role=Role.STAFF_EXPERT, first_name="مریم", last_name="کاظمی")
    client.force_login(expert)
    submit()
    (row,) = client.get(reverse("desk:queue")).context["reqs"]
    kinds = itertools.product(
        (State.IN_REVIEW, State.SUBMITTED, State.CLOSED), (False, True), DUE, (None, 0, 3), (False, True)
    )
    compared = 0
    for state, paused, due, step, spoke in kinds:
        for who, can_assign in itertools.product((None, assignee), (False, True)):
            row.state, row.clock_paused, row.due_date, row.step_number = state, paused, DUE[due], step
            row.applicant_spoke_last, row.assignee = spoke, who
            drawn_then, drawn_now = both([row], can_assign)
            assert parse_html(drawn_now) == parse_html(drawn_then), (state, paused, due, step, spoke, who)
            compared += 1
    assert compared == 3 * 2 * 5 * 3 * 2 * 2 * 2


def test_a_page_of_rows_and_an_empty_page(client, expert, submit):
    client.force_login(expert)
    for _ in range(3):
        submit()
    reqs = list(client.get(reverse("desk:queue")).context["reqs"])
    assert len(reqs) == 3
    for rows in (reqs, []):
        drawn_then, drawn_now = both(rows, True)
        assert parse_html(drawn_now) == parse_html(drawn_then)
    assert "درخواستی با این پالایه نیست." in queue_rows([], True, TODAY, SOON)


def test_text_is_escaped(client, expert, submit, applicant):
    applicant.first_name, applicant.last_name = "<b>علی", "&رضایی"
    applicant.save()
    client.force_login(expert)
    submit()
    reqs = list(client.get(reverse("desk:queue")).context["reqs"])
    drawn_then, drawn_now = both(reqs, False)
    assert "&lt;b&gt;علی &amp;رضایی" in drawn_now and "<b>" not in drawn_now
    assert parse_html(drawn_now) == parse_html(drawn_then)
