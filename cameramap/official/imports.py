"""Importing an official list: one pipeline for ``manage.py official_import`` and the upload
form (admin and moderator pages, through the worker). All or nothing: the file is read, every
row checked, addresses located and the whole list written in one transaction, or an
OfficialImportError names what is wrong and nothing is written. The same file (by SHA-256)
imported again changes nothing and answers the list it made; a new version of a list is a new
list, linked to the one before (``previous``), so the two can be compared.
"""

import hashlib
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import MultiPoint, MultiPolygon, Point
from django.db import transaction
from django.utils.translation import gettext as _

from cameramap.cameras.areas import districts
from cameramap.cameras.models import Area
from cameramap.geo import GeodesicArea

from .columns import columns_resolve
from .drafts import axes_check, drafts_build
from .errors import OfficialImportError
from .locate import Locator
from .models import LocatedBy, MatchStatus, OfficialEntry, OfficialList
from .readers import SUFFIXES, read_table
from .versions import matches_changed

Progress = Callable[[int, str], None]


@dataclass
class ImportOptions:
    name: str
    publisher: str
    published: date
    source_url: str = ""
    licence: str = ""
    notes: str = ""
    area: str = ""  # an Area's slug
    encoding: str | None = None
    layer: str | None = None
    srid: int | None = None
    fields: dict = field(default_factory=dict)  # lat_field, lon_field, x_field, y_field, wkt_field, address_field, ref_field, name_field
    dry_run: bool = False


@dataclass
class ImportResult:
    official_list: OfficialList | None
    created: bool
    rows: int = 0
    located: dict = field(default_factory=dict)  # located_by → count
    encoding: str | None = None
    columns: dict = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise OfficialImportError(_("No such file: %(name)s.") % {"name": path.name}, field="file")
    if not path.name.lower().endswith(SUFFIXES):
        raise OfficialImportError(_("Give a CSV, XLSX, GeoJSON, KML/KMZ, GeoPackage or Shapefile (.zip) file."), field="file")
    size = path.stat().st_size
    if size == 0:
        raise OfficialImportError(_("The file is empty."), field="file")
    if size > settings.OFFICIAL_IMPORT_MAX_BYTES:
        raise OfficialImportError(_("The file is %(size)s MB; at most %(max)s MB are taken (OFFICIAL_IMPORT_MAX_BYTES).") % {
            "size": math.ceil(size / 1024 / 1024), "max": settings.OFFICIAL_IMPORT_MAX_BYTES // (1024 * 1024)}, field="file")


def _area(slug: str) -> Area | None:
    if not slug:
        return None
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise OfficialImportError(_("There is no area “%(value)s”.") % {"value": slug}, field="area")
    return area


def _boundaries():
    areas = list(Area.objects.values_list("boundary", flat=True))
    if not areas:
        return None
    union = areas[0]
    for boundary in areas[1:]:
        union = union.union(boundary)
    return union.prepared


def _coverage(area: Area | None, points: list[tuple[float, float]]) -> MultiPolygon | None:
    """The list's area: its district's or service area's boundary when one was named, else the
    convex hull of its located entries buffered by the match radius (in a local metric frame,
    so the buffer is metres wherever the city is)."""
    if area is not None:
        return area.boundary
    if not points:
        return None
    lat0 = sum(lat for _lon, lat in points) / len(points)
    scale = math.cos(math.radians(lat0))
    local = MultiPoint([Point(lon * scale * 111_320, lat * 111_320) for lon, lat in points])
    shape = local.convex_hull.buffer(settings.OFFICIAL_MATCH_RADIUS_M, quadsegs=8)
    ring = [(x / (scale * 111_320), y / 111_320) for x, y in shape.exterior_ring.coords]
    from django.contrib.gis.geos import Polygon

    return MultiPolygon(Polygon(ring), srid=4326)


def _district_finder():
    found = [(a.id, a.boundary.prepared) for a in districts().annotate(size=GeodesicArea("boundary")).order_by("size", "id")]
    return lambda lon, lat: next((pk for pk, prepared in found if prepared.contains(Point(lon, lat))), None)


def entries_district_assign(official_list: OfficialList) -> None:
    """Each located entry's district: the smallest holding it, as for cameras (cameras/areas.py),
    by one UPDATE per district, larger first so that the smaller one is written last."""
    located = OfficialEntry.objects.filter(official_list=official_list, location__isnull=False)
    located.update(district=None)
    for area in districts().annotate(size=GeodesicArea("boundary")).order_by("-size", "-id"):
        located.filter(location__intersects=area.boundary).update(district=area)


def official_list_import(path: Path, options: ImportOptions, *, user=None, progress: Progress | None = None) -> ImportResult:
    progress = progress or (lambda percent, message: None)
    path = Path(path)
    _check_file(path)
    sha = file_sha256(path)
    existing = OfficialList.objects.filter(file_sha256=sha).first()
    if existing is not None:
        return ImportResult(official_list=existing, created=False, rows=existing.entries.count())
    area = _area(options.area)
    progress(5, _("reading the file"))
    with tempfile.TemporaryDirectory(prefix="cameramap-official-") as folder:
        table = read_table(path, encoding=options.encoding, layer=options.layer, workdir=Path(folder))
    columns = columns_resolve(table, srid=options.srid, **options.fields)
    progress(20, _("checking %(n)s rows") % {"n": len(table.rows)})
    drafts = drafts_build(table, columns)
    axes_check(drafts, _boundaries())
    waiting = [d for d in drafts if not d.located and d.address.strip() and not d.reason]
    if waiting:
        progress(35, _("locating %(n)s addresses") % {"n": len(waiting)})
        locator = Locator()
        for done, draft in enumerate(waiting, start=1):
            found = locator.locate(draft.address)
            draft.lon, draft.lat, draft.precision_m, draft.located_by, draft.reason = (
                found.lon, found.lat, found.precision_m, found.located_by, found.reason)
            if done % 200 == 0:
                progress(35 + 40 * done // len(waiting), _("locating addresses: %(done)s of %(n)s") % {"done": done, "n": len(waiting)})
    result = ImportResult(official_list=None, created=not options.dry_run, rows=len(drafts), encoding=table.encoding,
                          columns={k: v for k, v in vars(columns).items() if v and k != "srid"})
    for draft in drafts:
        result.located[draft.located_by] = result.located.get(draft.located_by, 0) + 1
    if options.dry_run:
        return result
    progress(80, _("saving"))
    result.official_list = _save(path, sha, options, area, drafts, user)
    return result


@transaction.atomic
def _save(path: Path, sha: str, options: ImportOptions, area, drafts, user) -> OfficialList:
    previous = OfficialList.objects.filter(name=options.name, publisher=options.publisher).order_by("-published", "-id").first()
    official_list = OfficialList(
        name=options.name[:200], publisher=options.publisher[:200], published=options.published, source_url=options.source_url,
        licence=options.licence, notes=options.notes, file_name=path.name[:255], file_sha256=sha, imported_by=user,
        area=area, previous=previous,
        coverage=_coverage(area, [(d.lon, d.lat) for d in drafts if d.located]),
    )
    official_list.full_clean()
    official_list.save()
    OfficialEntry.objects.bulk_create([
        OfficialEntry(
            official_list=official_list, row=d.row, ref=d.ref, name=d.name, address=d.address, raw=d.raw,
            location=Point(d.lon, d.lat, srid=4326) if d.located else None, located_by=d.located_by,
            unlocated_reason="" if d.located else d.reason[:300], precision_m=d.precision_m,
            surveillance_type=d.surveillance_type,
            directions=d.directions, status=MatchStatus.NOT_FOUND if d.located else MatchStatus.UNLOCATED,
        )
        for d in drafts
    ], batch_size=1000)
    entries_district_assign(official_list)
    matches_changed()
    return official_list


def entries_relocate(official_list: OfficialList) -> int:
    """Locate again the list's unlocated entries that have an address (after a city import)."""
    locator = Locator()
    district_of = _district_finder()
    located = 0
    for entry in official_list.entries.filter(located_by=LocatedBy.UNLOCATED).exclude(address=""):
        found = locator.locate(entry.address)
        if found.lon is None:
            continue
        entry.location, entry.precision_m, entry.located_by = Point(found.lon, found.lat, srid=4326), found.precision_m, found.located_by
        entry.unlocated_reason, entry.status, entry.district_id = "", MatchStatus.NOT_FOUND, district_of(found.lon, found.lat)
        entry.save(update_fields=["location", "precision_m", "located_by", "unlocated_reason", "status", "district"])
        located += 1
    return located
