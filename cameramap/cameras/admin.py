from datetime import date

from django import forms
from django.contrib import admin
from django.contrib.gis.geos import GEOSGeometry
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .history import Action, ModerationEvent, event_write
from .models import Camera, Photo, Report


def _audit_value(value):
    """A field's value as the audit trail's JSON keeps it."""
    if isinstance(value, GEOSGeometry):
        return [round(value.x, 7), round(value.y, 7)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):  # a foreign key: its id
        return value.pk
    return value


class CameraAdminForm(forms.ModelForm):
    """The camera as it was when the form was opened (its ``updated_at``), so that an edit made
    from a stale form is refused instead of silently undoing what changed since: a moderation
    decision, a merge, another staff member's edit."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Camera
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Locked until the admin's view commits (it runs in one transaction): nothing can
            # change the camera between this check and the save.
            current = (Camera.objects.select_for_update().filter(pk=self.instance.pk)
                       .values_list("updated_at", flat=True).first())
            if current is not None and cleaned.get("opened_version") != current.isoformat():
                raise forms.ValidationError(
                    _("This camera was changed by someone else after you opened it. Open it again to see "
                      "the changes, then make yours."),
                    code="stale",
                )
        return cleaned


@admin.register(Camera)
class CameraAdmin(LeafletGeoAdmin):
    """Edits here are outside the moderation queue, so each one is written to the camera's
    audit trail (action "camera corrected", or "approved as a new camera" for one added here)
    with the staff member, the fields changed and their old and new values."""

    list_display = ("id", "surveillance_type", "operator_type", "operator", "status", "published", "confirmations", "source", "last_confirmed")
    list_filter = ("published", "status", "source", "surveillance_type", "operator_type", "facial_recognition", "sign_present")
    search_fields = ("operator", "manufacturer", "model", "=osm_id")
    # The district is not edited: it follows the camera's location (cameras/areas.py), and is
    # changed by the system without a new version, which a stale form would undo.
    # Nor is whether it is verified: only a volunteer's sighting a moderator accepted verifies a
    # camera; a staff edit leaves an imported camera imported.
    readonly_fields = ("area", "created_at", "updated_at", "merged_into", "verified_on")
    list_select_related = True
    form = CameraAdminForm

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        concrete = {field.name for field in Camera._meta.concrete_fields}
        fields = [name for name in form.changed_data if name in concrete]
        if change and not fields:
            return
        old = {}
        if change:
            before = Camera.objects.select_for_update().get(pk=obj.pk)
            old = {name: _audit_value(getattr(before, name)) for name in fields}
            # Only what the form changed (the form refused a stale edit; this narrows what is left).
            obj.save(update_fields=[*fields, "updated_at"])
        else:
            super().save_model(request, obj, form, change)
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
