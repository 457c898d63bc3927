"""The documents of a counter-office file show their sizes in Persian (no «2.0 KB»)."""

import re

from django.urls import reverse

from core.tests.test_file_sizes import LATIN_SIZE


def test_the_file_shows_document_sizes_in_persian(client, submitted, holder):
    client.force_login(holder)
    html = client.get(reverse("counters:declaration", args=[submitted.pk])).content.decode()
    sizes = re.findall(r"\(([^()<]*(?:بایت|KB|MB|bytes)[^()<]*)\)", html)
    assert sizes and len(sizes) == submitted.documents.count()
    for size in sizes:
        assert re.fullmatch(r"[۰-۹]+(٫[۰-۹])? (بایت|کیلوبایت|مگابایت)", size.replace("\xa0", " ")), size
        assert not LATIN_SIZE.search(size)
