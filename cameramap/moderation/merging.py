"""What merging camera A (the ``source``) into camera B (the ``target``, the survivor) does,
worked out before it is done. This is the one home of the merge rules: the preview the moderator
reads (``selectors.camera_merge_preview``) and the merge itself (``services.camera_merge``) both
come from ``merge_plan``, so what is shown is what is applied.

The rules:

* directions are the union of both cameras' (the survivor's first, then the merged one's new
  ones, in their order, each once). Two sightings of one camera that disagree on where it looks
  usually saw two of its lenses, or one of them guessed: keeping both loses nothing. A union
  longer than the model allows (``MAX_DIRECTIONS``) cannot be kept: the directions are then a
  conflict like any attribute, and the moderator chooses whose list survives;
* an attribute the survivor does not know and the merged camera does moves over;
* an attribute both know, with different values, is a conflict: the survivor's value stays
  unless the moderator chooses the merged camera's;
* sightings (and their photos) move, confirmations add up, first seen / last confirmed widen
  (over the dates that are known: either may be empty).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera
from cameramap.cameras.selectors import earliest, latest

from .errors import REFUSED, refused
from .fields import CAMERA_FIELDS, UNKNOWN_VALUES

SOURCE, TARGET = "source", "target"  # whose value a conflicting attribute keeps
CHOICES = (SOURCE, TARGET)


@dataclass(frozen=True)
class MergePlan:
    camera: int  # merged away (the source)
    into: int  # the survivor (the target)
    directions_before: dict[str, list[int]]  # {"source": [...], "target": [...]}
    directions: list[int]  # the survivor's, after
    moves: dict[str, Any]  # field → the merged camera's value, which the survivor lacked
    conflicts: dict[str, tuple[Any, Any]]  # field → (merged camera's value, survivor's value)
    choices: dict[str, str]  # every conflicting field → SOURCE or TARGET
    reports: int  # sightings (reports of any status) that move
    photos: int
    confirmations: int  # the survivor's, after
    first_seen: date | None
    last_confirmed: date | None
    osm: tuple[str, int] | None = None  # the OpenStreetMap link that moves, if any
    values: dict[str, Any] = field(default_factory=dict)  # every field the survivor's value changes to

    @property
    def digest(self) -> str:
        """A fingerprint of what the preview showed (not of the choices): a merge confirmed from a
        preview applies only if the merge would still do the same, else it is shown again."""
        shown = {
            "camera": self.camera, "into": self.into, "directions": self.directions_before, "moves": self.moves,
            "conflicts": self.conflicts, "reports": self.reports, "photos": self.photos,
            "confirmations": self.confirmations, "first_seen": self.first_seen, "last_confirmed": self.last_confirmed,
            "osm": self.osm,
        }
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:32]

    def as_dict(self) -> dict:
        return {
            "camera": self.camera, "into": self.into, "directions_before": self.directions_before,
            "directions": self.directions, "moves": self.moves,
            "conflicts": {f: {SOURCE: a, TARGET: b} for f, (a, b) in self.conflicts.items()},
            "choices": self.choices, "reports": self.reports, "photos": self.photos,
            "confirmations": self.confirmations, "first_seen": self.first_seen, "last_confirmed": self.last_confirmed,
            "osm": {"type": self.osm[0], "id": self.osm[1]} if self.osm else None, "digest": self.digest,
        }


def merge_refusal(source: Camera, target: Camera) -> None:
    """Raise if ``source`` cannot be merged into ``target`` at all."""
    if source.pk == target.pk:
        raise refused("into", _("A camera cannot be merged into itself."))
    if source.merged_into_id is not None:
        raise refused("camera", _("Camera %(id)s was already merged into camera %(into)s.") % {"id": source.pk, "into": source.merged_into_id})
    if target.merged_into_id is not None:
        raise refused("into", _("Camera %(id)s was merged into camera %(into)s; merge into that one.") % {"id": target.pk, "into": target.merged_into_id})


def directions_union(target: list[int], source: list[int]) -> list[int]:
    """The survivor's directions, then the merged camera's new ones; each once, order kept."""
    return list(dict.fromkeys([*(target or []), *(source or [])]))



def merge_choices_check(conflicts: dict, choices: dict | None) -> dict[str, str]:
    """The moderator's choices, checked against the conflicts of this merge; every conflict not
    chosen keeps the survivor's value. A field that is not a camera attribute, or that does not
    conflict in this merge, is refused by name: a choice never silently does nothing."""
    choices = dict(choices or {})
    errors = []
    for name, choice in choices.items():
        if name not in CAMERA_FIELDS:
            errors.append(ValidationError(_("Unknown field: %(field)s.") % {"field": name}))
        elif name not in conflicts:  # a field this merge leaves alone: its state, not the request's form
            errors.append(ValidationError(_("%(field)s does not conflict in this merge: there is nothing to choose.")
                                          % {"field": name}, code=REFUSED))
        elif choice not in CHOICES:
            errors.append(ValidationError(_('Choose "source" or "target" for %(field)s.') % {"field": name}))
    if errors:
        raise ValidationError({"choices": errors})
    return {name: choices.get(name, TARGET) for name in conflicts}


def merge_plan(source: Camera, target: Camera, *, reports: int, photos: int, choices: dict | None = None) -> MergePlan:
    moves, conflicts = {}, {}
    for name in v.ATTRIBUTE_FIELDS:
        theirs, ours = getattr(source, name), getattr(target, name)
        if theirs in UNKNOWN_VALUES or theirs == ours:
            continue
        if ours in UNKNOWN_VALUES:
            moves[name] = theirs
        else:
            conflicts[name] = (theirs, ours)
    before = {SOURCE: list(source.directions or []), TARGET: list(target.directions or [])}
    union = directions_union(before[TARGET], before[SOURCE])
    if len(union) > v.MAX_DIRECTIONS:
        conflicts["directions"] = (before[SOURCE], before[TARGET])
    chosen = merge_choices_check(conflicts, choices)

    values = dict(moves)
    values.update({name: conflicts[name][0] for name, choice in chosen.items() if choice == SOURCE})
    directions = values.pop("directions", before[TARGET] if "directions" in conflicts else union)
    if directions != before[TARGET]:
        values["directions"] = directions
    osm = (source.osm_type, source.osm_id) if target.osm_id is None and source.osm_id is not None else None
    return MergePlan(
        camera=source.pk, into=target.pk, directions_before=before, directions=directions, moves=moves,
        conflicts=conflicts, choices=chosen, reports=reports, photos=photos,
        confirmations=source.confirmations + target.confirmations,
        first_seen=earliest(source.first_seen, target.first_seen), last_confirmed=latest(source.last_confirmed, target.last_confirmed),
        osm=osm, values=values,
    )
