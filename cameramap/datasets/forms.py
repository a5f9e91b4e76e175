from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.areas import districts
from cameramap.official.models import OfficialList

from .areas_import import SUFFIXES
from cameramap.timeline.selectors import as_of_parse

from .models import DossierVisibility

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class AreaImportForm(forms.Form):
    file = forms.FileField(help_text=_("GeoJSON, GeoPackage, or a Shapefile as a .zip with its .shp, .shx, .dbf and .prj."))
    name_field = forms.CharField(max_length=100, initial="name", help_text=_("The column holding each area's name."))
    population_field = forms.CharField(max_length=100, required=False, help_text=_("The column holding the population, if any."))
    layer = forms.CharField(max_length=100, required=False, help_text=_("Layer name (default: the first layer)."))
    is_service_area = forms.BooleanField(required=False, label=_("These are service areas, not districts"))
    source = forms.CharField(max_length=200, required=False, help_text=_("Where the boundaries come from."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(SUFFIXES):
            raise forms.ValidationError(_("Give a .geojson, .json, .gpkg, .shp or .zip file."))
        if name.endswith(".shp"):
            raise forms.ValidationError(_("A Shapefile needs its side files: upload a .zip holding them all."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class DossierForm(forms.Form):
    """Asking for a dossier on /data/ (moderators; the API takes the same fields)."""

    area = forms.ModelChoiceField(queryset=None, to_field_name="slug", required=False, empty_label=_("the whole city"),
                                  label=_("District"))
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language"))
    visibility = forms.ChoiceField(choices=DossierVisibility.choices, initial=DossierVisibility.PUBLIC, label=_("Who may see it"))
    camera_pages = forms.BooleanField(required=False, label=_("A page per camera with its photos, sightings and history"))
    official_list = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("none"),
                                           label=_("Compare with an official list"))
    as_of = forms.DateField(required=False, label=_("As of (empty: today)"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        return as_of_parse(day.isoformat()) if day else None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = districts().order_by("name")
        self.fields["official_list"].queryset = OfficialList.objects.order_by("-published", "-id")
