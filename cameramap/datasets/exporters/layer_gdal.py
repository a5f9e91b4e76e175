"""An empty vector layer created by GDAL, through the GDAL library GeoDjango has already loaded.

GeoDjango's bindings (``django.contrib.gis.gdal``) read vector data and create rasters; creating a
vector dataset takes a few more functions of GDAL's C API, declared here with GeoDjango's own
prototype helpers (which turn a GDAL failure into ``GDALException``). pyogrio would do the same
with a second copy of GDAL: some 33 MB more in every process that writes a GeoPackage, which the
200 MB a download may use cannot spare (benchmarks/RESULTS.md).
"""

from collections.abc import Iterable
from ctypes import c_char_p, c_int, c_void_p
from pathlib import Path

from django.contrib.gis.gdal import Driver, SpatialReference
from django.contrib.gis.gdal.error import GDALException
from django.contrib.gis.gdal.libgdal import std_call
from django.contrib.gis.gdal.prototypes.generation import (
    const_string_output,
    int_output,
    void_output,
    voidptr_output,
)

POINT = 1  # OGRwkbGeometryType wkbPoint
# OGRFieldType: GDAL writes OFTInteger64 as a GeoPackage INTEGER (OFTInteger would be MEDIUMINT).
INTEGER, REAL, STRING, DATE, INTEGER64 = 0, 2, 4, 9, 12
# OGRFieldSubType: OFTInteger with OFSTBoolean is a GeoPackage BOOLEAN (stored as 0 or 1).
SUBTYPE_BOOLEAN = 1
BOOLEAN = (INTEGER, SUBTYPE_BOOLEAN)  # a field's type with its subtype

_create = voidptr_output(std_call("GDALCreate"), [c_void_p, c_char_p, c_int, c_int, c_int, c_int, c_void_p])
_create_layer = voidptr_output(std_call("GDALDatasetCreateLayer"), [c_void_p, c_char_p, c_void_p, c_int, c_void_p])
_field_defn = voidptr_output(std_call("OGR_Fld_Create"), [c_char_p, c_int])
_field_defn_free = void_output(std_call("OGR_Fld_Destroy"), [c_void_p], errcheck=False)
_field_set_subtype = void_output(std_call("OGR_Fld_SetSubType"), [c_void_p, c_int], errcheck=False)
_create_field = int_output(std_call("OGR_L_CreateField"), [c_void_p, c_void_p, c_int])
_set_metadata_item = int_output(std_call("GDALSetMetadataItem"), [c_void_p, c_char_p, c_char_p, c_char_p])
_close = void_output(std_call("GDALClose"), [c_void_p], errcheck=False)
_error_reset = void_output(std_call("CPLErrorReset"), [], errcheck=False)
_last_error_type = int_output(std_call("CPLGetLastErrorType"), [])
_last_error_message = const_string_output(std_call("CPLGetLastErrorMsg"), [])
_CE_FAILURE = 3  # CPLErr: CE_Failure, then CE_Fatal


def _options(options: dict[str, str]):
    """A GDAL string list (``KEY=VALUE`` entries, then NULL)."""
    entries = [f"{key}={value}".encode() for key, value in options.items()]
    return (c_char_p * (len(entries) + 1))(*entries, None)


def create(path: Path, *, driver: str, layer: str, srid: int, geometry_type: int,
           fields: Iterable[tuple[str, int | tuple[int, int]]], dataset_options: dict[str, str] | None = None,
           layer_options: dict[str, str] | None = None, metadata: dict[str, str] | None = None) -> None:
    """Create ``path`` (GDAL ``driver``) holding one empty ``layer`` of ``geometry_type`` in
    EPSG:``srid`` with ``fields`` (name, OGRFieldType or (OGRFieldType, OGRFieldSubType)), the
    layer's ``metadata`` items set."""
    srs = SpatialReference(srid)
    dataset = _create(Driver(driver).ptr, str(path).encode(), 0, 0, 0, 0,
                      _options(dataset_options or {}))
    try:
        handle = _create_layer(dataset, layer.encode(), srs.ptr, geometry_type, _options(layer_options or {}))
        for name, kind in fields:
            kind, subtype = kind if isinstance(kind, tuple) else (kind, 0)
            definition = _field_defn(name.encode(), kind)
            try:
                if subtype:
                    _field_set_subtype(definition, subtype)
                if _create_field(handle, definition, 0):
                    raise GDALException(f"GDAL could not create the field {name!r} of {path}")
            finally:
                _field_defn_free(definition)
        for key, value in (metadata or {}).items():
            if _set_metadata_item(handle, key.encode(), value.encode(), None):
                raise GDALException(f"GDAL could not set the metadata item {key!r} of {path}")
    finally:
        _error_reset()
        _close(dataset)  # writes the file: the spatial index, the metadata
    if _last_error_type() >= _CE_FAILURE:  # GDALClose reports nothing else
        raise GDALException(f"GDAL could not finish writing {path}: {_last_error_message()}")
