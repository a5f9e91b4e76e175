"""The capture page as an installable offline app, as served: the service worker (type, cache
headers, scope, the files it keeps, its version) and the web app manifest (type, scope, icons)."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from cameramap.web import pwa

pytestmark = pytest.mark.django_db


def worker_config(response) -> dict:
    match = re.search(r"^const CONFIG = (\{.*\});$", response.content.decode(), re.M)
    return json.loads(match.group(1))


def page_assets(html: str) -> list[str]:
    # Without the query: the catalogue is /jsi18n/?l=<language>, kept by the worker by its path.
    return [url.split("?")[0] for url in re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"', html)]


def test_service_worker_is_javascript_never_cached_and_meant_for_the_capture_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache, max-age=0"
    assert response["Service-Worker-Allowed"] == "/submit/"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    assert 'self.addEventListener("fetch"' in body and "{{" not in body and "{%" not in body
    config = worker_config(response)
    assert config["page"] == "/submit/"
    assert config["pages"] == ["/submit/", "/jsi18n/", "/manifest.webmanifest"]
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])


def test_capture_page_registers_the_worker_with_its_own_scope(client):
    page = client.get("/submit/").content.decode()
    config = json.loads(re.search(r'<script id="submit-config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["serviceWorker"] == {"url": "/sw.js", "scope": "/submit/"}
    # The script lives at the root: its default scope (/) covers /submit/, the scope asked for.
    assert config["serviceWorker"]["scope"].startswith("/")


def test_worker_keeps_every_file_the_capture_page_loads(client):
    page = client.get("/submit/").content.decode()
    config = worker_config(client.get("/sw.js"))
    kept = set(config["pages"]) | set(config["assets"])
    loaded = set(page_assets(page))
    assert loaded <= kept, loaded - kept
    for name in ("/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/static/vendor/exifr/exifr.lite.umd.js",
                 "/static/cameramap/submit.js", "/static/cameramap/outbox.js", "/static/cameramap/offline.js",
                 "/static/cameramap/submit.css", "/static/cameramap/site.css", "/static/leaflet/images/marker-icon.png",
                 "/jsi18n/", "/submit/"):
        assert name in kept, name
    assert len(config["assets"]) == len(set(config["assets"])) and not set(config["assets"]) & set(config["pages"])
    for url in config["assets"]:  # each one exists: the worker's install would fail on a missing file
        assert finders.find(url.removeprefix("/static/")), url


def imported_modules(name: str) -> set[str]:
    """The files of static/cameramap/ that module `name` imports, itself and through the others."""
    found, todo = set(), [name]
    while todo:
        source = Path(finders.find(f"cameramap/{todo.pop()}")).read_text()
        for module in re.findall(r'^import [^;]*? from "\./([\w-]+\.js)";', source, re.M):
            if module not in found:
                found.add(module)
                todo.append(module)
    return found


def test_worker_keeps_every_module_the_capture_page_imports(client):
    # The browser fetches an imported module itself, no tag names it: the page names each one in a
    # modulepreload link, or the worker would not keep it and the page would not start offline.
    page = client.get("/submit/").content.decode()
    kept = set(worker_config(client.get("/sw.js"))["assets"])
    entries = re.findall(r'<script type="module" src="/static/cameramap/([^"]+)"', page)
    modules = set(entries).union(*(imported_modules(entry) for entry in entries))
    assert {"submit.js", "submit-base.js", "outbox.js", "offline.js", "util.js"} <= modules
    for module in modules:
        assert f"/static/cameramap/{module}" in page_assets(page) and f"/static/cameramap/{module}" in kept, module


def test_worker_version_changes_when_a_cached_file_changes(settings, tmp_path):
    before = pwa._worker_config()
    assert pwa._worker_config()["version"] == before["version"]  # stable while nothing changes
    override = tmp_path / "cameramap"
    override.mkdir()
    (override / "submit.js").write_text("/* a new version of the capture script */\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]  # found first
    after = pwa._worker_config()
    assert after["version"] != before["version"]
    assert after["assets"] == before["assets"]


def test_scripts_load_the_translation_catalog_first(client):
    page = client.get("/submit/").content.decode()
    scripts = re.findall(r'<script (type="module" )?src="([^"]+)"', page)
    # A classic script, run while the page is read: before every module, which runs after.
    assert scripts[0][0] == "" and scripts[0][1].split("?")[0] == "/jsi18n/"
    # Our scripts are modules: submit.js imports the others (outbox.js, offline.js…), which the page
    # names in modulepreload links for the worker to keep.
    assert [src for module, src in scripts if module] == ["/static/cameramap/site.js", "/static/cameramap/submit.js"]
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', page)
    assert {"/static/cameramap/outbox.js", "/static/cameramap/offline.js", "/static/cameramap/util.js"} <= set(preloaded)
    catalog = client.get("/jsi18n/")
    assert catalog.status_code == 200 and b"gettext" in catalog.content and b"interpolate" in catalog.content


def test_manifest_is_served_from_our_origin_for_the_capture_page(client):
    page = client.get("/submit/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert response["Cache-Control"] == "public, max-age=3600"
    manifest = response.json()
    assert (manifest["id"], manifest["start_url"], manifest["scope"]) == ("/submit/", "/submit/", "/submit/")
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "cameramap: add a camera" and manifest["short_name"] == "cameramap"
    assert manifest["theme_color"] == "#b3261e" and f'<meta name="theme-color" content="{manifest["theme_color"]}">' in page
    assert manifest["lang"] == "en"


def test_manifest_icons_are_pngs_of_the_sizes_they_claim(client):
    icons = client.get("/manifest.webmanifest").json()["icons"]
    assert {icon["purpose"] for icon in icons} == {"any", "maskable"}
    assert {icon["sizes"] for icon in icons} >= {"192x192", "512x512"}
    for icon in icons:
        assert icon["src"].startswith("/static/cameramap/icons/") and icon["type"] == "image/png"
        with Image.open(finders.find(icon["src"].removeprefix("/static/"))) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
    maskable = next(icon for icon in icons if icon["purpose"] == "maskable")
    with Image.open(finders.find(maskable["src"].removeprefix("/static/"))) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255  # full bleed: the launcher cuts its own shape


def test_manifest_follows_the_browsers_language(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="sr-Latn")
    assert response.status_code == 200 and response.json()["lang"] == "sr-latn"
