"""Production: everything from base, plus secrets that must be given and HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, env

DEBUG = False


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
if SECRET_KEY.startswith(("insecure", "change-me")) or len(SECRET_KEY) < 32:  # the defaults, .env.example's
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 32 characters.")
ALLOWED_HOSTS = [host for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts, not '*'.")

if not _required("CACHE_URL").startswith(("redis://", "rediss://")):
    # Throttling and the login rate limit count in the cache: every process must share it.
    raise ImproperlyConfigured("CACHE_URL must point at Redis in production (redis://host:6379/1).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

# Static files are served by gunicorn itself (WhiteNoise), from STATIC_ROOT as the image's build
# collected them: no volume to share with the proxy in front, which may cache them.
# Right after SecurityMiddleware, as WhiteNoise asks, so that HTTPS redirects still come first.
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_after:]]
