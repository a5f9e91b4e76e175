from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from cameramap.cameras.areas import districts
from cameramap.datasets.models import Dossier, DossierVisibility
from cameramap.official.models import OfficialList


class DossierRequestSerializer(serializers.Serializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=districts(), required=False, allow_null=True,
                                        help_text="A district's slug; leave out (or null) for the whole city.")
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])
    visibility = serializers.ChoiceField(choices=DossierVisibility.values, default=DossierVisibility.PUBLIC)
    camera_pages = serializers.BooleanField(default=False, help_text="One page per camera with its photos, sightings and history.")
    official_list = serializers.PrimaryKeyRelatedField(
        queryset=OfficialList.objects.all(), required=False, allow_null=True,
        help_text="An official list's id: the dossier then carries its comparison (declared, found, not found, not declared).")


class DossierSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    area_name = serializers.CharField(source="area.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Dossier
        fields = ["id", "url", "area", "area_name", "language", "visibility", "camera_pages", "official_list", "status", "progress",
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
