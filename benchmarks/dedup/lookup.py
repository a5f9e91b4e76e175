"""Per-report candidate lookup time with 1,000,000 cameras in PostGIS (see run.py)."""

import random
import time

from django.db import connection

from cameramap.cameras.models import Camera
from cameramap.moderation.dedup import Facts
from cameramap.moderation.selectors import dedup_candidates_for
from simulate import moved

LOOKUPS = 2_000
WARMUP = 200
BASELINE_LOOKUPS = 20

# Every column of cameras_camera but id, with what a synthetic camera holds: a valid row for
# every CHECK constraint of the table.
SYNTHETIC = {
    "directions": "CASE WHEN random() < 0.85 THEN jsonb_build_array(floor(random() * 360)::int) ELSE '[]'::jsonb END",
    "surveillance": "'public'", "surveillance_type": "'camera'", "camera_type": "''",
    "mount": "CASE WHEN random() < 0.5 THEN 'pole' ELSE 'wall' END", "zone": "''", "height": "NULL",
    "operator": "''", "operator_type": "'unknown'", "manufacturer": "''", "model": "''",
    "facial_recognition": "'unknown'", "facial_recognition_evidence": "''", "sign_present": "'unknown'",
    "location": "ST_SetSRID(ST_MakePoint(%(x0)s + random() * %(dx)s, %(y0)s + random() * %(dy)s), 4326)",
    "status": "'present'", "published": "true", "confirmations": "1", "first_seen": "current_date",
    "last_confirmed": "current_date", "source": "'official'", "osm_type": "''", "osm_id": "NULL", "area_id": "NULL",
    "merged_into_id": "NULL", "created_at": "now()", "updated_at": "now()",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def cameras_fill(total: int, box) -> tuple[int, float]:
    columns = {f.column for f in Camera._meta.concrete_fields} - {"id"}
    assert columns == set(SYNTHETIC), f"cameras_camera changed: {sorted(columns ^ set(SYNTHETIC))}"
    missing = total - Camera.objects.count()
    x0, y0, x1, y1 = box
    sql = (f"INSERT INTO cameras_camera ({', '.join(SYNTHETIC)}) SELECT {', '.join(SYNTHETIC.values())} "
           "FROM generate_series(1, %(n)s)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"x0": x0, "dx": x1 - x0, "y0": y0, "dy": y1 - y0, "n": missing})
        cursor.execute("VACUUM ANALYZE cameras_camera")
    return missing, time.perf_counter() - started


def lookup_points(count: int, box, rng: random.Random) -> list[Facts]:
    """Reports 3-15 m from randomly chosen cameras of the city box."""
    x0, y0, x1, y1 = box
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(location), ST_Y(location) FROM cameras_camera "
                       "WHERE location && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY random() LIMIT %s", [x0, y0, x1, y1, count])
        rows = cursor.fetchall()
    points = []
    for lon, lat in rows:
        rlon, rlat = moved(lon, lat, rng.uniform(3, 15), rng.uniform(0, 360))
        points.append(Facts(lon=rlon, lat=rlat, accuracy_m=round(rng.uniform(3, 15), 1),
                            directions=(rng.randrange(360),) if rng.random() < 0.7 else (), surveillance_type="camera"))
    return points


def lookup_run(*, total: int, box, quick: bool) -> dict:
    inserted, fill_s = cameras_fill(total, box)
    rng = random.Random(7)
    points = lookup_points((200 if quick else LOOKUPS) + WARMUP, box, rng)
    for facts in points[:WARMUP]:
        dedup_candidates_for(facts)
    timings, found = [], []
    for facts in points[WARMUP:]:
        started = time.perf_counter()
        candidates = dedup_candidates_for(facts)
        timings.append(time.perf_counter() - started)
        found.append(len(candidates))

    # The lookup a naive implementation would write: exact metres over the whole table.
    naive = []
    with connection.cursor() as cursor:
        for facts in points[WARMUP:WARMUP + BASELINE_LOOKUPS]:
            started = time.perf_counter()
            cursor.execute("SELECT id FROM cameras_camera WHERE published AND merged_into_id IS NULL AND "
                           "ST_DistanceSphere(location, ST_SetSRID(ST_MakePoint(%s, %s), 4326)) <= 25", [facts.lon, facts.lat])
            cursor.fetchall()
            naive.append(time.perf_counter() - started)
    return {
        "total": Camera.objects.count(), "inserted": inserted, "fill_s": fill_s, "lookups": len(timings),
        "p50": percentile(timings, 50), "p95": percentile(timings, 95), "p99": percentile(timings, 99),
        "mean_candidates": sum(found) / len(found), "max_candidates": max(found),
        "naive_lookups": len(naive), "naive_p50": percentile(naive, 50), "naive_p95": percentile(naive, 95),
    }
