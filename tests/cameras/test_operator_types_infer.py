"""manage.py operator_types_infer: imported cameras with an unknown operator type get the one
their operator's name says; volunteers' cameras and chosen types are left alone; each change is
in the camera's history. And the OSM import does the same by itself."""

import json

import pytest
from django.core.management import call_command

from cameramap.cameras.history import Action, ModerationEvent
from cameramap.cameras.models import Camera
from cameramap.datasets.osm_import import cameras_import
from cameramap.datasets.osm_readers import read_osm
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def test_the_command_reads_the_type_from_the_name_of_imported_cameras_only(capsys):
    police = camera_make(source="osm", operator="Полиција", osm_type="node", osm_id=1)
    city = camera_make(source="osm", operator="City of Atlanta", osm_type="node", osm_id=2)
    shop = camera_make(source="osm", operator="Kroger", osm_type="node", osm_id=3)
    chosen = camera_make(source="osm", operator="Grad Beograd", operator_type="private", osm_type="node", osm_id=4)
    crowd = camera_make(source="crowd", operator="MUP")

    call_command("operator_types_infer", "--dry-run")
    assert "2 cameras would change: city 1, police 1." in capsys.readouterr().out
    assert Camera.objects.get(pk=police.pk).operator_type == "unknown"

    call_command("operator_types_infer")

    assert "2 cameras changed: city 1, police 1." in capsys.readouterr().out
    types = dict(Camera.objects.values_list("id", "operator_type"))
    assert types == {police.pk: "police", city.pk: "city", shop.pk: "unknown", chosen.pk: "private", crowd.pk: "unknown"}
    event = ModerationEvent.objects.get(camera=police, action=Action.CORRECT)
    assert event.moderator is None and event.data["new"] == {"operator_type": "police"} and event.data["auto"] is True


def test_the_osm_import_reads_the_type_and_never_replaces_a_chosen_one(tmp_path):
    elements = [
        {"type": "node", "id": 11, "lat": 44.81, "lon": 20.46, "tags": {"man_made": "surveillance", "operator": "MUP Srbije"}},
        {"type": "node", "id": 12, "lat": 44.82, "lon": 20.47, "tags": {"man_made": "surveillance", "operator": "Lidl"}},
    ]
    path = tmp_path / "cameras.json"
    path.write_text(json.dumps({"elements": elements}))
    cameras_import(read_osm(path))
    assert dict(Camera.objects.values_list("osm_id", "operator_type")) == {11: "police", 12: "unknown"}

    Camera.objects.filter(osm_id=11).update(operator_type="city")  # a moderator knows better
    elements[1]["tags"]["operator"] = "Град Београд"
    path.write_text(json.dumps({"elements": elements}))
    cameras_import(read_osm(path))
    assert dict(Camera.objects.values_list("osm_id", "operator_type")) == {11: "city", 12: "city"}
