"""The operator's checks of the running compose stack, run by .ci/compose-test.sh (standard library
only: it runs with Debian's python3, outside the project's virtual environment).

Everything goes through the published port, the way the TLS proxy in front sends requests (the
site's host name, X-Forwarded-Proto: https), or through `docker compose` commands an operator
types. Environment: BASE_URL (web's published port), PROXY_URL (the caching nginx `proxy`'s, of the
compose profile `cache`), SITE_HOST, COMPOSE (a script running docker compose on the stack),
PHOTOS (the fixtures' photos folder).
"""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BASE_URL = os.environ["BASE_URL"]
PROXY_URL = os.environ["PROXY_URL"]
SITE_HOST = os.environ["SITE_HOST"]
COMPOSE = os.environ["COMPOSE"]
PHOTOS = Path(os.environ["PHOTOS"])
PHOTO = "jpg_gps_DSCN0010.jpg"  # a real camera's JPEG with GPS in its EXIF
RESTART_PHOTOS = ["jpg_gps_DSCN0012.jpg", "jpg_gps_DSCN0021.jpg", "jpg_gps_DSCN0025.jpg"]


class CheckFailed(Exception):
    pass


def request(path: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 60,
            base: str = BASE_URL):
    """(status, headers, body) of one request through a published port (web's unless ``base``)."""
    all_headers = {"Host": SITE_HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    req = urllib.request.Request(base + path, data=data, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(path: str) -> dict:
    status, _, body = request(path, headers={"Accept": "application/json"})
    if status != 200:
        raise CheckFailed(f"GET {path} answered {status}: {body[:300]!r}")
    return json.loads(body)


def compose(*args: str, timeout: float = 300, stdin: bytes | None = None, binary: bool = False):
    """The output of `docker compose ARGS` (bytes if binary, else text)."""
    result = subprocess.run([COMPOSE, *args], input=stdin, capture_output=True, timeout=timeout, check=False)
    if result.returncode != 0:
        output = (result.stdout[-2000:] + result.stderr[-2000:]).decode(errors="replace")
        raise CheckFailed(f"docker compose {' '.join(args)} exited {result.returncode}:\n{output}")
    return result.stdout if binary else result.stdout.decode()


def psql(database: str, sql: str) -> str:
    return compose("exec", "-T", "db", "psql", "-U", "cameramap", "-d", database, "-v", "ON_ERROR_STOP=1", "-qtAc", sql).strip()


def wait_for(what: str, predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what}: not within {timeout:.0f} s")
        time.sleep(1)


def report_submit(photo: str) -> dict:
    """POST a report with one photo, as the capture page does (multipart)."""
    boundary = uuid.uuid4().hex
    fields = {"kind": "new", "directions": "90", "idempotency_key": uuid.uuid4().hex}
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{photo}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode() + (PHOTOS / photo).read_bytes() + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    status, _, answer = request(
        "/api/v1/reports/", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    if status != 201:
        raise CheckFailed(f"POST /api/v1/reports/ with {photo} answered {status}: {answer[:300]!r}")
    return json.loads(answer)


def photos_done(report: dict):
    """The report's status once every photo is processed; fails at once on a failed photo."""
    status = get_json(report["status_url"])
    states = [photo["state"] for photo in status["photos"]]
    if "failed" in states:
        raise CheckFailed(f"report {report['id']}: a photo failed: {status['photos']}")
    return status if states and all(state == "done" for state in states) else None


# --- the checks, in order; each leaves what the next needs in STATE ---------------------------

STATE: dict = {}


def check_pages():
    """`/` and its stylesheet, and the OpenAPI document, answer through the published port."""
    status, headers, body = request("/")
    if status != 200 or "text/html" not in headers.get("Content-Type", ""):
        raise CheckFailed(f"GET / answered {status} {headers.get('Content-Type')}")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
    if not stylesheet:
        raise CheckFailed("GET / holds no stylesheet under /static/")
    path = stylesheet.group(1).decode()
    status, headers, _ = request(path)
    if status != 200 or "text/css" not in headers.get("Content-Type", ""):
        raise CheckFailed(f"GET {path} answered {status} {headers.get('Content-Type')}")
    status, _, schema = request("/api/v1/schema/")
    if status != 200 or not re.search(rb"^openapi: 3", schema, re.M):
        raise CheckFailed(f"GET /api/v1/schema/ answered {status}: {schema[:200]!r}")
    return f"/ 200, {path} 200, /api/v1/schema/ 200 ({len(schema) // 1024} KiB)"


def check_report_processed():
    """A report with a real photo is stored by web and its photo processed by the worker container."""
    report = report_submit(PHOTO)
    status = wait_for(f"report {report['id']}'s photo processed", lambda: photos_done(report), timeout=120)
    # Celery writes "succeeded" after the task has returned, so after the photo is marked done:
    # wait for the line rather than reading the log once.
    wait_for("the worker's log of photo_process succeeding", lambda: re.search(
        r"Task cameramap\.cameras\.tasks\.photo_process\[[^\]]+\] succeeded",
        compose("logs", "--no-color", "worker")), timeout=30)
    STATE["report"] = report
    lon, lat = status["location"]["coordinates"]
    return f"report {report['id']}: photo done by the worker, located from its EXIF GPS at {lat:.4f}, {lon:.4f}"


def check_release():
    """The demo data loaded by `manage.py demo_load` in the web container; the worker builds the
    release it queues; its CSV downloads, whole, with the checksum the release states."""
    out = compose("exec", "-T", "web", "python", "manage.py", "demo_load", timeout=600)
    if "queued for the worker" not in out:
        raise CheckFailed(f"demo_load queued no release:\n{out}")

    def ready():
        releases = get_json("/api/v1/datasets/")
        releases = releases.get("results", releases) if isinstance(releases, dict) else releases
        for release in releases:
            if release["status"] == "failed":
                raise CheckFailed(f"release {release['version']} failed: {release}")
        return next((release for release in releases if release["status"] == "ready"), None)

    release = wait_for("a dataset release ready", ready, timeout=600)
    status, headers, body = request("/api/v1/datasets/latest/cameras.csv")
    if status != 200:
        raise CheckFailed(f"GET /api/v1/datasets/latest/cameras.csv answered {status}")
    if headers.get("X-Dataset-Version") != release["version"]:
        raise CheckFailed(f"the download is version {headers.get('X-Dataset-Version')}, not {release['version']}")
    digest = hashlib.sha256(body).hexdigest()
    if digest != headers.get("X-Content-SHA256"):
        raise CheckFailed(f"the CSV's SHA-256 {digest} is not the release's {headers.get('X-Content-SHA256')}")
    rows = body.decode("utf-8-sig").count("\n") - 1
    cameras = release["counts"]["cameras"]
    if cameras < 1000 or rows != cameras:
        raise CheckFailed(f"the CSV holds {rows} cameras, the release says {cameras}")
    STATE["release"] = (release["version"], digest)
    return f"release {release['version']}: {cameras} cameras, cameras.csv {len(body) // 1024} KiB, SHA-256 as stated"


def cache_statuses(path: str, times: int, **headers) -> tuple[list[str], list[bytes]]:
    """X-Cache-Status and body of ``times`` GETs of ``path`` through the proxy's published port."""
    statuses, bodies = [], []
    for _ in range(times):
        status, answer_headers, body = request(path, headers=headers, base=PROXY_URL)
        if status != 200:
            raise CheckFailed(f"GET {path} through the proxy answered {status}: {body[:300]!r}")
        statuses.append(answer_headers.get("X-Cache-Status", "(none)"))
        bodies.append(body)
    return statuses, bodies


def check_proxy_cache():
    """Through the caching nginx `proxy` (profile `cache`), a tile and the camera list asked twice
    are answered the second time from its cache; a visitor with a session cookie bypasses it."""
    details = []
    for path, accept in (("/api/v1/tiles/0/0/0.mvt", "*/*"), ("/api/v1/cameras/", "application/json")):
        statuses, (first, second) = cache_statuses(path, 2, Accept=accept)
        if statuses != ["MISS", "HIT"] or not first or first != second:
            raise CheckFailed(f"GET {path} twice through the proxy: X-Cache-Status {statuses}, "
                              f"{len(first)} then {len(second)} bytes, the same: {first == second}")
        details.append(f"{path} MISS then HIT ({len(first)} bytes)")
    path = "/api/v1/cameras/"
    statuses, _ = cache_statuses(path, 2, Accept="application/json", Cookie="sessionid=compose-test-somebody")
    if statuses != ["BYPASS", "BYPASS"]:
        raise CheckFailed(f"GET {path} with a session cookie through the proxy: X-Cache-Status {statuses}, not BYPASS")
    # Its access log (docs/privacy.md): the hit is there, no client address is.
    accesses = [line for line in compose("logs", "--no-color", "proxy").splitlines() if " cache=" in line]
    if not any(line.rstrip().endswith("cache=HIT") for line in accesses):
        raise CheckFailed(f"the proxy's log holds no cache=HIT line: {accesses[-5:]}")
    if any(re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", line.split("|", 1)[-1]) for line in accesses):
        raise CheckFailed(f"the proxy's log holds a client address: {accesses[-5:]}")
    return "; ".join(details) + f"; {path} with a session cookie BYPASS twice"


def check_worker_restart():
    """Reports sent just before `docker compose restart worker` are all processed after it, and
    what was there before (the first report, the release's files) is still there."""
    reports = [report_submit(photo) for photo in RESTART_PHOTOS]
    started = time.monotonic()
    # The grace period is given as on Docker Engine, which waits the service's stop_grace_period:
    # podman's Docker API (4.3) kills at once when none is given, and a killed worker's tasks come
    # back only after the broker's visibility timeout (an hour).
    compose("restart", "--timeout", "120", "worker")
    restarted = time.monotonic() - started
    for report in reports:
        wait_for(f"report {report['id']} (sent before the restart) processed", lambda r=report: photos_done(r), timeout=180)
    if not photos_done(STATE["report"]):
        raise CheckFailed(f"report {STATE['report']['id']} lost its processed photo")
    version, digest = STATE["release"]
    status, headers, body = request(f"/api/v1/datasets/{version}/cameras.csv")
    if status != 200 or hashlib.sha256(body).hexdigest() != digest:
        raise CheckFailed(f"release {version}'s cameras.csv after the restart: {status}")
    ids = ", ".join(str(report["id"]) for report in reports)
    return f"restart took {restarted:.1f} s; reports {ids} processed after it; report {STATE['report']['id']} and release {version} intact"


def check_backup():
    """The backup commands of docs/operations.md: the database dumped from the db service restores
    into a new database with every camera; the media volume's archive holds the processed photos."""
    dump = compose("exec", "-T", "db", "pg_dump", "-U", "cameramap", "--format=custom", "cameramap", binary=True)
    media = compose("exec", "-T", "web", "tar", "czf", "-", "-C", "/data", ".", binary=True)
    photos = [name for name in tarfile.open(fileobj=io.BytesIO(media)).getnames()
              if name.startswith("./media/") and name.endswith(".jpg")]
    if not photos:
        raise CheckFailed("the media archive holds no processed photo under media/")
    psql("cameramap", "DROP DATABASE IF EXISTS restore_check")
    compose("exec", "-T", "db", "createdb", "-U", "cameramap", "restore_check")
    try:
        compose("exec", "-T", "db", "pg_restore", "-U", "cameramap", "-d", "restore_check", "--no-owner", stdin=dump)
        count = "SELECT count(*) FROM cameras_camera"
        restored, live = psql("restore_check", count), psql("cameramap", count)
    finally:
        psql("cameramap", "DROP DATABASE IF EXISTS restore_check")
    if restored != live:
        raise CheckFailed(f"the restored dump holds {restored} cameras, the live database {live}")
    return f"dump {len(dump) // 1024} KiB restores with {restored} cameras; media archive {len(media) // 1024} KiB, {len(photos)} photos"


CHECKS = [check_pages, check_report_processed, check_release, check_proxy_cache, check_worker_restart, check_backup]


def main() -> int:
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        started = time.monotonic()
        try:
            detail = check()
        except (CheckFailed, OSError, subprocess.TimeoutExpired, tarfile.TarError, KeyError, ValueError) as error:
            print(f"FAILED {name}: {check.__doc__.split(chr(10))[0]}\n  {error}", flush=True)
            return 1
        print(f"ok {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
