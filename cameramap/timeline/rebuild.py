"""A camera's versions, rebuilt from its current row and its audit trail (cameras/history.py).

The audit trail says what each decision changed, with the values before (``old``, ``changed``:
[before, after], a merge's ``conflicts``, ``moves`` and ``directions``). Starting from the camera
as it is now, the events are undone one by one, newest first; the state before each event is the
version that held until that event's day. The event that made the camera (approved as new, or
split out of another) ends the walk; a camera that no event made (imported, or added before the
audit trail) existed from the day it was imported or created.

Days are the site's own (TIME_ZONE): "as of a day" is the data at the end of that day, so of
several changes on one day only the last one's result is a version.

Pure functions over plain values: the services read the rows and the events in bulk.
"""

from dataclasses import dataclass, field
from datetime import date

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action

# What a version keeps of a camera: everything the public sees, and the district it counts in.
STATE_FIELDS = (
    "directions", *v.ATTRIBUTE_FIELDS, "status", "confirmations", "first_seen", "last_confirmed", "verified_on",
    "source", "osm_type", "osm_id", "area_id",
)
DATE_FIELDS = ("first_seen", "last_confirmed", "verified_on")
# The value a camera has for an attribute nobody observed (what a merge's ``moves`` filled in).
UNOBSERVED = {**dict.fromkeys(v.ATTRIBUTE_FIELDS, ""), "height": None, "operator_type": v.OperatorType.UNKNOWN,
              "facial_recognition": v.FacialRecognition.UNKNOWN, "sign_present": v.SignPresent.UNKNOWN,
              "surveillance_type": v.SurveillanceType.CAMERA}


@dataclass
class Event:
    """One camera-changing event as the rebuild needs it."""

    day: date
    action: str
    camera_id: int  # the event's subject
    data: dict = field(default_factory=dict)
    made_report: bool = False  # an approval of a report: the camera was made by it


@dataclass
class Version:
    camera_id: int
    valid_from: date
    valid_to: date | None
    values: dict  # STATE_FIELDS plus "location": (lon, lat)


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _set(state: dict, name: str, value) -> None:
    if name == "location":
        state["location"] = (float(value[0]), float(value[1]))
        state["area_id"] = None  # the district of an earlier place is looked up again (services)
        state["area_unknown"] = True
    elif name in DATE_FIELDS:
        state[name] = _day(value)
    elif name in STATE_FIELDS:
        state[name] = value


def _undo_changed(state: dict, changed: dict) -> None:
    """A sighting's ``changed``: {field: [before, after]}."""
    for name, (before, _after) in (changed or {}).items():
        _set(state, name, before)


def _undo_merge(state: dict, camera_id: int, event: Event) -> None:
    data = event.data
    if event.camera_id == camera_id:  # this camera was merged away: before, it stood for itself
        state["published"] = data.get("was_published", True)
        filled = data.get("filled") or {}
        if "osm_id" in filled:  # its OpenStreetMap link went to the survivor
            state["osm_id"] = filled["osm_id"]
            state["osm_type"] = state.get("osm_type") or data.get("osm_type", "node")
        return
    # This camera survived the merge: take back what it gained.
    state["confirmations"] = max(1, state["confirmations"] - int(data.get("confirmations") or 0))
    for name in data.get("filled") or {}:
        if name == "osm_id":
            state["osm_id"], state["osm_type"] = None, ""
        elif name in UNOBSERVED:
            state[name] = UNOBSERVED[name]
    for name, choice in (data.get("choices") or {}).items():
        if choice == "source" and name in (data.get("conflicts") or {}) and name != "directions":
            _set(state, name, data["conflicts"][name][1])
    directions = data.get("directions") or {}
    if "target" in directions:
        state["directions"] = list(directions["target"])
    for name, before in (data.get("before") or {}).items():
        _set(state, name, before)


def _undo(state: dict, camera_id: int, event: Event) -> dict | None:
    """The camera's state before ``event``; None when the event made the camera."""
    action, data = event.action, event.data
    if action == Action.APPROVE and (event.made_report or data.get("via") == "admin" and not data.get("old")):
        return None
    if action == Action.SPLIT and "from" in data:
        return None
    state = dict(state)
    if action == Action.ATTACH:
        _undo_changed(state, data.get("changed"))
    elif action in (Action.CORRECT, Action.REMOVE, Action.APPROVE):
        for name, before in (data.get("old") or {}).items():
            _set(state, name, before)
        _undo_changed(state, data.get("sighting"))
    elif action == Action.SPLIT:
        before = (data.get("confirmations") or [None])[0]
        if before is not None:
            state["confirmations"] = before
    elif action == Action.MERGE:
        _undo_merge(state, camera_id, event)
    return state


def camera_versions(*, camera_id: int, now: dict, start: date, events: list[Event]) -> list[Version]:
    """Every version of one camera that the public saw, oldest first. ``now`` is the camera's
    current state (STATE_FIELDS, ``location`` as (lon, lat) and ``published``: published and not
    merged away); ``start`` the day it came in when no event made it; ``events`` the events that
    changed it (its own, and merges into it), in the order they happened."""
    versions: list[Version] = []
    state: dict | None = dict(now)
    valid_to: date | None = None
    for event in reversed(events):
        _keep(versions, camera_id, state, event.day, valid_to)
        state = _undo(state, camera_id, event)
        valid_to = event.day if valid_to is None else min(valid_to, event.day)
        if state is None:
            break
    else:
        first = start if valid_to is None else min(start, valid_to)
        _keep(versions, camera_id, state, first, valid_to)
    versions.reverse()
    return versions


def _keep(versions: list[Version], camera_id: int, state: dict, valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_from >= valid_to:
        return  # overtaken the same day: never what the end of a day showed
    if not state.get("published", True):
        return
    values = {name: state.get(name) for name in (*STATE_FIELDS, "location", "area_unknown")}
    versions.append(Version(camera_id=camera_id, valid_from=valid_from, valid_to=valid_to, values=values))
