"""Two reports of the same new camera, pre-checked at the same moment by two worker processes,
give one camera: the area lock makes the second wait and then find the first one's camera."""

import pytest
from django.contrib.auth.models import Group

from cameramap.cameras.models import Camera, Report
from cameramap.cameras.services.reports import report_create
from cameramap.celery import app
from cameramap.moderation.groups import TRUSTED
from tests.conftest import wait_for

from .test_dedup_scoring import moved

PLACES = [(20.4573, 44.8176), (20.4612, 44.8150), (20.4700, 44.8101), (20.4488, 44.8222)]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_new_camera_at_once_make_one_camera(celery_worker, django_user_model, photo_make):
    trusted = django_user_model.objects.create_user(username="t1", password="x-password-1")
    trusted.groups.add(Group.objects.get(name=TRUSTED))
    pairs = []
    for lon, lat in PLACES:
        second = moved(lon, lat, 4, 60)
        pairs.append([
            report_create(location=_point(lon, lat), directions=[180], accuracy_m=5, contributor=trusted),
            report_create(location=_point(*second), directions=[175], accuracy_m=5, contributor=trusted),
        ])

    for pair in pairs:
        for report in pair:
            photo_make(report)  # as the photo pipeline leaves it

    # The photo pipeline sends the task by name, once per report; here both of a pair at once.
    for pair in pairs:
        for report in pair:
            app.send_task("cameramap.moderation.tasks.report_precheck", args=[report.pk])

    ids = [r.pk for pair in pairs for r in pair]
    wait_for(lambda: not Report.objects.filter(pk__in=ids, status="pending").exists(), timeout=90)

    assert Camera.objects.count() == len(PLACES)
    for first, second in pairs:
        decided = {r.status: r for r in Report.objects.filter(pk__in=[first.pk, second.pk])}
        assert set(decided) == {"approved", "merged"}  # one created the camera, the other joined it
        assert decided["approved"].camera_id == decided["merged"].camera_id
        assert Camera.objects.get(pk=decided["approved"].camera_id).confirmations == 2
    # The worker logs after its commit: wait for the lines rather than race them — each kind, since
    # the last task to commit may as well be one that attached its report.
    assert wait_for(lambda: celery_worker.log().count("pre-checked: approved") == len(PLACES), timeout=30)
    assert wait_for(lambda: celery_worker.log().count("pre-checked: attached") == len(PLACES), timeout=30)


def _point(lon, lat):
    from django.contrib.gis.geos import Point

    return Point(x=lon, y=lat, srid=4326)
