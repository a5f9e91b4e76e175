"""Settings for every environment, read from the environment with one ``environ.Env()``.

The embedded default (``make run``) needs no variable at all: SpatiaLite under ``var/``, a
Celery broker on disk, media under ``var/media``. Production (``settings.production``) refuses
to start without its secrets.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .storage import media_origins, storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Where the embedded default keeps its database, broker, media, cache and logs.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "corsheaders",
    "axes",
    "cameramap.cameras",
    "cameramap.moderation",
    "cameramap.city",
    "cameramap.official",
    "cameramap.exposure",
    "cameramap.routes",
    "cameramap.coverage",
    "cameramap.timeline",
    "cameramap.datasets",
    "cameramap.web",
    "cameramap.ops",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cameramap.web.http_cache.CacheHeadersMiddleware",  # above session, locale and CSRF: sees their cookies and Vary
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "cameramap.ops.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cameramap.urls"
WSGI_APPLICATION = "cameramap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cameramap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cameramap.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# postgis://user:pass@host:5432/name for production; spatialite:///path for the embedded default.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"spatialite:///{VAR_DIR / 'cameramap.sqlite3'}"
    )
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    # Several processes (web, worker) share one file: wait for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 30)
    # Transactions take the write lock when they begin. A deferred transaction that reads, then
    # writes while another process writes, fails at once with "database is locked" (SQLite will
    # not wait there: it would deadlock); an IMMEDIATE one waits its turn (the timeout above).
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    SPATIALITE_LIBRARY_PATH = env("SPATIALITE_LIBRARY_PATH", default="mod_spatialite")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

GDAL_LIBRARY_PATH = env("GDAL_LIBRARY_PATH", default=None)
GEOS_LIBRARY_PATH = env("GEOS_LIBRARY_PATH", default=None)

# GDAL 3.6 (Debian 12) is older than Django 5.2 would like; it works for everything we use.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
if not env("CACHE_URL", default=""):
    # django-axes warns that a file cache is not atomic; the embedded default is one machine,
    # one user. Production must set CACHE_URL to Redis (settings.production insists).
    SILENCED_SYSTEM_CHECKS.append("axes.W001")

# A file cache by default, so that the web server and workers of the embedded default share
# throttling and login counters; redis://host:6379/1 in production.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
CSRF_FAILURE_VIEW = "cameramap.web.errors.csrf_failure"  # our 403 page, translated, for a form sent without its token
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins after repeated failures
    "django.contrib.auth.backends.ModelBackend",
]

# --- Login rate limit (django-axes) ---------------------------------------------------------------
# Counters live in the cache, never in a table: no IP address or user agent is stored. A
# username is locked for one source after AXES_FAILURE_LIMIT failures, so nobody can lock a
# moderator out from elsewhere, and a guesser is stopped for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # axes would log the client's address
AXES_DISABLE_ACCESS_LOG = True

# --- Content-Security-Policy (django-csp) ---------------------------------------------------------
# No inline scripts anywhere on our pages; images from ourselves, data:/blob: (photo previews) and
# the tile server. The Django admin and its map widgets need inline scripts: it is for staff only
# and is left out of the policy.


# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sr", "Српски (ћирилица)"), ("sr-latn", "Srpski (latinica)")]
LOCALE_PATHS = [BASE_DIR / "cameramap" / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Originals of uploaded photos: never served, deleted after processing unless KEEP_ORIGINALS.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
KEEP_ORIGINALS = env.bool("KEEP_ORIGINALS", default=False)
# The unblurred processed display image (private) is deleted at the report's decision, or this
# many days after it by the periodic cleanup (BLUR_REVIEW_CLEANUP_S).
BLUR_REVIEW_KEEP_DAYS = env.int("BLUR_REVIEW_KEEP_DAYS", default=0)
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
# MEDIA_STORAGE=s3 and S3_*: object storage for the public and the private files (settings/storage.py).
STORAGES = storages_from_env(env)
MEDIA_ORIGINS = media_origins(STORAGES)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- The product ----------------------------------------------------------------------------
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=60_000_000)
PHOTOS_PER_REPORT = env.int("PHOTOS_PER_REPORT", default=5)
DEDUP_RADIUS_M = env.float("DEDUP_RADIUS_M", default=25.0)
# Moderation and deduplication (cameramap/moderation). A score is the probability that a report
# is a sighting of that candidate camera (the candidates and "a new camera" share 1). At or above
# HIGH it is attached (automatically for trusted volunteers when DEDUP_AUTO_ATTACH, otherwise
# pre-selected for the moderator); 0.5 means "more likely than every alternative together" and is
# where benchmarks/dedup meets precision >= 0.98 and recall >= 0.95. Below LOW for every candidate
# it is a new camera; between, the moderator chooses.
DEDUP_SCORE_HIGH = env.float("DEDUP_SCORE_HIGH", default=0.5)
DEDUP_SCORE_LOW = env.float("DEDUP_SCORE_LOW", default=0.3)
DEDUP_AUTO_ATTACH = env.bool("DEDUP_AUTO_ATTACH", default=True)
TRUSTED_AUTO_APPROVE = env.bool("TRUSTED_AUTO_APPROVE", default=True)
REVIEW_LOCK_S = env.int("REVIEW_LOCK_S", default=300)
PRECHECK_PHOTO_PIN_MAX_M = env.float("PRECHECK_PHOTO_PIN_MAX_M", default=100.0)
PRECHECK_RATE_CONTRIBUTOR_PER_HOUR = env.int("PRECHECK_RATE_CONTRIBUTOR_PER_HOUR", default=20)
PRECHECK_RATE_AREA_PER_HOUR = env.int("PRECHECK_RATE_AREA_PER_HOUR", default=15)
PRECHECK_SWEEP_AFTER_S = env.int("PRECHECK_SWEEP_AFTER_S", default=900)
TILE_URL = env("TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILE_ATTRIBUTION = env(
    "TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
DATASET_LICENCE = env("DATASET_LICENCE", default="ODbL-1.0")
# Datasets (cameramap.datasets): release schedule (cron: minute hour day month weekday; empty
# turns the nightly build off), how long one build may run, where release files go in the
# default storage, the radius within which an imported OSM camera is the same as a crowd-mapped
# one, and how long statistics are cached.
DATASET_RELEASE_CRON = env("DATASET_RELEASE_CRON", default="30 2 * * *")
DATASET_BUILD_TIME_LIMIT = env.int("DATASET_BUILD_TIME_LIMIT", default=3600)
DATASET_STORAGE_PREFIX = env("DATASET_STORAGE_PREFIX", default="datasets")
OSM_DEDUP_RADIUS_M = env.float("OSM_DEDUP_RADIUS_M", default=5.0)
STATISTICS_CACHE_S = env.int("STATISTICS_CACHE_S", default=300)
SITE_NAME = env("SITE_NAME", default="cameramap")
# Official lists (cameramap.official): an entry and a camera are candidates for one another
# within OFFICIAL_MATCH_RADIUS_M (plus the entry's own precision when it was located from an
# address); a pair is "matched" when its score reaches OFFICIAL_MATCH_CONFIDENT, "probable" (a
# moderator decides) below. An address is located only when its estimated precision is at most
# OFFICIAL_LOCATE_MAX_PRECISION_M. Uploads and files larger than OFFICIAL_IMPORT_MAX_BYTES are refused.
OFFICIAL_MATCH_RADIUS_M = env.float("OFFICIAL_MATCH_RADIUS_M", default=30.0)
OFFICIAL_MATCH_CONFIDENT = env.float("OFFICIAL_MATCH_CONFIDENT", default=0.8)
OFFICIAL_LOCATE_MAX_PRECISION_M = env.float("OFFICIAL_LOCATE_MAX_PRECISION_M", default=150.0)
OFFICIAL_IMPORT_MAX_BYTES = env.int("OFFICIAL_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# Dossiers (PDF, docs/dossiers.md): the publisher named on the title page, and the build's limit.
DOSSIER_PUBLISHER = env("DOSSIER_PUBLISHER", default="cameramap")
DOSSIER_BUILD_TIME_LIMIT = env.int("DOSSIER_BUILD_TIME_LIMIT", default=1800)
DOSSIER_CAMERA_PAGES_MAX = env.int("DOSSIER_CAMERA_PAGES_MAX", default=500)  # cameras, when a page each is asked for

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a wrong token answers 401 with `WWW-Authenticate: Token`, telling the client how
    # to authenticate (with the session first, DRF has no such header to send and answers 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {},
    # Every list pages alike, with the bounds the OpenAPI document states (api/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LimitOffsetPagination",
    "EXCEPTION_HANDLER": "api.exception_handlers.exception_handler",
}
# The public camera API (api/cameras.py, api/tiles.py).
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=500)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=2000)
API_BBOX_MAX_DEGREES = env.float("API_BBOX_MAX_DEGREES", default=10.0)
TILE_CLUSTER_MAX_ZOOM = env.int("TILE_CLUSTER_MAX_ZOOM", default=16)  # below it, tiles group cameras
TILE_MAX_AGE = env.int("TILE_MAX_AGE", default=60)  # Cache-Control max-age of tiles, seconds
# What a caching proxy or CDN may keep of the other public reads, and serve stale while it asks
# again (cameramap/web/http_cache.py, deploy/nginx.conf).
PUBLIC_MAX_AGE = env.int("PUBLIC_MAX_AGE", default=60)
STALE_WHILE_REVALIDATE = env.int("STALE_WHILE_REVALIDATE", default=60)
TILE_CACHE_SECONDS = env.int("TILE_CACHE_SECONDS", default=300)
MAP_DETAIL_ZOOM = env.int("MAP_DETAIL_ZOOM", default=15)  # from it on, the map loads cameras, not groups
MAP_CONE_ZOOM = 17  # field-of-view cones from this zoom on
# Where / and /embed/ draw cameras from: "live" (/api/v1/tiles/) or "pmtiles" (the latest release's
# cameras.pmtiles, read by range requests; filters stay live). MAP_PMTILES_URL: where readers fetch
# that file ({version}, {path}: the release and the file's path in storage); empty: the dataset API.
MAP_TILES = env("MAP_TILES", default="live")
if MAP_TILES not in ("live", "pmtiles"):
    raise ImproperlyConfigured(f"MAP_TILES must be live or pmtiles, not {MAP_TILES!r}")
MAP_PMTILES_URL = env("MAP_PMTILES_URL", default="")
# The field-of-view model (docs/exposure.md): entries here replace the defaults of
# cameramap/exposure/fov.py, e.g. {"fixed": {"angle": 70, "range": 40}, "fixed/street_lamp": {...}}.
FOV_MODEL = env.json("FOV_MODEL", default={})
# Survey coverage (docs/coverage.md): a day's looks are public only this many hours after the day ends.
COVERAGE_DELAY_H = env.int("COVERAGE_DELAY_H", default=24)
# A recomputation of fields of view and exposure waits this long for more changes to join it.
EXPOSURE_DEBOUNCE_S = env.float("EXPOSURE_DEBOUNCE_S", default=10.0)
STREETS_TILE_MIN_ZOOM = env.int("STREETS_TILE_MIN_ZOOM", default=14)  # below it the streets tile is empty
# Writes per client (DRF rate syntax). Clients are told apart by a salted keyed hash that is
# never stored as an address (api/throttling.py); the throttles read these settings. Reports
# (api/report_limits.py, docs/capture.md#how-many-reports-we-take): accepted ones per phone (its
# install key; or account, or address without one) and per address; with a mapping-event code,
# per phone and per event instead; every attempt per address, as a ceiling against loops.
THROTTLE_REPORTS = env("THROTTLE_REPORTS", default="30/hour")
THROTTLE_REPORTS_ADDRESS = env("THROTTLE_REPORTS_ADDRESS", default="300/hour")
THROTTLE_REPORTS_EVENT = env("THROTTLE_REPORTS_EVENT", default="120/hour")
THROTTLE_REPORTS_EVENT_TOTAL = env("THROTTLE_REPORTS_EVENT_TOTAL", default="1000/hour")
THROTTLE_REPORTS_ATTEMPTS = env("THROTTLE_REPORTS_ATTEMPTS", default="1000/hour")
THROTTLE_AUTH = env("THROTTLE_AUTH", default="10/minute")
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"] = THROTTLE_AUTH
# How many reverse proxies of ours append to X-Forwarded-For. 0 trusts no such header: a
# client could otherwise pick a new identity, and a fresh throttle counter, per request.
REST_FRAMEWORK["NUM_PROXIES"] = env.int("NUM_PROXIES", default=0)
SPECTACULAR_SETTINGS = {
    "TITLE": "cameramap API",
    "DESCRIPTION": "Crowdsourced, moderated map of surveillance cameras. GeoJSON in lon/lat order.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Requests and answers described apart: what a request must hold (not blank, within bounds)
    # is no promise about an answer.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"CameraStatusEnum": "cameramap.cameras.vocabulary.CameraStatus",
                            "ReportStatusEnum": "cameramap.cameras.vocabulary.ReportStatus"},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.error_responses"],
    # Releases and dossiers share one build status: one enum in the schema, with a name.
    "ENUM_NAME_OVERRIDES": {"BuildStatusEnum": "cameramap.datasets.models.ReleaseStatus"},
}
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", TILE_URL, {"attribution": TILE_ATTRIBUTION, "maxZoom": 19})],
    "DEFAULT_CENTER": (env.float("MAP_CENTER_LAT", default=33.75), env.float("MAP_CENTER_LON", default=-84.39)),
    "DEFAULT_ZOOM": env.int("MAP_ZOOM", default=11),
    "RESET_VIEW": False,
}

# --- Celery ---------------------------------------------------------------------------------
# redis://host:6379/0 in production; the embedded default is a broker on disk (kombu's
# filesystem transport), so `make run` needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
BROKER_DIR = Path(env("BROKER_DIR", default=str(VAR_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # A message a worker took but never acknowledged (the worker died) is delivered again after
    # this many seconds; longer than any task may run (CELERY_TASK_TIME_LIMIT).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT_S", default=3600)}
# The queue the web process sends to and workers take from. `make test` gives each run its own,
# so a worker left over from an interrupted run on the same broker cannot take this run's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# The outbox sweep re-sends reports the pipeline has not taken after this many seconds.
REPORTS_SWEEP_AFTER_S = env.int("REPORTS_SWEEP_AFTER_S", default=60)
CELERY_BEAT_SCHEDULE = {
    "reports-sweep-outbox": {
        "task": "cameramap.cameras.tasks.reports_sweep",
        "schedule": env.int("SWEEP_INTERVAL_S", default=60),
    },
    "reports-precheck-sweep": {
        "task": "cameramap.moderation.tasks.reports_precheck_sweep",
        "schedule": env.int("PRECHECK_SWEEP_INTERVAL_S", default=300),
    },
    "unblurred-copies-cleanup": {
        "task": "cameramap.moderation.tasks.unblurred_copies_sweep",
        "schedule": env.int("BLUR_REVIEW_CLEANUP_S", default=3600),
    },
}
if DATASET_RELEASE_CRON.strip():
    _minute, _hour, _day, _month, _weekday = DATASET_RELEASE_CRON.split()
    CELERY_BEAT_SCHEDULE["datasets-release-nightly"] = {
        "task": "cameramap.datasets.tasks.dataset_release_scheduled",
        "schedule": crontab(minute=_minute, hour=_hour, day_of_month=_day, month_of_year=_month, day_of_week=_weekday),
    }

# Far-away vector tiles on PostGIS read pre-grouped cameras (cameramap/cameras/tile_cells.py),
# rebuilt by this task when the cameras changed.
CELERY_BEAT_SCHEDULE["tile-cells-refresh"] = {
    "task": "cameramap.cameras.tasks.tile_cells_refresh",
    "schedule": env.int("TILE_CELLS_REFRESH_S", default=60),
}
# Cameras changed without an event (a script, an import from before imports wrote events) get their versions rebuilt.
CELERY_BEAT_SCHEDULE["camera-states-sweep"] = {
    "task": "cameramap.timeline.tasks.camera_states_sweep",
    "schedule": env.int("CAMERA_STATES_SWEEP_S", default=300),
}
TILE_CELLS_MAX_AGE_S = env.int("TILE_CELLS_MAX_AGE_S", default=3600)  # rebuilt at least this often

# The least-watched walk (docs/routes.md): its route may be at most ROUTE_DETOUR_LIMIT × the shortest
# one; a point farther than ROUTE_MAX_SNAP_M from a walkable street, or two points farther apart
# than ROUTE_MAX_DISTANCE_M, get a 400. ROUTE_ENGINE: auto (pgRouting when PostGIS has it) or python.
ROUTE_DETOUR_LIMIT = env.float("ROUTE_DETOUR_LIMIT", default=1.5)
ROUTE_MAX_SNAP_M = env.int("ROUTE_MAX_SNAP_M", default=150)
ROUTE_MAX_DISTANCE_M = env.int("ROUTE_MAX_DISTANCE_M", default=10_000)
ROUTE_ENGINE = env("ROUTE_ENGINE", default="auto")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's request logger prints the client's address on errors: we never log it.
    "loggers": {"django.server": {"handlers": [], "propagate": False}},
}


def _tile_origin(url: str) -> str:
    """https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org"""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}.", "sub."))
    host = parts.netloc.replace("sub.", "*.", 1) if "{s}." in url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme and host else "'self'"


CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", _tile_origin(TILE_URL), *MEDIA_ORIGINS],
        "connect-src": ["'self'", *MEDIA_ORIGINS, *([_tile_origin(MAP_PMTILES_URL)] if "://" in MAP_PMTILES_URL else [])],
        "worker-src": ["'self'", "blob:"],
        "manifest-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Every page refuses to be framed (the policy above, and X-Frame-Options: DENY) except the
# embeddable map at /embed/, whose frame-ancestors come from here: "*" lets any site put it in an
# <iframe>; a list of origins (https://news.example.org) lets only those.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])
# The iframe code the map's "Embed this map" and /oembed hand out: its default size in pixels.
EMBED_WIDTH = 640
EMBED_HEIGHT = 480
