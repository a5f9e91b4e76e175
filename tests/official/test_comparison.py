"""The comparison to download (/api/v1/official-lists/{id}/comparison.csv|.geojson), the sentence
for the press, and the entries of the map's view (bbox)."""

import csv
import io
import json

import pytest
from django.utils import translation

from cameramap.official.models import OfficialEntry
from cameramap.official.press import area_comparison, comparison

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_csv_has_every_entry_then_every_camera_not_declared_with_the_lists_provenance(client, compared):
    official_list = compared["list"]
    OfficialEntry.objects.filter(official_list=official_list, ref="D").update(address='=HYPERLINK("http://evil","x")')
    response = client.get(f"/api/v1/official-lists/{official_list.pk}/comparison.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="official-list-{official_list.pk}-comparison.csv"'
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert [(r["kind"], r["status"], r["entry_ref"], r["camera_id"]) for r in rows] == [
        ("entry", "matched", "A", str(compared["found"].pk)),
        ("entry", "probable", "B", str(compared["probable"].pk)),
        ("entry", "not_found", "C", ""),
        ("entry", "unlocated", "D", ""),
        ("camera", "not_declared", "", str(compared["extra"].pk)),
    ]
    found, probable, unlocated, extra = rows[0], rows[1], rows[3], rows[4]
    assert found["camera_verified"] == "true" and probable["camera_verified"] == "false"
    assert float(probable["distance_m"]) == pytest.approx(20, abs=0.5) and probable["district"] == "Stari grad"
    assert unlocated["entry_address"] == "'=HYPERLINK(\"http://evil\",\"x\")"  # a spreadsheet shows it, never runs it
    assert unlocated["entry_lon"] == "" and unlocated["located_by"] == "unlocated"
    assert float(extra["camera_lat"]) == pytest.approx(compared["extra"].location.y)
    assert {(r["list_name"], r["publisher"], r["published"], r["file_sha256"]) for r in rows} == {
        ("MUP 2021", "Ministry", "2021-03-20", "a" * 64)}


def test_the_geojson_places_entries_and_cameras_and_carries_the_figures(client, compared):
    official_list = compared["list"]
    response = client.get(f"/api/v1/official-lists/{official_list.pk}/comparison.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = json.loads(_body(response))
    assert body["type"] == "FeatureCollection"
    assert body["official_list"]["list_name"] == "MUP 2021"
    assert body["official_list"]["figures"]["matched"] == {"total": 1, "verified": 1, "imported": 0}
    by_ref = {f["properties"]["entry_ref"] or f"camera {f['properties']['camera_id']}": f for f in body["features"]}
    assert by_ref["A"]["geometry"] == {"type": "Point", "coordinates": [20.4573, 44.8176]}
    assert by_ref["D"]["geometry"] is None
    extra = by_ref[f"camera {compared['extra'].pk}"]
    assert extra["properties"]["status"] == "not_declared"
    assert extra["geometry"]["coordinates"] == [pytest.approx(compared["extra"].location.x), pytest.approx(compared["extra"].location.y)]


def test_an_unknown_format_or_list_is_a_404(client, compared):
    assert client.get(f"/api/v1/official-lists/{compared['list'].pk}/comparison.xlsx").status_code == 404
    assert client.get("/api/v1/official-lists/999999/comparison.csv").status_code == 404


def test_entries_can_be_asked_for_a_box(client, compared):
    url = f"/api/v1/official-lists/{compared['list'].pk}/entries/"
    response = client.get(url, {"bbox": "20.457,44.8175,20.458,44.8177"})
    assert response.status_code == 200
    assert [f["properties"]["ref"] for f in response.json()["features"]] == ["A"]
    assert response.json()["count"] == 1
    bad = client.get(url, {"bbox": "20.46,44.82,20.45,44.81"})
    assert bad.status_code == 400 and "bbox" in bad.json()


def test_the_sentence_for_the_press_says_what_was_declared_found_and_not_declared(compared):
    official_list = compared["list"]
    official_list.refresh_from_db()
    with translation.override("en"):
        compared_list = comparison(official_list)
    assert compared_list["sentence"] == (
        "In Stari grad 3 cameras are on our map (2 verified by our volunteers); the list published by Ministry on "
        "March 20, 2021 declares 4 locations there; 1 of them was found; 1 more probably (a moderator has yet to "
        "check it); 1 camera on the street is not on the list.")
    [district] = compared_list["districts"]
    assert (district["declared"], district["found"], district["probable"], district["not_found"], district["not_declared"],
            district["on_map"]) == (3, 1, 1, 1, 1, 3)
    assert district["sentence"].startswith("In Stari grad 3 cameras are on our map")


def test_a_dossiers_comparison_is_its_districts_or_the_whole_lists(compared):
    official_list, district = compared["list"], compared["district"]
    official_list.refresh_from_db()
    with translation.override("en"):
        whole = area_comparison(official_list, None)
        one = area_comparison(official_list, district)
    assert whole["row"]["declared"] == 4 and one["row"]["declared"] == 3
    assert one["place"] == "Stari grad" and "declares 3 locations" in one["sentence"]
