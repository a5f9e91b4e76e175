"""GET /api/v1/routes/ on a small network with known answers, its refusals, and what it keeps
(nothing)."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cameramap.routes.models import RouteEdge

from .conftest import at, dome_at, graph_build, service_area

pytestmark = pytest.mark.django_db
A, B = at(0, -2), at(200, -2)  # two metres south of each end of the main street


def routes(client, **params):
    query = {"from": A, "to": B, **params}
    response = client.get("/api/v1/routes/", query)
    return response, response.json()


def figures(body) -> dict:
    return {f["id"]: (f["properties"]["length_m"], f["properties"]["watched_m"], f["properties"]["watched_share"],
                      f["properties"]["cameras"]) for f in body["features"]}


def test_the_least_watched_route_takes_the_detour_within_the_limit(client, city_camera):
    response, body = routes(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert body["type"] == "FeatureCollection"
    assert [f["geometry"]["type"] for f in body["features"]] == ["LineString", "LineString"]
    assert figures(body) == {"shortest": (200.0, 40.0, 0.2, [city_camera.pk]), "least_watched": (280.0, 0.0, 0.0, [])}
    assert body["detour_limit"] == 1.5 and body["max_length_m"] == 300.0
    assert body["from"]["distance_m"] == pytest.approx(2.0, abs=0.01)
    least = body["features"][1]["geometry"]["coordinates"]
    assert least[0] == pytest.approx(body["from"]["point"]) and least[-1] == pytest.approx(body["to"]["point"])


def test_a_detour_past_the_limit_is_not_taken(client, city_camera, settings):
    settings.ROUTE_DETOUR_LIMIT = 1.3  # 260 m: the 280 m detour is too long
    response, body = routes(client)
    assert response.status_code == 200
    assert figures(body)["least_watched"] == (200.0, 40.0, 0.2, [city_camera.pk])
    assert body["max_length_m"] == 260.0


def test_avoiding_police_and_city_cameras_ignores_the_others(client, network):
    city = dome_at(100, 0, operator_type="city")
    shop = dome_at(100, 40, operator_type="private")
    graph_build()
    _, everyone = routes(client)
    assert figures(everyone)["least_watched"] == (200.0, 40.0, 0.2, [city.pk])  # both ways are watched as much
    response, police = routes(client, avoid="police")
    assert response.status_code == 200
    assert figures(police) == {"shortest": (200.0, 40.0, 0.2, [city.pk]), "least_watched": (280.0, 0.0, 0.0, [])}
    _, facial = routes(client, avoid="facial_recognition")
    assert figures(facial)["least_watched"] == (200.0, 0.0, 0.0, [])
    assert shop.pk not in figures(police)["shortest"][3]


def test_a_point_far_from_any_street_is_refused_with_the_distance(client, city_camera):
    response, body = routes(client, **{"from": at(100, -400)})
    assert response.status_code == 400
    assert body == {"from": ["This point is 400 m from the nearest walkable street; choose a point at most 150 m from one."]}


def test_a_point_with_no_street_near_is_outside_the_city(client, city_camera):
    response, body = routes(client, to=at(3000, 3000))
    assert response.status_code == 400
    assert body == {"to": ["No walkable street within 2 km of this point: it is outside the city's streets."]}


def test_a_point_outside_the_service_area_is_refused(client, city_camera):
    service_area(-50, -50, 250, 100)
    response, body = routes(client, to=at(1050, -2))
    assert response.status_code == 400
    assert body == {"to": ["This point is outside the area this service covers: Service."]}


def test_the_same_point_twice_is_refused(client, city_camera):
    response, body = routes(client, to=A)
    assert response.status_code == 400
    assert body == {"to": ["The start and the end are the same place: choose two different points."]}
    # Two points a few metres apart that meet the street at the same place.
    response, body = routes(client, **{"from": at(100, -3), "to": at(100, -5)})
    assert response.status_code == 400 and "same place" in body["to"][0]


def test_points_on_parts_of_the_network_that_do_not_meet_are_refused(client, city_camera):
    response, body = routes(client, to=at(1050, -2))
    assert response.status_code == 400
    assert body["to"][0].startswith("No walkable way joins these two points within")


@pytest.mark.parametrize("params, field, message", [
    ({"from": "44.8,20.4,1"}, "from", "Give a point as LON,LAT in degrees, e.g. 24.9441,60.1699."),
    ({"from": "nan,1"}, "from", "Give a point as LON,LAT in degrees, e.g. 24.9441,60.1699."),
    ({"to": "200,45"}, "to", "Longitudes must be within -180..180 and latitudes within -90..90."),
    ({"to": ""}, "to", "This field may not be blank."),
    ({"avoid": "army"}, "avoid", None),
])
def test_malformed_queries_name_the_parameter(client, city_camera, params, field, message):
    response, body = routes(client, **params)
    assert response.status_code == 400
    assert list(body) == [field]
    if message:
        assert body[field] == [message]
    else:
        assert "army" in body[field][0] and "police" in body[field][0]


def test_missing_points_are_required(client, city_camera):
    response = client.get("/api/v1/routes/")
    assert response.status_code == 400
    assert response.json() == {"from": ["This field is required."], "to": ["This field is required."]}


def test_nothing_about_a_route_request_is_stored_or_logged(client, city_camera, caplog):
    edges = list(RouteEdge.objects.order_by("pk").values_list("pk", "source", "target", "length_m", "watched_all"))
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        ok, _ = routes(client)
        refused, _ = routes(client, **{"from": at(100, -400)})
    assert (ok.status_code, refused.status_code) == (200, 400)
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE"))]
    assert writes == []
    lon, lat = A.split(",")
    assert not [r for r in caplog.records if lon[:7] in r.getMessage() or lat[:7] in r.getMessage()]
    assert ok["Cache-Control"] == "no-store" and refused.get("Set-Cookie") is None and not ok.cookies
    assert list(RouteEdge.objects.order_by("pk").values_list("pk", "source", "target", "length_m", "watched_all")) == edges


def test_refusals_speak_the_requests_language(client, city_camera):
    response = client.get("/api/v1/routes/", {"from": at(100, -400), "to": B}, HTTP_ACCEPT_LANGUAGE="sr")
    assert response.status_code == 400
    assert response.json() == {"from": ["Ова тачка је 400 m од најближе пешачке улице; изаберите тачку највише 150 m од неке."]}
    response = client.get("/api/v1/routes/", {"from": A, "to": A}, HTTP_ACCEPT_LANGUAGE="sr-Latn")
    assert response.json() == {"to": ["Početak i kraj su isto mesto: izaberite dve različite tačke."]}


def test_the_python_engine_can_be_chosen_and_gives_the_same_routes(client, city_camera, settings):
    _, auto = routes(client)
    settings.ROUTE_ENGINE = "python"
    response, python = routes(client)
    assert response.status_code == 200 and python["engine"] == "python"
    assert figures(python) == figures(auto)
    assert [f["geometry"] for f in python["features"]] == [f["geometry"] for f in auto["features"]]
