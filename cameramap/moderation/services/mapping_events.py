"""Mapping events: a moderator issues a code, volunteers' phones send it with their reports, and
the report limits (api/report_limits.py) are raised for them while the event runs."""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CODE_ALPHABET, CODE_LENGTH, MappingEvent

_TYPED = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def event_code_normalize(text: str) -> str:
    """A code as typed (any case, spaces or a hyphen between its halves) as it is stored."""
    return re.sub(r"[\s\-]", "", text or "").upper()


@transaction.atomic
def mapping_event_create(*, name: str, starts_at: datetime, ends_at: datetime, created_by) -> MappingEvent:
    event = MappingEvent(name=name.strip(), starts_at=starts_at, ends_at=ends_at, created_by=created_by)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def mapping_event_end(*, event: MappingEvent, now: datetime | None = None) -> MappingEvent:
    """End an event now (its code was passed on too widely, or the walk is over early). One that
    has not started yet ends before it starts: its code is never valid."""
    now = now or timezone.now()
    event = MappingEvent.objects.select_for_update().get(pk=event.pk)
    if event.ends_at > now:
        event.starts_at = min(event.starts_at, now)
        event.ends_at = now
        event.save(update_fields=["starts_at", "ends_at"])
    return event


def mapping_event_for_code(code: str, *, now: datetime | None = None, upcoming: bool = False) -> MappingEvent:
    """The event a code belongs to, if it is valid now (or, with ``upcoming``, will be). Raises
    ValidationError with the reason, in the request's language, otherwise."""
    now = now or timezone.now()
    normalized = event_code_normalize(code)
    event = MappingEvent.objects.filter(code=normalized).first() if _TYPED.match(normalized) else None
    if event is None:
        raise ValidationError(_("No mapping event has this code. Check it with the organisers."), code="unknown")
    if event.ends_at <= now:
        raise ValidationError(_("The mapping event of this code is over."), code="over")
    if event.starts_at > now and not upcoming:
        raise ValidationError(_("The mapping event of this code has not started yet."), code="not_started")
    return event
