"""A request's steps, history and messages drawn in Python (`desk.templatetags.desk_request`) are
the markup the template drew, for every kind of row: each step status, a step held by a unit, by an
outside party or by no one, with and without the staff's view; an event with or without a step,
a detail, an actor and an address; a message from the applicant, from staff, an internal note,
one asking for more, with files or none, with and without an author; and no messages at all."""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from desk.selectors.history import STEP_STATUS_LABELS, StepsProgress
from desk.templatetags.desk_request import message_rows, step_rows, timeline_rows

# The rows as `desk/_status.html` and `desk/detail.html` drew them before the tags.
TEMPLATE_STEPS = Template(
    """{% for row in steps %}
  <li class="list-group-item step-{{ row.status }}{% if row.status == 'current' %} active{% elif row.status == 'done' %} list-group-item-success{% elif row.status == 'stopped' %} list-group-item-danger{% elif row.status == 'skipped' %} text-body-secondary{% endif %}">{% if row.status == 'done' %}<span aria-hidden="true">✓ </span>{% elif row.status == 'stopped' %}<span aria-hidden="true">✕ </span>{% endif %}{{ row.step.title }}
    <span class="small">({{ row.label }}؛ مهلت {{ row.step.target_working_days|fa_digits }} روز کاری)</span>{% if show_actor %}{% if row.step.is_external %} <span class="small step-holder">· {{ row.step.external_party }}</span>{% elif row.step.responsible_unit %} <span class="small step-holder">· {{ row.step.responsible_unit }}</span>{% endif %}{% endif %}</li>
  {% endfor %}"""  # noqa: E501
)
TEMPLATE_TIMELINE = Template(
    """{% for row in timeline %}
  <li class="mb-1"><span class="text-muted small">{{ row.event.at|jalali_datetime }}</span> — {{ row.label }}{% if row.step_title %} ({{ row.step_title }}){% endif %}{% if row.detail %} <span class="small event-detail">→ {{ row.detail }}</span>{% endif %}{% if show_actor and row.event.actor %} <span class="small text-muted">· {{ row.event.actor.get_full_name }}{% if row.event.ip %} · <span dir="ltr">{{ row.event.ip }}</span>{% endif %}</span>{% endif %}</li>
  {% endfor %}"""  # noqa: E501
)
TEMPLATE_MESSAGES = Template(
    """{% for m in messages_list %}
      <div class="border rounded p-2 mb-2 {% if m.internal %}bg-warning-subtle message-internal{% elif m.from_staff %}bg-light message-staff{% else %}message-applicant{% endif %}">
        <div class="small text-muted">{{ m.created_at|jalali_datetime }} — {% if m.internal %}یادداشت داخلی {{ m.author.get_full_name }}{% elif m.from_staff %}کارشناس{% if is_staff_reader %} ({{ m.author.get_full_name }}){% endif %}{% else %}متقاضی{% endif %}{% if m.asks_for_more %} · درخواست مدرک یا توضیح{% endif %}</div>
        <div class="message-body miz-pre-line">{{ m.body }}</div>
        {% for d in m.files %}<div><a href="{% url 'desk:document' d.pk %}" class="attachment">{{ d.original_name }}</a></div>{% endfor %}
      </div>
      {% empty %}<p class="text-muted">پیامی نیست.</p>{% endfor %}"""  # noqa: E501
)

AT = timezone.make_aware(dt.datetime(2026, 3, 10, 14, 5))


class Person(SimpleNamespace):
    def get_full_name(self) -> str:
        return self.name


def same(drawn_then, drawn_now) -> bool:
    return parse_html(str(drawn_now)) == parse_html(drawn_then)


def test_every_kind_of_step_is_drawn_as_the_template_drew_it():
    holders = {
        "unit": {"is_external": False, "external_party": "", "responsible_unit": "اداره کل <یکم>"},
        "outside": {
            "is_external": True,
            "external_party": "آزمایشگاه «همکار» & شرکا",
            "responsible_unit": None,
        },
        "no one": {"is_external": False, "external_party": "", "responsible_unit": None},
        "outside, unnamed": {"is_external": True, "external_party": "", "responsible_unit": "اداره کل <یکم>"},
    }
    compared = 0
    for status, holder, days, show_actor in itertools.product(
        STEP_STATUS_LABELS, holders, (3, None), (False, True)
    ):
        step = SimpleNamespace(title="بررسی <مدارک>", target_working_days=days, **holders[holder])
        steps = StepsProgress(rows=[{"step": step, "status": status, "label": STEP_STATUS_LABELS[status]}])
        drawn_then = TEMPLATE_STEPS.render(Context({"steps": steps, "show_actor": show_actor}))
        assert same(drawn_then, step_rows(steps, show_actor)), (status, holder, days, show_actor)
        compared += 1
    assert compared == len(STEP_STATUS_LABELS) * 4 * 2 * 2


def test_every_kind_of_event_is_drawn_as_the_template_drew_it():
    actors = (None, Person(name="مریم <کاظمی>"))
    compared = 0
    for step_title, detail, actor, ip, show_actor in itertools.product(
        ("", "گام «دوم»"), ("", "اداره کل تهران & البرز"), actors, (None, "", "2001:db8::1"), (False, True)
    ):
        event = SimpleNamespace(at=AT, actor=actor, ip=ip)
        timeline = [{"event": event, "label": "پذیرش <درخواست>", "step_title": step_title, "detail": detail}]
        drawn_then = TEMPLATE_TIMELINE.render(Context({"timeline": timeline, "show_actor": show_actor}))
        assert same(drawn_then, timeline_rows(timeline, show_actor)), (
            step_title,
            detail,
            actor,
            ip,
            show_actor,
        )
        compared += 1
    assert compared == 2 * 2 * 2 * 3 * 2


@pytest.mark.django_db
def test_every_kind_of_message_is_drawn_as_the_template_drew_it():
    files = (
        [],
        [
            SimpleNamespace(pk=7, original_name="نامه <۱>.pdf"),
            SimpleNamespace(pk=81, original_name="a&b.png"),
        ],
    )
    compared = 0
    for internal, from_staff, asks, attached, author, reader in itertools.product(
        (False, True), (False, True), (False, True), files, (None, Person(name="علی & رضا")), (False, True)
    ):
        m = SimpleNamespace(
            internal=internal,
            from_staff=from_staff,
            asks_for_more=asks,
            author=author,
            created_at=AT,
            body="سلام <script>alert(1)</script>\nخط دوم",
            files=attached,
        )
        drawn_then = TEMPLATE_MESSAGES.render(Context({"messages_list": [m], "is_staff_reader": reader}))
        drawn_now = message_rows([m], reader)
        assert same(drawn_then, drawn_now), (internal, from_staff, asks, attached, author, reader)
        compared += 1
    assert compared == 2 * 2 * 2 * 2 * 2 * 2
    assert "&lt;script&gt;" in drawn_now and "<script>" not in drawn_now
    assert reverse("desk:document", args=[81]) in drawn_now
    assert same(TEMPLATE_MESSAGES.render(Context({"messages_list": []})), message_rows([], True))


def test_a_request_page_and_tracking_show_the_rows(client, expert, submit, applicant):
    """The tags in their pages: the staff page lists the steps, the history with who did it and
    the messages; public tracking the steps and history, naming no one."""
    request = submit()
    client.force_login(expert)
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert 'id="steps"' in page and 'class="list-group-item step-' in page
    assert 'id="timeline"' in page and '<li class="mb-1">' in page
    assert "پیامی نیست." in page
    client.logout()
    found = client.post(
        reverse("desk:track"), {"code": request.tracking_code, "identifier": applicant.national_code}
    )
    text = found.content.decode()
    assert 'class="list-group-item step-' in text and '<li class="mb-1">' in text
    assert "step-holder" not in text and applicant.get_full_name() not in text.split('id="timeline"')[1]
