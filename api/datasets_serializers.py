from django.urls import reverse
from rest_framework import serializers

from cameramap.datasets.models import DatasetRelease


class DatasetFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    format = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ReleaseCountsSerializer(serializers.Serializer):
    """What a release holds (empty while it is being built; releases built before the verified
    column have no ``verified``, ``imported`` or ``imported_by_source``)."""

    cameras = serializers.IntegerField(required=False, help_text="Cameras in the release.")
    verified = serializers.IntegerField(required=False, help_text="Of them, verified: a volunteer's sighting "
                                                                  "accepted by a moderator.")
    imported = serializers.IntegerField(required=False, help_text="Of them, imported: known only from an outside "
                                                                  "source, not yet seen by our volunteers.")
    imported_by_source = serializers.DictField(child=serializers.IntegerField(), required=False,
                                               help_text="The imported cameras by source (osm, official, crowd).")
    by_source = serializers.DictField(child=serializers.IntegerField(), required=False,
                                      help_text="All cameras by source.")
    by_status = serializers.DictField(child=serializers.IntegerField(), required=False,
                                      help_text="All cameras by status (present, covered, removed).")
    osm_linked = serializers.IntegerField(required=False, help_text="Cameras linked to an OpenStreetMap element.")


class DatasetReleaseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    counts = ReleaseCountsSerializer(read_only=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100, help_text="Percent done while building.")

    class Meta:
        model = DatasetRelease
        fields = ["version", "url", "status", "progress", "created_at", "finished_at", "counts", "licence",
                  "attribution", "checksum", "files", "changelog", "error"]

    def get_url(self, release) -> str:
        return self._absolute(reverse("datasets-release", args=[release.version]))

    def get_files(self, release) -> list[dict]:
        files = []
        for name, info in (release.files or {}).items():
            url = self._absolute(reverse("datasets-file", args=[release.version, name]))
            files.append({"name": name, "url": url, **{k: info[k] for k in ("format", "media_type", "size", "sha256")}})
        return DatasetFileSerializer(files, many=True).data

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

