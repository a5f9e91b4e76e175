from datetime import date

from django.contrib import admin
from django.contrib.gis.geos import GEOSGeometry
from django.db import models, transaction
from leaflet.admin import LeafletGeoAdmin, LeafletGeoAdminMixin

from .models import Area, Camera, Photo, Report


def _audit_value(value):
    """A field's value as the audit trail's JSON keeps it."""
    if isinstance(value, GEOSGeometry):
        return [round(value.x, 7), round(value.y, 7)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):  # a foreign key: its id
        return value.pk
    return value


@admin.register(Camera)
class CameraAdmin(LeafletGeoAdmin):
    """Edits here are outside the moderation queue, so each one is written to the camera's
    audit trail (action "camera corrected", or "approved as a new camera" for one added here)
    with the staff member, the fields changed and their old and new values."""

    list_display = ("id", "surveillance_type", "operator_type", "operator", "status", "published", "confirmations", "source", "last_confirmed")
    list_filter = ("published", "status", "source", "surveillance_type", "operator_type", "facial_recognition", "sign_present")
    search_fields = ("operator", "manufacturer", "model", "=osm_id")
    readonly_fields = ("created_at", "updated_at", "merged_into")
    raw_id_fields = ("area",)
    list_select_related = True

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        from cameramap.moderation.models import Action
        from cameramap.moderation.services.decisions import event_write

        fields = [name for name in form.changed_data if name in {f.name for f in Camera._meta.concrete_fields}]
        old = {}
        if change and fields:
            before = Camera.objects.select_for_update().get(pk=obj.pk)
            old = {name: _audit_value(getattr(before, name)) for name in fields}
        super().save_model(request, obj, form, change)
        if change and not fields:
            return
        new = {name: _audit_value(getattr(obj, name)) for name in fields}
        event_write(action=Action.CORRECT if change else Action.APPROVE, report=None, camera=obj,
                    moderator=request.user, reason="admin", data={"via": "admin", "old": old, "new": new})


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("position", "image", "thumbnail", "state", "failure_reason", "phash", "exif_heading", "exif_taken_at")
    readonly_fields = ("image", "thumbnail", "state", "failure_reason", "phash", "exif_heading", "exif_taken_at")
    can_delete = False


@admin.register(Report)
class ReportAdmin(LeafletGeoAdmin):
    list_display = ("id", "kind", "status", "camera", "created_at", "received_at")
    list_filter = ("status", "kind", "surveillance_type")
    readonly_fields = ("receipt", "idempotency_key", "prechecks", "received_at", "created_at", "updated_at", "decided_at", "status")
    raw_id_fields = ("camera", "contributor")
    inlines = [PhotoInline]

    def has_delete_permission(self, request, obj=None):
        return False  # reports carry the audit trail; reject them instead


@admin.register(Area)
class AreaAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "population", "is_service_area", "source")
    list_filter = ("is_service_area",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
