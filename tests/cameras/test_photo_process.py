"""The background half: report_receive starts the photos, photo_process makes them safe, the
last photo hands the report to moderation — each step idempotent, each file accounted for."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from PIL import Image

from cameramap.cameras import tasks
from cameramap.cameras.models import Photo, Report
from cameramap.cameras.services import photos as photo_services
from cameramap.moderation.tasks import report_precheck
from cameramap.cameras.services.reports import report_create
from cameramap.cameras.history import ModerationEvent
from tests.conftest import wait_for
from tests.factories import report_make
from tests.photos.support import metadata_left, photo_bytes, stored_files, upload

BELGRADE = Point(x=20.4573, y=44.8176, srid=4326)


@pytest.fixture
def sent_by_name(monkeypatch):
    """What the hand-off to moderation sends: the report_settled signal, which moderation answers
    with its pre-check task (recorded here by the task's name instead of being queued)."""
    sent = []
    monkeypatch.setattr(report_precheck, "delay", lambda report_id: sent.append((report_precheck.name, [report_id])))
    return sent


@pytest.fixture
def delayed(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.photo_process, "delay", lambda photo_id: sent.append(photo_id))
    monkeypatch.setattr(tasks.report_receive, "delay", lambda report_id: None)
    return sent


def photo_row(report: Report, name: str, *, data: bytes | None = None, position: int = 0) -> Photo:
    """A photo row with its original in private storage, as if uploaded by another path."""
    photo = Photo(report=report, position=position)
    photo.original.save(f"test-{name}", ContentFile(photo_bytes(name) if data is None else data), save=False)
    photo.save()
    return photo


@pytest.mark.django_db
def test_processing_keeps_stripped_display_and_thumbnail_and_deletes_the_original(
    django_capture_on_commit_callbacks, sent_by_name
):
    report = report_create(location=BELGRADE, photos=[upload("jpg_hdr_iphone_hdr_YES.jpg")])
    photo = report.photos.get()
    original = photo.original.name
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)

    photo.refresh_from_db()
    assert photo.state == "done" and photo.failure_reason == "" and photo.processed_at
    assert (photo.width, photo.height) == (1600, 1200)
    assert len(photo.phash) == 16
    assert photo.exif_location.y == pytest.approx(40.4469722, abs=1e-6)
    assert photo.exif_location.x == pytest.approx(-3.7247528, abs=1e-6)
    assert photo.exif_heading == pytest.approx(211.2, abs=0.05)
    assert photo.exif_taken_at.year == 2015
    for field in (photo.image, photo.thumbnail):
        data = field.read()
        field.close()
        assert metadata_left(data) == {"exif_tags": [], "markers": []}
    assert photo.size_bytes == photo.image.size
    assert max(Image.open(photo.thumbnail.path).size) == 320
    assert photo.original.name == "" and not Photo._meta.get_field("original").storage.exists(original)
    assert sent_by_name == [("cameramap.moderation.tasks.report_precheck", [report.pk])]


@pytest.mark.django_db
def test_originals_are_kept_when_the_operator_says_so(settings, django_capture_on_commit_callbacks, sent_by_name):
    settings.KEEP_ORIGINALS = True
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    photo = report.photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    photo.refresh_from_db()
    assert photo.state == "done" and photo.original.storage.exists(photo.original.name)


@pytest.mark.django_db
def test_processing_twice_does_nothing_the_second_time(django_capture_on_commit_callbacks, sent_by_name):
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    photo = report.photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    first = Photo.objects.get(pk=photo.pk)
    files = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    again = Photo.objects.get(pk=photo.pk)
    assert (again.image.name, again.processed_at) == (first.image.name, first.processed_at)
    assert stored_files() == files
    assert len(sent_by_name) == 1


@pytest.mark.django_db
def test_a_delivery_that_loses_the_race_leaves_no_file(monkeypatch, sent_by_name):
    """Two deliveries render the same photo; the one that finds it settled removes its files."""
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    photo = report.photos.get()
    before = stored_files()
    settled_meanwhile = Photo.objects.get(pk=photo.pk)
    settled_meanwhile.state = "done"
    settled_meanwhile.save()
    photo_services.photo_process(photo=photo)  # the instance still says "pending"
    assert stored_files() == before


@pytest.mark.django_db
def test_corrupted_original_marks_the_photo_failed_with_the_reason(django_capture_on_commit_callbacks, sent_by_name):
    report = report_make()
    photo = photo_row(report, "jpg_corrupted.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    photo.refresh_from_db()
    assert photo.state == "failed"
    assert "part of the picture is missing" in photo.failure_reason  # our words, not the decoder's
    assert photo.image.name == "" and photo.original.name == ""
    assert Report.objects.get(pk=report.pk).status == "pending"  # moderation decides, not us
    assert sent_by_name == [("cameramap.moderation.tasks.report_precheck", [report.pk])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG drawings are not accepted"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "damaged"),
    ],
    ids=["svg", "broken-png"],
)
def test_invalid_originals_fail_cleanly(data, reason, django_capture_on_commit_callbacks, sent_by_name):
    photo = photo_row(report_make(), "x", data=data)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    photo.refresh_from_db()
    assert photo.state == "failed" and reason in photo.failure_reason


@pytest.mark.django_db
def test_missing_original_marks_the_photo_failed(django_capture_on_commit_callbacks, sent_by_name):
    photo = photo_row(report_make(), "jpg_Canon_40D.jpg")
    photo.original.storage.delete(photo.original.name)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    photo.refresh_from_db()
    assert (photo.state, photo.failure_reason) == ("failed", "The uploaded original is missing.")


@pytest.mark.django_db
def test_exhausted_retries_mark_the_photo_failed_instead_of_waiting_forever(django_capture_on_commit_callbacks, sent_by_name):
    photo = photo_row(report_make(), "jpg_Canon_40D.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process.on_failure(OSError("storage unreachable"), "task-id", (photo.pk,), {}, None)
    photo.refresh_from_db()
    assert (photo.state, photo.failure_reason) == ("failed", "Processing failed: OSError.")


@pytest.mark.django_db
def test_report_goes_to_moderation_only_when_its_last_photo_is_settled(django_capture_on_commit_callbacks, sent_by_name):
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg"), upload("jpg_gps_DSCN0010.jpg")])
    first, second = report.photos.order_by("position")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(first.pk)
    assert sent_by_name == []
    Photo.objects.filter(pk=second.pk).update(original="originals/gone-missing.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(second.pk)
    assert sent_by_name == [("cameramap.moderation.tasks.report_precheck", [report.pk])]
    assert sorted(report.photos.values_list("state", flat=True)) == ["done", "failed"]


@pytest.mark.django_db
def test_receiving_a_report_starts_its_photos_after_commit(django_capture_on_commit_callbacks, delayed, sent_by_name):
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg"), upload("jpg_gps_DSCN0012.jpg")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.report_receive(report.pk)
        assert delayed == []
    for callback in callbacks:
        callback()
    assert sorted(delayed) == sorted(report.photos.values_list("id", flat=True))
    assert sent_by_name == []  # photos first


@pytest.mark.django_db
def test_a_second_delivery_resends_waiting_photos_but_records_nothing_new(django_capture_on_commit_callbacks, delayed, sent_by_name):
    report = report_create(location=BELGRADE, photos=[upload("jpg_Canon_40D.jpg")])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_receive(report.pk)
        tasks.report_receive(report.pk)
    photo_id = report.photos.get().pk
    assert delayed == [photo_id, photo_id]
    assert ModerationEvent.objects.filter(report=report).count() == 1


@pytest.mark.django_db
def test_a_report_without_photos_goes_to_moderation_on_receipt(django_capture_on_commit_callbacks, delayed, sent_by_name):
    report = report_make()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_receive(report.pk)
        tasks.report_receive(report.pk)
    assert sent_by_name == [("cameramap.moderation.tasks.report_precheck", [report.pk])]
    assert delayed == []


@pytest.mark.django_db
def test_the_sweep_resends_photos_stuck_long_after_their_report_was_taken(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    sent = []
    monkeypatch.setattr(tasks.photo_process, "delay", sent.append)
    monkeypatch.setattr(tasks.report_receive, "delay", lambda report_id: None)
    stuck = photo_row(report_make(received_at=timezone.now() - timedelta(hours=1)), "jpg_Canon_40D.jpg")
    photo_row(report_make(received_at=timezone.now()), "jpg_Canon_40D.jpg")  # just taken: leave it
    assert tasks.reports_sweep() == 1
    assert sent == [stuck.pk]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_processes_the_photos_of_a_submitted_report(celery_worker):
    report = report_create(location=None, photos=[upload("jpg_orientation_portrait_6.jpg"), upload("jpg_gps_DSCN0025.jpg")])
    originals = [photo.original.name for photo in report.photos.all()]

    def settled():
        photos = list(Photo.objects.filter(report=report).order_by("position"))
        return photos if all(photo.state != "pending" for photo in photos) else None

    portrait, gps = wait_for(settled, timeout=90)
    assert (portrait.state, gps.state) == ("done", "done"), (portrait.failure_reason, gps.failure_reason)
    assert (portrait.width, portrait.height) == (450, 600)  # turned upright by the worker
    assert gps.exif_location.y == pytest.approx(43.4683650, abs=1e-6)
    assert Report.objects.get(pk=report.pk).received_at is not None
    for photo in (portrait, gps):
        with photo.image.open("rb") as stored:
            assert metadata_left(stored.read()) == {"exif_tags": [], "markers": []}
    storage = Photo._meta.get_field("original").storage
    assert not any(storage.exists(name) for name in originals)
    # The worker logs after its commit: wait for the line rather than race it.
    assert wait_for(lambda: f"photo {portrait.pk} processed" in celery_worker.log(), timeout=30)
