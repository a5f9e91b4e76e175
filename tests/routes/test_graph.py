"""The walking graph: streets cut at their shared nodes, weighed by the fields of view."""

import pytest

from cameramap.routes.models import RouteEdge

from .conftest import dome_at, graph_build

pytestmark = pytest.mark.django_db


def test_streets_are_cut_where_they_share_a_node_and_motorways_left_out(network):
    dome_at(100, 0, operator_type="police", facial_recognition="suspected")
    assert graph_build() == 5  # the main street, the three sides of the detour, the island
    rows = list(RouteEdge.objects.values_list("length_m", "watched_all", "watched_police_city", "watched_facial_recognition"))
    assert sorted(round(r[0], 1) for r in rows) == [40.0, 40.0, 100.0, 200.0, 200.0]
    main = [r for r in rows if round(r[1], 1) == 40.0]
    assert len(main) == 1 and main[0][2:] == pytest.approx((40.0, 40.0), abs=0.05)


def test_a_street_crossing_another_at_a_shared_node_becomes_four_edges(db):
    from tests.exposure.conftest import street_m

    street_m(1, [(-50, 0), (0, 0), (50, 0)])
    street_m(2, [(0, -50), (0, 0), (0, 50)])
    assert graph_build() == 4
    ends = list(RouteEdge.objects.values_list("source", "target"))
    centre = {node for pair in ends for node in pair if sum(node in p for p in ends) == 4}
    assert len(centre) == 1


def test_a_camera_change_rebuilds_the_graph_after_its_field_of_view(network, settings):
    from cameramap.exposure.tasks import fov_compute

    settings.CELERY_TASK_ALWAYS_EAGER = True
    camera = dome_at(100, 0)
    fov_compute.apply(args=[[camera.pk]])
    assert RouteEdge.objects.count() == 5
    seen = [cameras for cameras in RouteEdge.objects.values_list("cameras", flat=True) if camera.pk in cameras]
    assert len(seen) == 1  # the main street, the only edge within its 20 m
