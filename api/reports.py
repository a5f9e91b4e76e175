"""Reports from volunteers: submit (multipart, within the report limits) and follow with the receipt."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.types import OpenApiTypes
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.cameras.services.receipts import report_by_receipt
from cameramap.cameras.services.reports import report_submit

from .errors import RequestTooLargeError
from .report_limits import EVENT_CODE_HEADER, INSTALL_KEY_HEADER, report_limits
from .report_serializers import IDEMPOTENCY_KEY, ReportCreatedSerializer, ReportCreateSerializer, ReportStatusSerializer


class ReportCreateView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ReportCreateSerializer},
        responses={201: ReportCreatedSerializer, 200: ReportCreatedSerializer},
        parameters=[
            OpenApiParameter(
                INSTALL_KEY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, pattern=IDEMPOTENCY_KEY.pattern,
                description="A random key the client makes for itself: reports are limited per key as well as per "
                "address. Never stored."),
            OpenApiParameter(
                EVENT_CODE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                description="A mapping-event code from the organisers: higher limits while the event runs; 400 "
                "(`event_code`) when it is not valid now."),
        ],
        summary="Submit a camera report",
        description="201 with the new report; 200 with the first report when `idempotency_key` was seen before. "
        "413 photo too large, 415 not a photo we take, 400 anything else (by field), 429 over a limit: Retry-After, "
        "and `limit` says which (phone, account, address, event, attempts). Only new reports (201) count.",
    )
    def post(self, request):
        limits = report_limits(request)
        serializer = ReportCreateSerializer(data=_form_data(request))
        serializer.is_valid(raise_exception=True)
        contributor = request.user if request.user.is_authenticated else None
        report, created = report_submit(contributor=contributor, **serializer.service_kwargs())
        if created:
            limits.spend()
        return Response(
            ReportCreatedSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


def _form_data(request):
    """The parsed form, with Django's own limits on uploads answered in JSON like the rest."""
    try:
        return request.data
    except TooManyFilesSent as error:
        raise ValidationError(
            {"photos": [_("At most %(max)d photos per report.") % {"max": settings.PHOTOS_PER_REPORT}]}
        ) from error
    except TooManyFieldsSent as error:
        raise ValidationError({"detail": _("Too many form fields.")}) from error
    except RequestDataTooBig as error:
        raise RequestTooLargeError(
            {"detail": _("The form's text fields are too large; photos belong in the photos field.")}
        ) from error


class ReportStatusView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("receipt", str, required=True, description="The receipt given at submission.")],
        responses={200: ReportStatusSerializer},
        summary="Status of one's own report",
        description="404 unless the receipt matches (or the report is the logged-in user's own).",
    )
    def get(self, request, pk: int):
        report = report_by_receipt(report_id=pk, receipt=request.query_params.get("receipt", ""), user=request.user)
        if report is None:
            raise NotFound()
        return Response(ReportStatusSerializer(report).data)
