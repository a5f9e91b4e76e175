"""A number that moves whenever any entry's pair changes (a match, a moderator's decision, a new
list), so that what is cached from the ``declared`` and ``official_list`` filters — vector tiles —
is not served stale: cameras' own version (cameras_version) does not move when only a pairing does.
Moved after the change commits, so no reader can cache old pairs under the new number."""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "official:matches-version"


def matches_version() -> int:
    return cache.get_or_set(VERSION_KEY, 0, None)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (yet, or any more)
        cache.set(VERSION_KEY, 1, None)


def matches_changed() -> None:
    transaction.on_commit(_bump)
