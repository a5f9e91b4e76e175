"""Reading the stored fields of view and exposure figures, in the shape the API, /data/ and the
downloads print them."""

import json

from cameramap.cameras.models import Area

from .models import CameraScope, FieldOfView, StreetExposure


def camera_fov_geojson(camera_id: int) -> dict | None:
    """The camera's field of view as a GeoJSON geometry, or None (not computed, or none)."""
    geometry = FieldOfView.objects.filter(camera_id=camera_id).values_list("geometry", flat=True).first()
    return json.loads(geometry.geojson) if geometry is not None else None


def camera_fov_geojson_as_of(camera) -> dict | None:
    """The field of view of a camera as it was on a past day (an unsaved Camera,
    timeline.selectors.camera_as_of), computed from that day's version; None when the model gives
    it none."""
    from .services import views_computed

    [(_camera_id, geometry)] = views_computed([camera])
    return json.loads(geometry.geojson) if geometry is not None else None


def fields_of_view_in(cameras, *, limit: int) -> list[tuple[int, dict]]:
    """(camera id, GeoJSON geometry) of the stored fields of view of ``cameras`` (published
    Camera rows), by camera id, at most ``limit``; a camera without a view is left out."""
    rows = (FieldOfView.objects.filter(camera__in=cameras.values("id"), geometry__isnull=False)
            .order_by("camera_id").values_list("camera_id", "geometry")[:limit])
    return [(camera_id, json.loads(geometry.geojson)) for camera_id, geometry in rows]


def fields_of_view_as_of(versions, *, limit: int) -> list[tuple[int, dict]]:
    """fields_of_view_in() for the versions of a past day (timeline.selectors.cameras_as_of): the
    view each camera had then, computed from that version (services.views_computed) — at most
    ``limit`` cameras are computed, by camera id; a camera the model gives no view is left out."""
    from .services import VIEW_FIELDS, views_computed

    chosen = versions.order_by("id").only("id", *VIEW_FIELDS)[:limit]
    return [(camera_id, json.loads(geometry.geojson)) for camera_id, geometry in views_computed(chosen)
            if geometry is not None]


def _figures(rows: list[StreetExposure]) -> dict:
    street = rows[0].street_m if rows else None
    figures = {scope: {} for scope in CameraScope.values}
    for row in rows:
        figures[row.scope]["verified" if row.verified_only else "all"] = {
            "watched_m": round(row.watched_m, 1),
            "share": round(row.share, 4) if row.share is not None else None,
            "cameras": row.cameras,
        }
    return {"street_m": round(street, 1) if street is not None else None,
            "computed_at": rows[0].computed_at.isoformat() if rows else None,
            "exposure": figures if rows else None}


def exposure_table() -> dict:
    """{"city": figures, "areas": [figures per district, by name]}; figures hold ``street_m``,
    ``computed_at`` and ``exposure`` (None until the task has run)."""
    rows: dict[int | None, list[StreetExposure]] = {}
    for row in StreetExposure.objects.all():
        rows.setdefault(row.area_id, []).append(row)
    areas = []
    for area in Area.objects.filter(is_service_area=False).order_by("name", "id"):
        areas.append({"area": {"id": area.id, "name": area.name, "slug": area.slug}, **_figures(rows.get(area.id, []))})
    return {"city": {"area": None, **_figures(rows.get(None, []))}, "areas": areas}


def area_exposure(area: Area) -> dict:
    rows = list(StreetExposure.objects.filter(area=area))
    return {"area": {"id": area.id, "name": area.name, "slug": area.slug}, **_figures(rows)}


EXPOSURE_CSV_COLUMNS = ("area_id", "area", "scope", "cameras_counted", "verified_only", "street_m", "watched_m", "share",
                        "computed_at")


def exposure_csv() -> str:
    """The stored figures as CSV (a release's ``exposure.csv``): one row per district (and the
    city, ``area_id`` empty), camera scope and verified-only or not. Empty but for the header
    until the figures are computed. The field-of-view model goes beside it in the release."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPOSURE_CSV_COLUMNS)
    names = dict(Area.objects.values_list("id", "name"))
    rows = sorted(StreetExposure.objects.all(), key=lambda r: (r.area_id is not None, names.get(r.area_id, ""), r.area_id or 0,
                                                               CameraScope.values.index(r.scope), r.verified_only))
    for row in rows:
        writer.writerow([row.area_id or "", names.get(row.area_id, "") if row.area_id else "city", row.scope, row.cameras,
                         "true" if row.verified_only else "false", f"{row.street_m:.1f}", f"{row.watched_m:.1f}",
                         "" if row.share is None else f"{row.share:.4f}", row.computed_at.isoformat()])
    return out.getvalue()


def _as_of_rows(region, area: Area | None, day) -> list[StreetExposure]:
    from cameramap.timeline.selectors import cameras_as_of, day_end

    from .services import exposure_figures

    moment = day_end(day)
    return [StreetExposure(area=area, computed_at=moment, **figure) for figure in exposure_figures(region, cameras_as_of(day))]


def _as_of_cached(key: str, compute):
    from django.conf import settings
    from django.core.cache import cache

    from cameramap.cameras.areas import areas_version

    key = f"exposure:as_of:{areas_version()}:{key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.STATISTICS_CACHE_S)
    return value


def area_exposure_as_of(area: Area, day) -> dict:
    """One district's figures with the cameras of the end of ``day`` (their fields of view
    computed for the question, on today's streets); ``computed_at`` is the end of that day."""
    from .services import _shape

    def compute():
        rows = _as_of_rows(_shape(area.boundary), area, day)
        return {"area": {"id": area.id, "name": area.name, "slug": area.slug}, **_figures(rows)}

    return _as_of_cached(f"{area.id}:{day}", compute)


def exposure_table_as_of(day) -> dict:
    """exposure_table() with the cameras of the end of ``day`` (see area_exposure_as_of)."""
    def compute():
        areas = [area_exposure_as_of(area, day) for area in Area.objects.filter(is_service_area=False).order_by("name", "id")]
        return {"city": {"area": None, **_figures(_as_of_rows(None, None, day))}, "areas": areas}

    return _as_of_cached(f"city:{day}", compute)


def fields_of_view_write(handle) -> int:
    """Every published camera's field of view as a GeoJSON FeatureCollection (a release's
    ``fields_of_view.geojson``), streamed into ``handle``: each feature's id is the camera's, with
    the attributes the model reads (fov_model.json, beside it in the release, gives the angles and
    ranges) and whether it is verified. A camera the model gives no view has no feature. Returns
    how many features were written."""
    views = (FieldOfView.objects
             .filter(geometry__isnull=False, camera__published=True, camera__merged_into__isnull=True)
             .order_by("camera_id")
             .values_list("camera_id", "camera__camera_type", "camera__mount", "camera__surveillance_type",
                          "camera__operator_type", "camera__verified_on", "geometry"))
    handle.write('{"type": "FeatureCollection", "features": [\n')
    written = 0
    for camera_id, camera_type, mount, surveillance_type, operator_type, verified_on, geometry in views.iterator(2000):
        feature = {"type": "Feature", "id": camera_id, "geometry": json.loads(geometry.geojson),
                   "properties": {"camera_id": camera_id, "camera_type": camera_type, "mount": mount,
                                  "surveillance_type": surveillance_type, "operator_type": operator_type,
                                  "verified": verified_on is not None}}
        handle.write(("," if written else "") + json.dumps(feature, separators=(",", ":")) + "\n")
        written += 1
    handle.write("]}\n")
    return written
