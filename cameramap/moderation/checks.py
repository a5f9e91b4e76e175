"""What the automatic pre-checks found about a report, as one typed value. Stored as JSON in
``Report.prechecks`` (the moderation API shows that JSON as it is); everything that reads or
writes it goes through ``PrecheckResults.from_json`` / ``to_json``, never through its keys.

The JSON: ``version``, ``checked_at`` (ISO time; absent until the report was checked),
``flags`` (what a moderator should look at, FLAG_LABELS), ``flagged`` (any flag), ``errors``
(check name → what went wrong), ``suggestion`` ({action, camera, score}), one object per check
that ran (``photos``, ``service_area``, ``photo_gps``, ``rate``, ``duplicates``) and ``auto``
when the system decided the report by itself.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

FLAG_LABELS = {
    "no_photos": _("no photos"),
    "photos_failed": _("a photo could not be processed"),
    "photos_pending": _("photos still processing"),
    "outside_service_area": _("outside the service area"),
    "photo_far_from_pin": _("photo location far from the pin"),
    "far_from_camera": _("far from the camera it names"),
    "rate_contributor": _("many reports from this volunteer in an hour"),
    "rate_area": _("many reports around this place in an hour"),
    "check_failed": _("an automatic check failed"),
}
CHECK_NAMES = ("photos", "service_area", "photo_gps", "rate", "duplicates")


def review_suggestion() -> dict:
    """No suggestion: a moderator decides."""
    return {"action": "review", "camera": None, "score": None}


@dataclass
class PrecheckResults:
    version: int | None = None
    checked_at: str | None = None
    flags: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    suggestion: dict | None = None
    photos: dict | None = None
    service_area: dict | None = None
    photo_gps: dict | None = None
    rate: dict | None = None
    duplicates: dict | None = None
    auto: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def named_camera_distance_m(self) -> float | None:
        """How far a confirmation, correction or "gone" report is from the camera it names."""
        return ((self.duplicates or {}).get("camera") or {}).get("distance_m")

    def flag(self, *flags: str) -> None:
        self.flags += [flag for flag in flags if flag not in self.flags]

    @classmethod
    def from_json(cls, data: dict | None) -> "PrecheckResults":
        data = data or {}
        return cls(
            version=data.get("version"), checked_at=data.get("checked_at"),
            flags=list(data.get("flags", [])), errors=dict(data.get("errors", {})),
            suggestion=data.get("suggestion"), auto=data.get("auto"),
            **{name: data.get(name) for name in CHECK_NAMES},
        )

    def to_json(self) -> dict:
        data = {"flags": self.flags, "errors": self.errors, "flagged": self.flagged}
        optional = {"version": self.version, "checked_at": self.checked_at, "suggestion": self.suggestion,
                    "auto": self.auto, **{name: getattr(self, name) for name in CHECK_NAMES}}
        data.update({key: value for key, value in optional.items() if value is not None})
        return data
