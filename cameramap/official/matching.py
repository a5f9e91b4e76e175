"""Matching a list's entries one-to-one with the cameras on the street.

An entry and a camera are candidates when the camera is within the entry's reach:
OFFICIAL_MATCH_RADIUS_M, plus the entry's own precision when it was located from an address.
A candidate pair scores 0.5 for being within reach at all, plus up to 0.5 for closeness (0.5 at
the same spot, 0 at the edge of the reach), plus or minus a little where both sides know the
type or the direction (agreeing: +0.15 each; differing: −0.3 each), and at least 0.01. The half
for being within reach is what makes two pairs worth more than one: a declared camera found
counts for more than a few metres gained by a neighbour.

One declared camera is one camera on the street, so the pairs are chosen as an assignment, not
nearest-first: the pairs (entry, camera) that maximise the total score, each entry and each
camera used at most once. The candidate graph falls apart into groups that share no camera and
no entry (connected components); each group is solved exactly on its own (the Hungarian
method: scipy's linear_sum_assignment) — nearest-first would let one entry take the camera a
neighbour needed while a camera nearly as close was free for it. The result depends only on the
data: rows are ordered by id and ties are broken the same way each time.

A chosen pair is ``matched`` when its score is at least OFFICIAL_MATCH_CONFIDENT, ``probable``
below (a moderator confirms or rejects it: review.py); an entry with no pair is ``not_found``,
one without a location ``unlocated``. A pair a moderator confirmed is kept as it is; a pair a
moderator rejected is never proposed again.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy.optimize import linear_sum_assignment

from .candidates import CameraPoint


@dataclass(frozen=True)
class EntryPoint:
    id: int
    lon: float
    lat: float
    reach_m: float
    surveillance_type: str = ""
    directions: tuple[int, ...] = ()
    rejected: frozenset = frozenset()


@dataclass(frozen=True)
class Pair:
    entry: int
    camera: int
    distance_m: float
    score: float
    status: str


def reach(precision_m: float | None, located_by: str) -> float:
    extra = (precision_m or 0.0) if located_by in ("address", "intersection") else 0.0
    return settings.OFFICIAL_MATCH_RADIUS_M + extra


def _angle(a: int, b: int) -> int:
    return min((a - b) % 360, (b - a) % 360)


def score(entry: EntryPoint, camera: CameraPoint, metres: float) -> float:
    value = 0.5 + 0.5 * (1.0 - metres / entry.reach_m)
    if entry.surveillance_type and camera.surveillance_type:
        value += 0.15 if entry.surveillance_type == camera.surveillance_type else -0.3
    if entry.directions and camera.directions:
        closest = min(_angle(a, b) for a in entry.directions for b in camera.directions)
        value += 0.15 if closest <= 45 else (-0.3 if closest > 90 else 0.0)
    return max(value, 0.01)


def _components(edges: dict[tuple[int, int], float]) -> list[tuple[list[int], list[int], dict]]:
    """The connected groups of the candidate graph: (entries, cameras, their edges), sorted."""
    parent: dict = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for entry, camera in edges:
        parent[find(("e", entry))] = find(("c", camera))
    groups: dict = {}
    for (entry, camera), value in edges.items():
        groups.setdefault(find(("e", entry)), {})[(entry, camera)] = value
    components = []
    for group in groups.values():
        entries = sorted({entry for entry, _camera in group})
        cameras = sorted({camera for _entry, camera in group})
        components.append((entries, cameras, group))
    return sorted(components, key=lambda c: (c[0], c[1]))


def assign(edges: dict[tuple[int, int], float]) -> dict[int, int]:
    """entry → camera maximising the total score of ``edges`` ((entry, camera) → score > 0),
    one-to-one, solved exactly per connected group."""
    chosen = {}
    for entries, cameras, group in _components(edges):
        if len(entries) == 1 and len(cameras) == 1:
            chosen[entries[0]] = cameras[0]
            continue
        matrix = np.zeros((len(entries), len(cameras)))
        row_of = {e: i for i, e in enumerate(entries)}
        column_of = {c: j for j, c in enumerate(cameras)}
        for (entry, camera), value in group.items():
            matrix[row_of[entry], column_of[camera]] = value
        rows, columns = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(rows, columns):
            if matrix[i, j] > 0:
                chosen[entries[i]] = cameras[j]
    return chosen


def match(entries: list[EntryPoint], grid, taken: set[int] = frozenset()) -> dict[int, Pair]:
    """The pairs for these entries among the cameras of ``grid`` (a candidates.Grid), leaving out
    cameras in ``taken`` (confirmed by a moderator for another entry)."""
    edges, metres, cameras = {}, {}, {}
    for entry in entries:
        for camera, distance in grid.near(entry.lon, entry.lat, entry.reach_m):
            if camera.id in taken or camera.id in entry.rejected:
                continue
            edges[(entry.id, camera.id)] = score(entry, camera, distance)
            metres[(entry.id, camera.id)] = distance
            cameras[camera.id] = camera
    confident = settings.OFFICIAL_MATCH_CONFIDENT
    return {
        entry: Pair(entry, camera, metres[(entry, camera)], edges[(entry, camera)],
                    "matched" if edges[(entry, camera)] >= confident else "probable")
        for entry, camera in assign(edges).items()
    }
