"""The capture page as served: phone inputs, tap choices with "don't know", the kinds of report
that come from a camera page, and no file from anywhere but our own server."""

import json
import re

import pytest

from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def page_config(response) -> dict:
    match = re.search(r'<script id="submit-config" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_capture_page_offers_the_phone_camera_and_the_gallery(client):
    response = client.get("/submit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<input[^>]*type="file"[^>]*id="photo-camera"[^>]*accept="image/\*"[^>]*capture="environment"', page)
    assert re.search(r'<input[^>]*type="file"[^>]*id="photo-files"[^>]*multiple', page)
    assert '<input type="hidden" name="kind" value="new">' in page
    assert 'id="submit-map"' in page and 'id="direction-add"' in page and 'id="direction-clear"' in page


def test_every_choice_defaults_to_dont_know(client):
    page = client.get("/submit/").content.decode()
    for field in ("camera_type", "mount", "operator_type", "facial_recognition", "sign_present", "height", "surveillance", "zone"):
        checked = re.search(rf'name="{field}" value="([^"]*)" checked', page)
        assert checked, field
        label = re.search(rf'name="{field}" value="{re.escape(checked.group(1))}" checked><span>([^<]*)</span>', page).group(1)
        assert label == "don&#x27;t know", field
    assert re.search(r'name="surveillance_type" value="camera" checked', page)


def test_page_config_names_the_api_limits_and_tiles(client, settings):
    config = page_config(client.get("/submit/"))
    assert config["api"] == "/api/v1/reports/"
    assert config["maxPhotos"] == settings.PHOTOS_PER_REPORT and config["maxBytes"] == settings.PHOTO_MAX_BYTES
    assert config["tileUrl"] == settings.TILE_URL and config["camera"] is None and config["kind"] == "new"


def test_scripts_and_styles_come_from_our_own_static_files(client):
    page = client.get("/submit/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert "/static/leaflet/leaflet.js" in sources
    assert "/static/vendor/exifr/exifr.lite.umd.js" in sources and "/static/cameramap/submit.js" in sources
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize("kind", ["confirm", "correct", "gone"])
def test_camera_page_links_open_the_form_for_that_camera(client, kind):
    camera = camera_make(lon=20.4601, lat=44.8102, mount="pole", operator_type="police", directions=[90])
    response = client.get("/submit/", {"camera": camera.pk, "kind": kind})
    page = response.content.decode()
    assert f'<input type="hidden" name="camera" value="{camera.pk}">' in page
    assert re.search(rf'name="kind" value="{kind}" checked', page)
    assert f"kind-{kind}" in page
    config = page_config(response)
    assert config["camera"] == {"id": camera.pk, "lat": 44.8102, "lon": 20.4601, "directions": [90]}
    assert config["kind"] == kind


def test_correcting_a_camera_starts_from_what_we_know_of_it(client):
    camera = camera_make(mount="pole", operator_type="police", manufacturer="Dahua", height=6)
    page = client.get("/submit/", {"camera": camera.pk, "kind": "correct"}).content.decode()
    assert re.search(r'name="mount" value="pole" checked', page)
    assert re.search(r'name="operator_type" value="police" checked', page)
    assert re.search(r'name="manufacturer"[^>]*value="Dahua"', page)
    assert re.search(r'name="height" value="5" checked', page)  # the nearest choice to 6 m


def test_a_camera_merged_twice_opens_the_form_for_the_camera_that_absorbed_it(client):
    survivor = camera_make(lon=20.4601, lat=44.8102, directions=[90])
    middle = camera_make(published=False, merged_into=survivor)
    first = camera_make(published=False)
    first.merged_into = middle  # merged before ``middle`` was merged in its turn
    first.save(update_fields=["merged_into"])

    response = client.get("/submit/", {"camera": first.pk, "kind": "confirm"})

    assert f'<input type="hidden" name="camera" value="{survivor.pk}">' in response.content.decode()
    assert page_config(response)["camera"]["id"] == survivor.pk


def test_unknown_or_hidden_camera_falls_back_to_a_new_report_with_a_notice(client):
    hidden = camera_make(published=False)
    for camera_id in ("999999", str(hidden.pk), "not-a-number"):
        page = client.get("/submit/", {"camera": camera_id, "kind": "gone"}).content.decode()
        assert '<input type="hidden" name="kind" value="new">' in page
        assert "That camera is not on the map" in page


def test_the_site_navigation_leads_to_the_capture_page(client):
    page = client.get("/").content.decode()
    assert '<a href="/submit/">Add a camera</a>' in page
