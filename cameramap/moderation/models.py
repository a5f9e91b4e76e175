from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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


class ReviewLock(models.Model):
    """A report a moderator has open: others see it as taken until ``expires_at``, so two people
    never review the same report at once. Refreshed while the moderator works; released by the
    decision. A lock past its expiry is free for anyone."""

    report = models.OneToOneField("cameras.Report", on_delete=models.CASCADE, primary_key=True, related_name="review_lock")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_locks")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Report {self.report_id} taken by {self.moderator} until {self.expires_at:%H:%M}"
