"""``city_imported`` (no arguments; ``sender`` is the StreetSegment class) — sent after the
transaction of a city import (``services.city_import``) has committed: streets and buildings
changed. The exposure app connects the recomputation of fields of view and street exposure."""

from django.dispatch import Signal

city_imported = Signal()
