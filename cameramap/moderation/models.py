"""Moderation's own state: which report a moderator has open, and the mapping events whose codes
raise the report limits. (The audit trail is the cameras app's: cameras/history.py.)"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Codes are typed on a phone from a poster or a chat: capitals and digits that cannot be taken
# for one another (no 0/O, 1/I/L), eight of them: 31^8 ≈ 8.5 × 10^11 codes, against guessing
# at THROTTLE_AUTH's pace.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A code lives at most this long: one that never ends would become a public way around the limits.
EVENT_MAX_DAYS = 7


def new_event_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ReviewLock(models.Model):
    """A report a moderator has open: others see it as taken until ``expires_at``, so two people
    never review the same report at once. Refreshed while the moderator works; released by the
    decision. A lock past its expiry is free for anyone."""

    report = models.OneToOneField("cameras.Report", on_delete=models.CASCADE, primary_key=True, related_name="review_lock")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_locks")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Report {self.report_id} taken by {self.moderator} until {self.expires_at:%H:%M}"


class MappingEvent(models.Model):
    """A mapping walk or a workshop: volunteers who enter its code on their phones get higher
    report limits (THROTTLE_REPORTS_EVENT each, THROTTLE_REPORTS_EVENT_TOTAL together) from
    ``starts_at`` until ``ends_at``. Nothing links a report to the event: the code is checked
    when a report arrives and is not stored with it (api/report_limits.py)."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Shown to the volunteers who enter the code."))
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_event_code, editable=False)
    starts_at = models.DateTimeField(_("valid from"))
    ends_at = models.DateTimeField(_("valid until"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("mapping event")
        verbose_name_plural = _("mapping events")
        # (>=: an event ended before it started is an empty period; clean() wants > for new ones)
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="mappingevent_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code_display})"

    def clean(self):
        if self.starts_at is None or self.ends_at is None:
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")}, code="ends_before_start")
        if self.ends_at - self.starts_at > timedelta(days=EVENT_MAX_DAYS):
            message = _("A mapping event lasts at most %(days)d days.") % {"days": EVENT_MAX_DAYS}
            raise ValidationError({"ends_at": message}, code="too_long")

    @property
    def code_display(self) -> str:
        """The code as people read it: ABCD-EFGH."""
        return f"{self.code[:4]}-{self.code[4:]}" if len(self.code) == CODE_LENGTH else self.code

    def is_valid_at(self, moment) -> bool:
        return self.starts_at <= moment < self.ends_at
