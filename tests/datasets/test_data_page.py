"""/data/: downloads, releases with a running build's progress, statistics table and charts."""

import pytest

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
