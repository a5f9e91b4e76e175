"""The day the story runs: hundreds of readers opening the map at once, straight to gunicorn and
through nginx's cache (deploy/nginx.conf), measured in one run on the same server.

    .venv/bin/python benchmarks/load/viral.py [--readers 500] [--seconds 30] [--views 60] [--write]

Each reader is a closed loop (its next request when the last one was answered) playing map
views over the demo city (Atlanta's 1,757 OSM cameras): the page, its static files, the
cameras' GeoJSON for the view and 20–40 vector tiles at zooms 13–16, as the map asks for them.
The load comes from wrk (Debian's package) with a script of these requests; every address is
127.0.0.1, and each phase stops by itself after --seconds.

The server is the production one: settings.production, gunicorn as docker-compose.yml runs it
(3 workers), static files from WhiteNoise, PostGIS and Redis (database 9) from `make test`'s
services. It creates its own database `cameramap_viral` (dropped at the end) and temporary folders.
Reports requests/s, p50/p95/p99, errors, and how many requests reached Django; writes the
"Viral day" section of benchmarks/RESULTS.md with --write.
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.deploy.proxy import Proxy  # noqa: E402  the repository's nginx config, run as in the tests

DB = "cameramap_viral"
PG = os.environ.get("LOAD_PG", "postgis://cameramap:cameramap@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/9")
# Where the demo cameras are dense: downtown and midtown Atlanta.
WEST, SOUTH, EAST, NORTH = -84.45, 33.70, -84.33, 33.81
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Viral day: the cache in front (issue 19)"


def tile_xy(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2 ** zoom
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def view_requests(rng: random.Random, static: list[str]) -> list[str]:
    """One reader's look at the map: the page and its files, then a view's list and tiles."""
    zoom = rng.choice([13, 14, 14, 15, 15, 16])
    lon, lat = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
    x0, y0 = tile_xy(lon, lat, zoom)
    columns, rows = rng.choice([(5, 4), (6, 5), (8, 5)])  # 20–40 tiles: a phone to a laptop
    tiles = [f"/api/v1/tiles/{zoom}/{x}/{y}.mvt" for x in range(x0 - columns // 2, x0 + (columns + 1) // 2)
             for y in range(y0 - rows // 2, y0 + (rows + 1) // 2)]
    span = 360 / 2 ** zoom * columns / 2
    bbox = f"{lon - span:.4f},{lat - span / 2:.4f},{lon + span:.4f},{lat + span / 2:.4f}"
    page = ["/", *static] if rng.random() < 0.5 else []  # half the views are pans of an open map
    return [*page, f"/api/v1/cameras/?bbox={bbox}", *tiles]


def static_files(base: str) -> list[str]:
    html = urllib.request.urlopen(f"{base}/", timeout=30).read().decode()
    return sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html)))


LUA = """
local paths = {%(paths)s}
local i = 0
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#paths)
end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Language"] = "en"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.3f, "errors": %%d, "p50": %%d, "p95": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(base: str, script: Path, readers: int, seconds: int) -> dict:
    result = subprocess.run(["wrk", "-t2", f"-c{readers}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), base],
                            capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def cache_statuses(log: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in log.read_text().splitlines():
        status = line.rsplit("cache=", 1)[-1] if "cache=" in line else "?"
        counts[status] = counts.get(status, 0) + 1
    return counts


def psql(sql: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc", sql], check=True, capture_output=True)


def serve(files: Path) -> tuple[dict, subprocess.Popen, str]:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cameramap.settings.production", "DATABASE_URL": f"{PG}/{DB}",
        "CACHE_URL": REDIS, "CELERY_BROKER_URL": REDIS, "SECRET_KEY": "viral-benchmark-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": str(files / "static"),
        "MEDIA_ROOT": str(files / "media"), "PRIVATE_MEDIA_ROOT": str(files / "private"), "LOG_LEVEL": "WARNING",
        "DATASET_RELEASE_CRON": "",
    }
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB} OWNER cameramap")
    python = sys.executable
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo_load"]):
        subprocess.run([python, "manage.py", *command], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    gunicorn = subprocess.Popen(
        [python, "-m", "gunicorn", "cameramap.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3",
         "--backlog", "2048"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(files / "gunicorn.log", "w"),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/api/v1/cameras/count/", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    return env, gunicorn, base


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--views", type=int, default=60, help="distinct map views the readers play, in turn")
    parser.add_argument("--write", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx", path="/usr/sbin:/usr/bin"):
        sys.exit("needs wrk and nginx: apt-get install -y wrk nginx-light")

    files = Path(tempfile.mkdtemp(prefix="cameramap-viral-"))
    gunicorn = proxy = None
    try:
        _env, gunicorn, base = serve(files)
        rng = random.Random(19)
        static = static_files(base)
        paths = [path for _ in range(args.views) for path in view_requests(rng, static)]
        script = files / "views.lua"
        script.write_text(LUA % {"paths": ", ".join(json.dumps(path) for path in paths)})
        proxy = Proxy(files / "nginx", base.removeprefix("http://"), workers=2)
        proxy.start()

        load = subprocess.run(["cat", "/proc/loadavg"], capture_output=True, text=True).stdout.split()[:3]
        phases = {"direct": wrk(base, script, args.readers, args.seconds)}
        for name in ("cold", "warm"):  # the cache empty at the start, then as the first phase left it
            seen = cache_statuses(proxy.access_log)
            phases[name] = wrk(proxy.url, script, args.readers, args.seconds)
            time.sleep(1)  # the log's last lines
            now = cache_statuses(proxy.access_log)
            phases[name]["statuses"] = {status: n - seen.get(status, 0) for status, n in now.items() if n > seen.get(status, 0)}
            phases[name]["to_django"] = sum(n for status, n in phases[name]["statuses"].items() if status != "HIT")
        phases["direct"]["to_django"] = phases["direct"]["requests"]
        report = {"readers": args.readers, "static": static, "seconds": args.seconds, "requests_in_script": len(paths),
                  "distinct": len(set(paths)), "load_before": load, **phases}
        print(json.dumps(report, indent=2))
        if args.write:
            write_results(report)
    finally:
        if proxy:
            proxy.stop()
        if gunicorn and gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {DB}")
        shutil.rmtree(files, ignore_errors=True)


def write_results(r: dict) -> None:
    ms = lambda us: f"{us / 1000:,.0f}" if us >= 10_000 else f"{us / 1000:,.1f}"  # noqa: E731
    d = r["direct"]
    rows = []
    for key, label in (("direct", "straight to gunicorn"), ("cold", "through nginx, cache empty at the start"),
                       ("warm", "through nginx, cache warm")):
        p = r[key]
        share = p["to_django"] / max(p["requests"], 1)
        rows.append(f"| {label} | {p['requests']:,} | {p['rate']:,.0f} | **{p['rate'] / max(d['rate'], 1e-9):.1f}×** | "
                    f"{p['errors']:,} | {ms(p['p50'])} ms | {ms(p['p95'])} ms | **{p['p95'] / max(d['p95'], 1):.3f}×** | "
                    f"{ms(p['p99'])} ms | {p['to_django']:,} ({share:.0%}) |")
    statuses = "; ".join(f"{key}: " + ", ".join(f"{s} {n:,}" for s, n in sorted(r[key]["statuses"].items()))
                         for key in ("cold", "warm"))
    rows_text = "\n".join(rows)
    section = f"""{HEADING}

`benchmarks/load/viral.py --readers {r['readers']} --seconds {r['seconds']}`: {r['readers']} concurrent
readers in a closed loop (wrk, 2 threads), playing map views over the demo city (Atlanta's demo
cameras): half of the views open the page (its HTML and {len(r['static'])} static files), every view asks for
its cameras (GeoJSON) and 20–40 vector tiles at zooms 13–16 — {r['requests_in_script']:,} requests in the
script, {r['distinct']:,} of them distinct. The same script against the same server (settings.production;
gunicorn with 3 sync workers as docker-compose.yml runs it; WhiteNoise; PostGIS; Redis) in one run,
{r['seconds']} s each: straight to gunicorn (the baseline), then through nginx with deploy/nginx.conf (2
worker processes) from an empty cache, then again with the cache as that left it. Machine: 2 cores,
24 GiB (x86_64, Debian 12), shared with other work (load average {' / '.join(r['load_before'])} before the
run); client, proxy, server and database on the same two cores. Date: 2026-12-05.

| | requests | requests/s | × baseline | errors | p50 | p95 | p95 / baseline | p99 | reached Django |
|---|---|---|---|---|---|---|---|---|---|
{rows_text}

nginx's answers ({statuses}).

Reading it: straight to gunicorn, its 3 workers answer {d['rate']:,.0f} requests a second and each reader
waits its turn ({ms(d['p50'])} ms at p50). Through the cache, Django sees each distinct request about
once per max-age ({r['cold']['to_django']:,} in the first phase for {r['distinct']:,} distinct requests,
{r['warm']['to_django']:,} in the second); the first phase's slow tail is the first readers of each object
waiting for the one request that went to Django (`proxy_cache_lock`). The issue's target through
the cache — at least 2,000 requests/s and p95 at most 100 ms with zero errors — against the
warm phase: {r['warm']['rate']:,.0f} requests/s, p95 {ms(r['warm']['p95'])} ms, {r['warm']['errors']:,} errors, on two
cores that also ran the 500 clients. The third way the issue names (`MAP_TILES=pmtiles` through
nginx) is not part of this script: tiles from the release's PMTiles file are static files, served
like the static files here.
"""
    text = RESULTS.read_text()
    if HEADING in text:
        start = text.index(HEADING)
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + section.rstrip() + "\n" + (text[end:] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
