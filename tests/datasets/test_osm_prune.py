"""Re-importing an extract with --prune: OSM cameras deleted upstream are marked removed (never
deleted, never crowd cameras, never outside the extract's area), and a dry run only counts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cameramap.cameras.models import Camera
from cameramap.datasets.osm_readers import read_bounds
from cameramap.cameras.history import ModerationEvent
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

BOUNDS = '<bounds minlat="44.78" minlon="20.40" maxlat="44.86" maxlon="20.52"/>'


def extract(tmp_path, name: str, nodes: dict[int, tuple[float, float, str]], bounds: str = BOUNDS):
    """An OSM XML extract, as osmium or the API write it: <bounds>, then camera nodes."""
    body = "".join(
        f'<node id="{osm_id}" version="3" lat="{lat}" lon="{lon}">'
        f'<tag k="man_made" v="surveillance"/><tag k="operator" v="{operator}"/></node>'
        for osm_id, (lon, lat, operator) in nodes.items()
    )
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?><osm version="0.6" generator="osmium/1.16">{bounds}{body}</osm>')
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("osm_import", *map(str, args), stdout=out, verbosity=0)
    return out.getvalue()


@pytest.fixture
def area(tmp_path):
    """Three OSM cameras imported from an extract of central Belgrade, one OSM camera imported
    from elsewhere, a crowd camera and a crowd camera linked to an OSM node, all but the
    elsewhere one inside the extract's bounds."""
    run(extract(tmp_path, "a.osm", {101: (20.45, 44.81, "MUP"), 102: (20.46, 44.82, "MUP"),
                                    103: (20.47, 44.83, "Grad")}))
    run(extract(tmp_path, "novi-sad.osm", {900: (19.84, 45.25, "MUP")}, bounds=""))
    crowd = camera_make(lon=20.48, lat=44.80, operator="seen by volunteers")
    linked = camera_make(lon=20.49, lat=44.80, osm_type="node", osm_id=104, operator="ours")
    osm = {osm_id: Camera.objects.get(osm_id=osm_id) for osm_id in (101, 102, 103, 900)}
    return {"crowd": crowd, "linked": linked, **osm}


def test_reimport_with_prune_marks_the_deleted_node_removed_and_touches_nothing_else(area, tmp_path):
    # Upstream: node 103 deleted, node 101's operator changed, node 102 as it was.
    b = extract(tmp_path, "b.osm", {101: (20.45, 44.81, "Police"), 102: (20.46, 44.82, "MUP")})
    before = {name: (c.status, c.updated_at) for name, c in area.items()}

    out = run(b, "--prune")

    assert "created 0, updated 1, unchanged 1, linked 0, skipped 0, removed 1, kept 0" in out
    assert "pruned within 20.4,44.78,20.52,44.86" in out
    assert Camera.objects.count() == 6  # nothing created, nothing deleted
    gone = Camera.objects.get(pk=area[103].pk)
    assert gone.status == "removed" and gone.published and gone.osm_id == 103
    event = ModerationEvent.objects.get(camera=gone)
    assert (event.action, event.moderator, event.report) == ("remove", None, None)
    assert event.data["osm"] == {"type": "node", "id": 103} and event.data["old"] == {"status": "present"}
    assert "b.osm" in event.reason
    assert Camera.objects.get(pk=area[101].pk).operator == "Police"
    for name in ("crowd", "linked", 900, 102):  # crowd, crowd linked to a node not in the file, outside, still there
        camera = Camera.objects.get(pk=area[name].pk)
        assert (camera.status, camera.updated_at) == before[name], name
    update = ModerationEvent.objects.get(camera=area[101].pk)  # node 101's new operator, with the old one
    assert (update.action, update.moderator, update.data["via"]) == ("correct", None, "osm_import")
    assert (update.data["old"]["operator"], update.data["new"]["operator"]) == ("MUP", "Police")
    assert ModerationEvent.objects.count() == 2

    again = run(b, "--prune")  # already removed and updated: counted once, one event each

    assert "updated 0, unchanged 2, linked 0, skipped 0, removed 0, kept 0" in again
    assert ModerationEvent.objects.count() == 2


def test_prune_keeps_an_osm_camera_that_a_volunteer_has_sighted(area, tmp_path):
    report_make(lon=20.4701, lat=44.8301, kind="confirm", status="approved", camera=area[103])
    b = extract(tmp_path, "b.osm", {101: (20.45, 44.81, "MUP"), 102: (20.46, 44.82, "MUP")})

    out = run(b, "--prune")

    assert "removed 0, kept 1" in out
    assert Camera.objects.get(pk=area[103].pk).status == "present"
    assert not ModerationEvent.objects.exists()


def test_reimport_without_prune_removes_nothing(area, tmp_path):
    out = run(extract(tmp_path, "b.osm", {101: (20.45, 44.81, "MUP")}))
    assert "unchanged 1" in out and "removed" not in out
    assert not Camera.objects.filter(status="removed").exists()


def test_dry_run_counts_and_changes_nothing(area, tmp_path):
    b = extract(tmp_path, "b.osm", {101: (20.45, 44.81, "Police"), 105: (20.41, 44.79, "new")})

    out = run(b, "--prune", "--dry-run")

    assert out.startswith("Dry run, nothing changed: created 1, updated 1, unchanged 0")
    assert "removed 2, kept 0" in out  # 102 and 103
    assert Camera.objects.count() == 6 and not Camera.objects.filter(status="removed").exists()
    assert Camera.objects.get(pk=area[101].pk).operator == "MUP"
    assert not ModerationEvent.objects.exists()


def test_a_file_without_bounds_prunes_only_within_an_explicit_bbox(area, tmp_path):
    overpass = tmp_path / "overpass.json"
    overpass.write_text(json.dumps({"elements": [
        {"type": "node", "id": 101, "lat": 44.81, "lon": 20.45,
         "tags": {"man_made": "surveillance", "operator": "MUP"}},
    ]}))
    with pytest.raises(CommandError, match="does not say which area it covers"):
        run(overpass, "--prune")
    with pytest.raises(CommandError, match="give --prune too"):
        run(overpass, "--bbox", "20.40,44.78,20.52,44.86")
    with pytest.raises(CommandError, match="west < east"):
        run(overpass, "--prune", "--bbox", "20.52,44.78,20.40,44.86")

    out = run(overpass, "--prune", "--bbox", "20.455,44.815,20.52,44.86")  # holds 102 and 103, not 101

    assert "removed 2" in out
    assert set(Camera.objects.filter(status="removed").values_list("osm_id", flat=True)) == {102, 103}


def test_bounds_are_read_from_osm_xml_and_osmosis(tmp_path):
    assert read_bounds(extract(tmp_path, "a.osm", {1: (20.45, 44.81, "x")})) == (20.40, 44.78, 20.52, 44.86)
    osmosis = extract(tmp_path, "b.osm", {}, bounds='<bound box="44.78,20.40,44.86,20.52" origin="osmosis"/>')
    assert read_bounds(osmosis) == (20.40, 44.78, 20.52, 44.86)
    assert read_bounds(extract(tmp_path, "c.osm", {1: (20.45, 44.81, "x")}, bounds="")) is None


def test_a_camera_mapped_as_a_way_is_never_pruned_by_an_extract_without_centres(area, tmp_path):
    """OSM XML from osmium, JOSM or the API has no centres for ways, so the reader cannot yield
    them: a way-mapped camera (imported earlier from Overpass `out center`) is absent from every
    such file, and its absence proves nothing."""
    way = camera_make(lon=20.455, lat=44.815, source="osm", osm_type="way", osm_id=5001)
    b = extract(tmp_path, "b.osm", {101: (20.45, 44.81, "MUP"), 102: (20.46, 44.82, "MUP"),
                                    103: (20.47, 44.83, "Grad")})

    out = run(b, "--prune")

    assert "removed 0, kept 0" in out
    assert Camera.objects.get(pk=way.pk).status == "present"
