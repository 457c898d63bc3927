"""A throw-away S3-compatible server for tests and benchmarks (moto's, in a thread of this process)
and the `MIZ_S3_*` environment that points Miz at a bucket on it, read by the same
`miz.storage.default_storage_from` as production settings."""

import socket
import uuid

ACCESS_KEY = "miz-test-key"
SECRET_KEY = "miz-test-secret"  # noqa: S105 - moto accepts any key
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    """moto's S3 server on a free local port; `bucket()` creates an empty private bucket."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.client = self.new_client()

    def new_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def bucket(self, name: str = "") -> str:
        name = name or f"miz-{uuid.uuid4().hex[:20]}"
        self.client.create_bucket(Bucket=name)
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """The environment a Miz node is given to keep its files in `bucket`."""
        return {
            "MIZ_S3_BUCKET": bucket,
            "MIZ_S3_ENDPOINT_URL": self.endpoint_url,
            "MIZ_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MIZ_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "MIZ_S3_REGION": REGION,
        }

    def keys(self, bucket: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def body(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def stop(self) -> None:
        self._server.stop()
