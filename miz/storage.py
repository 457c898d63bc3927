"""Where uploaded and generated files live: local disk by default, an S3 bucket when configured.

Read by `miz.settings` (and by the tests, so they run the production configuration). Everything
that stores a file goes through Django's storage API (`default_storage` or a `FileField`), so
the choice is made here once (docs/operations.md "Files: local disk or object storage",
docs/decisions/0061).

Environment:
- `MIZ_S3_BUCKET`: set → the default storage is django-storages' `S3Storage` on that bucket;
  unset → `FileSystemStorage` under MEDIA_ROOT, which ties the files to one web node.
- `MIZ_S3_ENDPOINT_URL` (optional: MinIO, Ceph or any S3-compatible server; path-style addressing
  is used with it), `MIZ_S3_ACCESS_KEY_ID`, `MIZ_S3_SECRET_ACCESS_KEY` (unset → boto3's own chain:
  AWS_* variables, instance role), `MIZ_S3_REGION` (default `us-east-1`).

Objects are written with no ACL (the bucket's own, private) and never linked to: every file is
streamed by an access-checked view. `url()` still signs, for one minute only, should anything call
it.
"""

from collections.abc import Mapping

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"


def default_storage_from(env: Mapping[str, str]) -> dict:
    """The `STORAGES["default"]` entry that `env` (os.environ) asks for."""
    bucket = (env.get("MIZ_S3_BUCKET") or "").strip()
    if not bucket:
        return dict(FILESYSTEM)
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": s3_options(
            bucket=bucket,
            endpoint_url=(env.get("MIZ_S3_ENDPOINT_URL") or "").strip() or None,
            access_key=env.get("MIZ_S3_ACCESS_KEY_ID") or None,
            secret_key=env.get("MIZ_S3_SECRET_ACCESS_KEY") or None,
            region=(env.get("MIZ_S3_REGION") or "").strip() or "us-east-1",
        ),
    }


def s3_options(
    *, bucket: str, endpoint_url: str | None, access_key: str | None, secret_key: str | None, region: str
) -> dict:
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config

    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region,
        # No ACL on the objects: the bucket's (private). Nothing is public.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Every name we write is random (desk) or owned by one row (counters): no HEAD before each
        # PUT to look for a free name, so a stored file costs one request.
        "file_overwrite": True,
        # A file read back is buffered in memory up to 5 MB, then in a temporary file.
        "max_memory_size": 5 * 1024 * 1024,
        "client_config": Config(
            signature_version="s3v4",
            # A private endpoint (MinIO at http://10.0.0.5:9000) has no per-bucket host names.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            # S3-compatible servers differ on the CRC checksums botocore now sends by default; the
            # row keeps the file's SHA-256, checked whenever the file is used again.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
        # Our files are at most a few MB: one PUT, in the request's own thread.
        "transfer_config": TransferConfig(use_threads=False, multipart_threshold=64 * 1024 * 1024),
    }
