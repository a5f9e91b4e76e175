from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from cameramap.cameras.areas import districts
from cameramap.datasets.models import Dossier, DossierVisibility
from cameramap.timeline.selectors import as_of_parse


class DossierRequestSerializer(serializers.Serializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=districts(), required=False, allow_null=True,
                                        help_text="A district's slug; leave out (or null) for the whole city.")
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])
    visibility = serializers.ChoiceField(choices=DossierVisibility.values, default=DossierVisibility.PUBLIC)
    camera_pages = serializers.BooleanField(default=False, help_text="One page per camera with its photos, sightings and history.")
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

    class Meta:
        model = Dossier
        fields = ["id", "url", "area", "area_name", "language", "visibility", "camera_pages", "as_of", "status", "progress",
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
