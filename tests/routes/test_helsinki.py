"""The real Helsinki centre (shared fixture: its streets, buildings and 221 cameras from
OpenStreetMap): the same routes on PostGIS and on SpatiaLite. The figures were computed on both;
each backend must reproduce them to the decimetre, and on PostGIS pgRouting and the SciPy engine
must return the very same lines."""

import pytest
from django.core.management import call_command
from django.db import connection

from cameramap.city.services import city_import
from cameramap.exposure.services import fov_update
from cameramap.routes import engines
from cameramap.routes.planner import route_plan
from cameramap.routes.services import route_graph_update
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
PBF = FIXTURES / "osm" / "helsinki-centre.osm.pbf"

# (from, to) → {route: (length_m, watched_m, cameras crossed)}
EXPECTED = {
    ((24.9384, 60.1672), (24.9520, 60.1700)): {"shortest": (991.6, 137.2, 8), "least_watched": (1194.8, 0.0, 0)},
    ((24.9414, 60.1699), (24.9458, 60.1737)): {"shortest": (625.0, 192.7, 12), "least_watched": (719.8, 0.0, 0)},
    ((24.9400, 60.1650), (24.9500, 60.1770)): {"shortest": (1652.8, 195.9, 14), "least_watched": (1924.0, 0.0, 0)},
}


def summary(plan: dict) -> dict:
    return {f["id"]: (f["properties"]["length_m"], f["properties"]["watched_m"], len(f["properties"]["cameras"]))
            for f in plan["features"]}


def test_helsinki_routes_are_the_same_on_both_backends_and_engines(client):
    city_import(PBF)
    call_command("osm_import", str(PBF), verbosity=0)
    fov_update()
    assert route_graph_update() == 5340
    on_postgis = connection.vendor == "postgresql"
    for (start, end), expected in EXPECTED.items():
        plan = route_plan(start=start, end=end)
        assert plan["engine"] == ("pgrouting" if on_postgis else "python")
        assert summary(plan) == expected
        shortest, least = (f["properties"] for f in plan["features"])
        assert least["length_m"] <= 1.5 * shortest["length_m"]
        if on_postgis:
            other = route_plan(start=start, end=end, engine=engines.PythonEngine)
            assert [f["geometry"] for f in other["features"]] == [f["geometry"] for f in plan["features"]]
    response = client.get("/api/v1/routes/", {"from": "24.9384,60.1672", "to": "24.9520,60.1700", "avoid": "police"})
    assert response.status_code == 200
    assert summary(response.json())["shortest"] == (991.6, 0.0, 0)  # OSM says no operator type: none is police
