"""An uploaded list is imported and matched by a real Celery worker, and the progress the page
polls ends at "done" with the list; a camera approved afterwards is matched by the worker too."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cameramap.moderation.groups import MODERATORS
from cameramap.official.models import OfficialList
from tests.conftest import wait_for
from tests.factories import camera_make

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_imports_an_upload_and_rematches_after_a_camera_changes(celery_worker):
    from cameramap.moderation.services.decisions import report_approve
    from tests.factories import report_make

    camera = camera_make(lon=20.4573, lat=44.8176)
    user = get_user_model().objects.create_user("mod-w", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    client = Client()
    client.force_login(user)
    response = client.post("/moderate/official/import/", {
        "file": SimpleUploadedFile("list.csv", b"id,lat,lon\n1,44.81761,20.45731\n2,44.8300,20.4700\n"),
        "name": "MUP", "publisher": "Ministry", "published": "2021-03-20"})
    status_url = response["Location"] + "status"
    status = wait_for(lambda: (s := client.get(status_url).json())["finished"] and s, timeout=90)
    assert status["state"] == "done" and status["progress"] == 100, status
    official_list = OfficialList.objects.get(pk=status["list"])
    assert dict(official_list.entries.values_list("ref", "camera_id")) == {"1": camera.pk, "2": None}

    new = report_approve(report=report_make(lon=20.4700, lat=44.83002), moderator=None)
    assert wait_for(lambda: official_list.entries.get(ref="2").camera_id == new.pk, timeout=60)
