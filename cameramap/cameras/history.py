"""A camera's history: the append-only audit trail of everything that happened to a camera and
to the reports about it — who did what, why and when — and the only functions that write it.

Moderation decisions, the photo pipeline, staff edits in the admin and the OpenStreetMap import
all record their events here, through ``event_write`` (one event) or ``events_write`` (the same
action on many cameras, in one statement). Nothing ever changes or deletes an event: the model
refuses it, and so does the database (triggers in audit_sql.py, installed by a migration), whatever
path a change would come by. The table keeps the name it was created with,
``moderation_moderationevent``, so that the triggers and the rows of existing installations stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .signals import cameras_changed_announce


class Action(models.TextChoices):
    RECEIVED = "received", _("received")
    APPROVE = "approve", _("approved as a new camera")
    ATTACH = "attach", _("attached to a camera")
    REJECT = "reject", _("rejected")
    MERGE = "merge", _("cameras merged")
    SPLIT = "split", _("sighting split out")
    CORRECT = "correct", _("camera corrected")
    REMOVE = "remove", _("camera marked removed")
    LOCK = "lock", _("taken for review")
    BLUR = "blur", _("photo blurred by hand")
    DECLARED = "declared", _("official list match decided")


# What happens to a report on its way in; every other action is somebody's decision.
NOT_DECISIONS = (Action.RECEIVED,)
# What changes a camera itself (where it is, whether it counts, whether it is verified): these
# are announced to the apps above (signals.cameras_changed) once the change commits.
CAMERA_CHANGES = (Action.APPROVE, Action.ATTACH, Action.MERGE, Action.SPLIT, Action.CORRECT, Action.REMOVE)


class ModerationEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The moderation audit trail is append-only.")

    def delete(self):
        raise TypeError("The moderation audit trail is append-only.")


class ModerationEvent(models.Model):
    """Append-only audit: who did what to which report or camera, why, and when. ``moderator``
    is empty for the system's own automatic decisions."""

    report = models.ForeignKey("cameras.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    camera = models.ForeignKey("cameras.Camera", null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_events")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ModerationEventQuerySet.as_manager()

    class Meta:
        db_table = "moderation_moderationevent"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=Action.values), name="event_action_valid"),
            models.CheckConstraint(condition=Q(report__isnull=False) | Q(camera__isnull=False), name="event_has_subject"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The moderation audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The moderation audit trail is append-only.")

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"


def _event(*, action: str, moderator, reason: str, data: dict | None, **subject) -> ModerationEvent:
    data = dict(data or {})
    if moderator is None and action not in NOT_DECISIONS:
        data["auto"] = True  # the system decided by itself (a trusted volunteer's rule, an import)
    return ModerationEvent(**subject, moderator=moderator, action=action, reason=reason, data=data)


def event_write(*, action: str, report=None, camera=None, moderator=None, reason: str = "", data: dict | None = None) -> ModerationEvent:
    """Record one event about a report and/or a camera."""
    event = _event(action=action, report=report, camera=camera, moderator=moderator, reason=reason, data=data)
    event.save()
    if camera is not None and action in CAMERA_CHANGES:
        ids = [camera.pk, *((data or {}).get(key) for key in ("into", "new_camera"))]
        cameras_changed_announce(ids)
    return event


def events_write(*, action: str, cameras: dict[int, dict], moderator=None, reason: str = "") -> None:
    """Record the same action on many cameras at once (camera id → that camera's ``data``), in
    one statement: an import may remove thousands."""
    ModerationEvent.objects.bulk_create([
        _event(action=action, camera_id=camera_id, moderator=moderator, reason=reason, data=data)
        for camera_id, data in cameras.items()
    ])
    if action in CAMERA_CHANGES:
        cameras_changed_announce(cameras)


def about_camera(camera) -> Q:
    """Which events are part of a camera's history (a camera or its id): its own, those of the
    cameras merged into it and those of its sightings."""
    return Q(camera=camera) | Q(camera__merged_into=camera) | Q(report__camera=camera)


def camera_history(camera) -> QuerySet[ModerationEvent]:
    """Every event about this camera, about cameras merged into it and about its sightings,
    newest first."""
    return (
        ModerationEvent.objects.filter(about_camera(camera))
        .select_related("moderator", "report", "camera")
        .distinct()
        .order_by("-created_at", "-id")
    )


def report_history(report) -> QuerySet[ModerationEvent]:
    """Every event about one report, newest first."""
    return ModerationEvent.objects.filter(report=report).select_related("moderator", "camera").order_by("-created_at", "-id")
