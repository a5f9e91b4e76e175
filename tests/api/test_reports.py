"""POST /api/v1/reports/: a phone's multipart submission, and every bad input answered with the
right status, a JSON body naming the field, and nothing left behind."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from rest_framework.test import APIClient

from cameramap.cameras.models import Area, Photo, Report
from tests.factories import camera_make
from tests.photos.support import photo_bytes, stored_files, throttle_reset, upload  # noqa: F401
from tests.photos.test_photo_inspect import png_header_only

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]
URL = "/api/v1/reports/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def nothing_left():
    """After the test: no report, no photo row, no new file anywhere."""
    before = stored_files()
    yield
    assert Report.objects.count() == 0
    assert Photo.objects.count() == 0
    assert stored_files() == before


def test_submission_with_photo_gps_answers_201_with_id_status_and_receipt(api):
    response = api.post(URL, {
        "photos": [upload("jpg_gps_DSCN0010.jpg"), upload("jpg_mobile_jolla.jpg")],
        "directions": ["90", "270"], "camera_type": "dome", "mount": "pole", "operator_type": "police",
        "sign_present": "no", "height": "5", "notes": "Above the bakery", "manufacturer": "Hikvision",
    }, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    report = Report.objects.get()
    assert body["id"] == report.pk and body["status"] == "pending" and body["kind"] == "new"
    assert body["receipt"] == report.receipt and len(report.receipt) >= 32
    assert body["receipt_url"] == f"/reports/{report.pk}/?receipt={report.receipt}"
    assert body["status_url"] == f"/api/v1/reports/{report.pk}/?receipt={report.receipt}"
    assert body["location"]["type"] == "Point"
    assert body["location"]["coordinates"] == [pytest.approx(11.8851267, abs=1e-6), pytest.approx(43.4674483, abs=1e-6)]
    assert body["directions"] == [90, 270] and body["camera"] is None
    assert body["photos"] == [
        {"position": 0, "state": "pending", "failure_reason": ""},
        {"position": 1, "state": "pending", "failure_reason": ""},
    ]
    assert (report.camera_type, report.mount, report.operator_type, report.sign_present) == ("dome", "pole", "police", "no")
    assert (report.height, report.notes, report.manufacturer, report.contributor) == (5, "Above the bakery", "Hikvision", None)


def test_form_location_and_osm_style_directions_are_taken_as_sent(api):
    response = api.post(URL, {
        "photos": [upload("jpg_mobile_jolla.jpg")], "lat": "44.8176", "lon": "20.4573", "accuracy_m": "12.5",
        "directions": "45;135", "surveillance_type": "ALPR",
    }, format="multipart")
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (report.location.x, report.location.y, report.accuracy_m) == (20.4573, 44.8176, 12.5)
    assert (report.directions, report.surveillance_type) == ([45, 135], "ALPR")


def test_empty_optional_fields_mean_dont_know(api):
    response = api.post(URL, {
        "photos": [upload("jpg_gps_DSCN0012.jpg")], "lat": "", "lon": "", "height": "", "camera_type": "", "mount": "",
    }, format="multipart")
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (report.height, report.camera_type, report.mount) == (None, "", "")
    assert report.location.y == pytest.approx(43.4671567, abs=1e-6)


def test_confirmation_of_a_camera_names_it(api):
    camera = camera_make()
    response = api.post(URL, {"photos": [upload("jpg_Canon_40D.jpg")], "kind": "confirm", "camera": camera.pk,
                              "lat": "44.8177", "lon": "20.4574"}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "confirm" and Report.objects.get().camera == camera


def test_gone_needs_no_photo(api):
    camera = camera_make()
    response = api.post(URL, {"kind": "gone", "camera": camera.pk}, format="multipart")
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (report.kind, report.camera, report.photos.count()) == ("gone", camera, 0)
    assert (report.location.x, report.location.y) == (camera.location.x, camera.location.y)


def test_retry_with_the_same_idempotency_key_returns_the_first_report(api):
    key = "3f1c2a9e-5b7d-4e8f-a1b2-c3d4e5f60718"
    first = api.post(URL, {"photos": [upload("jpg_gps_DSCN0010.jpg")], "idempotency_key": key}, format="multipart")
    files = stored_files()
    retry = api.post(URL, {"photos": [upload("jpg_gps_DSCN0010.jpg")], "idempotency_key": key}, format="multipart")
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json()
    assert Report.objects.count() == 1 and Photo.objects.count() == 1 and stored_files() == files


def test_different_idempotency_keys_make_different_reports(api):
    for key in ("a" * 16, "b" * 16):
        assert api.post(URL, {"photos": [upload("jpg_Canon_40D.jpg")], "lat": "1", "lon": "1", "idempotency_key": key},
                        format="multipart").status_code == 201
    assert Report.objects.count() == 2


@pytest.mark.usefixtures("nothing_left")
class TestBadInput:
    """Each answer: status, a body naming the field, and no row or file left."""

    def post(self, api, **data):
        data.setdefault("photos", [upload("jpg_gps_DSCN0010.jpg")])
        return api.post(URL, data, format="multipart")

    def test_photo_too_large_is_413(self, api, settings):
        settings.PHOTO_MAX_BYTES = 100_000
        response = self.post(api)
        assert response.status_code == 413
        assert response.json() == {"photos": ["Photo 1: The photo is 0.2 MB; at most 0.1 MB is accepted."]}

    def test_svg_is_415(self, api):
        svg = upload("drawing.svg", data=b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', content_type="image/svg+xml")
        response = self.post(api, photos=[svg])
        assert response.status_code == 415
        assert response.json() == {"photos": ["Photo 1: SVG drawings are not accepted: send a photo (JPEG, PNG, WebP or HEIC/HEIF)."]}

    def test_not_an_image_is_415_whatever_its_name_and_type_claim(self, api):
        pdf = upload("camera.jpg", data=b"%PDF-1.7\n" + b"x" * 1000, content_type="image/jpeg")
        response = self.post(api, photos=[pdf])
        assert response.status_code == 415
        assert response.json() == {"photos": ["Photo 1: This is not a photo we can take: send JPEG, PNG, WebP or HEIC/HEIF."]}

    def test_second_photo_unsupported_is_415_naming_it(self, api):
        text = upload("notes.txt", data=b"just some text", content_type="text/plain")
        response = self.post(api, photos=[upload("jpg_gps_DSCN0010.jpg"), text])
        assert response.status_code == 415
        assert response.json()["photos"][0].startswith("Photo 2: ")

    def test_corrupted_image_is_400(self, api):
        response = self.post(api, photos=[upload("jpg_corrupted.jpg")])
        assert response.status_code == 400
        assert response.json() == {"photos": [
            "Photo 1: The photo is damaged and part of the picture is missing, perhaps because the file was cut short "
            "while it was copied. Take or choose the photo again."
        ]}

    def test_decompression_bomb_is_400(self, api):
        bomb = upload("bomb.png", data=png_header_only(100_000, 100_000), content_type="image/png")
        response = self.post(api, photos=[bomb], lat="44.8", lon="20.4")
        assert response.status_code == 400
        assert response.json() == {"photos": ["Photo 1: The photo has far more pixels than the 60,000,000 accepted."]}

    def test_more_pixels_than_configured_is_400(self, api, settings):
        settings.PHOTO_MAX_PIXELS = 100_000
        response = self.post(api)
        assert response.status_code == 400
        assert response.json() == {"photos": ["Photo 1: The photo has 307,200 pixels (640×480); at most 100,000 are accepted."]}

    def test_empty_file_is_400(self, api):
        response = self.post(api, photos=[upload("empty.jpg", data=b"")])
        assert response.status_code == 400
        assert response.json() == {"photos": {"0": ["The submitted file is empty."]}}

    def test_too_many_photos_is_400(self, api, settings):
        settings.PHOTOS_PER_REPORT = 2
        response = self.post(api, photos=[upload("jpg_Canon_40D.jpg") for _ in range(3)])
        assert response.status_code == 400
        assert response.json() == {"photos": ["At most 2 photos per report; this one has 3."]}

    def test_more_files_than_django_parses_is_400_in_json(self, api):
        response = self.post(api, photos=[upload("x.jpg", data=b"\xff\xd8\xff\x00") for _ in range(101)])
        assert response.status_code == 400
        assert response.json() == {"photos": ["At most 5 photos per report."]}

    def test_oversized_text_fields_are_413_in_json(self, api):
        response = self.post(api, notes="x" * (6 * 1024 * 1024))
        assert response.status_code == 413
        assert response.json() == {"detail": "The form's text fields are too large; photos belong in the photos field."}

    def test_no_photo_is_400(self, api):
        response = self.post(api, photos=[], lat="44.8", lon="20.4")
        assert response.status_code == 400
        assert response.json() == {"photos": ["Add at least one photo of the camera."]}

    def test_no_usable_location_is_400(self, api):
        response = self.post(api, photos=[upload("jpg_mobile_jolla.jpg")])
        assert response.status_code == 400
        assert response.json() == {"location": ["No location: allow location access, put the pin on the map, or send a photo that has GPS."]}

    @pytest.mark.parametrize(
        "lat, lon, field, message",
        [
            ("91", "20", "lat", "Ensure this value is less than or equal to 90."),
            ("-90.5", "20", "lat", "Ensure this value is greater than or equal to -90."),
            ("44", "180.01", "lon", "Ensure this value is less than or equal to 180."),
            ("north", "20", "lat", "A valid number is required."),
            ("nan", "20", "lat", "A valid number is required."),
            ("44", "inf", "lon", "A valid number is required."),
        ],
    )
    def test_coordinates_out_of_range_are_400(self, api, lat, lon, field, message):
        response = self.post(api, lat=lat, lon=lon)
        assert response.status_code == 400
        assert response.json() == {field: [message]}

    def test_latitude_without_longitude_is_400(self, api):
        response = self.post(api, lat="44.8")
        assert response.status_code == 400
        assert response.json() == {"lon": ["Send latitude and longitude together."]}

    def test_outside_the_service_area_is_400_with_the_reason(self, api):
        square = MultiPolygon(Polygon.from_bbox((20.3, 44.7, 20.6, 44.9)), srid=4326)
        Area.objects.create(name="Beograd", slug="beograd", boundary=square, is_service_area=True)
        response = self.post(api)  # the photo was taken in Tuscany
        assert response.status_code == 400
        assert response.json() == {"location": [
            "This place (43.46745, 11.88513) is outside the area this service covers: Beograd."
        ]}
        Area.objects.all().delete()

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("directions", "90;400", "Directions are whole degrees from 0 to 359, separated by ';'."),
            ("directions", "1;2;3;4;5;6;7;8;9", "At most 8 directions."),
            ("mount", "tree", "“tree” is not one of: building, ceiling, pole, street_lamp, traffic_signal, wall."),
            ("kind", "vandalised", "“vandalised” is not one of: confirm, correct, gone, new."),
            ("height", "301", "Ensure this value is less than or equal to 300."),
            ("accuracy_m", "-1", "Ensure this value is greater than or equal to 0."),
            ("facial_recognition_evidence", "not a link", "Enter a valid URL."),
            ("notes", "x" * 2001, "Ensure this field has no more than 2000 characters."),
            ("camera", "999999", 'Invalid pk "999999" - object does not exist.'),
            ("idempotency_key", "short", "Use 16 to 64 letters, digits, '-' or '_' (a UUID is ideal)."),
        ],
    )
    def test_bad_field_values_are_400_naming_the_field(self, api, field, value, message):
        response = self.post(api, **{field: value})
        assert response.status_code == 400
        assert response.json() == {field: [message]}

    def test_confirmation_without_a_camera_is_400(self, api):
        response = self.post(api, kind="confirm")
        assert response.status_code == 400
        assert response.json() == {"camera": ["Say which camera this report is about."]}

    def test_json_body_is_415(self, api):
        response = api.post(URL, {"lat": 44.8, "lon": 20.4}, format="json")
        assert response.status_code == 415
        assert response.json() == {"detail": 'Unsupported media type "application/json" in request.'}


def test_the_openapi_schema_documents_reports_and_tokens(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/reports/", "/api/v1/reports/{id}/", "/api/v1/auth/token/"} <= set(schema["paths"])
    assert "multipart/form-data" in schema["paths"]["/api/v1/reports/"]["post"]["requestBody"]["content"]
