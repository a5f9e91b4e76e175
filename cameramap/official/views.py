"""The moderator pages for official lists under /moderate/official/: the lists and their figures,
the upload with its progress, one list's probable matches to decide and unlocated entries to
place by hand. Views parse the request, call a service or selector, and render or redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cameramap.moderation.page_data import _tiles
from cameramap.moderation.views import moderator_required

from . import review
from .figures import district_figures, list_figures
from .forms import OfficialImportForm, PlaceForm, RejectMatchForm
from .jobs import job_page_context, job_status, official_import_start
from .models import MatchStatus, OfficialEntry, OfficialImport, OfficialList

SHOWN = 200  # entries of one kind listed on a list's page


@require_GET
@moderator_required
def lists(request):
    rows = [(official_list, list_figures(official_list)) for official_list in OfficialList.objects.select_related("area")]
    jobs = OfficialImport.objects.select_related("official_list")[:10]
    return render(request, "official/lists.html", {"rows": rows, "jobs": jobs})


@require_http_methods(["GET", "POST"])
@moderator_required
def upload(request):
    form = OfficialImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = official_import_start(upload=form.cleaned_data["file"], options=form.options(), user=request.user)
        return redirect("official:job", job.pk)
    return render(request, "official/upload.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@moderator_required
def job(request, pk: int):
    found = get_object_or_404(OfficialImport, pk=pk)
    return render(request, "official/job.html", job_page_context(found, status_url=reverse("official:job_status", args=[pk]),
                                                                 list_url_name="official:list"))


@require_GET
@moderator_required
def job_status_view(request, pk: int):
    return JsonResponse(job_status(get_object_or_404(OfficialImport, pk=pk)))


@require_GET
@moderator_required
def list_detail(request, pk: int):
    official_list = get_object_or_404(OfficialList.objects.select_related("area", "previous"), pk=pk)
    entries = official_list.entries.select_related("camera")
    return render(request, "official/list.html", {
        "list": official_list, "figures": list_figures(official_list), "districts": district_figures(official_list),
        "probable": entries.filter(status=MatchStatus.PROBABLE).order_by("row")[:SHOWN],
        "unlocated": entries.filter(status=MatchStatus.UNLOCATED).order_by("row")[:SHOWN],
    })


def _back(entry: OfficialEntry):
    return redirect(reverse("official:list", args=[entry.official_list_id]) + "#probable")


@require_POST
@moderator_required
def entry_confirm(request, pk: int):
    entry = get_object_or_404(OfficialEntry, pk=pk)
    try:
        review.entry_confirm(entry=entry, moderator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Entry %(ref)s is camera %(camera)s.") % {"ref": entry.ref, "camera": entry.camera_id})
    return _back(entry)


@require_POST
@moderator_required
def entry_reject(request, pk: int):
    entry = get_object_or_404(OfficialEntry, pk=pk)
    form = RejectMatchForm(request.POST)
    try:
        review.entry_reject(entry=entry, moderator=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Entry %(ref)s is not camera %(camera)s.") % {"ref": entry.ref, "camera": entry.camera_id})
    return _back(entry)


@require_http_methods(["GET", "POST"])
@moderator_required
def entry_place(request, pk: int):
    entry = get_object_or_404(OfficialEntry.objects.select_related("official_list"), pk=pk)
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placed = review.entry_place(entry=entry, lon=form.cleaned_data["lon"], lat=form.cleaned_data["lat"], moderator=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entry %(ref)s is placed: %(status)s.") % {"ref": placed.ref, "status": placed.get_status_display()})
            return redirect(reverse("official:list", args=[entry.official_list_id]) + "#unlocated")
    coverage = entry.official_list.coverage
    centre = coverage.centroid if coverage is not None else None
    neighbours = entry.official_list.entries.filter(location__isnull=False).order_by("row")[:500]
    map_data = {
        "tiles": _tiles(),
        "centre": [centre.y, centre.x] if centre is not None else None,
        "entry": [entry.location.y, entry.location.x] if entry.location else None,
        "others": [[e.location.y, e.location.x, e.ref] for e in neighbours],
    }
    return render(request, "official/place.html", {"entry": entry, "form": form, "map_data": map_data},
                  status=400 if form.errors else 200)
