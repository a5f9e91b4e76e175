"""The Atom feeds, read back by feedparser (an independent parser) and checked for the elements
Atom requires: the feed's and every entry's id, title, updated, link, and an author."""

from datetime import date, datetime, timezone

import feedparser
import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import translation

from cameramap.cameras.models import Area
from cameramap.datasets.models import DatasetRelease
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def square(west, south, east, north) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


def parsed(client, path: str, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    for key in ("id", "title", "updated", "link"):
        assert feed.feed.get(key), key
    assert feed.feed.author_detail.name
    for entry in feed.entries:
        for key in ("id", "title", "updated", "link", "summary"):
            assert entry.get(key), key
    return feed


@pytest.fixture
def cameras():
    north = Area.objects.create(name="Палилула", slug="palilula", boundary=square(20.46, 44.80, 20.52, 44.83))
    old = camera_make(verified_on=date(2026, 3, 1), area=north, operator="Градска управа")
    new = camera_make(verified_on=date(2026, 5, 2), operator_type="police")
    imported = camera_make(source="osm", osm_type="node", osm_id=1, area=north)  # never verified
    hidden = camera_make(verified_on=date(2026, 6, 1), published=False)
    return {"old": old, "new": new, "imported": imported, "hidden": hidden, "area": north}


def test_city_feed_lists_newly_verified_cameras_newest_first(client, cameras):
    feed = parsed(client, "/feeds/cameras.atom")
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/cameras/{cameras['new'].id}/", f"http://testserver/cameras/{cameras['old'].id}/"]
    assert feed.entries[0].updated.startswith("2026-05-02")
    assert feed.feed.updated.startswith("2026-05-02")
    assert "Градска управа" in feed.entries[1].title and "Палилула" in feed.entries[1].summary


def test_district_feed_has_only_its_cameras(client, cameras):
    feed = parsed(client, "/feeds/areas/palilula.atom")
    assert [entry.link for entry in feed.entries] == [f"http://testserver/cameras/{cameras['old'].id}/"]
    assert "Палилула" in feed.feed.title
    assert client.get("/feeds/areas/nowhere.atom").status_code == 404


def test_feeds_are_translated(client, cameras):
    with translation.override("sr"):
        feed = parsed(client, "/feeds/cameras.atom", HTTP_ACCEPT_LANGUAGE="sr")
    assert "Камера" in feed.entries[0].title
    assert "Волонтери су је проверили 2026-05-02" in feed.entries[0].summary


def test_an_empty_feed_is_still_valid(client):
    assert parsed(client, "/feeds/cameras.atom").entries == []


def test_releases_feed_links_each_ready_release_on_the_data_page(client):
    DatasetRelease.objects.create(version="2026.05.01", status="ready", licence="ODbL-1.0",
                                  counts={"cameras": 1200, "verified": 200, "imported": 1000},
                                  finished_at=datetime(2026, 5, 1, 3, tzinfo=timezone.utc))
    DatasetRelease.objects.create(version="2026.05.02", status="building", licence="ODbL-1.0")
    feed = parsed(client, "/feeds/releases.atom")
    assert [entry.link for entry in feed.entries] == ["http://testserver/data/?release=2026.05.01#release-2026.05.01"]
    assert "2026.05.01" in feed.entries[0].title and "1,200" in feed.entries[0].summary
    assert 'id="release-2026.05.01"' in client.get("/data/").content.decode()


def test_pages_link_their_feeds(client, cameras):
    for path in ("/", "/data/", f"/cameras/{cameras['old'].id}/"):
        html = client.get(path).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" href="/feeds/cameras.atom"' in html, path
    camera_page = client.get(f"/cameras/{cameras['old'].id}/").content.decode()
    assert 'href="/feeds/areas/palilula.atom"' in camera_page
