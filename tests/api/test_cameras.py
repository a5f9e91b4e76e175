"""Contract of the public camera API: /api/v1/cameras/, /api/v1/cameras/{id}/, /count/."""

import math
from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile

from api.camera_serializers import CameraFeatureSerializer
from cameramap.cameras.models import Camera, Photo
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

PUBLIC_PROPERTIES = {
    "surveillance", "surveillance_type", "camera_type", "mount", "zone", "height", "directions", "operator",
    "operator_type", "manufacturer", "model", "facial_recognition", "facial_recognition_evidence", "sign_present",
    "status", "sightings", "first_seen", "last_confirmed", "verified", "verified_on", "source", "osm_type", "osm_id", "url",
}
BELGRADE = "20.40,44.79,20.50,44.84"


def test_list_is_a_geojson_feature_collection_of_published_cameras_in_lon_lat_order(client):
    shown = camera_make(lon=20.4573, lat=44.8176, operator="City of Belgrade", operator_type="city", directions=[90, 270])
    camera_make(lon=20.46, lat=44.81, published=False)
    camera_make(lon=20.47, lat=44.82, merged_into=shown)

    response = client.get("/api/v1/cameras/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    (feature,) = body["features"]
    assert set(feature) == {"id", "type", "geometry", "properties"}
    assert feature["type"] == "Feature" and feature["id"] == shown.id
    assert feature["geometry"] == {"type": "Point", "coordinates": [20.4573, 44.8176]}  # lon, lat
    assert set(feature["properties"]) == PUBLIC_PROPERTIES
    assert feature["properties"]["operator"] == "City of Belgrade"
    assert feature["properties"]["directions"] == [90, 270]
    assert feature["properties"]["first_seen"] == "2026-01-10"
    assert feature["properties"]["url"] == f"http://testserver/cameras/{shown.id}/"


def test_list_never_shows_private_data(client):
    camera = camera_make(operator="Police")
    report = report_make(camera=camera, kind="confirm", status="approved", notes="I live next door at no. 5")
    Photo.objects.create(report=report, image="photos/a.jpg", state="done", exif_location=Point(1.5, 2.5, srid=4326))

    text = client.get("/api/v1/cameras/").content.decode() + client.get(f"/api/v1/cameras/{camera.id}/").content.decode()

    for secret in ("next door", "exif", "receipt", "contributor", "notes", "1.5", "2.5", "created_at", "updated_at"):
        assert secret not in text


def test_fast_list_prints_exactly_what_the_reference_serializer_prints(client, rf):
    cameras = [
        camera_make(lon=20.45 + i / 1000, lat=44.81, height=4.5 if i % 2 else None, directions=[i * 40 % 360],
                    camera_type="dome" if i % 3 == 0 else "fixed", operator=f"Op {i}", osm_type="node", osm_id=1000 + i,
                    source="osm", first_seen=date(2025, 3, i + 1), last_confirmed=date(2026, 2, 1), confirmations=i + 1)
        for i in range(5)
    ]
    request = rf.get("/api/v1/cameras/")

    body = client.get("/api/v1/cameras/").json()

    stored = Camera.objects.filter(id__in=[c.id for c in cameras]).order_by("id")
    reference = _plain(CameraFeatureSerializer(stored, many=True, context={"request": request}).data)
    assert len(body["features"]) == 5
    for mine, theirs in zip(body["features"], reference["features"]):
        # The reference goes through GDAL, which prints 15 significant digits; we print the
        # stored double exactly. Everything else is identical.
        assert mine["geometry"]["coordinates"] == pytest.approx(theirs["geometry"]["coordinates"], abs=1e-12)
        mine["geometry"]["coordinates"] = theirs["geometry"]["coordinates"]
        assert mine == theirs


def _plain(value):
    """OrderedDicts and ReturnLists → plain dicts and lists, for comparison."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_bbox_keeps_only_cameras_inside_the_box(client):
    inside = camera_make(lon=20.45, lat=44.81)
    camera_make(lon=19.83, lat=45.25)  # Novi Sad

    body = client.get("/api/v1/cameras/", {"bbox": BELGRADE}).json()

    assert [f["id"] for f in body["features"]] == [inside.id]
    assert body["count"] == 1


@pytest.mark.parametrize(
    "bbox, reason",
    [
        ("20.5,44.79,20.4,44.84", "inverted"),
        ("20.4,44.84,20.5,44.79", "inverted"),
        ("nan,44.79,20.5,44.84", "finite"),
        ("20.4,44.79,inf,44.84", "finite"),
        ("-181,44,20,45", "-180..180"),
        ("20,44,21,91", "-90..90"),
        ("0,0,30,30", "too large"),
        ("20.4,44.79,20.5", "four numbers"),
        ("a,b,c,d", "four numbers"),
        ("20.4,44.79,20.5,44.84,1", "four numbers"),
    ],
)
def test_bad_bbox_answers_400_naming_the_field(client, bbox, reason):
    response = client.get("/api/v1/cameras/", {"bbox": bbox})

    assert response.status_code == 400
    assert reason in " ".join(response.json()["bbox"])


def test_attribute_filters_combine_and_repeat(client):
    police = camera_make(operator_type="police", facial_recognition="suspected")
    city = camera_make(operator_type="city", facial_recognition="unknown")
    camera_make(operator_type="private", facial_recognition="suspected")
    alpr = camera_make(operator_type="police", surveillance_type="ALPR", first_seen=date(2026, 3, 1),
                       last_confirmed=date(2026, 3, 2), status="removed")

    def ids(**params):
        response = client.get("/api/v1/cameras/", params)
        assert response.status_code == 200, response.content
        return sorted(f["id"] for f in response.json()["features"])

    assert ids(operator_type=["police", "city"]) == sorted([police.id, city.id, alpr.id])
    assert ids(operator_type="police", facial_recognition="suspected") == [police.id]
    assert ids(surveillance_type="ALPR") == [alpr.id]
    assert ids(added_since="2026-02-01") == [alpr.id]
    assert ids(status="removed") == [alpr.id]


@pytest.mark.parametrize(
    "params, field",
    [({"operator_type": "martians"}, "operator_type"), ({"added_since": "yesterday"}, "added_since"),
     ({"ordering": "receipt"}, "ordering"), ({"limit": "many"}, "limit"), ({"offset": "-3"}, "offset"),
     ({"min_sightings": "0"}, "min_sightings")],
)
def test_bad_filter_values_answer_400_naming_the_field(client, params, field):
    response = client.get("/api/v1/cameras/", params)

    assert response.status_code == 400
    assert field in response.json()


def test_ordering_and_pagination_walk_the_whole_list(client):
    cameras = [camera_make(confirmations=n) for n in (3, 1, 2)]

    first = client.get("/api/v1/cameras/", {"ordering": "-sightings", "limit": 2}).json()
    second = client.get(first["next"]).json()

    assert [f["properties"]["sightings"] for f in first["features"]] == [3, 2]
    assert [f["properties"]["sightings"] for f in second["features"]] == [1]
    assert first["count"] == second["count"] == 3 and second["next"] is None
    assert second["previous"].startswith("http://testserver/api/v1/cameras/?")
    assert {f["id"] for f in first["features"] + second["features"]} == {c.id for c in cameras}


def test_page_size_is_capped(client, settings):
    for i in range(4):
        camera_make(lon=20.45 + i / 100)
    from api.pagination import GeoJsonLimitOffsetPagination

    GeoJsonLimitOffsetPagination.max_limit, saved = 3, GeoJsonLimitOffsetPagination.max_limit
    try:
        body = client.get("/api/v1/cameras/", {"limit": 100000}).json()
    finally:
        GeoJsonLimitOffsetPagination.max_limit = saved

    assert len(body["features"]) == 3 and body["count"] == 4 and "limit=3" in body["next"]


def _photo(report, *, state="done", name="a"):
    photo = Photo.objects.create(report=report, state=state, width=640, height=480)
    photo.image.save(f"{name}.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save(f"{name}-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return photo


def test_detail_is_a_feature_with_the_photos_of_accepted_reports_only(client):
    camera = camera_make(confirmations=4)
    shown = _photo(report_make(camera=camera, kind="confirm", status="approved"), name="shown")
    merged = _photo(report_make(camera=camera, kind="confirm", status="merged"), name="merged")
    _photo(report_make(camera=camera, kind="confirm", status="pending"), name="pending")
    _photo(report_make(camera=camera, kind="confirm", status="rejected"), name="rejected")
    _photo(report_make(camera=camera, kind="confirm", status="approved"), state="failed", name="failed")

    response = client.get(f"/api/v1/cameras/{camera.id}/")

    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == camera.id
    assert feature["geometry"]["coordinates"] == [20.4573, 44.8176]
    assert set(feature["properties"]) == PUBLIC_PROPERTIES | {"photos", "fov"}
    assert feature["properties"]["sightings"] == 4
    photos = feature["properties"]["photos"]
    assert [p["id"] for p in photos] == [shown.id, merged.id]
    assert set(photos[0]) == {"id", "image", "thumbnail", "width", "height"}
    assert photos[0]["image"].startswith("http://testserver/media/photos/shown")
    assert photos[0]["thumbnail"].startswith("http://testserver/media/photos/thumbs/shown-thumb")


def test_detail_of_a_merged_camera_redirects_permanently_to_the_survivor(client):
    survivor = camera_make()
    middle = camera_make(published=False, merged_into=survivor)
    first = camera_make(merged_into=middle)

    response = client.get(f"/api/v1/cameras/{first.id}/")

    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/cameras/{survivor.id}/"
    assert client.get(response["Location"]).json()["id"] == survivor.id


def test_detail_of_an_unpublished_or_missing_camera_is_404(client):
    hidden = camera_make(published=False)

    assert client.get(f"/api/v1/cameras/{hidden.id}/").status_code == 404
    response = client.get("/api/v1/cameras/999999/")
    assert response.status_code == 404 and "detail" in response.json()


def test_count_matches_the_filters_in_any_box(client):
    camera_make(lon=20.45, lat=44.81, operator_type="police")
    camera_make(lon=-84.39, lat=33.75, operator_type="police")
    camera_make(lon=20.46, lat=44.81, operator_type="city")

    def count(**params):
        response = client.get("/api/v1/cameras/count/", params)
        assert response.status_code == 200
        return response.json()["count"]

    assert count() == 3
    assert count(operator_type="police") == 2
    assert count(operator_type="police", bbox="-180,-90,180,90") == 2
    assert count(bbox=BELGRADE) == 2
    assert client.get("/api/v1/cameras/count/", {"bbox": "10,10,0,0"}).status_code == 400


def test_get_endpoints_allow_any_origin(client):
    camera = camera_make()
    for url in ("/api/v1/cameras/", f"/api/v1/cameras/{camera.id}/", "/api/v1/tiles/0/0/0.mvt"):
        response = client.get(url, HTTP_ORIGIN="https://other-ngo.example")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"


def test_queries_per_request_do_not_grow_with_the_data(client, django_assert_num_queries):
    for i in range(3):
        camera_make(lon=20.45 + i / 1000)
    with django_assert_num_queries(2):  # count + page
        assert len(client.get("/api/v1/cameras/", {"bbox": BELGRADE}).json()["features"]) == 3
    for i in range(40):
        camera_make(lon=20.41 + i / 1000)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/cameras/", {"bbox": BELGRADE}).json()["features"]) == 43


def test_detail_queries_do_not_grow_with_the_photos(client, django_assert_num_queries):
    camera = camera_make()
    _photo(report_make(camera=camera, kind="confirm", status="approved"), name="one")
    with django_assert_num_queries(3):  # camera + photos + its field of view
        assert len(client.get(f"/api/v1/cameras/{camera.id}/").json()["properties"]["photos"]) == 1
    for n in range(3):
        _photo(report_make(camera=camera, kind="confirm", status="approved"), name=f"more{n}")
    with django_assert_num_queries(3):
        assert len(client.get(f"/api/v1/cameras/{camera.id}/").json()["properties"]["photos"]) == 4


def test_openapi_schema_documents_the_camera_endpoints(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/cameras/", "/api/v1/cameras/{camera_id}/", "/api/v1/cameras/count/",
                 "/api/v1/tiles/{z}/{x}/{y}.mvt"):
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/v1/cameras/"]["get"]["parameters"]}
    assert {"bbox", "operator_type", "added_since", "ordering", "limit", "offset"} <= names


def test_docs_page_loads_its_code_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_coordinates_are_numbers_not_strings(client):
    camera_make(lon=-84.3879824, lat=33.7489954)
    (feature,) = client.get("/api/v1/cameras/").json()["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert math.isclose(lon, -84.3879824) and math.isclose(lat, 33.7489954)
