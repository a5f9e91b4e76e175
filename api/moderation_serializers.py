"""Serializers of the moderation API: the report as a moderator sees it (with the private photo
GPS and the pre-checks), and the small inputs of the decisions."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import ModerationEvent, report_history
from cameramap.cameras.models import Photo, Report
from cameramap.moderation import selectors
from cameramap.moderation.checks import PrecheckResults
from cameramap.moderation.reasons import REJECT_REASONS
from cameramap.moderation.fields import CAMERA_FIELDS

from .fields import ChoiceField
from .moderation_schemas import MERGE_CHOICES


class ModerationPhotoSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()
    exif_location = GeometryField(allow_null=True, help_text="Where the photo says it was taken (private: moderators only).")

    class Meta:
        model = Photo
        fields = ["id", "position", "state", "failure_reason", "image", "thumbnail", "width", "height", "phash", "exif_location", "exif_heading"]

    def _url(self, field) -> str | None:
        if not field:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request else field.url

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, photo) -> str | None:
        return self._url(photo.image)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_thumbnail(self, photo) -> str | None:
        return self._url(photo.thumbnail)


class ReviewLockSerializer(serializers.Serializer):
    moderator = serializers.CharField(source="moderator.username")
    expires_at = serializers.DateTimeField()


class ContributorSerializer(serializers.Serializer):
    username = serializers.CharField()
    trusted = serializers.SerializerMethodField()

    def get_trusted(self, user) -> bool:
        return selectors.is_trusted(user)


class CandidateSerializer(serializers.Serializer):
    camera = serializers.IntegerField()
    score = serializers.FloatField(help_text="Probability that the report is a sighting of this camera.")
    distance_m = serializers.FloatField()
    direction = serializers.CharField(help_text="agree, disagree or unknown")
    type = serializers.CharField()
    camera_type = serializers.CharField()
    mount = serializers.CharField()
    photo_distance = serializers.IntegerField(allow_null=True, help_text="Smallest perceptual-hash distance (bits of 64).")


class ModerationReportListSerializer(serializers.ModelSerializer):
    location = GeometryField()
    photos = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    suggestion = serializers.SerializerMethodField()
    checks_done = serializers.SerializerMethodField()
    lock = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "status", "location", "accuracy_m", "directions", "camera", "created_at",
                  "decided_at", "photos", "flags", "suggestion", "checks_done", "lock"]

    def get_photos(self, report) -> int:
        return len(report.photos.all())

    def get_flags(self, report) -> list[str]:
        return PrecheckResults.from_json(report.prechecks).flags

    def get_suggestion(self, report) -> dict | None:
        return PrecheckResults.from_json(report.prechecks).suggestion

    def get_checks_done(self, report) -> bool:
        """Photos settled and pre-checks run: the report may be approved, attached or merged."""
        return selectors.report_checks_done(report)

    @extend_schema_field(ReviewLockSerializer(allow_null=True))
    def get_lock(self, report):
        lock = getattr(report, "review_lock", None)  # the missing reverse one-to-one is an AttributeError
        if lock is None or lock.expires_at <= timezone.now():
            return None
        return ReviewLockSerializer(lock).data


class ModerationEventSerializer(serializers.ModelSerializer):
    moderator = serializers.SerializerMethodField()

    class Meta:
        model = ModerationEvent
        fields = ["id", "action", "report", "camera", "moderator", "reason", "data", "created_at"]

    def get_moderator(self, event) -> str | None:
        return event.moderator.get_username() if event.moderator_id else None


class ModerationReportSerializer(ModerationReportListSerializer):
    photos = ModerationPhotoSerializer(many=True, read_only=True)
    contributor = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta(ModerationReportListSerializer.Meta):
        fields = [*ModerationReportListSerializer.Meta.fields, *v.ATTRIBUTE_FIELDS, "notes", "contributor", "received_at",
                  "prechecks", "candidates", "events"]

    @extend_schema_field(ContributorSerializer(allow_null=True))
    def get_contributor(self, report):
        return ContributorSerializer(report.contributor).data if report.contributor_id else None

    @extend_schema_field(CandidateSerializer(many=True))
    def get_candidates(self, report):
        """Computed now (not from the stored pre-checks): a camera approved since counts."""
        return [c.as_dict() for c in selectors.dedup_candidates(report)]

    @extend_schema_field(ModerationEventSerializer(many=True))
    def get_events(self, report):
        return ModerationEventSerializer(report_history(report), many=True).data


# --- inputs -------------------------------------------------------------------------------

MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number names nothing (and SQLite cannot bind it)


class ApproveInputSerializer(serializers.Serializer):
    fields = serializers.ListField(
        child=ChoiceField(choices=[*CAMERA_FIELDS, "location"]), required=False, allow_empty=False, min_length=1,
        help_text="For a correction: the fields to apply (default: every observed change but the position).",
    )


class RejectInputSerializer(serializers.Serializer):
    reason = ChoiceField(choices=list(REJECT_REASONS.items()))
    text = serializers.CharField(required=False, allow_blank=True, max_length=1000, help_text='Required when reason is "other".')


class MergeInputSerializer(serializers.Serializer):
    camera = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The camera the report is a sighting of.")


@extend_schema_field(MERGE_CHOICES)
class MergeChoicesField(serializers.DictField):
    """``{field: "source" | "target"}``, each checked against the merge by the moderation service."""


class CameraMergeQuerySerializer(serializers.Serializer):
    into = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The camera this one would be merged into (it stays; this one redirects).")


class CameraMergeInputSerializer(CameraMergeQuerySerializer):
    choices = MergeChoicesField(child=serializers.CharField(), required=False)
    digest = serializers.CharField(
        required=False, max_length=64,
        help_text="The preview's digest: the merge is refused (409, merge_changed) if it would no longer do what that preview showed.",
    )


class MergeConflictSerializer(serializers.Serializer):
    source = serializers.JSONField(help_text="This camera's value.")
    target = serializers.JSONField(help_text="The survivor's value.")


class MergeDirectionsSerializer(serializers.Serializer):
    source = serializers.ListField(child=serializers.IntegerField())
    target = serializers.ListField(child=serializers.IntegerField())


class MergeOsmSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()


class CameraMergePreviewSerializer(serializers.Serializer):
    """What merging camera ``camera`` into ``into`` will do; nothing is changed by asking."""

    camera = serializers.IntegerField(help_text="The camera merged away (source).")
    into = serializers.IntegerField(help_text="The survivor (target).")
    directions_before = MergeDirectionsSerializer()
    directions = serializers.ListField(child=serializers.IntegerField(), help_text="The survivor's directions after the merge (with the default choices).")
    moves = serializers.DictField(child=serializers.JSONField(), help_text="Attributes the survivor lacks and takes from this camera.")
    conflicts = serializers.DictField(child=MergeConflictSerializer(), help_text="Attributes both know, with different values (directions too, when their union is longer than allowed).")
    choices = serializers.DictField(child=serializers.CharField(), help_text='The default choice of each conflict: "target".')
    reports = serializers.IntegerField(help_text="Sightings (reports) that move.")
    photos = serializers.IntegerField(help_text="Photos that move with them.")
    confirmations = serializers.IntegerField(help_text="The survivor's confirmations after the merge.")
    first_seen = serializers.DateField(allow_null=True)
    last_confirmed = serializers.DateField(allow_null=True)
    osm = MergeOsmSerializer(allow_null=True, help_text="The OpenStreetMap link that moves to the survivor, if any.")
    digest = serializers.CharField(help_text="Send it back with the merge to have it refused if anything changed since.")


class CameraMergeResultSerializer(serializers.Serializer):
    camera = serializers.IntegerField(help_text="The survivor.")
    merged = serializers.IntegerField(help_text="The camera merged away, now a redirect.")


class CameraSplitInputSerializer(serializers.Serializer):
    reports = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False,
                                    min_length=1, max_length=500,
                                    help_text="Sightings (report ids) of the camera to split out into a new camera.")


class DecisionSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    status = serializers.CharField()
    camera = serializers.IntegerField(allow_null=True)


class StatusQuerySerializer(serializers.Serializer):
    status = ChoiceField(choices=v.ReportStatus.choices, required=False, default=v.ReportStatus.PENDING)
    kind = ChoiceField(choices=v.ReportKind.choices, required=False)
