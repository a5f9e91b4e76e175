"""Share cards: the district's picture drawn on the server, and the Open Graph / Twitter tags of
/data/ for a district, a release and the page; a camera without a photo shows its district."""

import io
from datetime import date, datetime, timezone

import pytest
from PIL import Image

from cameramap.datasets.models import DatasetRelease
from cameramap.datasets.share_image import BACKGROUND, FILL, HEIGHT, IMPORTED, VERIFIED, WIDTH, district_png
from tests.factories import camera_make

from .conftest import square

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    from cameramap.cameras.models import Area

    area = Area.objects.create(name="Стари град", slug="stari-grad", boundary=square(20.44, 44.80, 20.48, 44.83))
    camera_make(lon=20.45, lat=44.81, area=area, verified_on=date(2026, 1, 2))
    camera_make(lon=20.47, lat=44.82, area=area, source="osm", osm_type="node", osm_id=7)
    return area


def colours(png: bytes) -> set:
    image = Image.open(io.BytesIO(png))
    return {colour for _count, colour in image.getcolors(maxcolors=WIDTH * HEIGHT)}


def test_district_image_is_a_cacheable_png_of_the_district_and_its_cameras(client, district):
    response = client.get("/data/areas/stari-grad.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT) == (1200, 630)
    drawn = colours(response.content)
    assert {BACKGROUND, FILL, VERIFIED, IMPORTED} <= drawn
    # The verified camera's dot sits where its coordinates put it: left of centre, below the middle.
    pixels = image.convert("RGB")
    assert any(pixels.getpixel((x, y)) == VERIFIED for x in range(WIDTH // 2 - 200, WIDTH // 2) for y in range(HEIGHT // 2, HEIGHT))
    assert client.get("/data/areas/nowhere.png").status_code == 404


def test_district_png_without_boundary_is_blank_not_an_error():
    assert colours(district_png([], [])) == {BACKGROUND}


def test_district_card(client, district):
    html = client.get("/data/?area=stari-grad").content.decode()
    assert '<meta property="og:title" content="Surveillance cameras in Стари град">' in html
    assert '<meta property="og:image" content="http://testserver/data/areas/stari-grad.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "2 cameras on the street: 1 verified by volunteers, 1 imported." in html
    assert 'href="/feeds/areas/stari-grad.atom"' in html


def test_release_card_and_page_card(client):
    DatasetRelease.objects.create(version="2026.05.01", status="ready", licence="ODbL-1.0", counts={"cameras": 3},
                                  finished_at=datetime(2026, 5, 1, tzinfo=timezone.utc))
    html = client.get("/data/?release=2026.05.01").content.decode()
    assert '<meta property="og:title" content="Camera data release 2026.05.01">' in html
    assert '<meta property="og:description" content="3 cameras in its files.">' in html
    html = client.get("/data/?release=nope&area=nope").content.decode()
    assert '<meta property="og:title" content="Data: downloads and statistics">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_camera_without_photo_shares_its_district(client, district):
    camera = district.cameras.first()
    html = client.get(f"/cameras/{camera.id}/").content.decode()
    assert '<meta property="og:image" content="http://testserver/data/areas/stari-grad.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
