"""The upload form of a list (admin and moderator pages) and the moderators' small forms."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.models import Area

from .readers import SUFFIXES

FIELD_OPTIONS = ("lat_field", "lon_field", "x_field", "y_field", "wkt_field", "address_field", "ref_field", "name_field")


class OfficialImportForm(forms.Form):
    file = forms.FileField(help_text=_("CSV, XLSX, GeoJSON, KML/KMZ, GeoPackage, or a Shapefile as a .zip with its .prj."))
    name = forms.CharField(max_length=200, label=_("Name of the list"))
    publisher = forms.CharField(max_length=200, help_text=_("Who published it, e.g. the Ministry of the Interior."))
    published = forms.DateField(help_text=_("The day it was published or valid (YYYY-MM-DD)."), widget=forms.DateInput(attrs={"type": "date"}))
    source_url = forms.URLField(max_length=500, required=False, label=_("Source URL"))
    licence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Licence or terms"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(queryset=Area.objects.order_by("name"), required=False, to_field_name="slug",
                                  help_text=_("The district or service area the list covers; empty: the area its entries cover."))
    encoding = forms.ChoiceField(required=False, choices=[("", _("detect")), ("utf-8", "UTF-8"), ("cp1250", "Windows-1250"),
                                                          ("cp1251", "Windows-1251"), ("iso8859_2", "ISO-8859-2")],
                                 help_text=_("Of a CSV; detected when left empty."))
    layer = forms.CharField(max_length=100, required=False, help_text=_("The layer or sheet to read (default: the first)."))
    srid = forms.IntegerField(required=False, min_value=1, max_value=999_999, label=_("EPSG code"),
                              help_text=_("Of projected x/y or WKT columns (default: 4326, longitude and latitude)."))
    lat_field = forms.CharField(max_length=100, required=False, label=_("Latitude column"))
    lon_field = forms.CharField(max_length=100, required=False, label=_("Longitude column"))
    x_field = forms.CharField(max_length=100, required=False, label=_("x column (projected)"))
    y_field = forms.CharField(max_length=100, required=False, label=_("y column (projected)"))
    wkt_field = forms.CharField(max_length=100, required=False, label=_("WKT column"))
    address_field = forms.CharField(max_length=100, required=False, label=_("Address column"))
    ref_field = forms.CharField(max_length=100, required=False, label=_("Reference column"))
    name_field = forms.CharField(max_length=100, required=False, label=_("Name or description column"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES) or upload.name.lower().endswith(".shp"):
            raise forms.ValidationError(_("Give a CSV, XLSX, GeoJSON, KML/KMZ, GeoPackage or Shapefile (.zip) file."))
        if upload.size > settings.OFFICIAL_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(max)s MB.") % {"max": settings.OFFICIAL_IMPORT_MAX_BYTES // (1024 * 1024)})
        return upload

    def options(self) -> dict:
        """What the worker needs to run the import (JSON: stored on the OfficialImport)."""
        data = self.cleaned_data
        return {
            "name": data["name"], "publisher": data["publisher"], "published": data["published"].isoformat(),
            "source_url": data["source_url"], "licence": data["licence"], "notes": data["notes"],
            "area": data["area"].slug if data["area"] else "", "encoding": data["encoding"] or None,
            "layer": data["layer"] or None, "srid": data["srid"],
            "fields": {f: data[f] for f in FIELD_OPTIONS if data[f]},
            "language": translation.get_language(),
        }


class PlaceForm(forms.Form):
    lat = forms.FloatField(min_value=-90, max_value=90)
    lon = forms.FloatField(min_value=-180, max_value=180)


class RejectMatchForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)
