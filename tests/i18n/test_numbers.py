"""Serbian writes 1.234,5 where English writes 1,234.5: numbers people read follow the page's
language, numbers machines read (SVG geometry, URLs) never do."""

import re

import pytest
from django.core.cache import cache

from tests.datasets.conftest import sample  # noqa: F401
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # statistics are cached per language-independent key
    yield
    cache.clear()


@pytest.mark.parametrize("accept", ["sr", "sr-Latn", "en"])
def test_chart_geometry_is_plain_numbers_in_every_language(client, sample, accept):  # noqa: F811
    response = client.get("/data/", headers={"accept-language": accept})

    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    geometry = re.findall(r'\b(?:x|y|dx|width|height|x1|x2|y1|y2)="([^"]*)"', "".join(svgs))
    assert geometry and all(re.fullmatch(r"-?\d+(\.\d+)?|100%", value) for value in geometry), geometry
    assert any("." in value for value in geometry)  # fractions are there, written with a point


def test_numbers_people_read_follow_the_language(client, sample):  # noqa: F811
    serbian = client.get("/data/", headers={"accept-language": "sr"}).content.decode()
    english = client.get("/data/", headers={"accept-language": "en"}).content.decode()

    # Стари град: 4 cameras on its area; the chart's value label is a decimal.
    value_sr = re.search(r'<text class="value"[^>]*>&#8201;([^<]+)</text>', serbian).group(1)
    value_en = re.search(r'<text class="value"[^>]*>&#8201;([^<]+)</text>', english).group(1)
    assert "," in value_sr and "." not in value_sr
    assert "." in value_en and "," not in value_en
    assert value_sr.replace(",", ".") == value_en


def test_camera_page_link_to_the_map_keeps_a_decimal_point(client):
    camera = camera_make(lon=20.4573, lat=44.8176, height=4.5)
    html = client.get(f"/cameras/{camera.id}/", headers={"accept-language": "sr"}).content.decode()

    assert "/?z=18&amp;lat=44.817600&amp;lon=20.457300" in html
    assert "4,5 m" in html  # the height, as a Serbian reader writes it
