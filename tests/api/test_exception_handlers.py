"""api/exception_handlers.py: what the layers below the API raise becomes the documented JSON
errors — the same shapes whichever view the error comes through."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from cameramap.moderation.errors import Conflict
from cameramap.photos import PhotoTooLarge


def answer(error: Exception):
    class Raising(APIView):
        def get(self, request):
            raise error

    return Raising.as_view()(APIRequestFactory().get("/"))


@pytest.mark.parametrize(
    "error, status, body",
    [
        (ValidationError({"camera": "There is no camera 9."}), 400, {"camera": ["There is no camera 9."]}),
        (ValidationError({NON_FIELD_ERRORS: ["Two fields disagree."]}), 400, {"non_field_errors": ["Two fields disagree."]}),
        (ValidationError("Nothing to blame a field for."), 400, {"non_field_errors": ["Nothing to blame a field for."]}),
        (Conflict("Already decided.", code="decided"), 409, {"detail": "Already decided.", "code": "decided"}),
        (PhotoTooLarge(), 413, {"photos": ["The photo is too large."]}),
    ],
)
def test_errors_from_below_become_the_documented_bodies(error, status, body):
    response = answer(error)
    assert response.status_code == status
    assert response.data == body
