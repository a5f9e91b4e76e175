import pytest

from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/cameras/camera/", "/admin/cameras/report/", "/admin/cameras/area/",
     "/admin/cameras/moderationevent/", "/admin/datasets/datasetrelease/"],
)
def test_admin_lists_load_for_a_moderator(client, moderator, url):
    camera_make()
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200


def test_camera_change_page_has_a_leaflet_map_widget(client, moderator):
    camera = camera_make(operator="City of Belgrade")
    client.force_login(moderator)
    response = client.get(f"/admin/cameras/camera/{camera.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "leaflet" in body.lower() and "City of Belgrade" in body


def test_staff_cannot_make_a_camera_verified_in_the_admin(client, moderator):
    """Only a volunteer's sighting a moderator accepted verifies a camera: the admin shows the day
    but has no field for it."""
    camera = camera_make(source="osm", verified_on=None)
    client.force_login(moderator)
    body = client.get(f"/admin/cameras/camera/{camera.pk}/change/").content.decode()
    assert 'name="verified_on"' not in body and "Verified on" in body


def test_report_change_page_has_a_leaflet_map_widget(client, moderator):
    report = report_make(notes="pole by the school")
    client.force_login(moderator)
    response = client.get(f"/admin/cameras/report/{report.pk}/change/")
    assert response.status_code == 200
    assert "leaflet" in response.content.decode().lower()


def test_moderator_cannot_edit_the_audit_trail(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/cameras/moderationevent/add/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/cameras/camera/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
