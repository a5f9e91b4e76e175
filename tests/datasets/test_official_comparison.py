"""Declared versus found outside the official app: the section of /data/, the comparison's files
in a dataset release, and a dossier asked for with an official list."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from cameramap.datasets import tasks
from cameramap.datasets.dossiers import dossier_html
from cameramap.datasets.models import Dossier
from cameramap.datasets.releases import release_build, release_start
from tests.factories import camera_make
from tests.official.conftest import compared  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _read(release, name: str) -> bytes:
    with default_storage.open(release.files[name]["path"], "rb") as handle:
        return handle.read()


def test_the_data_page_has_a_section_per_list_with_districts_sentence_chart_and_downloads(client, compared):
    official_list = compared["list"]
    page = client.get(reverse("datasets:data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="declared"' in page and "MUP 2021" in page
    assert ("In Stari grad 3 cameras are on our map (2 verified by our volunteers); the list published by Ministry on "
            "March 20, 2021 declares 4 locations there; 1 of them was found") in page
    assert page.count('data-testid="official-district"') == 1
    assert f'href="/api/v1/official-lists/{official_list.pk}/comparison.csv"' in page
    assert f'href="/api/v1/official-lists/{official_list.pk}/comparison.geojson"' in page
    assert f'href="/?area=stari-grad&amp;official={official_list.pk}"' in page
    assert '<rect class="found"' in page and '<rect class="not-declared"' in page
    assert "a" * 64 in page  # the imported file's SHA-256
    assert reverse("official:list", args=[official_list.pk]) not in page  # the review page: moderators only


def test_moderators_get_the_link_to_check_the_probable_pairs(client, compared, moderator):
    client.force_login(moderator)
    page = client.get(reverse("datasets:data")).content.decode()
    assert reverse("official:list", args=[compared["list"].pk]) in page


def test_the_section_is_translated(client, compared):
    client.cookies["django_language"] = "sr"
    page = client.get(reverse("datasets:data")).content.decode()
    assert "Пријављено наспрам пронађеног" in page
    assert "У Stari grad 3 камере су на нашој мапи" in page


def test_a_release_holds_each_lists_comparison_with_its_checksum(compared):
    release = release_build(release_start().id)
    pk = compared["list"].pk
    names = {f"official-list-{pk}-comparison.csv", f"official-list-{pk}-comparison.geojson"}
    assert names <= set(release.files)
    for name in names:
        body = _read(release, name)
        assert hashlib.sha256(body).hexdigest() == release.files[name]["sha256"] and len(body) == release.files[name]["size"]
    rows = list(csv.DictReader(io.StringIO(_read(release, f"official-list-{pk}-comparison.csv").decode())))
    assert [r["status"] for r in rows] == ["matched", "probable", "not_found", "unlocated", "not_declared"]
    package = json.loads(_read(release, "datapackage.json"))
    resources = {r["path"]: r for r in package["resources"]}
    resource = resources[f"official-list-{pk}-comparison.csv"]
    assert resource["hash"] == f"sha256:{release.files[f'official-list-{pk}-comparison.csv']['sha256']}"
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    assert resources[f"official-list-{pk}-comparison.geojson"]["mediatype"] == "application/geo+json"
    with zipfile.ZipFile(io.BytesIO(_read(release, f"cameramap-{release.version}.zip"))) as archive:
        assert f"cameramap-{release.version}/official-list-{pk}-comparison.geojson" in archive.namelist()


def test_a_dossier_asked_with_a_list_carries_its_comparison(compared, moderator_api, monkeypatch):
    official_list = compared["list"]
    sent = []
    monkeypatch.setattr(tasks.dossier_build, "delay", sent.append)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = moderator_api.post(reverse("api-dossier-list"),
                                      {"area": "stari-grad", "language": "en", "official_list": official_list.pk}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["official_list"] == official_list.pk and sent == [response.json()["id"]]
    tasks.dossier_build(sent[0])
    dossier = Dossier.objects.get(id=sent[0])
    assert dossier.status == "ready", dossier.error
    with open(_private_path(dossier), "rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "Declared versus found" in text and "MUP 2021" in text
    assert "declares 3 locations there" in " ".join(text.split())


def _private_path(dossier) -> str:
    from cameramap.cameras.storage import private_storage

    return private_storage.path(dossier.path)


def test_a_city_dossier_compares_the_whole_list_and_one_without_a_list_does_not(compared):
    with_list = Dossier.objects.create(language="en", official_list=compared["list"])
    html = dossier_html(with_list)
    assert 'id="declared-declared">4<' in html and 'id="declared-not-declared">1<' in html
    assert 'id="declared"' not in dossier_html(Dossier.objects.create(language="en"))


def test_an_unknown_list_is_refused_and_nothing_is_stored(compared, moderator_api):
    response = moderator_api.post(reverse("api-dossier-list"), {"language": "en", "official_list": 999999}, format="json")
    assert response.status_code == 404 and "official_list" in response.json()  # names nothing, as ?official_list= does
    assert not Dossier.objects.exists()


def test_the_data_page_form_offers_the_lists(client, compared, moderator, monkeypatch):
    client.force_login(moderator)
    page = client.get(reverse("datasets:data")).content.decode()
    assert f'<option value="{compared["list"].pk}">' in page
    monkeypatch.setattr(tasks.dossier_build, "delay", lambda dossier_id: None)
    response = client.post(reverse("datasets:dossier-create"),
                           {"language": "en", "visibility": "public", "official_list": compared["list"].pk})
    assert response.status_code == 302
    assert Dossier.objects.get().official_list == compared["list"]


def test_the_sections_figures_are_cached_until_a_camera_or_a_pair_changes(client, compared):
    from cameramap.official import figures

    first = client.get(reverse("datasets:data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 camera on the street is not on the list." in first
    calls = []
    real = figures.list_figures
    with pytest.MonkeyPatch.context() as patch:  # read again: served from the cache
        patch.setattr("cameramap.datasets.official_section.list_figures", lambda ol: calls.append(ol) or real(ol))
        again = client.get(reverse("datasets:data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert calls == [] and "1 camera on the street is not on the list." in again
    camera_make(lon=20.4573, lat=44.8176 + 0.005, area=compared["district"])  # in the district, on no list
    page = client.get(reverse("datasets:data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 cameras on the street are not on the list." in page  # a new camera: figures computed again
