"""Load test on loopback: 50 concurrent submitters sending real photos for 60 s plus 200
concurrent map readers, against gunicorn + PostGIS + Redis + Celery workers.

    .venv/bin/python benchmarks/load/run.py [--seconds 60] [--submitters 50] [--readers 200]

Needs PostgreSQL with PostGIS and Redis on 127.0.0.1 (`make test` sets both up). It creates its
own database `cameramap_load` (dropped at the end), Redis database 9, and a temporary media
folder; every process it starts listens on 127.0.0.1 only and is stopped at the end, and every
request loop stops at the deadline. Reports: accepted (HTTP 201) = stored (rows) = processed
(photos done), error counts, and p50/p95 latencies beside the same requests on an idle server
measured in the same run (the baseline).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import urllib3

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PHOTOS = ROOT.parent / "shared" / "fixtures" / "photos"
SUBMIT_PHOTOS = ["jpg_gps_DSCN0010.jpg", "jpg_gps_DSCN0012.jpg", "jpg_gps_DSCN0021.jpg", "jpg_gps_DSCN0025.jpg",
                 "jpg_orientation_portrait_6.jpg", "jpg_orientation_landscape_3.jpg"]
DB = "cameramap_load"
PG = os.environ.get("LOAD_PG", "postgis://cameramap:cameramap@127.0.0.1:5432")
# Atlanta, where the demo cameras are: city-sized viewports inside it.
WEST, SOUTH, EAST, NORTH = -84.75, 33.45, -84.05, 34.15


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def psql(sql: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc", sql], check=True, capture_output=True)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self.accepted: list[int] = []

    def add(self, kind: str, seconds: float, status: int, report_id: int | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            counts = self.statuses.setdefault(kind, {})
            counts[status] = counts.get(status, 0) + 1
            if report_id is not None:
                self.accepted.append(report_id)


def submit_once(http: urllib3.PoolManager, base: str, stats: Stats, kind: str = "submit") -> None:
    name = random.choice(SUBMIT_PHOTOS)
    lon, lat = random.uniform(WEST, EAST), random.uniform(SOUTH, NORTH)
    fields = {
        "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "accuracy_m": "8", "directions": str(random.randrange(360)),
        "notes": "load test", "photos": (name, (PHOTOS / name).read_bytes(), "image/jpeg"),
    }
    started = time.perf_counter()
    try:
        response = http.request("POST", f"{base}/api/v1/reports/", fields=fields, headers={"Accept": "application/json"},
                                timeout=60, retries=False)
        status = response.status
        report_id = json.loads(response.data)["id"] if status == 201 else None
    except Exception:  # noqa: BLE001 - a connection error is a failed request, counted as status 0
        status, report_id = 0, None
    stats.add(kind, time.perf_counter() - started, status, report_id)


def read_once(http: urllib3.PoolManager, base: str, stats: Stats, kind: str = "map") -> None:
    width = random.uniform(0.02, 0.08)
    x, y = random.uniform(WEST, EAST - width), random.uniform(SOUTH, NORTH - width)
    url = f"{base}/api/v1/cameras/?bbox={x:.5f},{y:.5f},{x + width:.5f},{y + width:.5f}"
    started = time.perf_counter()
    try:
        status = http.request("GET", url, timeout=60, retries=False).status
    except Exception:  # noqa: BLE001
        status = 0
    stats.add(kind, time.perf_counter() - started, status)


def loop(action, deadline: float, base: str, stats: Stats) -> None:
    http = urllib3.PoolManager(maxsize=1)
    while time.monotonic() < deadline:
        action(http, base, stats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--submitters", type=int, default=50)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--baseline-requests", type=int, default=40)
    args = parser.parse_args()

    files = Path(tempfile.mkdtemp(prefix="cameramap-load-"))
    env = {
        **os.environ, "DATABASE_URL": f"{PG}/{DB}", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/9",
        "CACHE_URL": "redis://127.0.0.1:6379/8", "MEDIA_ROOT": str(files / "media"),
        "PRIVATE_MEDIA_ROOT": str(files / "private"), "DJANGO_SETTINGS_MODULE": "cameramap.settings.base",
        # The test measures capacity, not the per-client throttle (every client here is 127.0.0.1).
        "THROTTLE_REPORTS": "1000000/hour", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
    }
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB} OWNER cameramap")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "demo_load"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([python, "-m", "celery", "-A", "cameramap", "purge", "-f"], env=env, cwd=ROOT, check=True, capture_output=True)

    port = 18000 + random.randrange(1000)
    base = f"http://127.0.0.1:{port}"
    processes = [
        subprocess.Popen([python, "-m", "gunicorn", "cameramap.wsgi:application", "--bind", f"127.0.0.1:{port}",
                          "--workers", "4", "--threads", "16", "--timeout", "120"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=open(files / "gunicorn.log", "w")),
        subprocess.Popen([python, "-m", "celery", "-A", "cameramap", "worker", "--concurrency=2", "--loglevel=WARNING"],
                         env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(files / "worker.log", "w")),
    ]
    try:
        http = urllib3.PoolManager()
        for _ in range(120):
            try:
                http.request("GET", f"{base}/api/v1/cameras/?bbox=-84.4,33.7,-84.3,33.8", timeout=2, retries=False)
                break
            except Exception:  # noqa: BLE001
                time.sleep(0.5)

        baseline = Stats()
        for _ in range(args.baseline_requests):
            read_once(http, base, baseline)
        for _ in range(args.baseline_requests // 4):
            submit_once(http, base, baseline)

        stats = Stats()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=loop, args=(submit_once, deadline, base, stats)) for _ in range(args.submitters)]
        threads += [threading.Thread(target=loop, args=(read_once, deadline, base, stats)) for _ in range(args.readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        accepted = stats.accepted + baseline.accepted
        processed, stored = wait_processed(env, accepted, timeout=900)
        report(args, baseline, stats, accepted, stored, processed)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        psql(f"DROP DATABASE IF EXISTS {DB}")
        shutil.rmtree(files, ignore_errors=True)


def wait_processed(env: dict, ids: list[int], timeout: float) -> tuple[int, int]:
    """Poll the database until every accepted report is processed (photos done or failed)."""
    code = (
        "import json,sys,django;django.setup();"
        "from cameramap.cameras.models import Report, Photo;"
        "ids=json.load(sys.stdin);"
        "stored=Report.objects.filter(pk__in=ids).count();"
        "waiting=Photo.objects.filter(report_id__in=ids, state='pending').count();"
        "done=Report.objects.filter(pk__in=ids).exclude(photos__state='pending').count();"
        "print(stored, waiting, done)"
    )
    deadline = time.monotonic() + timeout
    while True:
        out = subprocess.run([sys.executable, "-c", code], input=json.dumps(ids), env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
        stored, waiting, done = map(int, out)
        if waiting == 0 or time.monotonic() > deadline:
            return done, stored
        time.sleep(2)


def report(args, baseline: Stats, stats: Stats, accepted, stored, processed) -> None:
    lines = [f"load: {args.submitters} submitters + {args.readers} readers for {args.seconds} s"]
    for kind in ("submit", "map"):
        loaded, idle = stats.latencies.get(kind, []), baseline.latencies.get(kind, [])
        p50, p95 = percentile(loaded, 0.5), percentile(loaded, 0.95)
        i50, i95 = percentile(idle, 0.5), percentile(idle, 0.95)
        errors = sum(n for status, n in stats.statuses.get(kind, {}).items() if status >= 400 or status == 0)
        lines.append(
            f"{kind}: {len(loaded)} requests ({len(loaded) / args.seconds:.1f}/s), errors {errors}, statuses "
            f"{dict(sorted(stats.statuses.get(kind, {}).items()))}; p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
            f"idle baseline p50 {i50 * 1000:.0f} ms, p95 {i95 * 1000:.0f} ms; p95 under load / idle = {p95 / i95:.1f}x"
        )
    lines.append(f"reports: accepted {len(accepted)}, stored {stored}, processed {processed}, "
                 f"lost {len(accepted) - processed}")
    print("\n".join(lines))
    print(json.dumps({"accepted": len(accepted), "stored": stored, "processed": processed}))


if __name__ == "__main__":
    main()
