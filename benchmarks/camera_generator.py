"""Generate a city-like camera dataset for the read benchmarks: N synthetic cameras (default
1,000,000) clustered the way real cameras are, plus the real OpenStreetMap fixture (61,768
licence-plate readers across the United States, © OpenStreetMap contributors, ODbL).

Clustering: cameras are shared among 40 cities by a Zipf-like weight; inside a city, 60 % sit
around street corners ("hotspots": a few to a few dozen cameras within ~40 m, as on a
junction or a shop front) spread over the centre (σ ≈ 2 km), 40 % scatter over the metro area
(σ ≈ 7 km). Attributes follow plausible shares (mostly fixed and dome cameras, ~10 % ALPR,
operators mostly unknown/private/city/police), 97 % published, dates over 2023–2026; 70 % verified
by a volunteer's sighting (on their first day), the rest entered without one (imported).

Usage (PostGIS; it writes with COPY and takes about two minutes for a million):
    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_bench .venv/bin/python benchmarks/camera_generator.py --count 1000000
On SpatiaLite it falls back to bulk_create (slow past ~100,000).
"""

import argparse
import json
import math
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")

# name, lon, lat: real city centres, biggest share first.
CITIES = [
    ("Belgrade", 20.4573, 44.8176), ("London", -0.1276, 51.5072), ("Moscow", 37.6173, 55.7558),
    ("Atlanta", -84.3880, 33.7490), ("New York", -73.9857, 40.7484), ("Paris", 2.3522, 48.8566),
    ("Berlin", 13.4050, 52.5200), ("Istanbul", 28.9784, 41.0082), ("Madrid", -3.7038, 40.4168),
    ("Rome", 12.4964, 41.9028), ("Budapest", 19.0402, 47.4979), ("Warsaw", 21.0122, 52.2297),
    ("Bucharest", 26.1025, 44.4268), ("Sofia", 23.3219, 42.6977), ("Zagreb", 15.9819, 45.8150),
    ("Novi Sad", 19.8335, 45.2671), ("Nis", 21.8958, 43.3209), ("Sarajevo", 18.4131, 43.8563),
    ("Skopje", 21.4254, 41.9981), ("Athens", 23.7275, 37.9838), ("Vienna", 16.3738, 48.2082),
    ("Prague", 14.4378, 50.0755), ("Munich", 11.5820, 48.1351), ("Milan", 9.1900, 45.4642),
    ("Barcelona", 2.1734, 41.3851), ("Lisbon", -9.1393, 38.7223), ("Amsterdam", 4.9041, 52.3676),
    ("Brussels", 4.3517, 50.8503), ("Stockholm", 18.0686, 59.3293), ("Helsinki", 24.9384, 60.1699),
    ("Chicago", -87.6298, 41.8781), ("Los Angeles", -118.2437, 34.0522), ("Houston", -95.3698, 29.7604),
    ("Mexico City", -99.1332, 19.4326), ("Sao Paulo", -46.6333, -23.5505), ("Buenos Aires", -58.3816, -34.6037),
    ("Johannesburg", 28.0473, -26.2041), ("Delhi", 77.2090, 28.6139), ("Singapore", 103.8198, 1.3521),
    ("Sydney", 151.2093, -33.8688),
]
METRES_PER_DEGREE = 111_320


def city_shares(count: int) -> list[int]:
    weights = np.array([1 / (rank + 1) ** 0.8 for rank in range(len(CITIES))])
    shares = np.floor(weights / weights.sum() * count).astype(int)
    shares[0] += count - shares.sum()
    return shares.tolist()


def city_points(rng, lon: float, lat: float, n: int) -> np.ndarray:
    """n (lon, lat) around a city centre: corner hotspots in the centre plus metro scatter."""
    per_deg_lon = METRES_PER_DEGREE * math.cos(math.radians(lat))
    n_hot = int(n * 0.6)
    hotspots = max(1, n_hot // 12)
    centres = rng.normal(0, 2000, size=(hotspots, 2))
    which = rng.integers(0, hotspots, size=n_hot)
    hot = centres[which] + rng.normal(0, 40, size=(n_hot, 2))
    scatter = rng.normal(0, 7000, size=(n - n_hot, 2))
    metres = np.vstack([hot, scatter])
    return np.column_stack([lon + metres[:, 0] / per_deg_lon, lat + metres[:, 1] / METRES_PER_DEGREE])


def choices(rng, values: list, shares: list[float], n: int) -> np.ndarray:
    return rng.choice(np.array(values, dtype=object), size=n, p=np.array(shares) / sum(shares))


def synthetic_rows(count: int, seed: int = 5):
    """Yield tuples in COLUMNS order."""
    rng = np.random.default_rng(seed)
    now = datetime.now(timezone.utc)
    start = date(2023, 1, 1)
    for (name, lon, lat), n in zip(CITIES, city_shares(count)):
        points = city_points(rng, lon, lat, n)
        kind = choices(rng, ["camera", "ALPR", "guard", "gunshot_detector"], [85, 10, 3, 2], n)
        camera_type = choices(rng, ["fixed", "dome", "panning", ""], [45, 30, 10, 15], n)
        operator_type = choices(rng, ["unknown", "private", "city", "police", "transport"], [35, 30, 15, 15, 5], n)
        facial = choices(rng, ["unknown", "suspected", "confirmed"], [90, 8, 2], n)
        status = choices(rng, ["present", "removed", "covered"], [95, 4, 1], n)
        mount = choices(rng, ["", "wall", "pole", "street_lamp", "building"], [30, 30, 25, 5, 10], n)
        published = rng.random(n) < 0.97
        n_dirs = rng.choice([0, 1, 1, 1, 2], size=n)
        first = rng.integers(0, 1300, size=n)
        later = first + rng.integers(0, 200, size=n)
        sightings = 1 + rng.poisson(0.8, size=n)
        verified = rng.random(n) < 0.7
        for i in range(n):
            x, y = float(points[i, 0]), float(points[i, 1])
            if not (-180 <= x <= 180 and -85 <= y <= 85):
                continue
            directions = [int(d) for d in rng.integers(0, 360, size=n_dirs[i])]
            ctype = camera_type[i] if kind[i] == "camera" else ""
            yield (
                json.dumps(directions), "public", kind[i], ctype, mount[i], "", None,
                "", operator_type[i], "", "", facial[i], "", "unknown",
                f"SRID=4326;POINT({x!r} {y!r})", status[i], bool(published[i]), int(sightings[i]),
                start + timedelta(days=int(first[i])), start + timedelta(days=int(min(later[i], 1399))),
                start + timedelta(days=int(first[i])) if verified[i] else None,
                "crowd", "", None, None, None, now, now,
            )


COLUMNS = (
    "directions", "surveillance", "surveillance_type", "camera_type", "mount", "zone", "height",
    "operator", "operator_type", "manufacturer", "model", "facial_recognition", "facial_recognition_evidence",
    "sign_present", "location", "status", "published", "confirmations", "first_seen", "last_confirmed",
    "verified_on", "source", "osm_type", "osm_id", "area_id", "merged_into_id", "created_at", "updated_at",
)


def load_postgis(count: int) -> int:
    from django.db import connection

    connection.ensure_connection()
    written = 0
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY cameras_camera ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in synthetic_rows(count):
                copy.write_row(row)
                written += 1
    connection.connection.commit()
    return written


def load_orm(count: int) -> int:
    from django.contrib.gis.geos import GEOSGeometry

    from cameramap.cameras.models import Camera

    batch, written = [], 0
    for row in synthetic_rows(count):
        values = dict(zip(COLUMNS, row))
        values["directions"] = json.loads(values["directions"])
        values["location"] = GEOSGeometry(values["location"])
        for key in ("area_id", "merged_into_id", "created_at", "updated_at"):
            values.pop(key)
        batch.append(Camera(**values))
        if len(batch) == 5000:
            Camera.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    Camera.objects.bulk_create(batch)
    return written + len(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="synthetic cameras (default 1,000,000)")
    parser.add_argument("--no-fixture", action="store_true", help="leave out the real OSM fixture")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from cameramap.datasets.osm_import import cameras_import, read_fixture

    started = time.monotonic()
    written = load_postgis(args.count) if connection.vendor == "postgresql" else load_orm(args.count)
    print(f"synthetic cameras: {written:,} in {time.monotonic() - started:.0f} s")
    if not args.no_fixture:
        fixture = ROOT.parent / "shared" / "fixtures" / "osm" / "alpr-us-2026.json.gz"
        started = time.monotonic()
        counts = cameras_import(read_fixture(fixture))
        print(f"real OSM fixture: {counts} in {time.monotonic() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cameras_camera")


if __name__ == "__main__":
    main()
