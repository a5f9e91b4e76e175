"""Import districts from a GeoJSON, GeoPackage or Shapefile (a .shp with its side files, or all
of them in a .zip) through GDAL — one pipeline for the ``areas_import`` command and the admin
upload. The caller says which attribute holds the name and which the population.

All or nothing: any bad feature (no name, a population that is not a whole number, a geometry
that is not a polygon) stops the import with a message naming the feature and the column, and
nothing is written. Areas are matched by slug (from the name), so importing a corrected file
again updates the districts instead of adding new ones.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cameramap.cameras.areas import areas_refresh
from cameramap.cameras.models import Area

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
MAX_FEATURES = 10_000

# Serbian Cyrillic → Latin, so that "Стари град" gets the slug "stari-grad" (slugs are ASCII).
_CYRILLIC = dict(zip(
    "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
    "a b v g d dj e z z i j k l lj m n nj o p r s t c u f h c c dz s "
    "A B V G D Dj E Z Z I J K L Lj M N Nj O P R S T C U F H C C Dz S".split(),
))


class AreaImportError(Exception):
    def __init__(self, message: str, *, field: str = "file"):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class AreaImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cameras_reassigned: int = 0


def area_slug(name: str) -> str:
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in name)
    return slugify(latin)[:200] or "area-" + re.sub(r"\W", "", name.encode("utf-8").hex())[:40]


def _gdal_path(path: Path) -> str:
    if path.suffix.lower() == ".zip":
        return f"/vsizip/{path}"
    return str(path)


def _layer(path: Path, layer: str | None):
    if path.suffix.lower() not in SUFFIXES:
        raise AreaImportError(_("Give a GeoJSON, GeoPackage, Shapefile or a .zip holding a Shapefile."))
    try:
        source = DataSource(_gdal_path(path))
    except GDALException as error:
        raise AreaImportError(_("GDAL cannot read this file: %(error)s") % {"error": error}) from None
    names = [lyr.name for lyr in source]
    if not names:
        raise AreaImportError(_("The file holds no layer."))
    if layer:
        if layer not in names:
            raise AreaImportError(_("No layer “%(layer)s”; the file has: %(names)s.") % {"layer": layer, "names": ", ".join(names)}, field="layer")
        return source, source[layer]
    return source, source[0]


def _polygons(geometry: GEOSGeometry) -> MultiPolygon | None:
    if not geometry.valid:
        geometry = geometry.make_valid()
    if isinstance(geometry, Polygon):
        parts = [geometry]
    elif isinstance(geometry, MultiPolygon):
        parts = list(geometry)
    else:  # a collection, e.g. what make_valid returns: keep its polygons
        parts = []
        for part in getattr(geometry, "__iter__", lambda: iter(()))():
            parts.extend(list(part) if isinstance(part, MultiPolygon) else [part] if isinstance(part, Polygon) else [])
    parts = [p for p in parts if not p.empty]
    return MultiPolygon(parts, srid=4326) if parts else None


def _population(value, feature_label: str, population_field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", "").replace(" ", ""))
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer():
        raise AreaImportError(
            _("%(feature)s: population “%(value)s” is not a whole number.") % {"feature": feature_label, "value": value},
            field="population_field",
        )
    return int(number)


def areas_read(path: Path, *, name_field: str, population_field: str | None = None, layer: str | None = None) -> list[dict]:
    """Read and check every feature; returns what would be stored (nothing is written)."""
    path = Path(path)
    _source, lyr = _layer(path, layer)
    fields = list(lyr.fields)
    if name_field not in fields:
        raise AreaImportError(
            _("No column “%(name)s”; the layer has: %(fields)s.") % {"name": name_field, "fields": ", ".join(fields)},
            field="name_field",
        )
    if population_field and population_field not in fields:
        raise AreaImportError(
            _("No column “%(name)s”; the layer has: %(fields)s.") % {"name": population_field, "fields": ", ".join(fields)},
            field="population_field",
        )
    if len(lyr) > MAX_FEATURES:
        raise AreaImportError(_("More than %(n)d features: is this really a file of districts?") % {"n": MAX_FEATURES})
    # GeoJSON is WGS 84 by definition (RFC 7946); other files say what they are in.
    transform = None
    if lyr.srs is not None and lyr.srs.srid != 4326:
        transform = CoordTransform(lyr.srs, SpatialReference(4326))
    areas, slugs = [], {}
    for number, feature in enumerate(lyr, start=1):
        raw_name = feature.get(name_field)
        name = str(raw_name).strip() if raw_name is not None else ""
        label = _("Feature %(n)d") % {"n": number} + (f" ({name})" if name else "")
        if not name:
            raise AreaImportError(_("%(feature)s has no name in “%(field)s”.") % {"feature": label, "field": name_field}, field="name_field")
        geometry = feature.geom
        if geometry is None or geometry.geom_type.name.replace("25D", "") not in ("Polygon", "MultiPolygon"):
            raise AreaImportError(_("%(feature)s is not a polygon.") % {"feature": label})
        geometry = geometry.clone()
        geometry.set_3d(False)
        if transform is not None:
            geometry.transform(transform)
        geos = GEOSGeometry(geometry.wkb, srid=4326)
        boundary = _polygons(geos)
        if boundary is None:
            raise AreaImportError(_("%(feature)s has an empty or broken boundary.") % {"feature": label})
        slug = area_slug(name)
        if slug in slugs:
            raise AreaImportError(
                _("%(feature)s has the same name as feature %(other)d.") % {"feature": label, "other": slugs[slug]},
                field="name_field",
            )
        slugs[slug] = number
        population = _population(feature.get(population_field), label, population_field) if population_field else None
        areas.append({"name": name[:200], "slug": slug, "boundary": boundary, "population": population})
    if not areas:
        raise AreaImportError(_("The layer has no features."))
    return areas


@transaction.atomic
def areas_import(
    path: Path, *, name_field: str, population_field: str | None = None, layer: str | None = None,
    is_service_area: bool = False, source: str = "",
) -> AreaImportResult:
    result = AreaImportResult()
    for data in areas_read(path, name_field=name_field, population_field=population_field, layer=layer):
        area = Area.objects.filter(slug=data["slug"]).first()
        if area is None:
            area = Area(slug=data["slug"])
            result.created.append(data["name"])
        else:
            result.updated.append(data["name"])
        area.name, area.boundary, area.is_service_area = data["name"], data["boundary"], is_service_area
        if population_field:
            area.population = data["population"]
        area.source = (source or Path(path).name)[:200]
        area.full_clean()
        area.save()
    result.cameras_reassigned = areas_refresh()
    return result
