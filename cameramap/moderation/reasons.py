"""Why a report is rejected: a fixed list, so that the statistics of rejections mean something,
stored as codes (in the REJECT event's ``data``) and shown as labels in the reader's language;
"other" needs the moderator's own words."""

from django.utils.translation import gettext_lazy as _

REJECT_REASONS = {
    "not_a_camera": _("Not a surveillance camera"),
    "duplicate": _("Duplicate of a report already decided"),
    "photo_unusable": _("Photo unusable or missing"),
    "wrong_location": _("Location wrong or outside the service area"),
    "privacy": _("Photo shows people in a way we cannot publish"),
    "abuse": _("Spam or abuse"),
    "other": _("Other (explain below)"),
}


# As a decided reason reads (the form's "explain below" is for the moderator).
_SHOWN = {**REJECT_REASONS, "other": _("Another reason")}


def reject_reason_label(code: str | None) -> str | None:
    """The label of a reason code in the current language; None for no code or an unknown one."""
    label = _SHOWN.get(code or "")
    return str(label) if label is not None else None
