"""Tokens for API clients: username and password in, ``{"token": …}`` out; send it as
``Authorization: Token …``. Session login (the site's own pages) works beside it."""

from rest_framework.authtoken.views import ObtainAuthToken

from .throttling import AuthThrottle


class TokenObtainView(ObtainAuthToken):
    throttle_classes = [AuthThrottle]
