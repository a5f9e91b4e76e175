"""Importing the city's base data: one transaction that replaces what lies inside the extract's
bounds (or the ``--bbox`` given) and leaves the rest of the city as it was, so districts can be
loaded from separate extracts, and a newer extract of one of them replaces only that one."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from cameramap.geo import Bbox

from .models import AddressPoint, Building, StreetSegment
from .names import number_key, street_key
from .osm_read import CityReadError, city_read

BATCH = 2000


@dataclass(frozen=True)
class CityImportResult:
    bounds: Bbox
    streets: int
    addresses: int
    buildings: int
    removed: int


def _street(record: dict) -> StreetSegment:
    names = record["names"]
    keys = sorted({street_key(value) for value in names.values()} - {""})
    display = names.get("name") or next(iter(names.values()), "")
    return StreetSegment(osm_id=record["osm_id"], highway=record["highway"][:40], name=display[:255], names=names,
                         name_keys=keys, name_key=street_key(display)[:255], geometry=record["geometry"])


def _address(record: dict) -> AddressPoint:
    return AddressPoint(osm_type=record["osm_type"], osm_id=record["osm_id"], street=record["street"][:255],
                        housenumber=record["housenumber"][:40], street_key=street_key(record["street"])[:255],
                        number_key=number_key(record["housenumber"])[:40], location=record["location"])


def _building(record: dict) -> Building:
    levels = record["levels"]
    return Building(osm_id=record["osm_id"], building=record["building"], footprint=record["footprint"],
                    levels=int(levels) if levels is not None and levels < 200 else None, height=record["height"])


@transaction.atomic
def city_import(path: Path, *, bbox: Bbox | None = None) -> CityImportResult:
    """Read the extract and replace the streets, addresses and buildings inside its bounds."""
    data = city_read(path, bbox=bbox)
    if data.bounds is None:
        raise CityReadError(f"{Path(path).name}: the file holds no streets, addresses or buildings.")
    box = data.bounds.polygon()
    streets = [_street(r) for r in data.streets]
    addresses = [_address(r) for r in data.addresses]
    buildings = [_building(r) for r in data.buildings]
    # What lies wholly inside the bounds goes, and so does any element the file brings again
    # (a street crossing the edge is replaced by its new version rather than doubled).
    removed = 0
    for model, column, ids in (
        (StreetSegment, "geometry", Q(osm_id__in=[s.osm_id for s in streets])),
        (Building, "footprint", Q(osm_id__in=[b.osm_id for b in buildings])),
    ):
        removed += model.objects.filter(Q(**{f"{column}__within": box}) | ids).delete()[0]
    address_ids = Q()
    for osm_type in ("node", "way"):
        address_ids |= Q(osm_type=osm_type, osm_id__in=[a.osm_id for a in addresses if a.osm_type == osm_type])
    removed += AddressPoint.objects.filter(Q(location__within=box) | address_ids).delete()[0]
    StreetSegment.objects.bulk_create(streets, batch_size=BATCH)
    AddressPoint.objects.bulk_create(addresses, batch_size=BATCH)
    Building.objects.bulk_create(buildings, batch_size=BATCH)
    return CityImportResult(bounds=data.bounds, streets=len(streets), addresses=len(addresses), buildings=len(buildings), removed=removed)
