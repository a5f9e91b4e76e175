"""Moderation's own state: which report a moderator has open. (The audit trail is the
cameras app's: cameras/history.py.)"""

from django.conf import settings
from django.db import models


class ReviewLock(models.Model):
    """A report a moderator has open: others see it as taken until ``expires_at``, so two people
    never review the same report at once. Refreshed while the moderator works; released by the
    decision. A lock past its expiry is free for anyone."""

    report = models.OneToOneField("cameras.Report", on_delete=models.CASCADE, primary_key=True, related_name="review_lock")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_locks")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Report {self.report_id} taken by {self.moderator} until {self.expires_at:%H:%M}"
