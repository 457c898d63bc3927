"""Issue 13, «Persian everywhere», in the administrator's back office: what the admin itself says on
every list page (the breadcrumbs, the title, the column headings, the filters) and on the index
(each app's and model's name) is Persian, third-party apps included (django-auditlog and
django-tasks-db ship no Persian: `locale/fa` and `core.apps.TasksDatabaseConfig` give it). The
records' own data may hold Latin (a service's «ISO/IEC 17025»); codes shown are in `<code>`."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Latin words the admin may say: abbreviations a Persian reader uses as they are.
ALLOWED = {"API", "CRON", "SMS", "IP", "PDF", "URL", "HMAC", "JSON", "CSV", "OPEN311", "SLA"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")


class Labels(HTMLParser):
    """The text of the page's labels: the breadcrumbs, headings, table captions and headings, and
    the filter side bar, less anything inside `<code>`."""

    LABELS = {"h1", "h2", "h3", "caption", "th"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        inside = bool(self.stack and self.stack[-1][1])
        label = inside or tag in self.LABELS or "breadcrumbs" in classes
        self.stack.append((tag, label and tag != "code"))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and data.strip():
            self.text.append(data.strip())


def latin_words(html: str) -> list[str]:
    parser = Labels()
    parser.feed(html)
    words = LATIN_WORD.findall(" ".join(parser.text))
    return sorted({word for word in words if word.upper() not in ALLOWED})


def test_the_label_scanner_finds_latin_outside_code():
    html = (
        '<div class="breadcrumbs"><a>Task Results</a></div><th>نام <code>task_name</code></th><td>Ready</td>'
    )
    assert latin_words(html) == ["Results", "Task"]


@pytest.fixture
def superuser_client(client, make_user):
    user = make_user(role="administrator")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_every_admin_list_and_the_index_speak_persian(superuser_client):
    from django_tasks_db.models import DBTaskResult

    from notifications.tasks import send_notification

    send_notification.enqueue(0)  # a job row, so the jobs' list shows its columns and state
    assert DBTaskResult.objects.exists()
    pages = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    found = {}
    for url in pages:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        words = latin_words(response.content.decode())
        if words:
            found[url] = words
    assert found == {}
    jobs = superuser_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist")
    ).content.decode()
    assert "کارهای پس‌زمینه" in jobs and "آماده" in jobs and "send_notification" in jobs
