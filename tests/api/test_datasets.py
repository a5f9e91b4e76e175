"""The datasets API: releases, their files, and /datasets/latest/cameras.{fmt} with filters."""

import csv
import hashlib
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse

from cameramap.datasets.releases import release_build, release_start
from tests.datasets.conftest import _fresh_cache, sample, square  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def ids_in_csv(response) -> list[int]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(body.decode()))]


def test_latest_is_built_live_before_the_first_release(client, sample):
    response = client.get("/api/v1/datasets/latest/cameras.csv")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["X-Dataset-Version"] == "live"
    assert ids_in_csv(response) == sorted(c.id for c in (sample["a"], sample["b"], sample["c"], sample["way"]))


def test_latest_serves_the_release_file_once_one_exists(client, sample):
    release = release_build(release_start().id)
    response = client.get("/api/v1/datasets/latest/cameras.geojson")
    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert response["X-Dataset-Version"] == release.version
    assert f'filename="cameramap-cameras-{release.version}.geojson"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == release.files["cameras.geojson"]["sha256"] == response["X-Content-SHA256"]


@pytest.mark.parametrize(
    "query, expected",
    [("bbox=20.45,44.81,20.46,44.82", ["a"]),
     ("area=stari-grad", ["a", "b", "way"]),
     ("operator_type=police", ["a"]),
     ("surveillance_type=ALPR,camera&status=covered", ["b"]),
     ("source=osm", ["b", "way"]),
     ("camera_type=unknown", ["b", "c", "way"]),
     ("operator=mup", ["a"]),
     ("first_seen_after=2026-01-10&first_seen_before=2026-01-10", ["a", "b", "c", "way"])],
)
def test_filters_choose_the_cameras(client, sample, query, expected):
    release_build(release_start().id)  # filters always read live data, release or not
    response = client.get(f"/api/v1/datasets/latest/cameras.csv?{query}")
    assert response.status_code == 200 and response["X-Dataset-Version"] == "live"
    assert ids_in_csv(response) == sorted(sample[name].id for name in expected)


def test_area_filter_by_id(client, sample):
    response = client.get(f"/api/v1/datasets/latest/cameras.csv?area={sample['area'].id}")
    assert ids_in_csv(response) == sorted(sample[n].id for n in ("a", "b", "way"))


@pytest.mark.parametrize(
    "query, field, message",
    [("bbox=20,44,19,45", "bbox", "The box is inverted or empty"),
     ("bbox=a,b,c,d", "bbox", "Give four numbers"),
     ("bbox=20,44,21", "bbox", "Give four numbers"),
     ("bbox=20,44,181,45", "bbox", "Longitudes must be within -180..180"),
     ("bbox=nan,44,21,45", "bbox", "finite numbers"),
     ("operator_type=police,army", "operator_type", "“army” is not one of"),
     ("first_seen_after=yesterday", "first_seen_after", "Enter a valid date"),
     ("colour=red", "colour", "Unknown filter")],
)
def test_bad_filters_are_a_400_naming_the_field(client, sample, query, field, message):
    response = client.get(f"/api/v1/datasets/latest/cameras.geojson?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [field] and message in response.json()[field][0]


def test_unknown_format_is_a_404(client):
    response = client.get("/api/v1/datasets/latest/cameras.xlsx")
    assert response.status_code == 404 and "Unknown format" in response.json()["detail"]


def test_releases_are_listed_with_files_checksums_and_changelog(client, sample):
    first = release_build(release_start().id)
    running = release_start()
    response = client.get("/api/v1/datasets/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    listed = {r["version"]: r for r in body["results"]}
    assert listed[running.version]["status"] == "building" and listed[running.version]["progress"] == 0
    ready = listed[first.version]
    assert ready["status"] == "ready" and ready["counts"]["cameras"] == 4 and ready["checksum"] == first.checksum
    files = {f["name"]: f for f in ready["files"]}
    assert files["cameras.csv"]["sha256"] == first.files["cameras.csv"]["sha256"]
    assert files["cameras.csv"]["url"] == f"http://testserver/api/v1/datasets/{first.version}/cameras.csv"
    assert ready["changelog"]["counts"] == {"added": 4, "removed": 0, "changed": 0}


def test_one_release_and_one_of_its_files(client, sample):
    release = release_build(release_start().id)
    detail = client.get(f"/api/v1/datasets/{release.version}/")
    assert detail.status_code == 200 and detail.json()["version"] == release.version
    assert client.get("/api/v1/datasets/latest/").json()["version"] == release.version
    file = client.get(f"/api/v1/datasets/{release.version}/datapackage.json")
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"{")
    assert client.get(f"/api/v1/datasets/{release.version}/secrets.txt").status_code == 404
    assert client.get("/api/v1/datasets/1999.01.01/").status_code == 404
