"""Throttling writes per client without storing who the client is.

A client is its address (or its account when logged in; for reports also the phone's install key,
see report_limits.py), but what goes into the cache is a keyed hash of it: HMAC-SHA256 under a key made of SECRET_KEY and a random salt that lives only
in the cache and is replaced every day. The counters expire within the throttle's window; once
a day's salt has expired, even someone holding SECRET_KEY and a copy of the cache cannot tell
which address a counter belonged to. Nothing is written to the database or the logs.

At the moment the salt changes, counters start again from zero: a client may get up to twice
its rate across midnight UTC, which is the price of forgetting.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

SALT_PERIOD_S = 24 * 3600


def client_digest(ident: str, *, now: float | None = None) -> str:
    """The keyed, salted hash standing for a client in the cache."""
    period = int((time.time() if now is None else now) // SALT_PERIOD_S)
    salt = cache.get_or_set(f"throttle-salt:{period}", lambda: secrets.token_hex(32), timeout=2 * SALT_PERIOD_S)
    key = hashlib.sha256(settings.SECRET_KEY.encode() + bytes.fromhex(salt)).digest()
    return hmac.new(key, ident.encode(), hashlib.sha256).hexdigest()[:40]


def client_address(request) -> str:
    """The address a request came from. Only X-Forwarded-For entries added by our own proxies
    (NUM_PROXIES) are trusted; any other value is chosen by the client and would give it a fresh
    counter per request."""
    if api_settings.NUM_PROXIES:
        return BaseThrottle().get_ident(request)
    return request.META.get("REMOTE_ADDR", "")


class HashedClientThrottle(SimpleRateThrottle):
    """DRF's rate throttle, keyed by client_digest, counting only unsafe methods (writes). The
    rate is the Django setting named by ``rate_setting``, read at each request."""

    rate_setting = ""

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user:{user.pk}" if user is not None and user.is_authenticated else f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": client_digest(ident)}


class AuthThrottle(HashedClientThrottle):
    """Token requests with a password: THROTTLE_AUTH (default 10/minute), against guessing."""

    scope = "auth"
    rate_setting = "THROTTLE_AUTH"


class EventCodeThrottle(HashedClientThrottle):
    """Checks of a mapping-event code: THROTTLE_AUTH too, since a code is guessed like a password."""

    scope = "event-code"
    rate_setting = "THROTTLE_AUTH"
