"""The demo has a past: its OpenStreetMap cameras came in over the twelve months before it was
loaded, so the timeline shows the demo data growing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cameramap.cameras.models import Camera
from cameramap.datasets.demo import demo_load
from cameramap.timeline.selectors import as_of_bounds
from cameramap.timeline.services import camera_states_sweep

pytestmark = pytest.mark.django_db


def count_as_of(client, day) -> int:
    response = client.get("/api/v1/cameras/count/", {"as_of": day.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_the_demo_data_grow_month_by_month_over_the_past_year(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
    camera_states_sweep()
    today = timezone.localdate()
    first = as_of_bounds()["first"]
    assert today - timedelta(days=370) <= timezone.datetime.fromisoformat(first).date() <= today - timedelta(days=360)

    months = [today - timedelta(days=30 * back) for back in range(12, -1, -1)]
    counts = [count_as_of(client, day) for day in months]
    assert counts == sorted(counts) and counts[0] < 200 and counts[-1] == 1757
    assert 700 < count_as_of(client, today - timedelta(days=183)) < 1050  # about half, six months ago
    # In the order of their node ids: the oldest node came in first.
    oldest = Camera.objects.order_by("osm_id").first()
    newest = Camera.objects.order_by("-osm_id").first()
    assert oldest.imported_at < newest.imported_at
