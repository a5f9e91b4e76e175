"""A release's files answer HTTP range requests: the map's PMTiles reader fetches cameras.pmtiles
a few kilobytes at a time. Read back here by the ``pmtiles`` package's reader through nothing but
range requests to the endpoint."""

import gzip

import mapbox_vector_tile
import pytest
from django.core.files.storage import default_storage
from pmtiles.reader import Reader

from cameramap.datasets.releases import release_build, release_start
from tests.api.test_tiles import tile_of
from tests.datasets.conftest import _fresh_cache, sample, square  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(sample):
    built = release_build(release_start().id)
    with default_storage.open(built.files["cameras.pmtiles"]["path"], "rb") as handle:
        body = handle.read()
    return {"release": built, "body": body, "url": f"/api/v1/datasets/{built.version}/cameras.pmtiles"}


def test_a_range_is_answered_206_with_those_bytes(client, release):
    response = client.get(release["url"], HTTP_RANGE="bytes=0-126")
    size = len(release["body"])
    assert response.status_code == 206
    assert response.content == release["body"][:127]
    assert response["Content-Range"] == f"bytes 0-126/{size}" and response["Content-Length"] == "127"
    assert response["Content-Type"] == "application/vnd.pmtiles"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{release["release"].files["cameras.pmtiles"]["sha256"]}"'


@pytest.mark.parametrize("header, part", [
    ("bytes=100-", slice(100, None)), ("bytes=-10", slice(-10, None)), ("bytes=5-5", slice(5, 6)),
    ("bytes=20-999999999", slice(20, None)),
])
def test_open_suffix_and_clipped_ranges(client, release, header, part):
    response = client.get(release["url"], HTTP_RANGE=header)
    assert response.status_code == 206 and response.content == release["body"][part]


@pytest.mark.parametrize("header", ["bytes=0-5,10-20", "bytes=abc", "lines=1-2", "bytes=-"])
def test_anything_but_one_byte_range_gets_the_whole_file(client, release, header):
    response = client.get(release["url"], HTTP_RANGE=header)
    assert response.status_code == 200 and b"".join(response.streaming_content) == release["body"]


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=10-5", "bytes=-0"])
def test_a_range_outside_the_file_is_416(client, release, header):
    response = client.get(release["url"], HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(release['body'])}"


def test_without_a_range_the_whole_file_says_ranges_are_accepted(client, release):
    response = client.get(release["url"])
    assert response.status_code == 200 and response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == release["body"]


def test_the_pmtiles_reader_reads_the_file_through_range_requests_alone(client, release, sample):
    asked = []

    def get_bytes(offset, length):
        asked.append(length)
        response = client.get(release["url"], HTTP_RANGE=f"bytes={offset}-{offset + length - 1}")
        assert response.status_code == 206
        return response.content

    reader = Reader(get_bytes)
    assert reader.header()["max_zoom"] == 16
    a = sample["a"].location
    x, y = tile_of(16, a.x, a.y)
    layers = mapbox_vector_tile.decode(gzip.decompress(reader.get(16, x, y)))
    assert sample["a"].id in {f["properties"]["id"] for f in layers["cameras"]["features"]}
    assert max(asked) < len(release["body"])  # never the whole file


def test_the_file_is_public_for_a_day_and_the_same_in_every_language(client, release):
    """A shared cache keeps one copy of the file for every reader (deploy/nginx.conf answers the
    map's ranges from it): no Vary, and kept a day, since a release's file never changes."""
    for language in ("en", "sr"):
        response = client.get(release["url"], HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200 and not response.has_header("Vary")
        assert response["Cache-Control"].startswith("public, max-age=86400")
    latest = client.get("/api/v1/datasets/latest/cameras.pmtiles")  # changes with the next release
    assert "max-age=86400" not in latest.get("Cache-Control", "")
