"""Admin for releases (progress of a running build, a button to build one now) and for areas
(the import upload; saving or deleting an area reassigns cameras)."""

import tempfile
from functools import partial
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from leaflet.admin import LeafletGeoAdminMixin

from cameramap.cameras.areas import areas_delete, areas_refresh
from cameramap.cameras.models import Area

from .areas_import import AreaImportError, areas_import
from .forms import AreaImportForm
from .models import DatasetRelease, OsmElement


@admin.register(DatasetRelease)
class DatasetReleaseAdmin(admin.ModelAdmin):
    list_display = ("version", "status", "progress_bar", "cameras", "changes", "created_at", "finished_at", "checksum")
    list_filter = ("status",)
    readonly_fields = [f.name for f in DatasetRelease._meta.fields]
    change_list_template = "admin/datasets/datasetrelease/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, release):
        return format_html('<progress max="100" value="{}">{}%</progress> {}%', release.progress, release.progress, release.progress)

    @admin.display(description=_("cameras"))
    def cameras(self, release):
        return (release.counts or {}).get("cameras", "")

    @admin.display(description=_("added / removed / changed"))
    def changes(self, release):
        counts = (release.changelog or {}).get("counts")
        return f"{counts['added']} / {counts['removed']} / {counts['changed']}" if counts else ""

    def get_urls(self):
        return [path("build/", self.admin_site.admin_view(self.build_view), name="datasets_datasetrelease_build"),
                *super().get_urls()]

    def build_view(self, request):
        """POST: open a release and hand it to the worker."""
        from .releases import release_start
        from .tasks import dataset_release_build

        if request.method != "POST" or not request.user.has_perm("datasets.view_datasetrelease"):
            return redirect("admin:datasets_datasetrelease_changelist")
        with transaction.atomic():
            release = release_start()
            if release is not None:
                transaction.on_commit(partial(dataset_release_build.delay, release.id))
        if release is None:
            messages.warning(request, _("A release is being built already."))
        else:
            messages.success(request, _("Release %(version)s is being built.") % {"version": release.version})
        return redirect("admin:datasets_datasetrelease_changelist")


@admin.register(OsmElement)
class OsmElementAdmin(admin.ModelAdmin):
    list_display = ("camera", "version", "timestamp", "imported_at")
    raw_id_fields = ("camera",)
    readonly_fields = ("imported_at",)


@admin.register(Area)
class AreaAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    """Districts and service areas (the cameras app's model): saving or deleting one reassigns
    the cameras (cameras/areas.py); boundaries can be imported from a file."""

    list_display = ("name", "population", "is_service_area", "source")
    list_filter = ("is_service_area",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    change_list_template = "admin/cameras/area/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = areas_refresh()
        if changed:
            messages.info(request, _("%(n)d cameras changed area.") % {"n": changed})

    def delete_model(self, request, obj):
        areas_delete(Area.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        areas_delete(queryset)

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="cameras_area_import"),
                *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied  # 403, as the admin's own add page answers
        form = AreaImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            with tempfile.TemporaryDirectory(prefix="cameramap-areas-") as folder:
                target = Path(folder) / Path(upload.name).name
                with open(target, "wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    result = areas_import(
                        target, name_field=data["name_field"], population_field=data["population_field"] or None,
                        layer=data["layer"] or None, is_service_area=data["is_service_area"],
                        source=data["source"] or upload.name,
                    )
                except AreaImportError as error:
                    form.add_error(error.field if error.field in form.fields else "file", error.message)
                else:
                    messages.success(request, _(
                        "%(created)d areas created, %(updated)d updated; %(cameras)d cameras changed area."
                    ) % {"created": len(result.created), "updated": len(result.updated), "cameras": result.cameras_reassigned})
                    return redirect("admin:cameras_area_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("Import areas"), "changelist_url": reverse("admin:cameras_area_changelist")}
        return render(request, "admin/cameras/area/import.html", context, status=400 if form.errors else 200)
