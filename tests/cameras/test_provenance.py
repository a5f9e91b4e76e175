"""How we know a camera: verified once a moderator accepted a sighting by our volunteers, imported
while it comes only from an outside source; first_seen and last_confirmed what a source attests,
never the day of an import; and the API, filters and statistics that say which is which."""

import json
from datetime import date, datetime, timezone

import pytest
from rest_framework.test import APIClient

from cameramap.cameras.models import Camera
from cameramap.datasets.osm_import import cameras_import
from cameramap.datasets.osm_readers import read_osm
from cameramap.datasets.osm_tags import osm_date
from cameramap.datasets.statistics import statistics
from cameramap.moderation.services import report_approve, report_attach
from tests.factories import camera_make, report_make
from tests.moderation.conftest import photo_make  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def osm_file(tmp_path, *elements):
    path = tmp_path / "cameras.json"
    path.write_text(json.dumps({"elements": [
        {"type": "node", "lat": 44.81, "lon": 20.46 + i / 1000, "tags": {"man_made": "surveillance"}, **element}
        for i, element in enumerate(elements)
    ]}))
    return path


def test_an_import_dates_cameras_by_what_osm_attests_never_by_the_import(tmp_path):
    cameras_import(read_osm(osm_file(
        tmp_path,
        {"id": 1, "tags": {"man_made": "surveillance", "check_date": "2021-05-17", "survey:date": "2019"}},
        {"id": 2, "timestamp": "2023-03-04T10:00:00Z"},
        {"id": 3},
    )))

    dates = {c.osm_id: (c.first_seen, c.last_confirmed) for c in Camera.objects.all()}
    assert dates == {1: (date(2019, 1, 1), date(2021, 5, 17)), 2: (date(2023, 3, 4), date(2023, 3, 4)), 3: (None, None)}
    assert all(c.imported_at is not None and not c.verified for c in Camera.objects.all())


@pytest.mark.parametrize("value, day", [("2021-05-17", date(2021, 5, 17)), ("2021-05", date(2021, 5, 1)),
                                        ("2021", date(2021, 1, 1)), ("2021-02-30", None), ("last spring", None), ("", None)])
def test_osm_dates_are_read_as_osm_writes_them(value, day):
    assert osm_date(value) == day


def test_a_volunteers_new_camera_is_verified_on_the_day_the_photo_was_taken(moderator, photo_make):
    report = report_make()
    photo = photo_make(report)
    photo.exif_taken_at = datetime(2026, 2, 3, 9, 30, tzinfo=timezone.utc)
    photo.save(update_fields=["exif_taken_at"])

    camera = report_approve(report=report, moderator=moderator)

    assert camera.verified and camera.verified_on == date(2026, 2, 3)
    assert (camera.first_seen, camera.last_confirmed) == (date(2026, 2, 3), date(2026, 2, 3))


def test_a_volunteers_sighting_of_an_imported_camera_verifies_it(moderator):
    imported = camera_make(source="osm", osm_type="node", osm_id=7, first_seen=None, last_confirmed=None)
    assert not imported.verified

    report_attach(report=report_make(), camera=imported, moderator=moderator)

    imported.refresh_from_db()
    assert imported.verified and imported.verified_on == imported.first_seen == imported.last_confirmed
    assert imported.source == "osm"  # where it came from does not change; how we know it does


def test_the_api_says_which_and_filters_by_it_everywhere(client):
    verified = camera_make()
    imported = camera_make(lon=20.4574, source="osm", osm_type="node", osm_id=8, first_seen=None, last_confirmed=None)
    api = APIClient()

    features = {f["id"]: f["properties"] for f in api.get("/api/v1/cameras/").json()["features"]}
    assert (features[verified.pk]["verified"], features[verified.pk]["verified_on"]) == (True, "2026-01-10")
    assert features[imported.pk]["verified"] is False
    assert (features[imported.pk]["verified_on"], features[imported.pk]["first_seen"]) == (None, None)
    detail = api.get(f"/api/v1/cameras/{imported.pk}/").json()["properties"]
    assert (detail["verified"], detail["verified_on"], detail["last_confirmed"]) == (False, None, None)

    for value, expected in (("true", [verified.pk]), ("false", [imported.pk])):
        listed = [f["id"] for f in api.get("/api/v1/cameras/", {"verified": value}).json()["features"]]
        assert listed == expected
        assert api.get("/api/v1/cameras/count/", {"verified": value}).json() == {"count": 1}
        download = client.get("/api/v1/datasets/latest/cameras.csv", {"verified": value})
        assert b"".join(download.streaming_content if download.streaming else [download.content]).count(b"\n") == 2
    assert api.get("/api/v1/tiles/0/0/0.mvt", {"verified": "maybe"}).status_code == 400


def test_statistics_split_every_count_into_verified_and_imported():
    camera_make()
    camera_make(lon=20.4574)
    camera_make(lon=20.4575, source="osm", osm_type="node", osm_id=9, first_seen=None, last_confirmed=None)

    city = statistics()["city"]

    assert (city["cameras"], city["verified"], city["imported"]) == (3, 2, 1)


def test_the_map_headline_names_each_source_and_groups_thousands_in_each_language():
    from django.utils import translation

    from cameramap.web.views import counts_summary

    counts = {"cameras": 1757 + 1200 + 3, "verified": 3, "imported": 2957, "imported_osm": 1754,
              "imported_official": 1203, "imported_crowd": 0, "pending_reports": 0}
    with translation.override("en"):
        assert counts_summary(counts) == ("2,960 cameras: 3 verified by volunteers, 1,754 imported from OpenStreetMap, "
                                          "1,203 imported from official lists")
    with translation.override("sr"):
        text = counts_summary(counts)
        assert text.startswith("2.960 камер") and "1.754" in text and "OpenStreetMap" in text
    with translation.override("sr-latn"):
        assert counts_summary(counts).startswith("2.960 kamer")


def test_the_map_and_the_camera_page_say_how_we_know(client):
    verified = camera_make()
    imported = camera_make(lon=20.4574, source="osm", osm_type="node", osm_id=123, first_seen=None, last_confirmed=None)

    summary = client.get("/").content.decode()
    assert "2 cameras: 1 verified by volunteers, 1 imported from OpenStreetMap</p>" in summary

    page = client.get(f"/cameras/{imported.pk}/").content.decode()
    assert "Imported from OpenStreetMap (node 123), not yet seen by our volunteers." in page
    assert f'href="/submit/?camera={imported.pk}&amp;kind=confirm">Seen it? Confirm it.' in page
    assert "no source says" in page
    page = client.get(f"/cameras/{verified.pk}/").content.decode()
    assert "Verified: our volunteers saw it, first on" in page and "Seen it? Confirm it." not in page
