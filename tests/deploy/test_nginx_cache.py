"""The cache in front: Debian's nginx with deploy/nginx.conf, a real process on loopback in front
of the live server. What everybody reads alike is answered by nginx from the second time on and
never reaches Django; what is somebody's always reaches Django and is never kept."""

import math
import time
import urllib.error
import urllib.request

import mapbox_vector_tile
import pytest
from django.core.files.storage import default_storage
from django.core.signals import request_started

from cameramap.datasets.releases import release_build, release_start
from cameramap.moderation.services import report_approve
from tests.deploy.proxy import NGINX, Proxy
from tests.factories import camera_make, report_make

pytestmark = [pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx (nginx-light; .ci/bootstrap.sh test)"),
              pytest.mark.django_db(transaction=True)]
LON, LAT = 20.4573, 44.8176


@pytest.fixture
def proxy(live_server, tmp_path):
    server = Proxy(tmp_path / "nginx", live_server.url.removeprefix("http://"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def reached():
    """The paths of the requests that reached Django (the live server runs in this process)."""
    paths = []

    def record(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(record)
    yield paths
    request_started.disconnect(record)


def get(url: str, *, method: str = "GET", data: bytes | None = None, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def tile_path(zoom: int = 16) -> str:
    n = 2 ** zoom
    x = int((LON + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(LAT))) / math.pi) / 2 * n)
    return f"/api/v1/tiles/{zoom}/{x}/{y}.mvt"


def cameras_in(tile: bytes) -> int:
    return len(mapbox_vector_tile.decode(tile).get("cameras", {}).get("features", []))


def twice(proxy, reached, path: str, **headers) -> tuple[list[str], list[int], bytes]:
    """Ask twice; the cache statuses, how many reached Django, and the second body."""
    before = len(reached)
    statuses, bodies = [], []
    for _ in range(2):
        status, answer, body = get(proxy.url + path, **headers)
        assert status in (200, 302, 403, 404), (path, status)
        statuses.append(answer.get("x-cache-status", ""))
        bodies.append(body)
    assert bodies[0] == bodies[1] or path.startswith("/moderate")
    return statuses, len([p for p in reached[before:] if p == path.split("?")[0]]), bodies[1]


def test_the_config_is_valid_for_nginx(tmp_path):
    result = Proxy(tmp_path, "127.0.0.1:9").check()
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_a_tile_asked_again_is_a_hit_and_does_not_reach_django(proxy, reached):
    camera_make(lon=LON, lat=LAT)
    statuses, to_django, body = twice(proxy, reached, tile_path())
    assert statuses == ["MISS", "HIT"] and to_django == 1
    assert cameras_in(body) == 1
    # In every language and with any language cookie: one copy of the tile.
    status, answer, _body = get(proxy.url + tile_path(), **{"Accept-Language": "sr", "Cookie": "django_language=sr-latn"})
    assert answer["x-cache-status"] == "HIT" and "vary" not in answer


def test_static_files_and_public_reads_are_cached(proxy, reached, settings):
    camera = camera_make(lon=LON, lat=LAT, operator="Градска управа")
    for path in ("/static/cameramap/map.js", f"/api/v1/cameras/?bbox={LON - 0.01},{LAT - 0.01},{LON + 0.01},{LAT + 0.01}",
                 f"/api/v1/cameras/{camera.pk}/", f"/cameras/{camera.pk}/", "/", "/data/"):
        statuses, to_django, _body = twice(proxy, reached, path)
        assert statuses == ["MISS", "HIT"] and to_django == 1, path


def test_pages_are_kept_per_language(proxy, reached):
    _statuses, _n, english = twice(proxy, reached, "/", **{"Accept-Language": "en"})
    statuses, to_django, serbian = twice(proxy, reached, "/", **{"Accept-Language": "sr"})
    assert statuses == ["MISS", "HIT"] and to_django == 1
    assert "Надзорне камере" in serbian.decode() and "Надзорне камере" not in english.decode()
    statuses, _n, latin = twice(proxy, reached, "/", **{"Accept-Language": "en", "Cookie": "django_language=sr-latn"})
    assert statuses == ["MISS", "HIT"] and "Nadzorne kamere" in latin.decode()


def test_release_files_are_cached_for_a_day(proxy, reached):
    camera_make(lon=LON, lat=LAT)
    release = release_build(release_start().id)
    path = f"/api/v1/datasets/{release.version}/cameras.csv"
    statuses, to_django, body = twice(proxy, reached, path)
    assert statuses == ["MISS", "HIT"] and to_django == 1 and body.startswith(b"id,")
    _status, answer, _body = get(proxy.url + path)
    assert answer["cache-control"].startswith("public, max-age=86400")


def test_what_is_somebodys_always_reaches_django_and_is_never_kept(proxy, reached, client, moderator):
    client.force_login(moderator)
    session = f"sessionid={client.cookies['sessionid'].value}"
    # A moderator's pages and API, with their session: every request reaches Django.
    for path in ("/moderate/", "/api/v1/moderation/reports/?status=pending"):
        statuses, to_django, _body = twice(proxy, reached, path, Cookie=session)
        assert "HIT" not in statuses and to_django == 2, path
        assert get(proxy.url + path, Cookie=session)[1]["cache-control"] == "private, no-store"
    # The moderator's view of a public page is theirs too (and a CSRF cookie makes a visitor somebody).
    for cookie in (session, "csrftoken=abcdefghijklmnopqrstuvwxyz012345"):
        statuses, to_django, _body = twice(proxy, reached, "/", Cookie=cookie)
        assert statuses == ["BYPASS", "BYPASS"] and to_django == 2
    # Without a session: the login redirect and a receipt are never kept either.
    statuses, to_django, _body = twice(proxy, reached, "/moderate/")
    assert "HIT" not in statuses and to_django == 2
    report = report_make()
    statuses, to_django, _body = twice(proxy, reached, f"/api/v1/reports/{report.pk}/?receipt={report.receipt}")
    assert "HIT" not in statuses and to_django == 2
    # Writes: each POST reaches Django.
    before = len(reached)
    for _ in range(2):
        status, answer, _body = get(proxy.url + "/api/v1/reports/", method="POST", data=b"lat=1",
                                    **{"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 400 and answer.get("x-cache-status", "") != "HIT"
    assert reached[before:].count("/api/v1/reports/") == 2


def test_an_approved_camera_is_on_the_map_within_tile_max_age(proxy, reached, settings, moderator):
    settings.TILE_MAX_AGE = 2
    camera_make(lon=LON, lat=LAT)
    statuses, _n, body = twice(proxy, reached, tile_path())
    assert statuses == ["MISS", "HIT"] and cameras_in(body) == 1

    report = report_make(lon=LON + 0.0002, lat=LAT + 0.0001)
    report_approve(report=report, moderator=moderator)
    approved = time.monotonic()
    # Within max-age, and the time one tile takes to build on a busy machine.
    while cameras_in(get(proxy.url + tile_path())[2]) != 2:
        assert time.monotonic() - approved < settings.TILE_MAX_AGE + 5, "the approved camera never showed"
        time.sleep(0.2)


def test_nginx_logs_no_client_address_and_no_receipt(proxy, reached):
    report = report_make()
    get(f"{proxy.url}/api/v1/reports/{report.pk}/?receipt={report.receipt}")
    get(f"{proxy.url}/", **{"X-Forwarded-For": "203.0.113.9"})
    proxy.stop()  # flushes the log
    log = proxy.access_log.read_text()
    assert f"/api/v1/reports/{report.pk}/" in log and "cache=" in log
    assert "127.0.0.1" not in log and "203.0.113.9" not in log and report.receipt not in log


def test_the_scheme_the_tls_proxy_sends_reaches_django_and_keys_the_cache(proxy):
    """The TLS proxy in front says https; nginx must pass that on (production redirects every
    request it is told came over http) and never give one scheme's answer for the other."""
    camera_make(lon=LON, lat=LAT)
    schemes = []

    def record(sender, environ, **kwargs):
        schemes.append(environ.get("HTTP_X_FORWARDED_PROTO"))

    request_started.connect(record)
    try:
        statuses = [get(proxy.url + tile_path(), **headers)[1]["x-cache-status"]
                    for headers in ({"X-Forwarded-Proto": "https"}, {"X-Forwarded-Proto": "https"}, {})]
    finally:
        request_started.disconnect(record)
    assert statuses == ["MISS", "HIT", "MISS"]
    assert schemes == ["https", "http"]


def test_range_reads_of_the_pmtiles_file_are_answered_from_the_cache(proxy, reached):
    """The map with MAP_TILES=pmtiles reads cameras.pmtiles a few kilobytes at a time: nginx fetches
    the whole file once, on the first read, keeps it a day, and answers every range (in every
    language) from its copy."""
    camera_make(lon=LON, lat=LAT)
    release = release_build(release_start().id)
    path = f"/api/v1/datasets/{release.version}/cameras.pmtiles"
    with default_storage.open(release.files["cameras.pmtiles"]["path"], "rb") as handle:
        whole = handle.read()
    assert whole.startswith(b"PMTiles") and len(whole) > 127
    reads = ((0, 16383, "en", "MISS"), (127, len(whole) - 1, "sr", "HIT"), (3, 9, "en", "HIT"))
    for first, last, language, cache_status in reads:
        status, answer, body = get(proxy.url + path, Range=f"bytes={first}-{last}", **{"Accept-Language": language})
        last = min(last, len(whole) - 1)
        assert status == 206 and body == whole[first:last + 1]
        assert answer["content-range"] == f"bytes {first}-{last}/{len(whole)}"
        assert answer["x-cache-status"] == cache_status and answer["cache-control"].startswith("public, max-age=86400")
    assert reached.count(path) == 1
