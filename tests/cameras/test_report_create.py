"""report_create / report_submit: what a report is made of, where its location comes from, and
that a refusal at any point leaves no row and no file behind."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from cameramap.cameras.models import Area, Photo, Report
from cameramap.cameras.services.reports import report_create, report_submit
from cameramap.photos import PhotoCorrupt, PhotoTooLarge, PhotoUnsupported
from tests.factories import camera_make
from tests.photos.support import EXPECTED, stored_files, upload

pytestmark = pytest.mark.django_db

BELGRADE = Point(x=20.4573, y=44.8176, srid=4326)


def test_report_create_reads_location_from_photo_gps():
    report = report_create(location=None, photos=[upload("jpg_gps_DSCN0010.jpg")], directions=[])
    assert report.location.y == pytest.approx(43.4674483, abs=1e-6)
    assert report.location.x == pytest.approx(11.8851267, abs=1e-6)


def test_location_from_a_western_hemisphere_phone_photo_is_negative_longitude():
    report = report_create(location=None, photos=[upload("jpg_hdr_iphone_hdr_YES.jpg")])
    assert (report.location.y, report.location.x) == (pytest.approx(40.4469722, abs=1e-6), pytest.approx(-3.7247528, abs=1e-6))


def test_location_from_the_first_photo_that_has_gps():
    report = report_create(location=None, photos=[upload("jpg_mobile_jolla.jpg"), upload("heic_mobile_HMD_Nokia_8.3_5G.heif")])
    assert report.location.y == pytest.approx(40.7886852, abs=1e-6)
    assert report.location.x == pytest.approx(-4.0051409, abs=1e-6)


def test_location_sent_by_the_form_wins_over_photo_gps():
    report = report_create(location=BELGRADE, accuracy_m=8, photos=[upload("jpg_gps_DSCN0010.jpg")])
    assert (report.location.x, report.location.y, report.accuracy_m) == (20.4573, 44.8176, 8)


def test_originals_are_kept_privately_under_random_names_with_their_gps_for_moderators():
    report = report_create(
        location=BELGRADE, photos=[upload("jpg_hdr_iphone_hdr_YES.jpg", filename="IMG_0001 Ana Petrović 2026-05-01.jpg")]
    )
    photo = report.photos.get()
    assert photo.original.name.startswith("originals/") and "Ana" not in photo.original.name
    assert photo.original.storage.exists(photo.original.name)
    assert not default_storage.exists(photo.original.name)  # not in the public media folder
    assert photo.state == "pending" and photo.image.name == ""
    assert photo.exif_location.y == pytest.approx(40.4469722, abs=1e-6)
    assert photo.exif_heading == pytest.approx(211.2, abs=0.05)
    assert photo.exif_taken_at.year == 2015


def test_no_location_anywhere_is_refused_naming_the_location_field():
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        report_create(location=None, photos=[upload("jpg_mobile_jolla.jpg")])
    assert "location" in refused.value.message_dict
    assert Report.objects.count() == 0 and Photo.objects.count() == 0
    assert stored_files() == before


def test_too_many_photos_are_refused_before_anything_is_stored(settings):
    settings.PHOTOS_PER_REPORT = 2
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")] * 3)
    assert refused.value.message_dict["photos"] == ["At most 2 photos per report; this one has 3."]
    assert Report.objects.count() == 0 and stored_files() == before


@pytest.mark.parametrize(
    "bad, error",
    [
        (upload("jpg_corrupted.jpg"), PhotoCorrupt),
        (upload("x.svg", data=b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"), PhotoUnsupported),
    ],
    ids=["corrupted", "svg"],
)
def test_a_bad_second_photo_leaves_nothing_of_the_first(bad, error):
    before = stored_files()
    with pytest.raises(error) as refused:
        report_create(location=BELGRADE, photos=[upload("jpg_gps_DSCN0010.jpg"), bad])
    assert str(refused.value.message).startswith("Photo 2: ")
    assert Report.objects.count() == 0 and Photo.objects.count() == 0
    assert stored_files() == before


def test_photo_over_the_byte_limit_is_too_large(settings):
    settings.PHOTO_MAX_BYTES = 100_000
    with pytest.raises(PhotoTooLarge):
        report_create(location=BELGRADE, photos=[upload("jpg_gps_DSCN0010.jpg")])
    assert Report.objects.count() == 0


def test_a_database_failure_midway_removes_the_originals_already_written(monkeypatch):
    before = stored_files()
    original_save = Photo.save
    calls = []

    def save_then_fail(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Photo, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        report_create(location=BELGRADE, photos=[upload("jpg_gps_DSCN0010.jpg"), upload("jpg_gps_DSCN0012.jpg")])
    assert Report.objects.count() == 0 and Photo.objects.count() == 0
    assert stored_files() == before


def _square(lon: float, lat: float, half: float = 0.05) -> MultiPolygon:
    return MultiPolygon(
        Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half)), srid=4326
    )


def test_outside_the_service_area_is_refused_with_the_reason():
    Area.objects.create(name="Beograd", slug="beograd", boundary=_square(20.46, 44.81), is_service_area=True)
    Area.objects.create(name="Elsewhere district", slug="x", boundary=_square(11.88, 43.46), is_service_area=False)
    with pytest.raises(ValidationError) as refused:
        report_create(location=None, photos=[upload("jpg_gps_DSCN0010.jpg")])
    (message,) = refused.value.message_dict["location"]
    assert "outside the area this service covers" in message and "Beograd" in message
    assert Report.objects.count() == 0


def test_inside_the_service_area_is_accepted():
    Area.objects.create(name="Beograd", slug="beograd", boundary=_square(20.46, 44.81), is_service_area=True)
    assert report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")]).pk


def test_without_any_service_area_everywhere_is_accepted():
    Area.objects.create(name="District", slug="d", boundary=_square(20.46, 44.81), is_service_area=False)
    assert report_create(location=Point(x=-3.72, y=40.45, srid=4326), photos=[upload("jpg_Canon_40D.jpg")]).pk


def test_confirmation_without_location_or_gps_takes_the_cameras_location():
    camera = camera_make(lon=20.4601, lat=44.8102)
    report = report_create(location=None, kind="confirm", camera=camera, photos=[upload("jpg_mobile_jolla.jpg")])
    assert (report.location.x, report.location.y, report.camera) == (20.4601, 44.8102, camera)


def test_report_about_a_merged_camera_goes_to_the_camera_that_absorbed_it():
    survivor = camera_make()
    merged = camera_make(published=False, merged_into=survivor)
    report = report_create(location=BELGRADE, kind="gone", camera=merged)
    assert report.camera == survivor and report.photos.count() == 0


@pytest.mark.parametrize(
    "kind, camera_fields, message",
    [
        ("confirm", None, "Say which camera this report is about."),
        ("correct", {"published": False}, "This camera is not on the map."),
        ("new", {}, "A new camera report cannot name an existing camera."),
    ],
)
def test_the_camera_must_fit_the_kind_of_report(kind, camera_fields, message):
    camera = camera_make(**camera_fields) if camera_fields is not None else None
    with pytest.raises(ValidationError) as refused:
        report_create(location=BELGRADE, kind=kind, camera=camera, photos=[upload("jpg_Canon_40D.jpg")])
    assert refused.value.message_dict == {"camera": [message]}


def test_invalid_attribute_values_are_refused_by_field():
    with pytest.raises(ValidationError) as refused:
        report_create(location=BELGRADE, mount="tree", directions=[400], photos=[upload("jpg_Canon_40D.jpg")])
    assert set(refused.value.message_dict) == {"mount", "directions"}
    assert Report.objects.count() == 0


def test_submitting_twice_with_one_key_returns_the_first_report_and_stores_nothing_more():
    first, created = report_submit(idempotency_key="k" * 20, location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    files = stored_files()
    again, created_again = report_submit(idempotency_key="k" * 20, location=BELGRADE, photos=[upload("jpg_gps_DSCN0010.jpg")])
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Report.objects.count() == 1 and Photo.objects.count() == 1
    assert stored_files() == files


def test_a_race_on_one_key_ends_with_one_report(monkeypatch):
    """Two retries pass the look-up together; the database's unique key decides."""
    first, _ = report_submit(idempotency_key="r" * 20, location=BELGRADE)
    real_filter = Report.objects.filter

    class FirstLookUpMisses:  # as if the first report committed just after our look-up
        missed = False

        def __call__(self, **lookups):
            if "idempotency_key" in lookups and not self.missed:
                self.missed = True
                return real_filter(pk__in=[])
            return real_filter(**lookups)

    monkeypatch.setattr(Report.objects, "filter", FirstLookUpMisses())
    before = stored_files()
    again, created = report_submit(idempotency_key="r" * 20, location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    assert (again.pk, created) == (first.pk, False)
    assert Report.objects.count() == 1 and stored_files() == before


def test_the_pipeline_is_started_only_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    from cameramap.cameras import tasks

    sent = []
    monkeypatch.setattr(tasks.report_receive, "apply_async", lambda args, **kwargs: sent.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
        assert sent == []
    assert sent == [report.pk]


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "refused" not in e and e["lat"] is not None))
def test_every_gps_fixture_locates_its_report(name):
    report = report_create(location=None, photos=[upload(name)])
    assert report.location.y == pytest.approx(EXPECTED[name]["lat"], abs=1e-6)
    assert report.location.x == pytest.approx(EXPECTED[name]["lon"], abs=1e-6)
