from django import forms
from django.utils.translation import gettext_lazy as _

from .areas_import import SUFFIXES

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
