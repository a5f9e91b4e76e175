"""Tokens for API clients: username and password in, ``{"token": …}`` out; send it as
``Authorization: Token …``. Session login (the site's own pages) works beside it.

A username and password that do not match answer 401 (with ``WWW-Authenticate: Token``), not
DRF's 400: the request is well formed, its credentials are wrong. The body is DRF's own,
``{"non_field_errors": ["Unable to log in with provided credentials."]}``."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import AuthenticationFailed, ValidationError

from .throttling import AuthThrottle

WRONG_CREDENTIALS = "authorization"  # AuthTokenSerializer's code for them


class TokenObtainView(ObtainAuthToken):
    throttle_classes = [AuthThrottle]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            if error.get_codes() == {"non_field_errors": [WRONG_CREDENTIALS]}:
                raise AuthenticationFailed(error.detail) from None
            raise

    def get_authenticate_header(self, request):
        return 'Token realm="api"'
