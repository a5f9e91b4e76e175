"""How many reports the API takes, and from whom — fair to groups, and honest about itself.

A mapping walk on one Wi-Fi, or phones behind a mobile operator's shared address, all come from
one address; limiting per address alone turns a group away together. So an accepted report
counts against several limits at once, and a report is refused only when one of them is full:

* **its client**: the account when logged in, else the phone's *install key* (a random key the
  capture page's outbox makes and sends in ``X-Install-Key``), else the address —
  ``THROTTLE_REPORTS`` (default 30/hour), or ``THROTTLE_REPORTS_EVENT`` (120/hour) while the
  request carries a valid mapping-event code (``X-Event-Code``);
* **its address**: ``THROTTLE_REPORTS_ADDRESS`` (300/hour) for every report from it, whatever its
  install keys; with a valid event code, **the event's** ``THROTTLE_REPORTS_EVENT_TOTAL``
  (1000/hour) for all its phones together instead — a group at an event is not limited by where
  it connects from, and a code passed on too widely still cannot bring more than that.

Only accepted reports (a new report: 201) are counted against these; a refused one (400, 413,
415) or a repeat of one already taken (200) is not. Every POST, refused or not, counts against
``THROTTLE_REPORTS_ATTEMPTS`` (1000/hour) per address, a ceiling for a script that loops, far
above what volunteers meet.

A refusal is 429 with ``Retry-After``: the seconds until the fullest limit in the way has room
again, computed from the same counters, and a body naming the limit (``phone``, ``account``,
``address``, ``event`` or ``attempts``) so that the phone can say which.

Counters are kept in the cache (never the database or the logs) as 60 buckets per window, keyed
by the daily-salted keyed hash of throttling.py: the install key, like the address, never
appears there itself. A report's bucket counts until the whole bucket has aged out of the
window, so a Retry-After is late by at most one bucket (a minute of an hourly limit), never
early. Buckets are incremented atomically (Redis), so phones sending at the same moment are all
counted; the check before a report and the count after it are two steps, so two reports arriving
together at a limit's last free place may both be taken."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from cameramap.moderation.services import mapping_event_for_code
from cameramap.rates import parse_rate

from .report_serializers import IDEMPOTENCY_KEY
from .throttling import client_address, client_digest

INSTALL_KEY_HEADER = "X-Install-Key"
EVENT_CODE_HEADER = "X-Event-Code"
BUCKETS = 60


@dataclass(frozen=True)
class Window:
    """At most ``limit`` events in ``period`` seconds, for one client of one limit."""

    name: str  # the limit, as a refusal names it
    key: str  # the cache key's stem: scope and keyed hash
    limit: int
    period: int

    @classmethod
    def of(cls, name: str, scope: str, ident: str, rate: str) -> "Window":
        limit, period = parse_rate(rate)
        return cls(name, f"throttle_{scope}_{client_digest(ident)}", limit, period)

    @property
    def bucket_s(self) -> int:
        return max(1, self.period // BUCKETS)

    def _counts(self, now: float) -> list[tuple[int, int]]:
        """(bucket, count) of every bucket that may still hold an event of the window, oldest first."""
        first, last = int((now - self.period) // self.bucket_s), int(now // self.bucket_s)
        stored = cache.get_many([f"{self.key}:{bucket}" for bucket in range(first, last + 1)])
        return [(bucket, stored.get(f"{self.key}:{bucket}", 0)) for bucket in range(first, last + 1)]

    def wait(self, now: float) -> float | None:
        """Seconds until one more event fits; None when it fits now."""
        counts = self._counts(now)
        over = sum(count for _bucket, count in counts) - self.limit + 1
        if over <= 0:
            return None
        for bucket, count in counts:
            over -= count
            if over <= 0:  # once this bucket has aged out of the window there is room
                return max(1.0, (bucket + 1) * self.bucket_s + self.period - now)
        return float(self.period)  # a limit of 0: never

    def add(self, now: float) -> None:
        key, timeout = f"{self.key}:{int(now // self.bucket_s)}", self.period + 2 * self.bucket_s
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=timeout)


class ReportsThrottled(APIException):
    """429 naming the limit in the way; DRF's handler turns ``wait`` into Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, window: Window, wait: float):
        self.wait = math.ceil(wait)
        minutes = math.ceil(self.wait / 60)
        reason = {
            "phone": _("This phone has sent as many reports as one phone may send for now."),
            "account": _("This account has sent as many reports as one account may send for now."),
            "address": _("Many reports came from this network address just now (phones on one Wi-Fi or mobile "
                         "network can share it)."),
            "event": _("This mapping event has sent as many reports as we take for now."),
            "attempts": _("Too many attempts from this network address just now."),
        }[window.name]
        later = ngettext("Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", minutes) % {
            "minutes": minutes}
        super().__init__({"detail": f"{reason} {later}", "limit": window.name})


@dataclass
class ReportLimits:
    """The limits one report counts against (see the module's docstring)."""

    windows: list[Window]

    def check(self, now: float) -> None:
        waits = [(wait, window) for window in self.windows if (wait := window.wait(now)) is not None]
        if waits:
            wait, window = max(waits, key=lambda pair: pair[0])
            raise ReportsThrottled(window, wait)

    def spend(self) -> None:
        """Count an accepted report."""
        now = time.time()
        for window in self.windows:
            window.add(now)


def report_limits(request) -> ReportLimits:
    """Count this POST as an attempt, read the install key and event code, and refuse it (429)
    if a limit is full: before its body is read. Returns the limits to spend once a report is
    made. A malformed key or a code that is not valid now is a 400, never silently ignored."""
    now = time.time()
    address = f"addr:{client_address(request)}"
    attempts = Window.of("attempts", "report-attempts", address, settings.THROTTLE_REPORTS_ATTEMPTS)
    ReportLimits([attempts]).check(now)
    attempts.add(now)

    install_key = request.headers.get(INSTALL_KEY_HEADER, "")
    if install_key and not IDEMPOTENCY_KEY.match(install_key):  # the same shape: a key the client made
        raise ValidationError({"install_key": [_("The install key must be 16 to 64 letters, digits, - or _.")]})
    event = None
    if code := request.headers.get(EVENT_CODE_HEADER, ""):
        try:
            event = mapping_event_for_code(code)
        except DjangoValidationError as error:
            raise ValidationError({"event_code": error.messages}) from error

    user = request.user
    if user.is_authenticated:
        name, client = "account", f"user:{user.pk}"
    elif install_key:
        name, client = "phone", f"key:{install_key}"
    else:
        name, client = "address", address
    if event is None:
        windows = [Window.of(name, "reports", client, settings.THROTTLE_REPORTS),
                   Window.of("address", "reports-address", address, settings.THROTTLE_REPORTS_ADDRESS)]
    else:
        windows = [Window.of(name, "reports", client, settings.THROTTLE_REPORTS_EVENT),
                   Window.of("event", "reports-event", f"event:{event.pk}", settings.THROTTLE_REPORTS_EVENT_TOTAL)]
    limits = ReportLimits(windows)
    limits.check(now)
    return limits
