"""A number kept in the cache that moves whenever some derived data go stale. The caches of that
data put the number in their keys, so one move makes every old entry unreachable at once (they
expire by themselves). Moved after the change commits when asked to, so that no reader can cache
the old data under the new number."""

from django.core.cache import cache
from django.db import transaction


class CacheVersion:
    def __init__(self, key: str, start: int = 0):
        self.key, self.start = key, start

    def get(self) -> int:
        return cache.get_or_set(self.key, self.start, None)

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (yet, or any more)
            cache.set(self.key, self.start + 1, None)

    def bump_on_commit(self) -> None:
        """Once the current transaction commits (at once outside one)."""
        transaction.on_commit(self.bump)
