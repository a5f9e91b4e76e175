"""MAP_TILES: what the map page and the embed hand their script (web/map_tiles.py), and the page's
word on where the cameras come from."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from cameramap.datasets.releases import release_build, release_start
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def map_config(response) -> dict:
    html, tag = response.content.decode(), '<script id="map-config" type="application/json">'
    start = html.index(tag) + len(tag)
    return json.loads(html[start:html.index("</script>", start)])


@pytest.fixture
def release(db):
    camera_make()
    return release_build(release_start().id)


def test_live_tiles_by_default_and_no_reader_loaded(client, release):
    response = client.get("/")
    assert map_config(response)["pmtiles"] is None
    assert "vendor/pmtiles/pmtiles.js" not in response.content.decode()
    assert 'data-testid="map-source"' not in response.content.decode()


def test_pmtiles_before_any_release_stays_live(client, settings):
    settings.MAP_TILES = "pmtiles"
    assert map_config(client.get("/"))["pmtiles"] is None


@pytest.mark.parametrize("path", ["/", "/embed/"])
def test_pmtiles_points_the_map_and_the_embed_at_the_latest_release_file(client, settings, release, path):
    settings.MAP_TILES = "pmtiles"
    response = client.get(path)
    source = map_config(response)["pmtiles"]
    assert source["url"] == f"/api/v1/datasets/{release.version}/cameras.pmtiles"
    assert source["version"] == release.version
    assert source["maxZoom"] == 16 and source["singlesZoom"] == 16
    assert "vendor/pmtiles/pmtiles.js" in response.content.decode()
    assert client.get(source["url"], HTTP_RANGE="bytes=0-6").content == b"PMTiles"


def test_the_map_page_says_which_filters_are_drawn_live(client, settings, release):
    settings.MAP_TILES = "pmtiles"
    html = client.get("/").content.decode()
    assert 'data-testid="map-source"' in html and release.version in html
    assert "how we know, type, operator, facial recognition, status, added since" in html


def test_the_file_can_be_served_from_elsewhere(client, settings, release):
    settings.MAP_TILES = "pmtiles"
    settings.MAP_PMTILES_URL = "https://cdn.example.org/{path}?v={version}"
    source = map_config(client.get("/"))["pmtiles"]
    assert source["url"] == (f"https://cdn.example.org/{release.files['cameras.pmtiles']['path']}"
                             f"?v={release.version}")


def test_single_cameras_past_the_file_keep_close_up_live(client, settings, release):
    settings.MAP_TILES = "pmtiles"
    settings.TILE_CLUSTER_MAX_ZOOM = 17
    assert map_config(client.get("/"))["pmtiles"]["singlesZoom"] is None


def test_an_unknown_map_tiles_value_stops_the_start():
    env = {**os.environ, "MAP_TILES": "vector", "DJANGO_SETTINGS_MODULE": "cameramap.settings.base"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                            text=True, cwd=django_settings.BASE_DIR, timeout=60)
    assert result.returncode != 0
    assert "MAP_TILES must be live or pmtiles, not 'vector'" in result.stderr
