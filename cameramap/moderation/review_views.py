"""One report under review on the moderator pages: the page, the decisions, "Keep it for me" and
"Skip". Views parse the request, call a service, and redirect with what happened.

A report becomes a moderator's (the review lock) when they act on it — a decision attempt or
"Keep it for me" — never when they merely open it: after a decision the next report opens free,
and a moderator who walks away from it keeps it from nobody (docs/moderation.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Report

from . import selectors, services
from .errors import Conflict
from .forms import ApproveForm, CameraChoiceForm, RejectForm
from .page_data import report_page_data
from .views import error_text, form_errors, moderator_required


def _hold(request, report: Report) -> None:
    """The moderator has started acting on the report (a decision attempt, "Keep it"): it becomes
    theirs for REVIEW_LOCK_S, or their hold is extended, so that nobody else decides it while they
    correct what was refused. Only opening the page holds nothing: a moderator who walks away
    leaves the report free. Conflict, naming the holder, when someone else has it."""
    if report.status == v.ReportStatus.PENDING:  # else the decision itself says it was decided already
        services.review_lock_take(report=report, moderator=request.user)


# A refused rejection keeps what the moderator chose and wrote: the report page is shown again
# (after a redirect, like every answer to a form here) with the draft from the session.
DRAFT_KEY = "moderation_reject_draft"
DRAFT_MAX_CHARS = 10_000


def _draft_keep(request, pk: int) -> None:
    request.session[DRAFT_KEY] = {
        "report": pk, "reason": request.POST.get("reason", "")[:100], "text": request.POST.get("text", "")[:DRAFT_MAX_CHARS],
    }


def _draft_take(request, pk: int) -> dict:
    draft = request.session.pop(DRAFT_KEY, None)
    if not draft or draft.get("report") != pk:
        return {}
    return {"reason": draft.get("reason", ""), "text": draft.get("text", "")}


def _decide(request, pk: int, form_class, decision, message, *, keep_draft: bool = False):
    """Take the report (``_hold``), check the decision's form, then run its service: on success go
    on to the next report, on a bad form or a refusal back to this one with the reason (and, with
    ``keep_draft``, what was typed). ``decision(report, cleaned_data)`` calls the service;
    ``message(result)`` says what was done."""
    report = get_object_or_404(Report, pk=pk)
    form = form_class(request.POST)
    try:
        _hold(request, report)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        result = decision(report, form.cleaned_data)
    except (ValidationError, Conflict) as error:
        messages.error(request, error_text(error))
        if keep_draft:
            _draft_keep(request, pk)
        return redirect("moderation:report", pk=report.pk)
    messages.success(request, message(result))
    return redirect("moderation:next")


@require_GET
@moderator_required
def report_review(request, pk: int):
    """One report. Opening it holds nothing (``_hold`` does, when the moderator acts); the page
    says whether someone else has it (then it is read-only) or whether it is this moderator's."""
    report = get_object_or_404(Report.objects.select_related("camera", "contributor").prefetch_related("photos"), pk=pk)
    lock_error, my_lock = None, None
    if report.status == v.ReportStatus.PENDING:
        lock = selectors.review_lock_of(report)
        if lock is not None and lock.moderator_id != request.user.pk:
            lock_error = services.review_lock_message(lock)
        my_lock = lock if lock is not None and lock.moderator_id == request.user.pk else None
    context = report_page_data(report)
    context.update({
        "lock_error": lock_error, "my_lock": my_lock, "reject_form": RejectForm(initial=_draft_take(request, pk)),
        "can_attach": context["is_pending"] and not lock_error and report.kind in (v.ReportKind.NEW, v.ReportKind.CONFIRM),
    })
    return render(request, "moderation/report.html", context)


@require_POST
@moderator_required
def report_keep(request, pk: int):
    """Keep it for me: the report is this moderator's for a few minutes before any decision."""
    report = get_object_or_404(Report, pk=pk)
    if report.status != v.ReportStatus.PENDING:
        return redirect("moderation:report", pk=pk)  # the page says how it was decided
    try:
        _hold(request, report)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("Report %(report)s is yours for a few minutes: nobody else can decide it meanwhile.")
                      % {"report": pk})
    return redirect("moderation:report", pk=pk)


@require_POST
@moderator_required
def report_approve(request, pk: int):
    return _decide(
        request, pk, ApproveForm,
        lambda report, data: services.report_approve(report=report, moderator=request.user, fields=data["fields"] or None),
        lambda camera: _("Report %(report)s approved: camera %(camera)s.") % {"report": pk, "camera": camera.pk},
    )


@require_POST
@moderator_required
def report_attach(request, pk: int):
    return _decide(
        request, pk, CameraChoiceForm,
        lambda report, data: services.report_attach(report=report, camera=data["camera"], moderator=request.user),
        lambda joined: _("Report %(report)s attached to camera %(camera)s.") % {"report": pk, "camera": joined.pk},
    )


@require_POST
@moderator_required
def report_reject(request, pk: int):
    return _decide(
        request, pk, RejectForm,
        lambda report, data: services.report_reject(report=report, moderator=request.user, reason=data["reason"], text=data["text"]),
        lambda _report: _("Report %(report)s rejected.") % {"report": pk},
        keep_draft=True,
    )


@require_POST
@moderator_required
def report_release(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    services.review_lock_release(report=report, moderator=request.user)
    messages.info(request, _("Report %(report)s is back in the queue.") % {"report": pk})
    if request.POST.get("then") == "next":
        return redirect(f"{reverse('moderation:next')}?after={pk}")
    return redirect("moderation:queue")
