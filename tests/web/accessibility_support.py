"""What the accessibility, keyboard and CSP browser tests share: Chromium, pages with the map
tiles answered locally, the pages in realistic states (cameras loaded, photos, a release,
an error shown), and axe-core (vendored in tests/web/vendor/axe-core/) to judge them."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from tests.browser import PHONE
from tests.factories import camera_make, published_photo, report_make

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# WCAG 2.0 and 2.1, levels A and AA: what the pages promise. axe's best practices run too.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")


@pytest.fixture
def open_page(new_page, live_server):
    """open_page(path, phone=False, geolocation=None, csp=False, session=None) → a Playwright page at path.

    The map tiles are answered locally (tests/browser.py). Under csp=False the page's
    Content-Security-Policy is bypassed, because Playwright evaluates its own scripts as strings,
    which the policy rightly forbids; test_csp_browser.py loads the same pages under the real
    policy. `page.errors` collects uncaught script errors, `page.console` every console message;
    `page.response` is the answer to the first request."""

    def make(path: str, *, phone: bool = False, geolocation: dict | None = None, csp: bool = False,
             init_script: str | None = None, session: str | None = None):
        options = dict(PHONE if phone else DESKTOP)
        if geolocation:
            options.update(geolocation=geolocation, permissions=["geolocation"])
        page = new_page(bypass_csp=not csp, **options)
        if init_script:
            page.context.add_init_script(init_script)
        if session:  # a signed-in user's session key (moderator_session)
            page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page.response = page.goto(live_server.url + path)
        return page

    return make


# --- axe ---------------------------------------------------------------------------------------

def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page as it is now; its violations of WCAG 2.0/2.1 A and AA and of its
    best practices, each with the rule id, impact, help text and the offending elements."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    result = page.evaluate(
        """async ([context, tags]) => {
             const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
             const result = context ? await axe.run(context, options) : await axe.run(document, options);
             return result.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
           }""",
        [context, WCAG_TAGS],
    )
    return result


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {(node['summary'] or '').splitlines()[-1].strip()}")
    return "\n".join(lines)


# --- the pages in realistic states -------------------------------------------------------------

MAP_CENTER = (44.8176, 20.4573)


def square(west: float, south: float, east: float, north: float) -> MultiPolygon:
    polygon = Polygon.from_bbox((west, south, east, north))
    polygon.srid = 4326
    return MultiPolygon(polygon, srid=4326)


def cameras_make() -> list:
    """Three cameras in central Belgrade of different types and operators, one far away, in two
    districts with populations (so the density layer and the statistics have figures)."""
    from cameramap.cameras.areas import areas_refresh
    from cameramap.cameras.models import Area

    Area.objects.create(name="Стари град", slug="stari-grad", boundary=square(20.40, 44.80, 20.457, 44.83),
                        population=44_737)
    Area.objects.create(name="Palilula", slug="palilula", boundary=square(20.457, 44.80, 20.52, 44.83))
    cameras = [
        camera_make(lon=20.4573, lat=44.8176, operator="Ministry of Interior", operator_type="police",
                    camera_type="dome", directions=[], facial_recognition="confirmed", confirmations=4,
                    first_seen=date(2025, 11, 2)),
        camera_make(lon=20.4590, lat=44.8170, operator="City of Belgrade", operator_type="city",
                    directions=[45, 200], camera_type="fixed", facial_recognition="suspected", mount="pole",
                    first_seen=date(2025, 12, 5)),
        camera_make(lon=20.4560, lat=44.8182, operator="Shop", operator_type="private", surveillance_type="ALPR",
                    status="covered", directions=[90]),
        camera_make(lon=19.83, lat=45.25, operator="Novi Sad"),
    ]
    areas_refresh()
    return cameras


def camera_with_photos(photos_dir: Path):
    camera = camera_make(operator="Grad Beograd", operator_type="city", confirmations=3, directions=[90, 270],
                         camera_type="fixed", mount="pole", zone="town", height=4.5, manufacturer="Hikvision",
                         model="DS-2CD2143", facial_recognition="suspected",
                         facial_recognition_evidence="https://example.org/tender",
                         first_seen=date(2025, 11, 2), last_confirmed=date(2026, 1, 10))
    for name in ("jpg_gps_DSCN0010.jpg", "jpg_gps_DSCN0012.jpg"):
        published_photo(camera, photos_dir / name)
    return camera


def receipt_make():
    """A received report with one processed photo and one that failed: path of its receipt page."""
    from cameramap.cameras.models import Photo

    report = report_make(kind="new", status="pending", directions=[90, 270], accuracy_m=12)
    Photo.objects.create(report=report, state="done", width=640, height=480)
    Photo.objects.create(report=report, state="failed", failure_reason="The photo could not be read.")
    return f"/reports/{report.pk}/?receipt={report.receipt}"


def data_make():
    """Cameras in districts and one built release: /data/ with statistics, charts and downloads."""
    from django.core.cache import cache

    from cameramap.datasets.releases import release_build, release_start

    cache.clear()  # the statistics are cached: compute them for these districts
    cameras_make()
    return release_build(release_start().id)


def release_building():
    from cameramap.datasets.releases import release_start

    return release_start()


def map_path(zoom: int = 16, **params) -> str:
    query = "".join(f"&{key}={value}" for key, value in params.items())
    return f"/?z={zoom}&lat={MAP_CENTER[0]}&lon={MAP_CENTER[1]}{query}"


def map_ready(page, count: int) -> None:
    """Wait until the map shows `count` camera markers and lists them."""
    page.wait_for_function(f"document.querySelectorAll('.cam-marker[data-camera-id]').length === {count}")
    page.wait_for_function(f"document.querySelectorAll('#camera-list li').length === {count}")


def moderator_session() -> str:
    """The session key of a signed-in moderator, for open_page(session=…)."""
    from django.test import Client

    from cameramap.moderation.accounts import moderator_ensure

    user, _password = moderator_ensure(username="axe-moderator", password="axe-moderator-password-1")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def audit_make() -> None:
    """An audit trail with a decision of each kind a moderator meets most: a report approved, one
    attached automatically, one rejected with the moderator's words, two cameras merged."""
    from cameramap.moderation.accounts import moderator_ensure
    from cameramap.moderation.services import camera_merge, report_approve, report_attach, report_reject

    moderator, _password = moderator_ensure(username="axe-moderator", password=None)  # keeps its session
    camera = report_approve(report=report_make(directions=[90]), moderator=moderator)
    other = camera_make(lon=20.45733)
    report_attach(report=report_make(), camera=other, moderator=None)
    camera_merge(camera=other, into=camera, moderator=moderator)
    report_reject(report=report_make(kind="gone", camera=camera), moderator=moderator, reason="other",
                  text="It is still there, seen today from the bus stop.")
