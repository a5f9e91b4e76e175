"""A number that moves whenever any entry's pair changes (a match, a moderator's decision, a new
list), so that what is cached from the ``declared`` and ``official_list`` filters — vector tiles —
is not served stale: cameras' own version (cameras_version) does not move when only a pairing does.
Moved after the change commits, so no reader can cache old pairs under the new number."""

from cameramap.cache_versions import CacheVersion

MATCHES = CacheVersion("official:matches-version")


def matches_version() -> int:
    return MATCHES.get()


def matches_changed() -> None:
    MATCHES.bump_on_commit()
