"""A report travels through a real Celery worker process, on whichever backend the run uses."""

import pytest
from django.contrib.gis.geos import Point

from cameramap.cameras.models import Report
from cameramap.cameras.services.reports import report_create
from cameramap.cameras.history import Action, ModerationEvent
from tests.conftest import wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_records_that_a_report_was_received(celery_worker):
    report = report_create(location=Point(x=20.4573, y=44.8176, srid=4326), directions=[90])

    received = wait_for(lambda: Report.objects.filter(pk=report.pk, received_at__isnull=False).first(), timeout=60)

    assert received.received_at >= report.created_at
    assert list(ModerationEvent.objects.filter(report=report).values_list("action", flat=True)) == [Action.RECEIVED]
    assert wait_for(lambda: f"report {report.pk} received" in celery_worker.log(), timeout=30)  # logged after commit


@pytest.mark.django_db
def test_task_is_sent_only_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    from cameramap.cameras import tasks

    sent = []
    monkeypatch.setattr(tasks.report_receive, "apply_async", lambda args, **kw: sent.append(args[0]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_create(location=Point(x=20.4573, y=44.8176, srid=4326))
        assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [report.pk]


@pytest.mark.django_db
def test_receiving_twice_does_nothing_the_second_time():
    from cameramap.cameras.tasks import report_receive

    report = report_create(location=Point(x=20.4573, y=44.8176, srid=4326))
    report_receive(report.pk)
    first = Report.objects.get(pk=report.pk).received_at
    report_receive(report.pk)
    assert Report.objects.get(pk=report.pk).received_at == first
    assert ModerationEvent.objects.filter(report=report).count() == 1


@pytest.mark.django_db
def test_sweep_resends_reports_the_pipeline_never_took(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from cameramap.cameras import tasks

    sent = []
    monkeypatch.setattr(tasks.report_receive, "delay", lambda report_id: sent.append(report_id))
    old = report_create(location=Point(x=20.45, y=44.81, srid=4326))
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    report_create(location=Point(x=20.45, y=44.81, srid=4326))  # too fresh to re-send
    sent.clear()

    assert tasks.reports_sweep() == 1
    assert sent == [old.pk]
