"""Forms of the moderator pages: they parse what a moderator posts or asks for; services and
selectors decide."""

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from cameramap.cameras.history import Action
from cameramap.cameras.models import Camera

from .reasons import REJECT_REASONS
from .fields import CAMERA_FIELDS
from .selectors import AUTOMATIC


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason…")), *REJECT_REASONS.items()])
    text = forms.CharField(label=_("Explanation"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number names nothing


def _camera_named(pk: int) -> Camera:
    camera = Camera.objects.filter(pk=pk).first()
    if camera is None:
        raise forms.ValidationError(_("There is no camera %(id)s.") % {"id": pk})
    return camera


class CameraChoiceForm(forms.Form):
    """A camera named by id: attach a report to it."""

    camera = forms.IntegerField(label=_("Camera id"), min_value=1, max_value=MAX_ID)

    def clean_camera(self):
        return _camera_named(self.cleaned_data["camera"])


CHOICE_PREFIX = "choice_"


class CameraMergeForm(forms.Form):
    """Merge into the camera ``into``: asked for the preview (GET) and, with the preview's
    ``digest`` and one ``choice_<field>`` ("source" or "target") per conflict, for the merge
    (POST). The merge service checks the choices against the merge."""

    into = forms.IntegerField(label=_("Camera id"), min_value=1, max_value=MAX_ID)
    digest = forms.CharField(required=False, max_length=64)

    def clean_into(self):
        return _camera_named(self.cleaned_data["into"])

    def choices(self) -> dict[str, str]:
        return {key.removeprefix(CHOICE_PREFIX): value for key, value in self.data.items() if key.startswith(CHOICE_PREFIX)}


class ApproveForm(forms.Form):
    """For a correction: which of the changed fields to apply (none ticked: the defaults)."""

    fields = forms.MultipleChoiceField(choices=[(f, f) for f in (*CAMERA_FIELDS, "location")], required=False)


class SplitForm(forms.Form):
    reports = forms.ModelMultipleChoiceField(queryset=None, label=_("Sightings to split out"))

    def __init__(self, *args, camera: Camera, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = camera.reports.all()


DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser's date picker speaks ISO


class AuditFilterForm(forms.Form):
    """The audit trail's filters, from the query string; every one may be left empty."""

    camera = forms.IntegerField(label=_("Camera id"), required=False, min_value=1, max_value=2**63 - 1)
    report = forms.IntegerField(label=_("Report id"), required=False, min_value=1, max_value=2**63 - 1)
    moderator = forms.CharField(
        label=_("Moderator"), required=False, max_length=150,
        help_text=_("A username, or “automatic” for the decisions the site made by itself."))
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("any")), *Action.choices])
    since = forms.DateField(label=_("From"), required=False, widget=DAY)
    until = forms.DateField(label=_("To"), required=False, widget=DAY)

    def clean_moderator(self) -> str:
        name = self.cleaned_data["moderator"].strip()
        # The page shows the word in the reader's language; either spelling means the same.
        return AUTOMATIC if name.casefold() in (AUTOMATIC, gettext("automatic").casefold()) else name

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day comes after the last day."))
        return data


# The browser's own date-and-time picker; read in the site's time zone (TIME_ZONE).
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MappingEventForm(forms.Form):
    """A new mapping event: a name for the volunteers and when its code is valid (a day from
    now unless the moderator says otherwise). The model checks the times."""

    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("Shown to the volunteers who enter the code, e.g. “Walk along the river, 14 June”."))
    starts_at = forms.DateTimeField(label=_("Valid from"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("Valid until"), widget=MOMENT)
