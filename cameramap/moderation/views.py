"""The moderator pages under /moderate/: the queue, one camera (merge and split), the audit trail
(one report under review is in review_views.py). Views parse the request, call a service or
selector, and render or redirect."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cameramap.cameras.models import Camera, Photo, Report
from cameramap.cameras.storage import stored_file_response

from . import selectors, services
from .checks import FLAG_LABELS, PrecheckResults
from .errors import Conflict
from .forms import AuditFilterForm, CameraMergeForm, SplitForm
from .page_data import camera_merge_page_data, camera_page_data

QUEUE_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50


def moderator_required(view):
    """Login first; then only moderators (and superusers): others get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.is_moderator(request.user):
            raise PermissionDenied(_("Only moderators can see this page."))
        return view(request, *args, **kwargs)

    return wrapper


def form_errors(form) -> str:
    return " ".join(f"{form.fields[f].label if f in form.fields else f}: {' '.join(e)}" for f, e in form.errors.items())


def error_text(error: ValidationError | Conflict) -> str:
    """A refusal as one sentence for the page (``messages`` flattens a per-field error too)."""
    return error.message if isinstance(error, Conflict) else " ".join(error.messages)


@require_GET
@moderator_required
def queue(request):
    reports = selectors.reports_for_moderation()
    page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(report, PrecheckResults.from_json(report.prechecks)) for report in page.object_list]
    return render(request, "moderation/queue.html", {
        "page": page, "rows": rows, "counts": selectors.queue_counts(), "flag_labels": FLAG_LABELS, "now": timezone.now(),
    })


@require_GET
@moderator_required
def report_next(request):
    after = Report.objects.filter(pk=request.GET.get("after")).first() if request.GET.get("after", "").isdigit() else None
    report = selectors.report_next_for(request.user, after=after)
    if report is None:
        messages.info(request, _("The queue is empty. Thank you!"))
        return redirect("moderation:queue")
    return redirect("moderation:report", pk=report.pk)


@require_GET
@moderator_required
def camera_detail(request, pk: int):
    camera = get_object_or_404(Camera, pk=pk)
    survivor = Camera.objects.resolve(camera.pk)  # None on a loop of merges: the page shows this one
    if camera.merged_into_id is not None and survivor is not None:
        messages.info(request, _("Camera %(old)s was merged into camera %(new)s.") % {"old": pk, "new": survivor.pk})
        return redirect("moderation:camera", pk=survivor.pk)
    context = camera_page_data(camera)
    context.update({"split_form": SplitForm(camera=camera)})
    return render(request, "moderation/camera.html", context)


@require_http_methods(["GET", "POST"])
@moderator_required
def camera_merge(request, pk: int):
    """Two steps: GET shows what merging camera ``pk`` into ``into`` will do and asks for the
    choices and the confirmation; the POST of that form merges. A POST without the preview's
    digest has not been looked at: it is shown the preview instead."""
    camera = get_object_or_404(Camera, pk=pk)
    form = CameraMergeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("moderation:camera", pk=pk)
    into = form.cleaned_data["into"]
    preview_url = f"{reverse('moderation:camera_merge', kwargs={'pk': pk})}?into={into.pk}"
    if request.method == "GET":
        try:
            preview = selectors.camera_merge_preview(camera=camera, into=into)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("moderation:camera", pk=pk)
        return render(request, "moderation/merge.html", camera_merge_page_data(camera, into, preview))
    if not form.cleaned_data["digest"]:
        messages.info(request, _("Look at what the merge will do, then confirm it."))
        return redirect(preview_url)
    try:
        target = services.camera_merge(camera=camera, into=into, moderator=request.user,
                                       choices=form.choices(), digest=form.cleaned_data["digest"])
    except Conflict as error:
        messages.error(request, error.message)
        return redirect(preview_url)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("moderation:camera", pk=pk)
    messages.success(request, _("Camera %(old)s merged into camera %(new)s.") % {"old": pk, "new": target.pk})
    return redirect("moderation:camera", pk=target.pk)


@require_POST
@moderator_required
def camera_split(request, pk: int):
    camera = get_object_or_404(Camera, pk=pk)
    form = SplitForm(request.POST, camera=camera)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("moderation:camera", pk=pk)
    try:
        new = services.camera_split(camera=camera, reports=list(form.cleaned_data["reports"]), moderator=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("moderation:camera", pk=pk)
    messages.success(request, _("Camera %(new)s split out of camera %(old)s.") % {"old": pk, "new": new.pk})
    return redirect(reverse("moderation:camera", kwargs={"pk": new.pk}))


@require_GET
@moderator_required
def audit(request):
    form = AuditFilterForm(request.GET)
    events = selectors.audit_events(**form.cleaned_data) if form.is_valid() else []
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/audit.html", {"form": form, "page": page})


@require_GET
def photo_unblurred(request, pk: int):
    """The unblurred processed image of a photo, for the moderator checking its blurring: never
    cached, never shown to anyone else (403 without a moderator's login, even for a link)."""
    if not selectors.is_moderator(request.user):
        raise PermissionDenied(_("Only moderators can see this page."))
    photo = get_object_or_404(Photo.objects.exclude(unblurred=""), pk=pk)
    storage, name = photo.unblurred.storage, photo.unblurred.name
    try:
        if not storage.exists(name):
            raise FileNotFoundError(name)
        # On object storage, a redirect to a URL signed for S3_SIGNED_URL_SECONDS.
        response = stored_file_response(storage, name, content_type="image/jpeg", as_attachment=False)
    except FileNotFoundError as error:  # deleted by the decision meanwhile
        raise Http404 from error
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
