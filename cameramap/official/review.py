"""What moderators decide about a list's entries: confirming or rejecting a probable match, and
placing an unlocated entry on the map by hand. Each decision is written in the camera's history
(cameras/history.py, action ``declared``) and the neighbourhood is matched again."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cameramap.cameras.history import Action, event_write
from cameramap.cameras.validators import validate_on_earth

from .imports import _district_finder
from .models import LocatedBy, MatchStatus, OfficialEntry
from .services import list_match_entries, neighbourhood_match
from .versions import matches_changed


def _entry_locked(entry: OfficialEntry) -> OfficialEntry:
    # of=self: the camera is an outer join (it may be empty), which PostgreSQL will not lock.
    return OfficialEntry.objects.select_for_update(of=("self",)).select_related("official_list", "camera").get(pk=entry.pk)


def _event(entry: OfficialEntry, camera, moderator, decision: str, reason: str = "") -> None:
    matches_changed()
    event_write(action=Action.DECLARED, camera=camera, moderator=moderator, reason=reason, data={
        "decision": decision, "list": entry.official_list_id, "entry": entry.pk, "ref": entry.ref,
        "distance_m": entry.distance_m, "score": entry.score,
    })


@transaction.atomic
def entry_confirm(*, entry: OfficialEntry, moderator) -> OfficialEntry:
    """The probable pair is right: the entry is matched to its camera, and matching keeps it."""
    entry = _entry_locked(entry)
    if entry.status != MatchStatus.PROBABLE or entry.camera is None:
        raise ValidationError(_("Only a probable match can be confirmed; this entry is %(status)s.") % {"status": entry.get_status_display()})
    entry.status, entry.confirmed = MatchStatus.MATCHED, True
    entry.save(update_fields=["status", "confirmed"])
    _event(entry, entry.camera, moderator, "confirm")
    return entry


@transaction.atomic
def entry_reject(*, entry: OfficialEntry, moderator, reason: str = "") -> OfficialEntry:
    """The probable pair is wrong: never propose this camera for this entry again, and match the
    neighbourhood again (the entry may find another camera, the camera another entry)."""
    entry = _entry_locked(entry)
    if entry.status not in (MatchStatus.PROBABLE, MatchStatus.MATCHED) or entry.camera is None:
        raise ValidationError(_("This entry is not matched to a camera."))
    camera = entry.camera
    entry.rejected_cameras = sorted({*entry.rejected_cameras, camera.pk})
    entry.status, entry.camera, entry.score, entry.distance_m, entry.confirmed = MatchStatus.NOT_FOUND, None, None, None, False
    entry.save(update_fields=["rejected_cameras", "status", "camera", "score", "distance_m", "confirmed"])
    _event(entry, camera, moderator, "reject", reason[:1000])
    neighbourhood_match(entry.official_list, [camera.pk])
    return entry


@transaction.atomic
def entry_place(*, entry: OfficialEntry, lon: float, lat: float, moderator) -> OfficialEntry:
    """A person put the entry on the map: it is located by hand, exactly where they put it."""
    point = Point(x=lon, y=lat, srid=4326)
    validate_on_earth(point)
    entry = _entry_locked(entry)
    entry.location, entry.located_by, entry.precision_m, entry.unlocated_reason = point, LocatedBy.HAND, 0.0, ""
    entry.district_id = _district_finder()(lon, lat)
    entry.status = MatchStatus.NOT_FOUND
    entry.save(update_fields=["location", "located_by", "precision_m", "unlocated_reason", "district", "status"])
    list_match_entries(entry.official_list, [entry])
    entry.refresh_from_db()
    return entry
