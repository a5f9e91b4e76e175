"""The public shape of a camera: a GeoJSON Feature (RFC 7946, lon/lat), ``id`` at the feature's
top level, the fields of ``CAMERA_PUBLIC_FIELDS`` as properties, plus ``url`` (the camera page).

``CameraFeatureSerializer`` is the reference: it documents the API (OpenAPI) and serializes one
camera. Lists of thousands go through ``camera_features``, which builds exactly the same
dicts from plain database rows (a test holds the two equal; benchmarks/ measures the gain).
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from cameramap.cameras.models import Camera, Photo
from cameramap.cameras.selectors import CAMERA_PUBLIC_FIELDS, camera_photos
from cameramap.timeline.selectors import camera_photos_as_of
from cameramap.converters import url_template
from cameramap.exposure.selectors import camera_fov_geojson, camera_fov_geojson_as_of


class CameraFeatureSerializer(GeoFeatureModelSerializer):
    sightings = serializers.IntegerField(source="confirmations", read_only=True,
                                         help_text="Independent sightings, the first one included.")
    url = serializers.SerializerMethodField(help_text="The camera's public page.")
    verified = serializers.BooleanField(
        read_only=True, help_text="A moderator accepted a sighting by our volunteers; false: imported from an outside source only."
    )
    facial_recognition_evidence = serializers.CharField(
        read_only=True, help_text="A link to evidence of facial recognition (a URL), or empty."
    )

    class Meta:
        model = Camera
        geo_field = "location"
        fields = (*CAMERA_PUBLIC_FIELDS, "url")
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, camera: Camera) -> str:
        return camera_page_url(self.context.get("request"), camera.id)


class PhotoPublicSerializer(serializers.ModelSerializer):
    """A processed photo: URLs and pixel size only; never the photo's GPS, heading or time."""

    image = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ("id", "image", "thumbnail", "width", "height")

    def _absolute(self, field) -> str | None:
        if not field:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request else field.url

    def get_image(self, photo: Photo) -> str | None:
        return self._absolute(photo.image)

    def get_thumbnail(self, photo: Photo) -> str | None:
        return self._absolute(photo.thumbnail or photo.image)


class CameraDetailSerializer(CameraFeatureSerializer):
    photos = serializers.SerializerMethodField()
    fov = serializers.SerializerMethodField(
        help_text="The camera's field of view (docs/exposure.md) as a GeoJSON MultiPolygon; null when not computed "
                  "yet or when the model gives the camera none (indoor, guard, gunshot detector). With as_of, the "
                  "field of view it had that day, computed from that day's version."
    )

    class Meta(CameraFeatureSerializer.Meta):
        fields = (*CameraFeatureSerializer.Meta.fields, "photos", "fov")
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True})
    def get_fov(self, camera: Camera) -> dict | None:
        if self.context.get("as_of"):
            return camera_fov_geojson_as_of(camera)  # the camera as it stood and was turned that day
        return camera_fov_geojson(camera.id)

    @extend_schema_field(PhotoPublicSerializer(many=True))
    def get_photos(self, camera: Camera) -> list[dict]:
        as_of = self.context.get("as_of")
        photos = camera_photos_as_of(camera, as_of) if as_of else camera_photos(camera)
        return PhotoPublicSerializer(photos, many=True, context=self.context).data


def camera_page_url(request, camera_id: int) -> str:
    """The camera page's URL, absolute when there is a request."""
    path = reverse("web:camera", args=[camera_id])
    return request.build_absolute_uri(path) if request is not None else path


def camera_page_url_parts(request) -> tuple[str, str]:
    """The camera page's URL before and after the id, for a list to join around each id."""
    before, after = url_template("web:camera", camera_id="id").split("{id}")
    return (request.build_absolute_uri(before) if request is not None else before), after


def camera_features(rows, request) -> list[dict]:
    """GeoJSON Features from ``selectors.camera_rows`` rows, equal to what
    CameraFeatureSerializer prints for the same cameras."""
    names = CAMERA_PUBLIC_FIELDS[1:]
    before, after = camera_page_url_parts(request)  # once, not per camera
    features = []
    for row in rows:
        camera_id, *values, lon, lat = row
        properties = dict(zip(names, values))
        for day in ("first_seen", "last_confirmed", "verified_on"):
            properties[day] = properties[day].isoformat() if properties[day] is not None else None
        properties["url"] = f"{before}{camera_id}{after}"
        features.append(
            {"id": camera_id, "type": "Feature",
             "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": properties}
        )
    return features
