"""The vectorised candidate search (Grid.pairs: a k-d tree over unit vectors, haversine in NumPy)
finds exactly the pairs of the one-place-at-a-time search (Grid.near), at any latitude and across
the antimeridian; and the vectorised assignment gives what the per-group one did."""

import random

import pytest

from cameramap.geo import distance_m
from cameramap.official.candidates import CameraPoint, Grid
from cameramap.official.matching import assign, assign_arrays


def _cameras(rng, centre, n, spread):
    lon0, lat0 = centre
    return [CameraPoint(i + 1, ((lon0 + rng.uniform(-spread, spread) + 180) % 360) - 180,
                        max(-89.9, min(89.9, lat0 + rng.uniform(-spread, spread))), "camera", "[]", True) for i in range(n)]


@pytest.mark.parametrize("centre", [(20.4573, 44.8176), (179.9995, -16.5), (-84.39, 33.75), (24.94, 60.17), (10.0, 78.2)])
def test_pairs_are_exactly_the_pairs_near_finds(centre):
    rng = random.Random(7)
    cameras = _cameras(rng, centre, 3000, 0.01)
    grid = Grid(cameras, cell=0.001)
    places = [(c.lon, c.lat, rng.choice([5.0, 30.0, 80.0])) for c in _cameras(rng, centre, 400, 0.01)]
    found, points, metres = grid.pairs(*zip(*places))
    vectorised = {(int(p), grid.points[int(c)].id): m for p, c, m in zip(found, points, metres)}
    one_by_one = {(i, camera.id): m for i, (lon, lat, reach) in enumerate(places) for camera, m in grid.near(lon, lat, reach)}
    assert vectorised and one_by_one.keys() <= vectorised.keys()
    if centre[0] < 179:
        assert vectorised.keys() == one_by_one.keys()
    else:  # the degree boxes of ``near`` stop at the antimeridian; the unit vectors do not
        assert len(vectorised) > len(one_by_one)
    for key, m in vectorised.items():
        lon, lat, reach = places[key[0]]
        camera = next(c for c in cameras if c.id == key[1])
        assert m == pytest.approx(distance_m(lon, lat, camera.lon, camera.lat), abs=1e-6) and m <= reach


def test_no_places_or_no_points_give_no_pairs():
    assert all(len(a) == 0 for a in Grid([], 0.001).pairs([20.0], [44.0], [30.0]))
    assert all(len(a) == 0 for a in Grid([CameraPoint(1, 20.0, 44.0, "", "[]", True)], 0.001).pairs([], [], []))


def test_the_vectorised_assignment_is_the_per_group_one():
    rng = random.Random(11)
    edges = {}
    for _ in range(3000):
        entry, camera = rng.randrange(1, 800), rng.randrange(1, 900)
        edges[(entry, camera)] = round(rng.uniform(0.01, 1.15), 2)  # rounded: ties happen, and fall the same way
    chosen = assign(edges)
    keys = sorted(edges, key=lambda k: (rng.random(), k))  # any order of the edges
    assert assign_arrays([k[0] for k in keys], [k[1] for k in keys], [edges[k] for k in keys]) == chosen
    assert len(set(chosen.values())) == len(chosen)  # one camera for one entry
    assert assign({}) == {} and assign({(1, 2): 0.5}) == {1: 2}
