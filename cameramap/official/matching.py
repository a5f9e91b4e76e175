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
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

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


def _component_labels(entry_ids: np.ndarray, camera_ids: np.ndarray) -> np.ndarray:
    """The connected group of each edge (entry, camera), as a label per edge (scipy's
    connected_components over the bipartite graph: entries and cameras as nodes)."""
    entries, entry_nodes = np.unique(entry_ids, return_inverse=True)
    _cameras, camera_nodes = np.unique(camera_ids, return_inverse=True)
    size = len(entries) + len(_cameras)
    graph = coo_matrix((np.ones(len(entry_ids)), (entry_nodes, camera_nodes + len(entries))), shape=(size, size))
    _count, labels = connected_components(graph, directed=False)
    return labels[entry_nodes]


def assign_arrays(entry_ids, camera_ids, scores) -> dict[int, int]:
    """entry → camera maximising the total score over the edges given as three arrays (one
    edge each: entry id, camera id, score > 0), one-to-one, solved exactly per connected group.
    Within a group, rows are the entries by id and columns the cameras by id, so that ties fall
    the same way every time."""
    return {entry: camera for entry, (camera, _edge) in _assign_edges(entry_ids, camera_ids, scores).items()}


def _assign_edges(entry_ids, camera_ids, scores) -> dict[int, tuple[int, int]]:
    """assign_arrays, with the index of each chosen edge in the arrays given: entry → (camera, index)."""
    entry_ids, camera_ids = np.asarray(entry_ids, dtype=np.int64), np.asarray(camera_ids, dtype=np.int64)
    scores = np.asarray(scores, dtype=float)
    if len(entry_ids) == 0:
        return {}
    labels = _component_labels(entry_ids, camera_ids)
    order = np.lexsort((camera_ids, entry_ids, labels))  # and order[k] is the edge k was given as
    labels, entry_ids, camera_ids, scores = labels[order], entry_ids[order], camera_ids[order], scores[order]
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    ends = np.r_[starts[1:], len(labels)]
    group_start = np.repeat(starts, ends - starts)
    # Each edge's row (its entry's rank among the group's entries) and column (its camera's rank
    # among the group's cameras), for all groups at once.
    new_entry = np.r_[True, (labels[1:] != labels[:-1]) | (entry_ids[1:] != entry_ids[:-1])]
    entry_rank = np.cumsum(new_entry) - 1
    rows = entry_rank - entry_rank[group_start]
    by_camera = np.lexsort((camera_ids, labels))
    new_camera = np.r_[True, (labels[by_camera][1:] != labels[by_camera][:-1]) | (camera_ids[by_camera][1:] != camera_ids[by_camera][:-1])]
    camera_rank = np.empty(len(labels), dtype=np.int64)
    camera_rank[by_camera] = np.cumsum(new_camera) - 1
    first_rank = np.minimum.reduceat(camera_rank, starts)
    columns = camera_rank - np.repeat(first_rank, ends - starts)
    chosen = {}
    for start, end in zip(starts.tolist(), ends.tolist()):
        if end - start == 1:  # one entry, one camera: most groups of a real list
            chosen[int(entry_ids[start])] = (int(camera_ids[start]), int(order[start]))
            continue
        entries = entry_ids[start:end][new_entry[start:end]]
        cameras = np.unique(camera_ids[start:end])
        matrix = np.zeros((len(entries), len(cameras)))
        matrix[rows[start:end], columns[start:end]] = scores[start:end]
        edges = np.full((len(entries), len(cameras)), -1, dtype=np.int64)
        edges[rows[start:end], columns[start:end]] = order[start:end]
        picked_rows, picked_columns = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(picked_rows.tolist(), picked_columns.tolist()):
            if matrix[i, j] > 0:
                chosen[int(entries[i])] = (int(cameras[j]), int(edges[i, j]))
    return chosen


def assign(edges: dict[tuple[int, int], float]) -> dict[int, int]:
    """entry → camera maximising the total score of ``edges`` ((entry, camera) → score > 0),
    one-to-one, solved exactly per connected group."""
    keys = list(edges)
    return assign_arrays([e for e, _c in keys], [c for _e, c in keys], [edges[k] for k in keys])


def _scores(entries: list[EntryPoint], cameras: list, places, points, metres) -> np.ndarray:
    """score() for every candidate pair: the part from the distance at once, the type and
    direction terms only for the pairs whose entry knows them (few lists do)."""
    reaches = np.array([e.reach_m for e in entries])[places]
    values = 0.5 + 0.5 * (1.0 - metres / reaches)
    for k in np.flatnonzero([bool(entries[i].surveillance_type or entries[i].directions) for i in places.tolist()]).tolist():
        values[k] = score(entries[places[k]], cameras[points[k]], float(metres[k]))
    return np.maximum(values, 0.01)


def match(entries: list[EntryPoint], grid, taken: set[int] = frozenset()) -> dict[int, Pair]:
    """The pairs for these entries among the cameras of ``grid`` (a candidates.Grid), leaving out
    cameras in ``taken`` (confirmed by a moderator for another entry)."""
    places, points, metres = grid.pairs([e.lon for e in entries], [e.lat for e in entries], [e.reach_m for e in entries])
    camera_ids = np.array([c.id for c in grid.points], dtype=np.int64)[points] if len(points) else np.zeros(0, dtype=np.int64)
    entry_ids = np.array([e.id for e in entries], dtype=np.int64)[places] if len(places) else np.zeros(0, dtype=np.int64)
    keep = ~np.isin(camera_ids, np.fromiter(taken, dtype=np.int64, count=len(taken)))
    rejecting = [i for i, e in enumerate(entries) if e.rejected]
    for k in np.flatnonzero(np.isin(places, rejecting)).tolist() if rejecting else ():
        if int(camera_ids[k]) in entries[places[k]].rejected:
            keep[k] = False
    places, points, metres, camera_ids, entry_ids = places[keep], points[keep], metres[keep], camera_ids[keep], entry_ids[keep]
    values = _scores(entries, grid.points, places, points, metres)
    confident = settings.OFFICIAL_MATCH_CONFIDENT
    pairs = {}
    for entry, (camera, k) in _assign_edges(entry_ids, camera_ids, values).items():
        value = float(values[k])
        pairs[entry] = Pair(entry, camera, float(metres[k]), value, "matched" if value >= confident else "probable")
    return pairs
