"""The day the story runs: hundreds of readers opening the map at once, straight to gunicorn,
through nginx's cache (deploy/nginx.conf), and with MAP_TILES=pmtiles through nginx, measured in one
run on the same server.

    .venv/bin/python benchmarks/load/viral.py [--readers 500] [--seconds 30] [--views 60] [--write]

Each reader is a closed loop (its next request when the last one was answered) playing map
views over the demo city (Atlanta's 1,757 OSM cameras): the page, its static files, the
cameras' GeoJSON for the view and 20–40 vector tiles at zooms 13–16, as the map asks for them.
With MAP_TILES=pmtiles the same views are the page, its static files and the HTTP range reads of
the release's cameras.pmtiles the PMTiles reader makes for them (pmtiles_reads.py, from the file).
The load comes from wrk (Debian's package) with a script of these requests; every address is
127.0.0.1, and each phase stops by itself after --seconds.

The server is the production one: settings.production, gunicorn as docker-compose.yml runs it
(3 workers), static files from WhiteNoise, PostGIS and Redis (database 9) from `make test`'s
services. It creates its own database `cameramap_viral` (dropped at the end) and temporary folders,
and builds a release (cameras.pmtiles among its files); the third way restarts gunicorn with
MAP_TILES=pmtiles behind a new nginx (its cache empty).
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

from benchmarks.load.pmtiles_reads import PmtilesReads  # noqa: E402
from tests.deploy.proxy import Proxy  # noqa: E402  the repository's nginx config, run as in the tests

DB = "cameramap_viral"
PG = os.environ.get("LOAD_PG", "postgis://cameramap:cameramap@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/9")
# Where the demo cameras are dense: downtown and midtown Atlanta.
WEST, SOUTH, EAST, NORTH = -84.45, 33.70, -84.33, 33.81
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
# demo_load opens the first release for the worker; built here instead, as the worker would.
BUILD_RELEASE = """
from cameramap.datasets.models import DatasetRelease, ReleaseStatus
from cameramap.datasets.releases import release_build
release = release_build(DatasetRelease.objects.get(status=ReleaseStatus.BUILDING).id)
assert release.status == ReleaseStatus.READY, release.error
"""
HEADING = "## Viral day: the cache in front (issue 19)"


def tile_xy(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2 ** zoom
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def view_make(rng: random.Random) -> dict:
    """One reader's look at the map: where, how close, how large a screen, and whether it opens the
    page (half the views are pans of an open map)."""
    columns, rows = rng.choice([(5, 4), (6, 5), (8, 5)])  # 20–40 tiles: a phone to a laptop
    return {"zoom": rng.choice([13, 14, 14, 15, 15, 16]), "lon": rng.uniform(WEST, EAST),
            "lat": rng.uniform(SOUTH, NORTH), "columns": columns, "rows": rows, "opens_page": rng.random() < 0.5}


def view_tiles(view: dict, zoom: int) -> list[tuple[int, int, int]]:
    """The tiles of ``zoom`` covering the view (the view's own zoom, or a deeper one)."""
    scale = 2 ** (zoom - view["zoom"])
    x0, y0 = tile_xy(view["lon"], view["lat"], view["zoom"])
    columns, rows = view["columns"], view["rows"]
    return [(zoom, x, y) for x in range((x0 - columns // 2) * scale, (x0 + (columns + 1) // 2) * scale)
            for y in range((y0 - rows // 2) * scale, (y0 + (rows + 1) // 2) * scale)]


def live_requests(view: dict, static: list[str]) -> list[tuple[str, str]]:
    """MAP_TILES=live: the page and its files, then the view's camera list and tiles."""
    zoom, lon, lat = view["zoom"], view["lon"], view["lat"]
    span = 360 / 2 ** zoom * view["columns"] / 2
    bbox = f"{lon - span:.4f},{lat - span / 2:.4f},{lon + span:.4f},{lat + span / 2:.4f}"
    page = ["/", *static] if view["opens_page"] else []
    tiles = [f"/api/v1/tiles/{z}/{x}/{y}.mvt" for z, x, y in view_tiles(view, zoom)]
    return [(path, "") for path in (*page, f"/api/v1/cameras/?bbox={bbox}", *tiles)]


def pmtiles_requests(view: dict, static: list[str], url: str, reads: PmtilesReads, detail_zoom: int,
                     singles_zoom: int) -> list[tuple[str, str]]:
    """MAP_TILES=pmtiles: the page and its files, then only range reads of the release's file —
    groups at the view's zoom far away, the single cameras' zoom close up (map-pmtiles.js)."""
    requests = [(path, "") for path in ("/", *static)] if view["opens_page"] else []
    if view["opens_page"]:
        requests += [(url, byte_range) for byte_range in reads.open_page()]
    zoom = view["zoom"] if view["zoom"] < detail_zoom else singles_zoom
    for tile in view_tiles(view, zoom):
        requests += [(url, byte_range) for byte_range in reads.tile(*tile)]
    return requests


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
  local headers = {["Accept-Language"] = "en"}
  if paths[i][2] ~= "" then headers["Range"] = paths[i][2] end
  return wrk.format("GET", paths[i][1], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.3f, "errors": %%d, "p50": %%d, "p95": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def script_write(path: Path, requests: list[tuple[str, str]]) -> Path:
    path.write_text(LUA % {"paths": ", ".join("{%s, %s}" % (json.dumps(p), json.dumps(r)) for p, r in requests)})
    return path


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


def prepare(files: Path) -> dict:
    """The database with the demo city and a release of it; the static files collected."""
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
    commands = (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo_load"],
                ["shell", "-c", BUILD_RELEASE])
    for command in commands:
        done = subprocess.run([python, "manage.py", *command], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return env


def serve(env: dict, files: Path) -> tuple[subprocess.Popen, str]:
    python = sys.executable
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
    return gunicorn, base


def stop(gunicorn: subprocess.Popen | None) -> None:
    if gunicorn and gunicorn.poll() is None:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def through(proxy: Proxy, script: Path, readers: int, seconds: int, phases: dict, names: tuple[str, str]) -> None:
    """Two phases through nginx: the cache empty at the start, then as the first phase left it."""
    for name in names:
        seen = cache_statuses(proxy.access_log)
        phases[name] = wrk(proxy.url, script, readers, seconds)
        time.sleep(1)  # the log's last lines
        now = cache_statuses(proxy.access_log)
        phases[name]["statuses"] = {status: n - seen.get(status, 0) for status, n in now.items() if n > seen.get(status, 0)}
        phases[name]["to_django"] = sum(n for status, n in phases[name]["statuses"].items() if status != "HIT")


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
        env = prepare(files)
        gunicorn, base = serve(env, files)
        rng = random.Random(19)
        views = [view_make(rng) for _ in range(args.views)]
        static = static_files(base)
        live = [request for view in views for request in live_requests(view, static)]
        proxy = Proxy(files / "nginx", base.removeprefix("http://"), workers=2)
        proxy.start()

        load = subprocess.run(["cat", "/proc/loadavg"], capture_output=True, text=True).stdout.split()[:3]
        script = script_write(files / "views.lua", live)
        phases = {"direct": wrk(base, script, args.readers, args.seconds)}
        phases["direct"]["to_django"] = phases["direct"]["requests"]
        through(proxy, script, args.readers, args.seconds, phases, ("cold", "warm"))
        proxy.stop()
        stop(gunicorn)

        gunicorn, base = serve({**env, "MAP_TILES": "pmtiles"}, files)
        static_pmtiles = static_files(base)
        pmtiles, pmtiles_file = pmtiles_script(base, views, static_pmtiles)
        proxy = Proxy(files / "nginx-pmtiles", base.removeprefix("http://"), workers=2)
        proxy.start()
        through(proxy, script_write(files / "pmtiles.lua", pmtiles), args.readers, args.seconds, phases,
                ("pmtiles_cold", "pmtiles_warm"))
        report = {"readers": args.readers, "views": args.views, "static": static, "static_pmtiles": static_pmtiles,
                  "seconds": args.seconds,
                  "requests_in_script": len(live), "distinct": len(set(live)), "pmtiles_in_script": len(pmtiles),
                  "pmtiles_distinct": len(set(pmtiles)), "pmtiles_file": pmtiles_file,
                  "pmtiles_ranges": sum(1 for _path, byte_range in pmtiles if byte_range),
                  "load_before": load, **phases}
        print(json.dumps(report, indent=2))
        if args.write:
            write_results(report)
    finally:
        if proxy:
            proxy.stop()
        stop(gunicorn)
        psql(f"DROP DATABASE IF EXISTS {DB}")
        shutil.rmtree(files, ignore_errors=True)


def pmtiles_script(base: str, views: list[dict], static: list[str]) -> tuple[list[tuple[str, str]], dict]:
    """The same views as the map with MAP_TILES=pmtiles asks for them, from the file the page names."""
    html = urllib.request.urlopen(f"{base}/", timeout=30).read().decode()
    url = re.search(r'"url": "(/api/v1/datasets/[^"]+\.pmtiles)"', html).group(1)
    detail_zoom = int(re.search(r'"detailZoom": (\d+)', html).group(1))
    singles = re.search(r'"singlesZoom": (\d+|null)', html).group(1)
    if singles == "null":
        sys.exit("the release's file holds no single cameras (TILE_CLUSTER_MAX_ZOOM past its zooms): close up is live")
    data = urllib.request.urlopen(f"{base}{url}", timeout=60).read()
    reads = PmtilesReads(data)
    requests = [request for view in views
                for request in pmtiles_requests(view, static, url, reads, detail_zoom, int(singles))]
    header = reads.header
    return requests, {"bytes": len(data), "leaf_directories": header["leaf_directory_length"] > 0,
                      "tiles": header["addressed_tiles_count"]}


TABLE_HEAD = """| | requests | requests/s | × baseline | map views/s | × baseline | errors | p50 | p95 \
| p95 / baseline | p99 | reached Django |
|---|---|---|---|---|---|---|---|---|---|---|---|"""
PHASES = (("direct", "straight to gunicorn (baseline)"), ("cold", "through nginx, cache empty at the start"),
          ("warm", "through nginx, cache warm"), ("pmtiles_cold", "MAP_TILES=pmtiles through nginx, cache empty"),
          ("pmtiles_warm", "MAP_TILES=pmtiles through nginx, cache warm"))
TARGET = {"rate": 2000, "p95": 100_000}  # requests/s, µs


def ms(us: float) -> str:
    return f"{us / 1000:,.0f}" if us >= 10_000 else f"{us / 1000:,.1f}"


def against_target(p: dict) -> str:
    """How far a way gets: its rate and p95 as shares of the target, and its errors."""
    met = p["rate"] >= TARGET["rate"] and p["p95"] <= TARGET["p95"] and p["errors"] == 0
    return (f"{'meets it' if met else 'misses it'}: {p['rate'] / TARGET['rate']:.2f}× the requests/s, p95 "
            f"{p['p95'] / TARGET['p95']:.2f}× the bound, {p['errors']:,} errors")


def write_results(r: dict) -> None:
    d = r["direct"]
    views_per = {"direct": r["requests_in_script"], "cold": r["requests_in_script"], "warm": r["requests_in_script"],
                 "pmtiles_cold": r["pmtiles_in_script"], "pmtiles_warm": r["pmtiles_in_script"]}
    d_views = d["rate"] * r["views"] / views_per["direct"]
    rows = []
    for key, label in PHASES:
        p = r[key]
        share = p["to_django"] / max(p["requests"], 1)
        views = p["rate"] * r["views"] / views_per[key]
        rows.append(f"| {label} | {p['requests']:,} | {p['rate']:,.0f} | **{p['rate'] / max(d['rate'], 1e-9):.1f}×** | "
                    f"{views:,.0f} | **{views / max(d_views, 1e-9):.1f}×** | {p['errors']:,} | {ms(p['p50'])} ms | "
                    f"{ms(p['p95'])} ms | **{p['p95'] / max(d['p95'], 1):.3f}×** | {ms(p['p99'])} ms | "
                    f"{p['to_django']:,} ({share:.0%}) |")
    statuses = "; ".join(f"{key}: " + ", ".join(f"{s} {n:,}" for s, n in sorted(r[key]["statuses"].items()))
                         for key, _label in PHASES[1:])
    targets = "\n".join(f"- {label}: {against_target(r[key])}." for key, label in PHASES)
    rows_text = "\n".join(rows)
    f = r["pmtiles_file"]
    section = f"""{HEADING}

`benchmarks/load/viral.py --readers {r['readers']} --seconds {r['seconds']} --views {r['views']}`: {r['readers']}
concurrent readers in a closed loop (wrk, 2 threads), playing {r['views']} map views over the demo city
(Atlanta's demo cameras) in turn. With live tiles (the default) half of the views open the page (its
HTML and {len(r['static'])} static files), every view asks for its cameras (GeoJSON) and 20–40 vector tiles
at zooms 13–16 — {r['requests_in_script']:,} requests in the script, {r['distinct']:,} of them distinct. With
`MAP_TILES=pmtiles` the same views make the page's requests in that mode: the page and its
{len(r['static_pmtiles'])} static files (the PMTiles reader among them), then only HTTP range reads of the
release's `cameras.pmtiles` ({f['bytes']:,} bytes, {f['tiles']:,} tiles, {'with' if f['leaf_directories'] else 'no'}
leaf directories) as the JavaScript reader makes them, derived from the real file with the `pmtiles`
Python reader (`benchmarks/load/pmtiles_reads.py`): the first 16 KiB (header and root directory) on
opening the page, then the bytes of each tile in view that the file holds — groups at the view's zoom
below the detail zoom, single cameras' tiles closer — {r['pmtiles_in_script']:,} requests in the script
({r['pmtiles_ranges']:,} range reads), {r['pmtiles_distinct']:,} distinct. A view costs fewer requests from the
file (empty tiles are known from the directory and never asked for), so the table also gives map views
a second. One run, the same server (settings.production; gunicorn with 3 sync workers as
docker-compose.yml runs it; WhiteNoise; PostGIS; Redis), {r['seconds']} s each phase: straight to gunicorn
(the baseline), through nginx with deploy/nginx.conf (2 worker processes) from an empty cache and
then warm; then gunicorn restarted with `MAP_TILES=pmtiles` behind a new nginx, from an empty cache
and then warm. Machine: 2 cores, 24 GiB (x86_64, Debian 12), shared with other work (load average
{' / '.join(r['load_before'])} before the run); client, proxy, server and database on the same two cores.
Date: 2026-12-05.

{TABLE_HEAD}
{rows_text}

nginx's answers ({statuses}).

Against the issue's target (at least 2,000 requests/s, p95 at most 100 ms, zero errors):

{targets}

Reading it: straight to gunicorn, its 3 workers answer {d['rate']:,.0f} requests a second and each reader
waits its turn ({ms(d['p50'])} ms at p50). Through the cache Django sees each distinct request about
once per max-age ({r['cold']['to_django']:,} in the cold phase for {r['distinct']:,} distinct requests,
{r['warm']['to_django']:,} warm); the cold phase's slow tail is the first readers of each object waiting for
the one request that went to Django (`proxy_cache_lock`). With the file, nginx asks Django for
`cameras.pmtiles` once — whole, as for any cached request — and answers every range from its copy
(one copy for every language, kept a day: a release's file never changes), so the cold phase reaches
Django only for the page, its {len(r['static_pmtiles'])} static files and the file, once each
({r['pmtiles_cold']['to_django']:,} requests), and the warm one {r['pmtiles_warm']['to_django']:,} times.
What is left is nginx and the {r['readers']} clients sharing two cores.

Bounds of the model: a reader here replays its requests without a browser's HTTP cache or the
page's own cache of tiles read, in both modes, so the server's work is an upper bound; nginx's
counts include the requests in flight when a phase stopped, a few more than wrk's.
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
