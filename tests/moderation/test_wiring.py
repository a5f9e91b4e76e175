"""Where moderation meets the other parts: districts of new cameras, history on the camera page."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from cameramap.cameras.models import Area
from cameramap.moderation.services import report_approve
from tests.factories import report_make

pytestmark = pytest.mark.django_db


def district(name: str, bbox: tuple) -> Area:
    polygon = Polygon.from_bbox(bbox)
    polygon.srid = 4326
    return Area.objects.create(name=name, slug=name.lower(), boundary=MultiPolygon(polygon, srid=4326), population=1000)


def test_a_camera_approved_from_a_report_counts_for_its_district(moderator):
    stari_grad = district("Stari grad", (20.44, 44.80, 20.47, 44.83))
    district("Zemun", (20.30, 44.83, 20.42, 44.88))
    camera = report_approve(report=report_make(lon=20.4573, lat=44.8176), moderator=moderator)
    camera.refresh_from_db()
    assert camera.area == stari_grad


def test_the_camera_page_shows_the_moderation_history_to_moderators_only(client, moderator):
    camera = report_approve(report=report_make(notes="by the school"), moderator=moderator)
    anonymous = client.get(f"/cameras/{camera.pk}/")
    assert anonymous.status_code == 200 and "Moderation history" not in anonymous.content.decode()
    client.force_login(moderator)
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "Moderation history" in page and "approved as a new camera" in page.lower()
