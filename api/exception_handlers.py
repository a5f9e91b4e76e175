"""The one place where errors raised below the HTTP layer become API answers.

Views call services and let them raise; this handler, set as DRF's EXCEPTION_HANDLER, turns
what they raise into the documented JSON errors, in the request's language:

* Django's ``ValidationError`` (a model's ``full_clean``, a service refusing its input) → 400,
  ``{"field": ["message", …]}``, ``non_field_errors`` for what no single field is to blame for;
* a moderation ``Conflict`` (already decided, another moderator has the report open) → 409,
  ``{"detail": "…", "code": "…"}``;
* a photo the pipeline will not take → 413 too large, 415 not a photo we take, 400 otherwise,
  ``{"photos": ["…"]}``;
* a download filter that is not one → 400 naming each parameter.

Two kinds of validation error are not the request's form: a value that names something that does
not exist (``?area=`` a district there is none of, the camera to merge into; code ``not_found``)
and a request the state of the cameras or reports refuses (a camera already merged; code
``conflict``, moderation/errors.py). When every error of a request is of one of these kinds, the
answer is 404 or 409, still naming each field; mixed with a plain bad value, it is 400. Everything
else is DRF's own handling.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cameramap.datasets.filters import FilterError
from cameramap.moderation.errors import REFUSED, Conflict
from cameramap.photos import PhotoError

from .errors import RefusedError, photo_error


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        # A model's clean() names what no single field is to blame for __all__; the API's name for
        # it is DRF's (non_field_errors), as for its own serializers.
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PhotoError):
        exc = photo_error(exc)
    elif isinstance(exc, FilterError):
        exc = exceptions.ValidationError({field: [ErrorDetail(message, code=code) for message, code in
                                                  zip(messages, exc.codes[field], strict=True)]
                                          for field, messages in exc.errors.items()})
    elif isinstance(exc, Conflict):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, exceptions.ValidationError):
        codes = _codes(exc.get_codes())
        if codes == {NOT_FOUND}:
            exc = exceptions.NotFound(exc.detail)
        elif codes == {REFUSED}:
            exc = RefusedError(exc.detail)
    return drf_exception_handler(exc, context)


NOT_FOUND = "not_found"


def _codes(codes) -> set[str]:
    """Every code in DRF's nested codes (a code, or lists and dicts of them)."""
    if isinstance(codes, dict):
        return set().union(*(_codes(value) for value in codes.values()))
    if isinstance(codes, list):
        return set().union(*(_codes(value) for value in codes))
    return {codes}
