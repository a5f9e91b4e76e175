"""The moderators' page of mapping events (/moderate/events/): issue a code for a mapping walk,
see which codes are valid, end one early. The codes raise the report limits (api/report_limits.py)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cameramap.rates import parse_rate, period_text

from . import selectors, services
from .forms import MappingEventForm
from .models import EVENT_MAX_DAYS, MappingEvent
from .views import moderator_required


def _limits() -> dict:
    """The report limits with and without a code, for the page to say what a code changes."""
    phone, period = parse_rate(settings.THROTTLE_REPORTS)
    event, event_period = parse_rate(settings.THROTTLE_REPORTS_EVENT)
    total, total_period = parse_rate(settings.THROTTLE_REPORTS_EVENT_TOTAL)
    address, address_period = parse_rate(settings.THROTTLE_REPORTS_ADDRESS)
    return {"phone": phone, "phone_period": period_text(period),
            "event": event, "event_period": period_text(event_period),
            "total": total, "total_period": period_text(total_period),
            "address": address, "address_period": period_text(address_period)}


@require_http_methods(["GET", "POST"])
@moderator_required
def mapping_events(request):
    now = timezone.now()
    if request.method == "POST":
        form = MappingEventForm(request.POST)
        if form.is_valid():
            try:
                event = services.mapping_event_create(created_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Mapping event “%(name)s” created; its code is %(code)s.")
                                 % {"name": event.name, "code": event.code_display})
                return redirect("moderation:events")
    else:
        start = timezone.localtime(now).replace(second=0, microsecond=0)
        form = MappingEventForm(initial={"starts_at": start, "ends_at": start + timedelta(days=1)})
    current, past = selectors.mapping_events_listed(now=now)
    return render(request, "moderation/events.html", {
        "form": form, "current": current, "past": past, "now": now, "limits": _limits(),
        "time_zone": timezone.get_current_timezone_name(), "max_days": EVENT_MAX_DAYS,
    })


@require_POST
@moderator_required
def mapping_event_end(request, pk: int):
    event = services.mapping_event_end(event=get_object_or_404(MappingEvent, pk=pk))
    messages.success(request, _("Mapping event “%(name)s” ended: its code %(code)s is no longer valid.")
                     % {"name": event.name, "code": event.code_display})
    return redirect("moderation:events")
