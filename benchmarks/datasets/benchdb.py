"""A throw-away PostGIS database for the dataset benchmarks, and a fast synthetic-camera generator.

``bench_database()`` creates ``$BENCH_DB`` (default ``cm_h6_bench``) with PostGIS, migrates it and
drops it when the ``with`` block ends, so the benchmarks never touch anybody's working data.
``cameras_generate(n)`` fills it with ``n`` published cameras in one ``INSERT … SELECT
generate_series`` (about a million rows in well under a minute), spread over a grid of districts
around Belgrade with every attribute varied so exports have real work to do.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PG = {
    "user": os.environ.get("PG_USER", "cameramap"),
    "password": os.environ.get("PG_PASSWORD", "cameramap"),
    "host": os.environ.get("PG_HOST", "127.0.0.1"),
    "port": os.environ.get("PG_PORT", "5432"),
}
BENCH_DB = os.environ.get("BENCH_DB", "cm_h6_bench")
BENCH_URL = f"postgis://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{BENCH_DB}"


def psql(sql: str, database: str = "postgres") -> None:
    env = {**os.environ, "PGPASSWORD": PG["password"]}
    subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", database, "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-qc", sql],
        env=env, check=True,
    )


def django_setup() -> None:
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


@contextmanager
def bench_database():
    psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    psql(f"CREATE DATABASE {BENCH_DB}")
    try:
        psql("CREATE EXTENSION IF NOT EXISTS postgis", BENCH_DB)
        env = {**os.environ, "DATABASE_URL": BENCH_URL, "DJANGO_SETTINGS_MODULE": "cameramap.settings.base"}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        yield BENCH_URL
    finally:
        from django.db import connections

        try:
            connections.close_all()
        except Exception:  # Django not set up in this process
            pass
        psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def areas_generate(columns: int = 4, rows: int = 3) -> None:
    """A grid of districts over 20.30..20.60 E, 44.70..44.90 N, with populations for most."""
    psql(
        f"""
        INSERT INTO cameras_area (name, slug, boundary, population, is_service_area, source, created_at)
        SELECT 'District ' || c || '-' || r, 'district-' || c || '-' || r,
               ST_Multi(ST_MakeEnvelope(20.30 + c * 0.30 / {columns}, 44.70 + r * 0.20 / {rows},
                                        20.30 + (c + 1) * 0.30 / {columns}, 44.70 + (r + 1) * 0.20 / {rows}, 4326)),
               CASE WHEN (c + r) % 4 = 3 THEN NULL ELSE 50000 + 10000 * (c * {rows} + r) END,
               false, 'benchmark grid', now()
        FROM generate_series(0, {columns - 1}) c, generate_series(0, {rows - 1}) r
        """,
        BENCH_DB,
    )


def cameras_generate(count: int) -> None:
    """``count`` published cameras in one statement, their area assigned by the same SQL the
    application uses (the smallest area containing the camera)."""
    psql(
        f"""
        SELECT setseed(0.42);
        INSERT INTO cameras_camera (directions, surveillance, surveillance_type, camera_type, mount, zone, height,
            operator, operator_type, manufacturer, model, facial_recognition, facial_recognition_evidence,
            sign_present, location, status, published, confirmations, first_seen, last_confirmed, verified_on, source,
            osm_type, osm_id, created_at, updated_at)
        SELECT
            CASE i % 4 WHEN 0 THEN '[]'::jsonb WHEN 1 THEN jsonb_build_array(i % 360)
                       ELSE jsonb_build_array(i % 360, (i * 7 + 180) % 360) END,
            (ARRAY['', 'public', 'outdoor', 'indoor'])[1 + i % 4],
            (ARRAY['camera', 'camera', 'camera', 'ALPR', 'guard'])[1 + i % 5],
            (ARRAY['', 'fixed', 'panning', 'dome'])[1 + (i / 3) % 4],
            (ARRAY['', 'wall', 'pole', 'ceiling', 'street_lamp', 'traffic_signal', 'building'])[1 + (i / 5) % 7],
            (ARRAY['', 'town', 'traffic', 'parking', 'shop', 'bank', 'building', 'entrance'])[1 + (i / 7) % 8],
            CASE WHEN i % 3 = 0 THEN NULL ELSE 2.5 + (i % 40) / 4.0 END,
            (ARRAY['', 'MUP Srbije', 'Grad Beograd', 'Bank "Intesa" & Co', 'Café <Central>'])[1 + i % 5],
            (ARRAY['unknown', 'police', 'city', 'transport', 'private'])[1 + (i / 11) % 5],
            (ARRAY['', 'Huawei', 'Hikvision', 'Dahua'])[1 + i % 4],
            CASE WHEN i % 6 = 0 THEN 'DS-2CD2143G2-I' ELSE '' END,
            (ARRAY['unknown', 'unknown', 'suspected', 'confirmed'])[1 + (i / 13) % 4],
            CASE WHEN i % 50 = 0 THEN 'https://example.org/evidence/' || i ELSE '' END,
            (ARRAY['unknown', 'yes', 'no'])[1 + (i / 17) % 3],
            ST_SetSRID(ST_MakePoint(20.30 + random() * 0.30, 44.70 + random() * 0.20), 4326),
            (ARRAY['present', 'present', 'present', 'removed', 'covered'])[1 + (i / 19) % 5],
            true, 1 + i % 9,
            DATE '2024-01-01' + (i % 700), DATE '2024-01-01' + (i % 700) + (i % 30),
            CASE WHEN i % 10 = 0 THEN NULL ELSE DATE '2024-01-01' + (i % 700) END,  -- the crowd's: verified
            CASE WHEN i % 10 = 0 THEN 'osm' ELSE 'crowd' END,
            CASE WHEN i % 10 = 0 THEN 'node' ELSE '' END,
            CASE WHEN i % 10 = 0 THEN 1000000000 + i ELSE NULL END,
            now(), now()
        FROM generate_series(1, {count}) AS i;
        UPDATE cameras_camera c SET area_id = a.id FROM cameras_area a WHERE ST_Contains(a.boundary, c.location);
        """,
        BENCH_DB,
    )
    psql("VACUUM ANALYZE cameras_camera", BENCH_DB)
