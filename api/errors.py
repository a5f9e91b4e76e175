"""Errors the API answers with. Every body names the field it is about, in DRF's usual shape
``{"field": ["message", …]}`` (``detail`` when no field is to blame), in the request's language.
exception_handlers.py raises these for what the layers below raise."""

from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from cameramap.photos import PhotoError, PhotoTooLarge, PhotoUnsupported


class PhotoTooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class PhotoUnsupportedError(APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_code = "unsupported"


class RequestTooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class RefusedError(APIException):
    """Well formed, but refused by the state of the cameras or reports: 409, naming the field."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def photo_error(error: PhotoError, field: str = "photos") -> APIException:
    """413 for a file too large, 415 for what is not a photo we take, 400 for the rest
    (damaged, too many pixels)."""
    detail = {field: [str(error.message)]}
    if isinstance(error, PhotoTooLarge):
        return PhotoTooLargeError(detail, code=error.code)
    if isinstance(error, PhotoUnsupported):
        return PhotoUnsupportedError(detail, code=error.code)
    return ValidationError(detail, code=error.code)
