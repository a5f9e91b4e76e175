"""The camera page /cameras/{id}/: facts, photos, actions, Open Graph card, merges."""

import re
from datetime import date

import pytest

from cameramap.cameras.models import Photo
from tests.factories import camera_make
from tests.factories import published_photo as make_published_photo

pytestmark = pytest.mark.django_db


def published_photo(camera, source, **fields) -> Photo:
    return make_published_photo(camera, source, notes="seen from the bus stop", **fields)


def test_camera_page_shows_facts_photos_and_actions(client, fixture_path):
    camera = camera_make(operator="Grad Beograd", operator_type="city", confirmations=3, directions=[90, 270],
                         first_seen=date(2025, 11, 2), last_confirmed=date(2026, 1, 10), model="DS-2CD2143")
    photo = published_photo(camera, fixture_path("photos", "jpg_gps_DSCN0010.jpg"))
    published_photo(camera, fixture_path("photos", "jpg_gps_DSCN0012.jpg"), status="pending")

    response = client.get(f"/cameras/{camera.id}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Grad Beograd" in html and "DS-2CD2143" in html
    assert '<dd data-testid="sightings">3</dd>' in html
    assert '<time datetime="2025-11-02">' in html and '<time datetime="2026-01-10">' in html
    assert "90°, 270°" in html
    assert html.count('class="photo-link"') == 1
    assert f'href="{photo.image.url}"' in html and f'src="{photo.thumbnail.url}"' in html
    for kind in ("confirm", "gone", "correct"):
        assert f'href="/submit/?camera={camera.id}&amp;kind={kind}"' in html
    assert "seen from the bus stop" not in html  # report notes are private
    assert "<script>" not in html.split('id="map-config"')[0].split("</head>")[1]  # no inline code in the body


def test_camera_page_has_an_open_graph_card(client, fixture_path):
    camera = camera_make(operator="Grad Beograd", operator_type="city")
    photo = published_photo(camera, fixture_path("photos", "jpg_gps_DSCN0021.jpg"))

    html = client.get(f"/cameras/{camera.id}/").content.decode()

    assert f'<meta property="og:url" content="http://testserver/cameras/{camera.id}/">' in html
    assert f'<meta property="og:image" content="http://testserver{photo.image.url}">' in html
    assert re.search(r'<meta property="og:title" content="Camera #\d+ · Grad Beograd">', html)
    assert '<meta property="og:description" content="Operator: city.' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_merged_camera_page_redirects_permanently(client):
    survivor = camera_make()
    merged = camera_make(merged_into=survivor)

    response = client.get(f"/cameras/{merged.id}/")

    assert response.status_code == 301
    assert response["Location"] == f"/cameras/{survivor.id}/"


def test_unpublished_camera_page_is_404(client):
    assert client.get(f"/cameras/{camera_make(published=False).id}/").status_code == 404
    assert client.get("/cameras/987654/").status_code == 404


def test_map_page_hands_its_settings_to_the_script_as_data(client, settings):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script id="map-config" type="application/json">' in html
    assert '"tileUrl": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "/static/leaflet/leaflet.js" in html and "/static/vendor/pbf/pbf.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    # Every script is a file or data: nothing for a Content-Security-Policy to refuse.
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_camera_page_shows_the_photos_in_a_browser(live_server, fixture_path, new_page):
    camera = camera_make(operator="Grad Beograd", camera_type="dome")
    for name in ("jpg_gps_DSCN0010.jpg", "jpg_mobile_HMD_Nokia_8.3_5G.jpg"):
        published_photo(camera, fixture_path("photos", name))

    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cameras/{camera.id}/")

    thumbnails = page.locator(".photo-list img")
    assert thumbnails.count() == 2
    page.wait_for_function("[...document.querySelectorAll('.photo-list img')].every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("document.querySelector('.photo-list img').naturalWidth") == 320
    page.locator(f'#camera-map .cam-marker[data-camera-id="{camera.id}"]').wait_for()
    assert page.locator("#camera-map path.cam-cone").count() == 1  # a dome: a circle
    assert page.get_by_role("link", name="I saw it too").get_attribute("href") == f"/submit/?camera={camera.id}&kind=confirm"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_navigation():
        thumbnails.first.click()
    assert page.url.endswith(".jpg")
    assert page.errors == []
