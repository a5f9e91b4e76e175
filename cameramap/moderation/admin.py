"""Mapping events in the admin, beside the moderators' own page (/moderate/events/): the code is
made by the model, the times checked by it (at most EVENT_MAX_DAYS), the author recorded."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MappingEvent


@admin.register(MappingEvent)
class MappingEventAdmin(admin.ModelAdmin):
    list_display = ("name", "code_shown", "starts_at", "ends_at", "created_by")
    search_fields = ("name", "code")
    date_hierarchy = "starts_at"
    fields = ("name", "starts_at", "ends_at", "code_shown", "created_by", "created_at")
    readonly_fields = ("code_shown", "created_by", "created_at")

    @admin.display(description=_("code"), ordering="code")
    def code_shown(self, event: MappingEvent) -> str:
        return event.code_display if event.pk else _("made when the event is saved")

    def get_changeform_initial_data(self, request):
        start = timezone.localtime().replace(second=0, microsecond=0)
        initial = {"starts_at": start, "ends_at": start + timedelta(days=1)}
        return {**initial, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
