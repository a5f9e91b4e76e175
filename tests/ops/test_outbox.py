"""A broker outage never loses a report: it is stored, and the sweep sends it later."""

import pytest
from django.contrib.gis.geos import Point
from kombu.exceptions import OperationalError

from cameramap.cameras import tasks
from cameramap.cameras.models import Report
from cameramap.cameras.services.reports import report_create

pytestmark = pytest.mark.django_db


def test_report_is_stored_when_the_broker_is_down(django_capture_on_commit_callbacks, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_receive, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(location=Point(x=20.45, y=44.81, srid=4326), notes="kept")

    assert Report.objects.get(pk=report.pk).notes == "kept"
    assert Report.objects.get(pk=report.pk).received_at is None  # waiting for the sweep
    assert "left to the sweep" in caplog.text
