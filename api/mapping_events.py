"""A phone checks a mapping-event code once, when the volunteer enters it, and keeps the event's
name and times; its reports then carry the code (api/report_limits.py)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.moderation.models import MappingEvent
from cameramap.moderation.services import mapping_event_for_code

from .throttling import EventCodeThrottle


class EventCodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=32, help_text=_("As the organisers gave it: case, spaces and hyphens do not matter."))


class MappingEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MappingEvent
        fields = ["code", "name", "starts_at", "ends_at"]


class EventCodeCheckView(APIView):
    parser_classes = [JSONParser, FormParser]
    throttle_classes = [EventCodeThrottle]

    @extend_schema(
        request=EventCodeSerializer,
        responses={200: MappingEventSerializer},
        summary="Check a mapping-event code",
        description="200 with the event when the code is valid now or later; 400 (`code`) when no event has it or "
        "its event is over. Throttled like password attempts (THROTTLE_AUTH).",
    )
    def post(self, request):
        serializer = EventCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            event = mapping_event_for_code(serializer.validated_data["code"], upcoming=True)
        except DjangoValidationError as error:
            raise ValidationError({"code": error.messages}) from error
        return Response(MappingEventSerializer(event).data)
