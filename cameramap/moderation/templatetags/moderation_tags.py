"""Template helpers of the moderator pages and of the camera-history include."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, camera_history

from .. import selectors
from ..merging import SOURCE
from ..reasons import reject_reason_label

register = template.Library()
HISTORY_LIMIT = 200


@register.filter
def is_moderator(user) -> bool:
    return selectors.is_moderator(user)


@register.simple_tag
def camera_history_events(camera):
    """The camera's moderation events, newest first (at most HISTORY_LIMIT)."""
    return list(camera_history(camera)[:HISTORY_LIMIT])


@register.filter
def percent(score) -> str:
    return "" if score is None else f"{round(score * 100)} %"


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key) if hasattr(mapping, "get") else key


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    return "–" if value in ("", None) else str(value)


# How a piece of duplicate evidence compares the report with a candidate (moderation/dedup.py).
EVIDENCE = {"agree": gettext_lazy("agree"), "disagree": gettext_lazy("disagree"), "unknown": gettext_lazy("unknown")}


@register.filter
def evidence(value) -> str:
    """A comparison word of the dedup evidence, in the reader's language."""
    return str(EVIDENCE.get(value, value if value is not None else "–"))


@register.filter
def attribute_value(value, field: str) -> str:
    """A camera attribute's value as a moderator reads it: directions in degrees, a vocabulary
    value by its label (in the reader's language), anything else as it is."""
    if field == "directions":
        return ", ".join(f"{degrees}°" for degrees in value or []) or _("direction unknown")
    enum = v.ATTRIBUTE_CHOICES.get(field)
    if enum is not None and value in enum.values:
        return str(enum(value).label)
    return _value(value)


def _directions(value) -> str:
    return attribute_value(value, "directions")


@register.filter
def event_summary(event) -> str:
    """One line saying what a moderation event did, in words."""
    data = event.data or {}
    report, camera = event.report_id, event.camera_id
    if event.action == Action.RECEIVED:
        return _("Report %(report)s received.") % {"report": report}
    if event.action == Action.LOCK:
        return _("Report %(report)s opened for review.") % {"report": report}
    if event.action == Action.APPROVE and report is None:
        return _("Camera %(camera)s added in the admin.") % {"camera": camera}
    if event.action == Action.APPROVE:
        return _("Report %(report)s approved as new camera %(camera)s.") % {"report": report, "camera": camera}
    if event.action == Action.ATTACH:
        text = _("Report %(report)s attached to camera %(camera)s as a sighting.") % {"report": report, "camera": camera}
        if "score" in data:
            text += " " + _("Duplicate score %(score)s.") % {"score": percent(data["score"])}
        return text
    if event.action == Action.REJECT:
        label = reject_reason_label(data.get("reason"))
        if label is None:  # events written before reasons were kept as codes carry their label in ``reason``
            return _("Report %(report)s rejected.") % {"report": report}
        return _("Report %(report)s rejected: %(reason)s.") % {"report": report, "reason": label}
    if event.action == Action.MERGE:
        text = _("Camera %(camera)s merged into camera %(into)s; %(count)s sightings moved.") % {
            "camera": camera, "into": data.get("into"), "count": len(data.get("reports", []))}
        directions = data.get("directions")  # events written before the merge kept directions have none
        if directions and directions.get("after") != directions.get("target"):
            text += " " + _("Directions: camera %(into)s %(before)s, camera %(camera)s %(theirs)s → %(after)s.") % {
                "into": data.get("into"), "before": _directions(directions.get("target")), "camera": camera,
                "theirs": _directions(directions.get("source")), "after": _directions(directions.get("after"))}
        choices = data.get("choices") or {}
        taken = sorted(field for field, choice in choices.items() if choice == SOURCE)
        kept = sorted(field for field, choice in choices.items() if choice != SOURCE)
        if taken:
            text += " " + _("Conflicts resolved with camera %(camera)s's value: %(fields)s.") % {"camera": camera, "fields": ", ".join(taken)}
        if kept:
            text += " " + _("Conflicts resolved with camera %(into)s's value: %(fields)s.") % {"into": data.get("into"), "fields": ", ".join(kept)}
        return text
    if event.action == Action.SPLIT and "new_camera" in data:
        return _("Sightings %(reports)s split out of camera %(camera)s into camera %(new)s.") % {
            "reports": _value(data.get("reports")), "camera": camera, "new": data["new_camera"]}
    if event.action == Action.SPLIT:
        return _("Camera %(camera)s split out of camera %(old)s.") % {"camera": camera, "old": data.get("from")}
    if event.action in (Action.CORRECT, Action.REMOVE):
        old, new = data.get("old", {}), data.get("new", {})
        changes = "; ".join(f"{field}: {_value(old.get(field))} → {_value(new.get(field))}" for field in new)
        if report is None:
            return _("Camera %(camera)s changed in the admin: %(changes)s.") % {"camera": camera, "changes": changes}
        return _("Camera %(camera)s changed by report %(report)s: %(changes)s.") % {"camera": camera, "report": report, "changes": changes}
    return event.get_action_display()
