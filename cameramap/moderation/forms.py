"""Forms of the moderator pages: they parse what a moderator posts; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.models import Camera

from .reasons import REJECT_REASONS
from .fields import CAMERA_FIELDS


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason…")), *REJECT_REASONS.items()])
    text = forms.CharField(label=_("Explanation"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CameraChoiceForm(forms.Form):
    """A camera named by id: attach a report to it, or merge into it."""

    camera = forms.IntegerField(label=_("Camera id"), min_value=1, max_value=2**63 - 1)

    def clean_camera(self):
        camera = Camera.objects.filter(pk=self.cleaned_data["camera"]).first()
        if camera is None:
            raise forms.ValidationError(_("There is no camera %(id)s.") % {"id": self.cleaned_data["camera"]})
        return camera


class ApproveForm(forms.Form):
    """For a correction: which of the changed fields to apply (none ticked: the defaults)."""

    fields = forms.MultipleChoiceField(choices=[(f, f) for f in (*CAMERA_FIELDS, "location")], required=False)


class SplitForm(forms.Form):
    reports = forms.ModelMultipleChoiceField(queryset=None, label=_("Sightings to split out"))

    def __init__(self, *args, camera: Camera, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = camera.reports.all()
