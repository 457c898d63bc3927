"""The desk's files in an S3 bucket (MIZ_S3_*, moto's server): uploads, message attachments and the
generated certificate round-trip through the access-checked views, strangers are refused, no page
names the bucket, and a second node reads what the first one stored."""

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from core.testing_s3 import ACCESS_KEY
from desk import services, uploads
from desk.models import Document, Response, ServiceRequest
from desk.tests.factories import PDF_BYTES, pdf_file

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_nothing_public(html: str, server, bucket: str) -> None:
    """A page never links to the store: no endpoint, bucket, signature or key."""
    for leak in (
        server.endpoint_url,
        f"127.0.0.1:{server.port}",
        bucket,
        "X-Amz-",
        "AWSAccessKeyId",
        ACCESS_KEY,
    ):
        assert leak not in html, leak


def assert_private(server, bucket: str, key: str) -> None:
    grants = server.client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)


def test_settings_choose_the_bucket_from_the_environment():
    from miz.storage import default_storage_from

    assert default_storage_from({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert default_storage_from({"MIZ_S3_BUCKET": " "})["BACKEND"].endswith("FileSystemStorage")
    s3 = default_storage_from({"MIZ_S3_BUCKET": "miz-files", "MIZ_S3_ENDPOINT_URL": "http://10.0.0.5:9000"})
    options = s3["OPTIONS"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "miz-files" and options["region_name"] == "us-east-1"
    assert options["default_acl"] is None and options["querystring_expire"] <= 60
    assert options["client_config"].s3 == {"addressing_style": "path"}
    aws = default_storage_from({"MIZ_S3_BUCKET": "b", "MIZ_S3_REGION": "eu-west-1"})["OPTIONS"]
    assert aws["endpoint_url"] is None and aws["access_key"] is None and aws["region_name"] == "eu-west-1"


def test_an_online_application_stores_its_document_in_the_bucket_and_serves_it_to_its_owner_only(
    client, applicant, other_applicant, expert, other_expert, service, object_storage
):
    server, bucket = object_storage
    client.force_login(applicant)
    document_field = f"document_{service.documents.get(required=True).pk}"
    response = client.post(
        reverse("desk:apply", args=[service.service_id]),
        {"idempotency_key": "s3-1", "product_name": "شیر", document_field: pdf_file("report.pdf")},
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    document = request.documents.get()
    key = f"private/desk/{document.stored_name}"
    assert server.keys(bucket) == [key]
    assert server.body(bucket, key) == PDF_BYTES
    assert_private(server, bucket, key)
    assert not (Path(django_settings.MEDIA_ROOT) / key).exists()  # nothing on this node's disk

    url = reverse("desk:document", args=[document.pk])
    for user in (applicant, expert):
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200 and body(download) == PDF_BYTES
        assert (
            download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
        )
        assert download["Content-Disposition"].startswith("attachment")
        page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
        assert url in page
        assert_nothing_public(page, server, bucket)
    for user in (other_applicant, other_expert):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_message_attachment_goes_to_the_bucket_and_back(client, submit, expert, applicant, object_storage):
    server, bucket = object_storage
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    client.force_login(applicant)
    client.post(
        reverse("desk:message", args=[request.tracking_code]),
        {"body": "پیوست", "attachment": pdf_file("licence.pdf")},
    )
    attachment = Document.objects.get(kind=Document.Kind.ATTACHMENT)
    assert f"private/desk/{attachment.stored_name}" in server.keys(bucket)
    client.force_login(expert)
    download = client.get(reverse("desk:document", args=[attachment.pk]))
    assert download.status_code == 200 and body(download) == PDF_BYTES


def test_the_generated_certificate_is_kept_in_the_bucket_and_downloaded_by_the_applicant(
    client, submit, expert, applicant, other_applicant, object_storage
):
    server, bucket = object_storage
    request = submit()
    for name in ("accept", "start_review", "advance", "approve"):
        services.transition(request=request, name=name, user=expert)
    client.force_login(expert)
    client.post(reverse("desk:response", args=[request.tracking_code]), {"text": "پروانه صادر شد."})
    response = Response.objects.get()
    key = f"private/desk/{response.document.stored_name}"
    stored = server.body(bucket, key)
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == response.document.sha256
    assert_private(server, bucket, key)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored)).pages)
    assert response.verification_token in text.replace("\n", "")

    download_url = reverse("desk:download_response", args=[request.tracking_code])
    client.force_login(other_applicant)
    assert client.get(download_url).status_code == 404
    client.force_login(applicant)
    download = client.get(download_url)
    assert download.status_code == 200 and body(download) == stored
    assert_nothing_public(
        client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode(), server, bucket
    )


def test_an_earlier_file_is_read_back_from_the_bucket_to_be_reused(
    client, applicant, unit, submit, object_storage
):
    from desk.tests.factories import make_service

    server, bucket = object_storage
    earlier = submit().documents.get()
    second = make_service([unit], title="خدمت دیگر")
    document = second.documents.get(required=True)
    client.force_login(applicant)
    response = client.post(
        reverse("desk:apply", args=[second.service_id]),
        {"idempotency_key": "reuse", "product_name": "شیر", f"reuse_{document.pk}": str(earlier.pk)},
    )
    assert response.status_code == 302
    copy = ServiceRequest.objects.get(service=second).documents.get()
    assert copy.stored_name != earlier.stored_name
    assert server.body(bucket, f"private/desk/{copy.stored_name}") == PDF_BYTES


def test_a_file_missing_from_the_bucket_is_a_404_not_an_error(client, submit, applicant, object_storage):
    server, bucket = object_storage
    document = submit().documents.get()
    server.client.delete_object(Bucket=bucket, Key=f"private/desk/{document.stored_name}")
    client.force_login(applicant)
    assert client.get(reverse("desk:document", args=[document.pk])).status_code == 404


def test_orphans_in_the_bucket_are_deleted_and_kept_files_stay(submit, object_storage):
    server, bucket = object_storage
    kept = f"private/desk/{submit().documents.get().stored_name}"
    orphan = "private/desk/2020/01/" + "0" * 32 + ".pdf"
    server.client.put_object(Bucket=bucket, Key=orphan, Body=PDF_BYTES)
    server.client.put_object(Bucket=bucket, Key="elsewhere/not-the-desk.pdf", Body=PDF_BYTES)
    out = io.StringIO()
    call_command("desk_orphan_files", stdout=out)  # both are younger than an hour
    assert "0 orphan" in out.getvalue()
    call_command("desk_orphan_files", "--min-age", "0", stdout=out)
    assert "1 orphan" in out.getvalue()
    assert server.keys(bucket) == sorted([kept, "elsewhere/not-the-desk.pdf"])


SECOND_NODE = """
import hashlib, sys
import django
django.setup()
from django.core.files.storage import default_storage
from desk import uploads
digest = hashlib.sha256(uploads.read(sys.argv[1])).hexdigest()
print(type(default_storage._wrapped).__name__, digest)
"""


def test_a_file_stored_by_one_node_is_read_by_another_node(submit, object_storage, tmp_path):
    """Node B is another process with its own disk, configured only by the MIZ_S3_* variables."""
    server, bucket = object_storage
    document = submit().documents.get()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MIZ_S3_", "DATABASE_URL", "REDIS_URL"))},
        **server.env(bucket),
        "DJANGO_SETTINGS_MODULE": "miz.settings",
        "DEBUG": "1",
        "MIZ_VAR_DIR": str(tmp_path / "node-b"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SECOND_NODE, document.stored_name],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    backend, digest = result.stdout.split()[-2:]
    assert digest == document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert backend == "S3Storage"


def test_two_nodes_on_local_disks_do_not_share_files_but_two_on_one_bucket_do(
    settings, tmp_path, object_storage
):
    """Why local disk means one web node: node B's disk does not have node A's file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from storages.backends.s3 import S3Storage

    node_a, node_b = FileSystemStorage(location=tmp_path / "a"), FileSystemStorage(location=tmp_path / "b")
    name = node_a.save("private/desk/x.pdf", ContentFile(PDF_BYTES))
    assert not node_b.exists(name)
    options = settings.STORAGES["default"]["OPTIONS"]
    bucket_a, bucket_b = S3Storage(**options), S3Storage(**options)
    name = bucket_a.save("private/desk/y.pdf", ContentFile(PDF_BYTES))
    with bucket_b.open(name, "rb") as handle:
        assert handle.read() == PDF_BYTES
    assert default_storage.exists(name)  # the node's configured storage is that bucket too


def test_a_stored_name_cannot_leave_the_desk_folder():
    from django.core.exceptions import ValidationError

    for bad in ("../counters/1/1/signboard.jpg", "/etc/passwd", "2026/01/../../../x", ""):
        with pytest.raises(ValidationError):
            uploads.storage_name(bad)
    assert uploads.storage_name("2026/01/abc.pdf") == "private/desk/2026/01/abc.pdf"
