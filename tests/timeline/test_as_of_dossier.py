"""Dossiers as of a day: asked for through the API and the form on /data/, built from the cameras
and the figures of that day."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cameramap.cameras.areas import areas_refresh
from cameramap.cameras.models import Area, Camera
from cameramap.datasets import tasks
from cameramap.datasets.dossiers import dossier_html
from cameramap.datasets.models import Dossier
from cameramap.timeline.services import camera_states_rebuild
from tests.datasets.conftest import square
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """A district with a camera from February and one from April (imported on those days)."""
    area = Area.objects.create(name="Врачар", slug="vracar", boundary=square(20.40, 44.80, 20.42, 44.82), population=55_000)
    early = camera_make(lon=20.41, lat=44.81, source="osm", operator="EARLY-OPERATOR", operator_type="city")
    late = camera_make(lon=20.411, lat=44.811, source="osm", operator="LATE-OPERATOR", operator_type="police")
    for camera, day in ((early, date(2026, 2, 1)), (late, date(2026, 4, 1))):
        Camera.objects.filter(pk=camera.pk).update(imported_at=timezone.make_aware(datetime.combine(day, time(12))))
    areas_refresh()
    camera_states_rebuild()
    return area


def test_a_dossier_as_of_a_day_holds_the_cameras_and_figures_of_that_day(district, moderator_api, monkeypatch, client):
    monkeypatch.setattr(tasks.dossier_build, "delay", lambda dossier_id: None)
    response = moderator_api.post(reverse("api-dossier-list"), {"area": "vracar", "language": "en", "as_of": "2026-03-01"},
                                  format="json")
    assert response.status_code == 202, response.content
    assert response.json()["as_of"] == "2026-03-01"
    html = dossier_html(Dossier.objects.get(pk=response.json()["id"]))
    stats = client.get(reverse("areas-area-stats", args=[district.id]), {"as_of": "2026-03-01"}).json()
    assert stats["cameras"] == 1
    assert html.count('class="camera-row"') == 1
    assert "EARLY-OPERATOR" in html and "LATE-OPERATOR" not in html
    assert "the end of 2026-03-01" in html

    today = dossier_html(Dossier.objects.create(area=district, language="en"))
    assert today.count('class="camera-row"') == 2


@pytest.mark.parametrize("as_of", ["2026-01-01", "tomorrow", "2026-13-01"])
def test_a_day_outside_the_record_is_refused(district, moderator_api, as_of):
    if as_of == "tomorrow":
        as_of = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = moderator_api.post(reverse("api-dossier-list"), {"language": "en", "as_of": as_of}, format="json")
    assert response.status_code == 400 and "as_of" in response.json()
    assert not Dossier.objects.exists()


def test_the_form_on_data_takes_a_day(district, moderator, client, monkeypatch):
    monkeypatch.setattr(tasks.dossier_build, "delay", lambda dossier_id: None)
    client.force_login(moderator)
    assert 'name="as_of"' in client.get(reverse("datasets:data")).content.decode()
    response = client.post(reverse("datasets:dossier-create"), {"language": "sr", "area": "vracar", "visibility": "public",
                                                                "as_of": "2026-04-02"})
    assert response.status_code == 302
    assert Dossier.objects.get().as_of == date(2026, 4, 2)
    assert "as of 2026-04-02" in client.get(reverse("datasets:data")).content.decode()
    refused = client.post(reverse("datasets:dossier-create"), {"language": "en", "as_of": "2025-01-01"})
    assert refused.status_code == 400 and Dossier.objects.count() == 1
