"""The attribute vocabulary: OpenStreetMap's ``man_made=surveillance`` tagging, plus the three
attributes advocates need and OSM lacks. Values are OSM's own spellings so that data flows both
ways 1:1; the empty string means "don't know" and maps to an absent tag."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Surveillance(models.TextChoices):  # OSM surveillance=*
    UNKNOWN = "", _("don't know")
    PUBLIC = "public", _("public space")
    OUTDOOR = "outdoor", _("outdoor, private area")
    INDOOR = "indoor", _("indoor")


class SurveillanceType(models.TextChoices):  # OSM surveillance:type=*
    CAMERA = "camera", _("camera")
    ALPR = "ALPR", _("licence plate reader")
    GUARD = "guard", _("guard")
    GUNSHOT_DETECTOR = "gunshot_detector", _("gunshot detector")


class CameraType(models.TextChoices):  # OSM camera:type=*
    UNKNOWN = "", _("don't know")
    FIXED = "fixed", _("fixed")
    PANNING = "panning", _("panning")
    DOME = "dome", _("dome")


class Mount(models.TextChoices):  # OSM camera:mount=*
    UNKNOWN = "", _("don't know")
    WALL = "wall", _("wall")
    POLE = "pole", _("pole")
    CEILING = "ceiling", _("ceiling")
    STREET_LAMP = "street_lamp", _("street lamp")
    TRAFFIC_SIGNAL = "traffic_signal", _("traffic signal")
    BUILDING = "building", _("building")


class Zone(models.TextChoices):  # OSM surveillance:zone=*
    UNKNOWN = "", _("don't know")
    TOWN = "town", _("town")
    TRAFFIC = "traffic", _("traffic")
    PARKING = "parking", _("parking")
    SHOP = "shop", _("shop")
    BANK = "bank", _("bank")
    BUILDING = "building", _("building")
    ENTRANCE = "entrance", _("entrance")


class OperatorType(models.TextChoices):  # ours
    UNKNOWN = "unknown", _("don't know")
    POLICE = "police", _("police")
    CITY = "city", _("city")
    TRANSPORT = "transport", _("transport")
    PRIVATE = "private", _("private")


class FacialRecognition(models.TextChoices):  # ours
    UNKNOWN = "unknown", _("don't know")
    SUSPECTED = "suspected", _("suspected")
    CONFIRMED = "confirmed", _("confirmed")


class SignPresent(models.TextChoices):  # ours: is the legally required notice there?
    UNKNOWN = "unknown", _("don't know")
    YES = "yes", _("yes")
    NO = "no", _("no")


class CameraStatus(models.TextChoices):
    PRESENT = "present", _("present")
    REMOVED = "removed", _("removed")
    COVERED = "covered", _("covered")


class Source(models.TextChoices):
    CROWD = "crowd", _("volunteers")
    OSM = "osm", _("OpenStreetMap")
    OFFICIAL = "official", _("official list")


class ReportKind(models.TextChoices):
    NEW = "new", _("new camera")
    CONFIRM = "confirm", _("I saw it too")
    CORRECT = "correct", _("correction")
    GONE = "gone", _("it's gone")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    MERGED = "merged", _("merged")


class PhotoState(models.TextChoices):
    PENDING = "pending", _("waiting")
    DONE = "done", _("processed")
    FAILED = "failed", _("failed")


# Fields of the shared attribute set, with the enum each one takes (None: free value).
ATTRIBUTE_CHOICES = {
    "surveillance": Surveillance,
    "surveillance_type": SurveillanceType,
    "camera_type": CameraType,
    "mount": Mount,
    "zone": Zone,
    "operator_type": OperatorType,
    "facial_recognition": FacialRecognition,
    "sign_present": SignPresent,
}
ATTRIBUTE_FIELDS = (*ATTRIBUTE_CHOICES, "height", "operator", "manufacturer", "model", "facial_recognition_evidence")
MAX_DIRECTIONS = 8


def choice_error(value, allowed: Iterable[str]) -> ValidationError:
    """The one wording, on every endpoint, of a value that is none of the choices: it names the
    value and lists the valid ones (the filters, the moderation lists, the request bodies)."""
    return ValidationError(
        _("“%(value)s” is not one of: %(allowed)s."),
        code="invalid_choice", params={"value": value, "allowed": ", ".join(sorted(str(a) for a in allowed))},
    )
