"""Our 400, 403, 404 and 500 pages (and the 403 of a form sent without its CSRF token): in the
reader's language, inside the site's header and footer, with a sentence that helps — specific
where the address tells us what the person was looking for. Paths under /api/ answer JSON, as
the API's own errors do.

The 404 and 403 pages are rendered like any page. The 500 and 400 pages are not: Django's own
``server_error`` and ``bad_request`` render without a RequestContext, and so do these — no
context processor runs, because the one that failed (the session, the user, the database) may be
why we are here, and a 400 may be a request whose host header is refused, which anything that
builds a URL would raise on again. They get, by hand, what base.html needs and can be known
without any of that. The language is the request's: LocaleMiddleware chose it before the view
ran, and the error handler runs inside the middleware."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cameramap.converters import url_template

log = logging.getLogger(__name__)
TEMPLATE = "web/error.html"
API_PREFIX = "/api/"

# What the person may have been looking for, by the address's first segment. The segments come
# from the URLconf, so a renamed path keeps its sentence.
RECEIPT = "receipt"
CAMERA = "camera"


def _prefix(viewname: str, **placeholders: str) -> str:
    return url_template(viewname, **placeholders).split("{", 1)[0]


def _context_of(path: str) -> str | None:
    if path.startswith(_prefix("web:report_receipt", report_id="id")):
        return RECEIPT
    if path.startswith(_prefix("web:camera", camera_id="id")):
        return CAMERA
    return None


NOT_FOUND = {
    RECEIPT: (
        gettext_lazy("This receipt link is not valid"),
        [gettext_lazy("Check that it was copied whole: the long code after “receipt=” must be there to the last "
                      "character, and a link cut short opens nothing."),
         gettext_lazy("We do not know who sent which report, so we cannot look it up for you: only the link "
                      "you were given opens it.")],
    ),
    CAMERA: (
        gettext_lazy("This camera is not on the map"),
        [gettext_lazy("There is no camera with this number: it does not exist, or it was taken off the map. "
                      "The map shows every camera we know of.")],
    ),
    None: (
        gettext_lazy("There is no page at this address"),
        [gettext_lazy("Check the address, or start from one of the pages below.")],
    ),
}


def _api_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _page(request, *, status: int, title, paragraphs, action=None, request_context: bool = True) -> HttpResponse:
    """``action``: (label, url) of the one thing most likely to help, shown first."""
    context = {"status": status, "title": title, "paragraphs": paragraphs, "action": action}
    if request_context:
        return HttpResponse(loader.render_to_string(TEMPLATE, context, request=request), status=status)
    return HttpResponse(_render_plain(request, context), status=status)


def _render_plain(request, context: dict) -> str:
    """The page without a RequestContext: only what base.html reads, from settings and the
    request object itself. Should even that fail, a line of text in the reader's language."""
    context = {
        **context, "request": request, "SITE_NAME": settings.SITE_NAME, "DATASET_LICENCE": settings.DATASET_LICENCE,
        "LANGUAGES": settings.LANGUAGES,
    }
    try:
        context["csrf_token"] = get_token(request)  # the language switcher is a form
        return loader.get_template(TEMPLATE).render(context)
    except Exception:  # the page of last resort must not fail in turn
        log.exception("the error page could not be rendered")
        return f"{context['title']}. {' '.join(str(p) for p in context['paragraphs'])}"


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return _api_error(_("Not found."), 404)
    title, paragraphs = NOT_FOUND[_context_of(request.path)]
    return _page(request, status=404, title=title, paragraphs=paragraphs)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _api_error(_("Something went wrong on our side. Please try again in a minute."), 500)
    return _page(request, status=500, title=_("Something went wrong on our side"), request_context=False, paragraphs=[
        _("It is not something you did. The error has been logged for the people who run this site."),
        _("Please try again in a minute."),
    ])


def permission_denied(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return _api_error(_("You do not have permission to do this."), 403)
    login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    return _page(request, status=403, title=_("This page is not open to you"), action=(_("Log in"), login), paragraphs=[
        _("Some pages are for the site's moderators only. If you are one, log in with your moderator account."),
    ])


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return _api_error(_("The request could not be understood."), 400)
    return _page(request, status=400, title=_("The request could not be understood"), request_context=False, paragraphs=[
        _("Your browser sent something this site cannot read. Go back and try again, or start from one of the "
          "pages below."),
    ])


def csrf_failure(request, reason=""):
    """A form sent without the token that proves it came from our page: cookies are off, or the
    page was open so long that the token changed (after a login in another tab)."""
    if request.path.startswith(API_PREFIX):
        return _api_error(_("The form's security token is missing or out of date. Reload the page and try again."), 403)
    return _page(request, status=403, title=_("The form could not be sent"), paragraphs=[
        _("Its security token is missing or out of date: the page was open for a long time, or this browser "
          "does not keep cookies for this site. Go back, reload the page and send it again."),
    ])
