"""A real S3 API server on loopback (moto's standalone server, a process of its own) and the
site's storages pointed at it, as ``MEDIA_STORAGE=s3`` configures them in production."""

import importlib.util
import os
import shutil
import subprocess
import sys
import urllib.request

import environ
import pytest

from cameramap.settings.storage import media_origins, storages_from_env
from tests.conftest import wait_for
from tests.stack import free_port

PUBLIC_BUCKET, PRIVATE_BUCKET = "cameramap-media", "cameramap-private"
SIGNED_SECONDS = 60


class S3Server:
    """moto_server bound to 127.0.0.1 on a free port, stopped by the fixture that started it."""

    def __init__(self, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        server = shutil.which("moto_server", path=os.path.dirname(sys.executable)) or "moto_server"
        self.process = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self.log_path.open("wb"), stderr=subprocess.STDOUT)
        wait_for(self._answers, timeout=60)

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    if importlib.util.find_spec("moto") is None:
        pytest.skip("needs moto's S3 server: pip install -r requirements-test.txt (moto[server])")
    server = S3Server(tmp_path_factory.mktemp("s3") / "moto.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_env(s3_server, monkeypatch) -> dict:
    """The environment an operator sets for object storage (docs/operations.md#object-storage)."""
    values = {
        "MEDIA_STORAGE": "s3", "S3_ENDPOINT_URL": s3_server.endpoint, "S3_REGION": "eu-central-1",
        "S3_BUCKET": PUBLIC_BUCKET, "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "S3_ACCESS_KEY_ID": "cameramap-test", "S3_SECRET_ACCESS_KEY": "cameramap-test-secret",
        "S3_SIGNED_URL_SECONDS": str(SIGNED_SECONDS),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def s3_client(s3_env):
    import boto3

    return boto3.client("s3", endpoint_url=s3_env["S3_ENDPOINT_URL"], region_name=s3_env["S3_REGION"],
                        aws_access_key_id=s3_env["S3_ACCESS_KEY_ID"], aws_secret_access_key=s3_env["S3_SECRET_ACCESS_KEY"])


@pytest.fixture
def object_storage(s3_env, s3_client, settings):
    """Fresh, empty buckets and the site's STORAGES read from the environment above."""
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        try:
            listed = s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])
            for entry in listed:
                s3_client.delete_object(Bucket=bucket, Key=entry["Key"])
        except s3_client.exceptions.NoSuchBucket:
            s3_client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": s3_env["S3_REGION"]})
    settings.STORAGES = storages_from_env(environ.Env())
    settings.MEDIA_ORIGINS = media_origins(settings.STORAGES)
    yield settings.STORAGES


def keys(s3_client, bucket: str) -> list[str]:
    return sorted(entry["Key"] for entry in s3_client.list_objects_v2(Bucket=bucket).get("Contents", []))


def fetch(url: str) -> tuple[int, dict, bytes]:
    """GET as anyone on the internet: no credentials, no cookie."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
