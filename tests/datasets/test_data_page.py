"""/data/: downloads, releases with a running build's progress, statistics table and charts; every
figure saying whether it counts cameras verified by volunteers or imported ones."""

import re

import pytest
from django.contrib.gis.geos import Point

from cameramap.cameras.models import Camera
from cameramap.datasets.releases import release_build, release_start

pytestmark = pytest.mark.django_db


def test_data_page_shows_releases_downloads_and_statistics(client, sample):
    ready = release_build(release_start().id)
    building = release_start()
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Latest release <strong>{ready.version}</strong>" in page
    assert f"/api/v1/datasets/{ready.version}/cameras.gpkg" in page and ready.files["cameras.gpkg"]["sha256"] in page
    assert f'data-release-progress="/api/v1/datasets/{building.version}/"' in page  # the running build
    assert "Стари град" in page and "/api/v1/areas/stats.csv" in page
    assert page.count("<svg") == 2 and "<script>" not in page  # charts drawn on the server, no inline script
    assert 'src="/static/cameramap/data.js"' in page
    assert '<a href="/data/" aria-current="page">Data</a>' in page  # the header's link, marked as this page


def test_download_form_sends_to_the_api_with_the_filters(client, sample):
    response = client.get("/data/download/", {"format": "kml", "area": "stari-grad", "operator_type": "", "status": "present"})
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/datasets/latest/cameras.kml?area=stari-grad&status=present"


def test_download_form_keeps_every_value_of_a_repeated_filter(client, sample):
    response = client.get("/data/download/?format=csv&operator_type=police&operator_type=city&operator_type=")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/datasets/latest/cameras.csv?operator_type=police&operator_type=city"


def test_download_form_shows_bad_filters(client, sample):
    response = client.get("/data/download/", {"format": "pdf", "bbox": "1,2"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<strong>format</strong>" in page and "<strong>bbox</strong>" in page


def test_admin_shows_build_progress_and_a_build_button(client, moderator, sample, django_capture_on_commit_callbacks, monkeypatch):
    from cameramap.datasets import tasks

    sent = []
    monkeypatch.setattr(tasks.dataset_release_build, "delay", lambda release_id: sent.append(release_id))
    client.force_login(moderator)
    page = client.get("/admin/datasets/datasetrelease/").content.decode()
    assert "Build a release now" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/datasets/datasetrelease/build/")
    assert response.status_code == 302
    page = client.get("/admin/datasets/datasetrelease/").content.decode()
    assert len(sent) == 1 and '<progress max="100" value="0">' in page


def test_every_figure_says_whether_it_counts_verified_or_imported_cameras(client, sample):
    # The sample's cameras on the street: two crowd cameras a moderator accepted, two imported
    # from OpenStreetMap (one of them covered); three of the four in Стари град.
    page = client.get("/data/").content.decode()

    assert "Every verified camera" not in page
    assert '<strong class="figure">4</strong>' in page and "cameras present or covered" in page
    assert '<span class="swatch verified" aria-hidden="true"></span>2</strong>' in page
    assert '<span class="swatch imported" aria-hidden="true"></span>2</strong>' in page
    assert "imported, not yet verified:\n      2 from OpenStreetMap" in page
    # The district's row: all cameras, then verified, then imported.
    # (the district's name, then its links: map, feed, share)
    assert re.search(r">Стари град</a>(?:(?!</th>).)*</th><td>3</td>\s*<td>1</td><td>2</td>", page, re.S)
    assert re.search(r"<th scope=\"row\">City</th><td>4</td><td>2</td><td>2</td>", page)
    assert "Cameras per km²: verified by volunteers and imported" in page
    assert page.count('<rect class="verified"') >= 1 and page.count('<rect class="imported"') >= 1
    # The monthly chart counts verified cameras only, and says so.
    assert "by the month of their first sighting a moderator accepted" in page
    assert "Imported cameras are not counted until a volunteer's sighting verifies them" in page


def test_the_page_offers_downloads_of_the_verified_cameras_only(client, sample):
    page = client.get("/data/").content.decode()
    for fmt in ("csv", "geojson", "gpkg", "kml", "osm"):
        assert f'href="/api/v1/datasets/latest/cameras.{fmt}?verified=true"' in page, fmt
    assert '<select name="verified">' in page and '<option value="false">imported only, not yet verified</option>' in page
    response = client.get("/data/download/", {"format": "geojson", "verified": "true"})
    assert response["Location"] == "/api/v1/datasets/latest/cameras.geojson?verified=true"
    assert client.get("/data/download/", {"format": "csv", "verified": "perhaps"}).status_code == 400


def test_releases_say_how_many_of_their_cameras_are_verified_and_split_their_changes(client, sample):
    release_build(release_start().id)
    page = client.get("/data/").content.decode()

    assert "4 cameras in its files\n     — 2 verified by volunteers, 2 imported." in page
    assert "Added: 2 verified, 2 imported." in page
    assert "Removed cameras are in the files too, with their status." in page


@pytest.mark.parametrize(("accept", "written"), [("en", "1,003"), ("sr", "1.003"), ("sr-Latn", "1.003")])
def test_figures_are_grouped_by_thousands_in_the_page_language(client, sample, accept, written):
    Camera.objects.bulk_create(
        Camera(location=Point(x=20.3 + i * 1e-4, y=44.7, srid=4326), published=True, source="osm") for i in range(999)
    )
    page = client.get("/data/", headers={"accept-language": accept}).content.decode()
    assert f'<strong class="figure">{written}</strong>' in page  # 4 + 999 on the street
    assert f'<span class="swatch imported" aria-hidden="true"></span>1{written[1]}001</strong>' in page


def test_a_release_from_before_the_split_claims_no_split(client, sample):
    from django.utils import timezone

    from cameramap.datasets.models import DatasetRelease

    DatasetRelease.objects.create(
        version="2026.01.01", status="ready", finished_at=timezone.now(), licence="ODbL-1.0",
        counts={"cameras": 4, "by_source": {"crowd": 2, "osm": 2}, "osm_linked": 2},
        changelog={"previous": None, "counts": {"added": 4, "removed": 0, "changed": 0}, "added": [1], "removed": [],
                   "changed": []},
        attribution="Cameras mapped and verified by cameramap volunteers.",
    )
    page = client.get("/data/").content.decode()

    assert "4 cameras in its files." in page and "in its files\n     — " not in page
    assert "Cameras mapped and verified" not in page  # the old release's claim is not repeated
    assert re.search(r"<td>4</td>\s*<td>–</td>\s*<td>–</td>", page)  # verified and imported: not known
