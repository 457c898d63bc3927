"""A counter office's scans in an S3 bucket (MIZ_S3_*, moto's server): uploaded through the wizard,
shown to the holder and the region's expert through the access-checked view, refused to another
office, replaced without leaving the old scan behind, and never linked to."""

import pytest
from django.urls import reverse

from counters.tests.conftest import JPEG, PDF, upload

pytestmark = pytest.mark.django_db


def stream(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_scan_goes_to_the_bucket_and_back_to_its_holder_only(
    django_capture_on_commit_callbacks, client, declaration, holder, make_office, object_storage
):
    server, bucket = object_storage
    client.force_login(holder)
    step = reverse("counters:step", args=[declaration.pk, "documents"])
    response = client.post(step, {"kind": "signboard", "file": upload("sign.jpg", JPEG)})
    assert response.status_code == 302
    document = declaration.documents.get()
    assert server.keys(bucket) == [document.file.name]
    assert server.body(bucket, document.file.name) == JPEG
    grants = server.client.get_object_acl(Bucket=bucket, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]

    url = reverse("counters:document", args=[declaration.pk, document.pk])
    shown = client.get(url)
    assert shown.status_code == 200 and stream(shown) == JPEG
    assert shown["Content-Type"] == "image/jpeg" and shown["X-Content-Type-Options"] == "nosniff"
    page = client.get(step).content.decode()
    assert url in page
    for leak in (server.endpoint_url, bucket, "X-Amz-", document.file.name):
        assert leak not in page
    client.force_login(make_office().licence.holder)
    assert client.get(url).status_code == 403

    # A replacement is a new object; the old one is deleted once the change is committed.
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step, {"kind": "signboard", "file": upload("sign.pdf", PDF)})
    replaced = declaration.documents.get()
    assert server.keys(bucket) == [replaced.file.name] and replaced.file.name != document.file.name
    assert stream(client.get(reverse("counters:document", args=[declaration.pk, replaced.pk]))) == PDF


def test_the_region_expert_reads_a_submitted_files_scans_from_the_bucket(
    object_storage, client, submitted, expert, make_expert
):
    from orgs.models import Region

    server, bucket = object_storage
    documents = list(submitted.documents.all())
    assert documents and server.keys(bucket) == sorted(d.file.name for d in documents)
    client.force_login(expert)
    review = client.get(reverse("counters:review", args=[submitted.pk])).content.decode()
    for document in documents:
        url = reverse("counters:document", args=[submitted.pk, document.pk])
        assert url in review
        shown = client.get(url)
        assert shown.status_code == 200 and stream(shown) == server.body(bucket, document.file.name)
    for leak in (server.endpoint_url, bucket, "X-Amz-"):
        assert leak not in review
    client.force_login(make_expert(Region.objects.exclude(pk=submitted.office.province.region_id).first()))
    assert client.get(reverse("counters:document", args=[submitted.pk, documents[0].pk])).status_code == 403
