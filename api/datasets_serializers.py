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


class DatasetReleaseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

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

