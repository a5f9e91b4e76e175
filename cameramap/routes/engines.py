"""The two engines that find a cheapest path on the walking graph, with one interface so the
planner (planner.py) runs the same steps on either: pgRouting's ``pgr_dijkstra`` inside PostGIS,
and SciPy's ``csgraph.dijkstra`` over the same edges read into memory (the embedded SpatiaLite
default, or a PostGIS without pgRouting).

Both read only the edges inside the planner's box, plus the temporary pieces that join the start
and end to the graph (snap.py), and weigh an edge as ``length_m + alpha × watched_<scope> + 1e-6``
(the micro-metre keeps a piece of no length from being free). A path is a list of
``(edge id, node it is walked from)``.
"""

from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connection
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from cameramap.geo import Bbox, in_bbox

from .models import RouteEdge
from .snap import END_NODE, START_NODE, Piece

EPSILON = 1e-6
SCOPE_COLUMNS = {"all": "watched_all", "police_city": "watched_police_city", "facial_recognition": "watched_facial_recognition"}

Path = list[tuple[int, int]]


class PythonEngine:
    """SciPy's Dijkstra over the box's edges, read once and weighed again for each alpha."""

    name = "python"

    def __init__(self, box: Bbox, pieces: list[Piece], replaced: set[int]):
        rows = (in_bbox(RouteEdge.objects.all(), box, "geometry").exclude(pk__in=replaced)
                .values_list("id", "source", "target", "length_m", *SCOPE_COLUMNS.values()))
        table = [tuple(row) for row in rows]
        table += [(p.id, p.source, p.target, p.length_m, *(p.watched[s] for s in SCOPE_COLUMNS)) for p in pieces]
        data = np.array(table, dtype=float).reshape(-1, 4 + len(SCOPE_COLUMNS))
        self.ids = data[:, 0].astype(np.int64)
        self.nodes, ends = np.unique(data[:, 1:3].astype(np.int64), return_inverse=True)
        ends = ends.reshape(-1, 2)
        # An undirected edge once, as (lower node, higher node): parallel edges are resolved below.
        self.low, self.high = ends.min(axis=1), ends.max(axis=1)
        self.source = ends[:, 0]
        self.length = data[:, 3]
        self.watched = {scope: data[:, 4 + i] for i, scope in enumerate(SCOPE_COLUMNS)}

    def _index(self, node: int) -> int | None:
        i = int(np.searchsorted(self.nodes, node))
        return i if i < len(self.nodes) and self.nodes[i] == node else None

    def path(self, scope: str, alpha: float) -> Path | None:
        start, end = self._index(START_NODE), self._index(END_NODE)
        if start is None or end is None:
            return None
        cost = self.length + alpha * self.watched[scope] + EPSILON
        # Of parallel edges between two nodes, the cheapest (then the lowest id) is the one walked.
        n = len(self.nodes)
        order = np.lexsort((self.ids, cost, self.high, self.low))
        pair = self.low[order] * n + self.high[order]
        keep = np.concatenate(([True], pair[1:] != pair[:-1]))
        first, keys = order[keep], pair[keep]  # keys ascending: searched below for each step
        graph = csr_matrix((cost[first], (self.low[first], self.high[first])), shape=(n, n))
        _, predecessors = dijkstra(graph, directed=False, indices=start, return_predecessors=True)
        if predecessors[end] < 0 and end != start:
            return None
        steps = []
        node = end
        while node != start:
            previous = int(predecessors[node])
            i = first[int(np.searchsorted(keys, min(previous, node) * n + max(previous, node)))]
            steps.append((int(self.ids[i]), int(self.nodes[previous])))
            node = previous
        return steps[::-1]


class PgRoutingEngine:
    """pgRouting's ``pgr_dijkstra`` inside PostGIS, on the box's edges (the GiST index finds them)."""

    name = "pgrouting"

    def __init__(self, box: Bbox, pieces: list[Piece], replaced: set[int]):
        self.box, self.pieces, self.replaced = box, pieces, replaced

    def _edges_sql(self, scope: str, alpha: float) -> str:
        # Every value here is a number the planner computed (floats and ids), never client text.
        column = SCOPE_COLUMNS[scope]
        west, south, east, north = (float(v) for v in self.box)
        excluded = ",".join(str(int(i)) for i in sorted(self.replaced)) or "0"
        sql = (f"SELECT id, source, target, length_m + {float(alpha)!r} * {column} + {EPSILON!r} AS cost "
               f"FROM {RouteEdge._meta.db_table} "
               f"WHERE geometry && ST_MakeEnvelope({west!r}, {south!r}, {east!r}, {north!r}, 4326) AND id NOT IN ({excluded})")
        values = [f"({int(p.id)}::bigint, {int(p.source)}::bigint, {int(p.target)}::bigint, "
                  f"{p.length_m + float(alpha) * p.watched[scope] + EPSILON!r}::float8)" for p in self.pieces]
        return f"{sql} UNION ALL SELECT * FROM (VALUES {', '.join(values)}) AS pieces(id, source, target, cost)"

    def path(self, scope: str, alpha: float) -> Path | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT node, edge FROM pgr_dijkstra(%s, %s::bigint, %s::bigint, directed => false) ORDER BY seq",
                           [self._edges_sql(scope, alpha), START_NODE, END_NODE])
            rows = cursor.fetchall()
        steps = [(int(edge), int(node)) for node, edge in rows if edge != -1]
        return steps or None


@lru_cache(maxsize=4)
def _pgrouting_installed(alias: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'")
        return cursor.fetchone() is not None


def engine_class():
    """pgRouting when the database has it (``ROUTE_ENGINE=auto``, the default), else SciPy (and
    always SciPy with ``ROUTE_ENGINE=python``): a missing extension slows routes, never breaks them."""
    if getattr(settings, "ROUTE_ENGINE", "auto") == "python" or connection.vendor != "postgresql":
        return PythonEngine
    return PgRoutingEngine if _pgrouting_installed(connection.settings_dict["NAME"]) else PythonEngine
