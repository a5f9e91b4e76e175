"""Who may do what, everywhere: every write endpoint and every restricted or state-changing page
× anonymous, volunteer (a plain account), trusted volunteer (group "trusted volunteers"),
moderator (group "moderators", staff, made by ``moderator_ensure``) and admin (superuser).

Each cell is its own test case (``moderation-approve-volunteer``). It sends a valid request (so a
refusal is never a 400 taken for a permission), asserts the outcome class of the table, and looks
in the database: the write happened exactly when the cell allows it. Signed-in roles use the
session (the API's token login is its own row). Tasks are sent on commit, and a test's
transaction never commits, so no worker is needed.

``test_every_write_endpoint_is_in_the_matrix`` walks the URL resolver: a URL pattern that takes a
write method fails the suite until it has a row here, or a reasoned entry in EXCLUDED."""

import os
import re

import pytest
from django.core.cache import cache
from django.urls import URLResolver, get_resolver

from tests.photos.support import stored_files

from .matrix_endpoints import ENDPOINTS
from .matrix_support import BAD_LOGIN, FORBIDDEN, LOGIN, NOT_OFFERED, OK, ROLES, TO_ADMIN, UNAUTHENTICATED, World

pytestmark = pytest.mark.django_db

OK_, E401, E403, LOG, NO, BAD, ADM = OK, UNAUTHENTICATED, FORBIDDEN, LOGIN, NOT_OFFERED, BAD_LOGIN, TO_ADMIN

MATRIX = {
    #                              anonymous volunteer trusted moderator admin
    # --- the API ------------------------------------------------------------------------
    "report-create":                (OK_,  OK_,  OK_,  OK_,  OK_),   # anonymous reports are welcome
    "auth-token":                   (BAD,  OK_,  OK_,  OK_,  OK_),   # anyone with an account
    "mapping-event-check":          (OK_,  OK_,  OK_,  OK_,  OK_),   # a phone checks a code
    "coverage-survey":              (OK_,  OK_,  OK_,  OK_,  OK_),   # streets walked, anyone
    "dossier-create":               (E401, E403, E403, OK_,  OK_),   # a build is heavy; moderators ask
    "moderation-list":              (E401, E403, E403, OK_,  OK_),
    "moderation-detail":            (E401, E403, E403, OK_,  OK_),
    "moderation-approve":           (E401, E403, E403, OK_,  OK_),
    "moderation-reject":            (E401, E403, E403, OK_,  OK_),
    "moderation-merge":             (E401, E403, E403, OK_,  OK_),
    "moderation-lock":              (E401, E403, E403, OK_,  OK_),
    "moderation-unlock":            (E401, E403, E403, OK_,  OK_),
    "moderation-camera-merge-preview": (E401, E403, E403, OK_, OK_),
    "moderation-camera-merge":      (E401, E403, E403, OK_,  OK_),
    "moderation-camera-split":      (E401, E403, E403, OK_,  OK_),
    "moderation-camera-history":    (E401, E403, E403, OK_,  OK_),
    "moderation-photo-blur":        (E401, E403, E403, OK_,  OK_),
    "moderation-photo-blur-choose": (E401, E403, E403, OK_,  OK_),
    # --- the moderator pages --------------------------------------------------------------
    "moderation-page-queue":        (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-next":         (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-report":       (LOG,  E403, E403, OK_,  OK_),   # opening it holds nothing
    "moderation-page-keep":         (LOG,  E403, E403, OK_,  OK_),   # "Keep it for me": the review lock
    "moderation-page-camera":       (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-photo-unblurred": (E403, E403, E403, OK_, OK_),  # an image: refused, not a login page
    "moderation-page-approve":      (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-attach":       (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-reject":       (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-release":      (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-camera-merge-preview": (LOG, E403, E403, OK_, OK_),
    "moderation-page-camera-merge": (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-camera-split": (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-audit":        (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-events":       (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-event-create": (LOG,  E403, E403, OK_,  OK_),
    "moderation-page-event-end":    (LOG,  E403, E403, OK_,  OK_),
    # --- public pages, language, login ------------------------------------------------------
    "submit-page":                  (OK_,  OK_,  OK_,  OK_,  OK_),
    "data-dossier-create":          (E403, E403, E403, OK_,  OK_),   # the form is shown to moderators only
    "set-language":                 (OK_,  OK_,  OK_,  OK_,  OK_),
    "admin-login":                  (BAD,  BAD,  BAD,  OK_,  OK_),   # the admin login is for staff
    "admin-logout":                 (ADM,  ADM,  ADM,  OK_,  OK_),   # the admin's own session only
    "admin-password-change":        (LOG,  LOG,  LOG,  OK_,  OK_),
    # --- the admin: staff only; moderators get what MODERATOR_PERMISSIONS grants ---------------
    "admin-index":                  (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-app-cameras":            (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-user-password":          (LOG,  LOG,  LOG,  E403, OK_),
    "admin-release-build":          (LOG,  LOG,  LOG,  OK_,  OK_),   # the button on the releases list
    "admin-area-import":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-camera-list":            (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-camera-history":         (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-camera-add":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-camera-change":          (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-camera-delete":          (LOG,  LOG,  LOG,  E403, OK_),
    "admin-camera-action":          (LOG,  LOG,  LOG,  NO,   OK_),
    "admin-report-list":            (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-report-history":         (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-report-add":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-report-change":          (LOG,  LOG,  LOG,  OK_,  OK_),   # status stays read-only
    "admin-report-delete":          (LOG,  LOG,  LOG,  E403, E403),  # reports carry the audit trail
    "admin-report-action":          (LOG,  LOG,  LOG,  NO,   NO),
    "admin-area-list":              (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-area-history":           (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-area-add":               (LOG,  LOG,  LOG,  E403, OK_),
    "admin-area-change":            (LOG,  LOG,  LOG,  E403, OK_),   # moderators may only look
    "admin-area-delete":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-area-action":            (LOG,  LOG,  LOG,  NO,   OK_),
    "admin-event-list":             (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-event-history":          (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-event-add":              (LOG,  LOG,  LOG,  E403, E403),  # the audit trail is append-only,
    "admin-event-change":           (LOG,  LOG,  LOG,  E403, E403),  # written by the services alone
    "admin-event-delete":           (LOG,  LOG,  LOG,  E403, E403),
    "admin-event-action":           (LOG,  LOG,  LOG,  NO,   NO),
    "admin-mapping-event-list":     (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-mapping-event-history":  (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-mapping-event-add":      (LOG,  LOG,  LOG,  OK_,  OK_),   # moderators issue codes here too
    "admin-mapping-event-change":   (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-mapping-event-delete":   (LOG,  LOG,  LOG,  E403, OK_),   # they end one instead
    "admin-mapping-event-action":   (LOG,  LOG,  LOG,  NO,   OK_),
    "admin-release-list":           (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-release-history":        (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-release-add":            (LOG,  LOG,  LOG,  E403, E403),  # releases are built, not typed in
    "admin-release-change":         (LOG,  LOG,  LOG,  E403, E403),
    "admin-release-delete":         (LOG,  LOG,  LOG,  E403, OK_),
    "admin-release-action":         (LOG,  LOG,  LOG,  NO,   OK_),
    "admin-osm-list":               (LOG,  LOG,  LOG,  E403, OK_),
    "admin-osm-history":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-osm-add":                (LOG,  LOG,  LOG,  E403, OK_),
    "admin-osm-change":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-osm-delete":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-osm-action":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-list":              (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-history":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-add":               (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-change":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-delete":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-user-action":            (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-list":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-history":          (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-add":              (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-change":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-delete":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-group-action":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-token-list":             (LOG,  LOG,  LOG,  E403, OK_),
    "admin-token-history":          (LOG,  LOG,  LOG,  E403, OK_),
    "admin-token-add":              (LOG,  LOG,  LOG,  E403, OK_),
    "admin-token-change":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-token-delete":           (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-attempt-list":      (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-attempt-history":   (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-attempt-add":       (LOG,  LOG,  LOG,  E403, E403),  # axes records them itself
    "admin-axes-attempt-change":    (LOG,  LOG,  LOG,  E403, OK_),   # every field read-only
    "admin-axes-attempt-delete":    (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-attempt-action":    (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-log-list":          (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-log-history":       (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-log-add":           (LOG,  LOG,  LOG,  E403, E403),
    "admin-axes-log-change":        (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-log-delete":        (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-log-action":        (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-failure-list":      (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-failure-history":   (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-failure-add":       (LOG,  LOG,  LOG,  E403, E403),
    "admin-axes-failure-change":    (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-failure-delete":    (LOG,  LOG,  LOG,  E403, OK_),
    "admin-axes-failure-action":    (LOG,  LOG,  LOG,  E403, OK_),
    # --- official lists: moderators import them and decide their matches -----------------------
    "official-page-upload":         (LOG,  E403, E403, OK_,  OK_),
    "official-page-confirm":        (LOG,  E403, E403, OK_,  OK_),
    "official-page-reject":         (LOG,  E403, E403, OK_,  OK_),
    "official-page-place":          (LOG,  E403, E403, OK_,  OK_),
    "admin-official-import":        (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-official-job":           (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-official-job-status":    (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-official-list-list":     (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-official-list-history":  (LOG,  LOG,  LOG,  OK_,  OK_),
    "admin-official-list-add":      (LOG,  LOG,  LOG,  E403, E403),  # lists come in through the import
    "admin-official-list-change":   (LOG,  LOG,  LOG,  E403, OK_),   # moderators may only look
    "admin-official-list-delete":   (LOG,  LOG,  LOG,  E403, OK_),
    "admin-official-list-action":   (LOG,  LOG,  LOG,  NO,   OK_),
}

CELLS = [(name, role, outcome) for name, row in MATRIX.items() for role, outcome in zip(ROLES, row, strict=True)]


@pytest.fixture(autouse=True)
def _clean():
    """Throttle counters start at zero; files a cell writes (photos, originals) are removed."""
    cache.clear()
    before = stored_files()
    yield
    for path in stored_files() - before:
        os.remove(path)
    cache.clear()


@pytest.mark.parametrize(("name", "role", "outcome"), CELLS, ids=[f"{n}-{r}" for n, r, _o in CELLS])
def test_permission_matrix(name, role, outcome):
    endpoint = ENDPOINTS[name]
    w = World(role)
    if endpoint.signed_out:
        w.client.logout()
    endpoint.given(w)
    if endpoint.written:
        assert not endpoint.written(w), "the check must not be true before the request"
    url = endpoint.url(w)
    data = endpoint.data(w) if endpoint.data else None
    options = {"format": endpoint.format} if endpoint.format else {}

    response = getattr(w.client, endpoint.method)(url, data, **options)

    written = endpoint.written(w) if endpoint.written else None  # None: a page that only reads
    assert written in (True, False, None)
    body = b"".join(response.streaming_content) if response.streaming else response.content  # an image is streamed
    detail = f"{response.status_code} {response.get('Location', '')} {body[:400]!r}"
    if outcome == OK:
        assert response.status_code == endpoint.status, detail
        assert written is not False, "allowed, answered as such, but nothing was written"
        assert endpoint.shows(w, response), detail
        return
    assert written is not True, f"refused ({outcome}) but written: {detail}"
    if outcome == UNAUTHENTICATED:
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token", detail
    elif outcome == FORBIDDEN:
        assert response.status_code == 403, detail
    elif outcome == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next="), detail
    elif outcome == NOT_OFFERED:
        assert response.status_code == 200 and response.context["cl"].model, detail
    elif outcome == TO_ADMIN:
        assert response.status_code == 302 and response["Location"] == "/admin/", detail
    elif outcome == BAD_LOGIN:
        # The API answers a wrong password 401 saying how to authenticate; the login page shows the form again.
        if url.startswith("/api/"):
            assert response.status_code == 401 and response["WWW-Authenticate"] == 'Token realm="api"', detail
        else:
            assert response.status_code == 200, detail
    else:
        pytest.fail(f"unknown outcome {outcome}")


# --- completeness ---------------------------------------------------------------------------

WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# URL patterns that take a write method but write nothing and restrict nothing, so they need
# no row (key: the pattern's namespace:name, or its route when it has no name; a regex).
EXCLUDED = {
    # Any other path under /api/v1/: a JSON 404 for every method.
    r"api/v1/\^\(\?P<rest>\[\\s\\S\]\*\)\$": "catch-all 404",
    # The admin's old object URLs (<model>/<id>/): a redirect to the change page, for any method.
    r"admin/[a-z_]+/[a-z_]+/<path:object_id>/": "redirect to the change page (covered by its row)",
    r"admin/\(\?P<url>\.\*\)\$": "the admin's catch-all: redirect to a slash, or 404",
    "admin:password_change_done": "a page that says the password was changed",
    "admin:jsi18n": "the admin's JavaScript translations",
    "admin:autocomplete": "read-only JSON for autocomplete widgets, staff only (no model uses them)",
    "admin:view_on_site": "a redirect to an object's public page",
    # Public read-only pages: they render the same for any method and write nothing (a POST
    # without a CSRF token is refused by the middleware before it reaches them).
    "web:map": "the map", "web:camera": "a camera's page", "web:report_receipt": "the receipt page",
    "datasets:data": "the data page", "datasets:data-download": "a filtered download",
    "web:manifest": "the web app manifest", "service-worker": "the service worker script",
    "web:embed": "the embeddable map (the map page without the site's frame)", "web:oembed": "read-only oEmbed JSON",
    "feed-cameras": "an Atom feed", "feed-area": "an Atom feed", "feed-releases": "an Atom feed",
}


def url_patterns(resolver=None, prefix="", namespace=None):
    """(key, route, callback) of every URL pattern, depth first."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            key = (f"{namespace}:{pattern.name}" if namespace else pattern.name) if pattern.name else route
            yield key, route, pattern.callback


def write_methods(view) -> set[str]:
    """The write methods a view answers: a class-based view's handlers; a function's
    require_http_methods list (require_POST, require_safe…); else "ANY" (a plain function view
    takes whatever comes: any row of the pattern covers it)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)} & WRITES
    func = view
    while func is not None:
        names = getattr(getattr(func, "__code__", None), "co_freevars", ())
        if "request_method_list" in names:
            return set(func.__closure__[names.index("request_method_list")].cell_contents) & WRITES
        func = getattr(func, "__wrapped__", None)
    return {"ANY"}


def test_every_write_endpoint_is_in_the_matrix():
    patterns = list(url_patterns())
    keys = {key for key, _route, _view in patterns}
    covered = {(e.route, e.method.upper()) for e in ENDPOINTS.values()}
    covered |= {(e.route, "ANY") for e in ENDPOINTS.values()}

    def excluded(key: str) -> bool:
        return any(re.fullmatch(rule, key) for rule in EXCLUDED)

    missing = sorted(
        f"{method} {route} ({key})"
        for key, route, view in patterns for method in write_methods(view)
        if (key, method) not in covered and not excluded(key)
    )
    assert not missing, "write endpoints without a row in MATRIX (or a reason in EXCLUDED):\n" + "\n".join(missing)
    assert set(MATRIX) == set(ENDPOINTS)
    assert not {e.route for e in ENDPOINTS.values()} - keys, "rows for URL patterns that no longer exist"
    assert all(any(re.fullmatch(rule, key) for key in keys) for rule in EXCLUDED), "stale exclusions"


def test_the_completeness_check_reads_allowed_methods():
    """The introspection is not vacuous: it tells a POST-only page, a GET-only page, an API
    view's handlers and a plain function view apart."""
    views = {key: view for key, _route, view in url_patterns()}
    assert write_methods(views["moderation:approve"]) == {"POST"}
    assert write_methods(views["moderation:queue"]) == set()
    assert write_methods(views["moderation-report-lock"]) == {"POST", "DELETE"}
    assert write_methods(views["api-camera-list"]) == set()
    assert write_methods(views["web:map"]) == {"ANY"}
