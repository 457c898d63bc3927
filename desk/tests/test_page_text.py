"""What a browser check of the demo found on the desk's pages (December 2026): the form answers
on a request's page in Latin digits, the queue's «only mine» box apart from its label."""

import re

from django.urls import reverse


def test_the_request_page_shows_the_form_answers_in_persian_digits(client, applicant, submit):
    req = submit(form_data={"product_name": "شیر 250 گرمی"})
    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[req.tracking_code])).content.decode()
    assert "شیر ۲۵۰ گرمی" in page
    assert "250" not in re.search(r'<dl class="row small">.*?</dl>', page, re.S).group(0)


def test_the_queues_only_mine_filter_is_a_checkbox_beside_its_label(client, expert, submit):
    submit()
    client.force_login(expert)
    page = client.get(reverse("desk:queue")).content.decode()
    box = re.search(r'<div class="form-check mb-2">(.*?)</div>', page, re.S)
    assert box is not None, "the «mine» filter is not a form-check"
    assert 'type="checkbox"' in box.group(1) and 'name="mine"' in box.group(1)
    label = '<label class="form-check-label small" for="id_mine">فقط ارجاع‌شده به من</label>'
    assert label in box.group(1)
