"""make backup / make restore: a round trip gives back exactly the data and files backed up."""

import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cameramap.cameras.models import Camera
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.ops.backups import backup_create
from tests.factories import camera_make, report_make


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path):
    kept = camera_make(operator="City of Belgrade", directions=[90, 270])
    report = report_make(notes="pole by the school")
    ModerationEvent.objects.create(report=report, action=Action.RECEIVED)
    photo = settings.MEDIA_ROOT / "photos" / "kept.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"processed photo bytes")

    call_command("backup", directory=tmp_path)
    [backup] = list(tmp_path.glob("cameramap-*.tar.gz"))
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    # Things change after the backup...
    camera_make(operator="added later")
    Camera.objects.filter(pk=kept.pk).update(operator="vandalised")
    photo.write_bytes(b"overwritten")
    (settings.MEDIA_ROOT / "photos" / "later.jpg").write_bytes(b"later")

    call_command("restore", str(backup), yes=True)

    assert list(Camera.objects.values_list("operator", flat=True)) == ["City of Belgrade"]
    assert Camera.objects.get().directions == [90, 270]
    assert ModerationEvent.objects.get().report_id == report.pk
    assert photo.read_bytes() == b"processed photo bytes"
    assert not (settings.MEDIA_ROOT / "photos" / "later.jpg").exists()
    # The restored database still refuses to rewrite the audit trail.
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_moderationevent")


@pytest.mark.django_db
def test_restore_refuses_archives_that_escape_their_folder(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as archive:
        archive.add(payload, arcname="../../etc/cameramap-owned")
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(evil), yes=True)


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_backend(tmp_path):
    import json

    path = backup_create(directory=tmp_path)
    with tarfile.open(path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    other = "spatialite" if manifest["engine"] == "postgis" else "postgis"
    manifest["engine"] = other
    forged = tmp_path / "forged.tar.gz"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(forged, "w:gz") as archive:
        archive.add(tmp_path / "manifest.json", arcname="manifest.json")
    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(forged), yes=True)
