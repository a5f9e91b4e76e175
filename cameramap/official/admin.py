"""Official lists in the admin: the lists (read-only, with their figures), and the upload that
runs the same pipeline as ``manage.py official_import`` and the moderator page, with its progress."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .figures import list_figures
from .forms import OfficialImportForm
from .jobs import job_page_context, job_status, official_import_start
from .models import OfficialImport, OfficialList


@admin.register(OfficialList)
class OfficialListAdmin(admin.ModelAdmin):
    list_display = ("name", "publisher", "published", "area", "declared", "matched", "not_declared", "imported_at")
    # The entries, their places and matches are the moderator pages' (/moderate/official/); here
    # the list's provenance can be corrected, and a wrong list deleted.
    readonly_fields = ("file_name", "file_sha256", "imported_at", "imported_by", "matched_at", "previous", "area")
    exclude = ("coverage",)
    change_list_template = "admin/official/officiallist/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area")

    @admin.display(description=_("declared"))
    def declared(self, obj):
        return list_figures(obj)["declared"]

    @admin.display(description=_("matched"))
    def matched(self, obj):
        return list_figures(obj)["matched"]["total"]

    @admin.display(description=_("not declared"))
    def not_declared(self, obj):
        return list_figures(obj)["not_declared"]["total"]

    def has_add_permission(self, request):
        return False  # lists come in through the import

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="official_officiallist_import"),
            path("imports/<id:pk>/", view(self.job_view), name="official_officialimport_job"),
            path("imports/<id:pk>/status", view(self.job_status_view), name="official_officialimport_status"),
            *super().get_urls(),
        ]

    def _check(self, request):
        if not request.user.has_perm("official.add_officialimport"):
            raise PermissionDenied

    def import_view(self, request):
        self._check(request)
        form = OfficialImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = official_import_start(upload=form.cleaned_data["file"], options=form.options(), user=request.user)
            return redirect("admin:official_officialimport_job", job.pk)
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta, "title": _("Import a list"),
                   "changelist_url": reverse("admin:official_officiallist_changelist")}
        return render(request, "admin/official/officiallist/import.html", context, status=400 if form.errors else 200)

    def job_view(self, request, pk: int):
        self._check(request)
        job = get_object_or_404(OfficialImport, pk=pk)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Importing a list"),
                   **job_page_context(job, status_url=reverse("admin:official_officialimport_status", args=[pk]),
                                      list_url_name="admin:official_officiallist_change")}
        return render(request, "admin/official/officiallist/job.html", context)

    def job_status_view(self, request, pk: int):
        self._check(request)
        return JsonResponse(job_status(get_object_or_404(OfficialImport, pk=pk)))
