from django.contrib import admin

from .models import ModerationEvent


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """The audit trail: readable by staff, writable by nobody (it is append-only)."""

    list_display = ("created_at", "action", "report", "camera", "moderator", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "=report__id", "=camera__id")
    readonly_fields = [f.name for f in ModerationEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
