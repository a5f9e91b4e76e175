"""The matcher as it was before it was profiled (2026-12-05), kept as the benchmark's baseline for
the same 10,000 entries in the same run: the candidates' join with DISTINCT and its arrays sent
element by element (planned as millions of rows, so JIT-compiled and hashed on disk), a Python
grid measuring each candidate pair, the entries read as model instances with geo.distance_m, a Python union-find for the groups, and
one linear_sum_assignment per group of more than one pair. Same scores, same result; only the
time differs. Runs in a transaction that is rolled back."""

import time

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from scipy.optimize import linear_sum_assignment

from cameramap.cameras import vocabulary as v
from cameramap.cameras.db import StX, StY
from cameramap.cameras.models import Camera
from cameramap.geo import envelope
from cameramap.official.candidates import CameraPoint, Grid
from cameramap.official.matching import EntryPoint, reach, score
from cameramap.official.models import OfficialEntry


def _cameras_near(places):
    boxes = [envelope(lon, lat, reach) for lon, lat, reach in places]
    sql = f"""
        SELECT DISTINCT c.id, ST_X(c.location), ST_Y(c.location), c.surveillance_type, c.directions::text, c.verified_on IS NOT NULL
        FROM {Camera._meta.db_table} c
        JOIN unnest(%s::float8[], %s::float8[], %s::float8[], %s::float8[]) AS b(w, s, e, n)
          ON c.location && ST_MakeEnvelope(b.w, b.s, b.e, b.n, 4326)
        WHERE c.published AND c.merged_into_id IS NULL AND c.status <> %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [[b.west for b in boxes], [b.south for b in boxes], [b.east for b in boxes],
                             [b.north for b in boxes], v.CameraStatus.REMOVED])
        rows = cursor.fetchall()
    return {pk: CameraPoint(pk, lon, lat, kind, directions or "", bool(verified)) for pk, lon, lat, kind, directions, verified in rows}


def _components(edges):
    parent = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for entry, camera in edges:
        parent[find(("e", entry))] = find(("c", camera))
    groups = {}
    for (entry, camera), value in edges.items():
        groups.setdefault(find(("e", entry)), {})[(entry, camera)] = value
    return [(sorted({e for e, _c in g}), sorted({c for _e, c in g}), g) for g in groups.values()]


def _assign(edges):
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


def previous_list_match(official_list) -> tuple[float, dict]:
    """Seconds for the whole matching of the list the previous way, and its entry → camera pairs."""
    started = time.perf_counter()
    with transaction.atomic():
        entries = list(official_list.entries.filter(location__isnull=False).defer("location", "raw", "name", "address")
                       .annotate(lon=StX("location"), lat=StY("location")).order_by("id"))  # model instances, as then
        points = [EntryPoint(e.id, e.lon, e.lat, reach(e.precision_m, e.located_by), e.surveillance_type,
                             tuple(e.directions or ()), frozenset(e.rejected_cameras or ())) for e in entries]
        cameras = _cameras_near([(p.lon, p.lat, p.reach_m) for p in points])
        grid = Grid(cameras.values(), cell=0.001)
        edges, metres = {}, {}
        for entry in points:
            for camera, distance in grid.near(entry.lon, entry.lat, entry.reach_m):
                edges[(entry.id, camera.id)] = score(entry, camera, distance)
                metres[(entry.id, camera.id)] = distance
        chosen = _assign(edges)
        confident = settings.OFFICIAL_MATCH_CONFIDENT
        rows = []
        for entry in points:  # every entry written, as a first matching of a list writes them
            camera = chosen.get(entry.id)
            if camera is None:
                rows.append(("not_found", None, None, None, False, entry.id))
            else:
                value = edges[(entry.id, camera)]
                rows.append(("matched" if value >= confident else "probable", camera, round(value, 4),
                             round(metres[(entry.id, camera)], 2), False, entry.id))
        status, camera, value, distance, confirmed, ids = (list(column) for column in zip(*rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {OfficialEntry._meta.db_table} AS t SET status = v.status, camera_id = v.camera, score = v.score,
                        distance_m = v.distance, confirmed = v.confirmed
                    FROM unnest(%s::text[], %s::bigint[], %s::float8[], %s::float8[], %s::boolean[], %s::bigint[])
                         AS v(status, camera, score, distance, confirmed, id)
                    WHERE t.id = v.id""",
                [status, camera, value, distance, confirmed, ids])
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, chosen
