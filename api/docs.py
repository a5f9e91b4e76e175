"""``/api/v1/docs/``: Swagger UI under the site's own Content-Security-Policy.

drf-spectacular's page writes Swagger UI's start-up code and a few styles inline, which the
policy (``script-src 'self'; style-src 'self'``) rightly refuses: the page stayed blank. This
one serves the same Swagger UI (drf-spectacular-sidecar's files, from our own static files) and
starts it from a static module, static/cameramap/api-docs.js, that reads its settings from a
JSON block: nothing on the page is inline, and the policy stays as strict as everywhere else."""

from django.middleware.csrf import get_token
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.response import Response


class ApiDocsView(SpectacularSwaggerView):
    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        config = {
            "url": self._get_schema_url(request),
            # Sent by "Try it out" on the writes, for a moderator signed in with a session.
            "csrfHeader": self._get_csrf_header_name(),
            "csrfToken": get_token(request),
            "settings": spectacular_settings.SWAGGER_UI_SETTINGS,
        }
        return Response(
            data={
                "title": self.title,
                "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
                "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
                "favicon_href": self._swagger_ui_favicon(),
                "config": config,
            },
            template_name=self.template_name,
        )
