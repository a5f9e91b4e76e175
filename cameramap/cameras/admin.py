from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin, LeafletGeoAdminMixin

from .models import Area, Camera, Photo, Report


@admin.register(Camera)
class CameraAdmin(LeafletGeoAdmin):
    list_display = ("id", "surveillance_type", "operator_type", "operator", "status", "published", "confirmations", "source", "last_confirmed")
    list_filter = ("published", "status", "source", "surveillance_type", "operator_type", "facial_recognition", "sign_present")
    search_fields = ("operator", "manufacturer", "model", "=osm_id")
    readonly_fields = ("created_at", "updated_at", "merged_into")
    raw_id_fields = ("area",)
    list_select_related = True


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
