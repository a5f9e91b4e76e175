import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cameramap.cameras.areas import districts
from cameramap.datasets.models import Dossier, DossierVisibility
from cameramap.official.models import OfficialList
from cameramap.timeline.selectors import as_of_parse

from .fields import BooleanField, ChoiceField

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{0,200}$"


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN, "nullable": True})
class DistrictSlugField(serializers.SlugRelatedField):
    """A district by its slug, as the ``area`` filter takes one: a slug that names no district is
    a 404 (code ``not_found``), text that cannot be a slug a 400; empty or null is the whole city."""

    default_error_messages = {"invalid": _("An area is given by its slug: letters, digits, - and _.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=districts(), required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(SLUG_PATTERN, data):
            self.fail("invalid")
        try:
            return self.get_queryset().get(slug=data)
        except ObjectDoesNotExist:  # in the area filter's words (cameras/filters.py AreaField)
            raise serializers.ValidationError(_("There is no area “%(value)s”.") % {"value": data}, code="not_found") from None


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**31 - 1, "nullable": True})
class OfficialListIdField(serializers.PrimaryKeyRelatedField):
    """An official list by id, as the ``official_list`` filter takes one: an id that names no list
    is a 404 (code ``not_found``); empty, null, or the word ``null`` a form writes for it, is none."""

    default_error_messages = {"invalid": _("An official list is given by its id, a whole number from 1.")}

    def __init__(self, **kwargs):
        super().__init__(queryset=OfficialList.objects.all(), required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if data == "null":
            return None
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).isdecimal() \
                or not 1 <= int(data) < 2**31:
            self.fail("invalid")
        try:
            return self.get_queryset().get(pk=int(data))
        except ObjectDoesNotExist:  # in the official_list filter's words (cameras/filters.py OfficialListField)
            raise serializers.ValidationError(_("There is no official list %(value)s.") % {"value": data},
                                              code="not_found") from None


class DossierRequestSerializer(serializers.Serializer):
    area = DistrictSlugField(help_text="A district's slug; leave out (or null, or empty) for the whole city.")
    language = ChoiceField(choices=[code for code, _name in settings.LANGUAGES])
    visibility = ChoiceField(choices=DossierVisibility.values, default=DossierVisibility.PUBLIC)
    camera_pages = BooleanField(default=False, help_text="One page per camera with its photos, sightings and history.")
    official_list = OfficialListIdField(
        help_text="An official list's id: the dossier then carries its comparison (declared, found, not found, not declared).")
    as_of = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="The data as of the end of this day (YYYY-MM-DD, from the first record to today); "
                                            "leave out for the data at the build.")

    def validate_as_of(self, value):
        try:
            return as_of_parse(value.isoformat()) if value else None
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class DossierSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    area_name = serializers.CharField(source="area.name", read_only=True, default=None, allow_null=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100, help_text="Percent done while building.")

    class Meta:
        model = Dossier
        fields = ["id", "url", "area", "area_name", "language", "visibility", "camera_pages", "official_list", "as_of", "status", "progress",
                  "created_at", "finished_at", "cameras", "release_version", "size", "sha256", "download_url", "error"]

    def get_url(self, dossier) -> str:
        return self._absolute(reverse("api-dossier-detail", args=[dossier.id]))

    def get_download_url(self, dossier) -> str | None:
        if dossier.status != "ready":
            return None
        return self._absolute(reverse("api-dossier-file", args=[dossier.id]))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
