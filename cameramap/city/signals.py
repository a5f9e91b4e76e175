"""``city_imported`` (no arguments; ``sender`` is the StreetSegment class) — sent after the
transaction of a city import (``services.city_import``) has committed: streets and buildings
changed. The exposure app connects the recomputation of fields of view and street exposure,
the coverage app the invalidation of its cached figures."""

from django.dispatch import Signal

city_imported = Signal()
