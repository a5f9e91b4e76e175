"""A small producer of the Arrow C stream interface, in ctypes over numpy buffers: enough to hand
record batches of flat columns to GDAL through ``pyogrio.write_arrow`` without pyarrow.

Why not pyarrow: pyogrio imports pyarrow as soon as it is installed, and a process that writes a
GeoPackage (or any process, on SpatiaLite: ``datasets.apps``) imports pyogrio, so installing it
would add its ~50 MB of libraries to those processes — a quarter of the 200 MB an export may use. All GDAL
needs is the C ABI below (https://arrow.apache.org/docs/format/CDataInterface.html), which a
hundred lines of ctypes provide.

``RecordBatchStream(fields, batches)`` exposes ``__arrow_c_stream__``; ``batches`` is an iterator
of lists of ``Column`` (one per field), pulled one at a time when GDAL asks for the next batch, so
only one batch is alive at once. Every struct handed out owns its buffers through a registry entry
that its ``release`` callback drops, as the interface requires.
"""

import ctypes
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

_FLAG_NULLABLE = 2
_EIO = 5


class _Schema(ctypes.Structure):
    pass


class _Array(ctypes.Structure):
    pass


class _Stream(ctypes.Structure):
    pass


_RELEASE_SCHEMA = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Schema))
_RELEASE_ARRAY = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Array))
_GET_SCHEMA = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Stream), ctypes.POINTER(_Schema))
_GET_NEXT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Stream), ctypes.POINTER(_Array))
_GET_LAST_ERROR = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.POINTER(_Stream))
_RELEASE_STREAM = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Stream))

_Schema._fields_ = [
    ("format", ctypes.c_void_p), ("name", ctypes.c_void_p), ("metadata", ctypes.c_void_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(_Schema))), ("dictionary", ctypes.POINTER(_Schema)),
    ("release", _RELEASE_SCHEMA), ("private_data", ctypes.c_void_p),
]
_Array._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)), ("children", ctypes.POINTER(ctypes.POINTER(_Array))),
    ("dictionary", ctypes.POINTER(_Array)), ("release", _RELEASE_ARRAY), ("private_data", ctypes.c_void_p),
]
_Stream._fields_ = [
    ("get_schema", _GET_SCHEMA), ("get_next", _GET_NEXT), ("get_last_error", _GET_LAST_ERROR),
    ("release", _RELEASE_STREAM), ("private_data", ctypes.c_void_p),
]

# What each struct handed to C keeps alive (its buffers, names, children), by its private_data.
_owned: dict[int, list] = {}
_keys = itertools.count(1)


def _own(objects: list) -> int:
    key = next(_keys)
    _owned[key] = objects
    return key


def _struct_release(struct, null_release) -> None:
    """The C data interface's release of a schema or an array: its children first, then the
    buffers it owns, then ``release`` set to NULL (released)."""
    for i in range(struct.n_children):
        child = struct.children[i]
        if child.contents.release:
            child.contents.release(child)
    _owned.pop(struct.private_data, None)
    struct.release = null_release


@_RELEASE_SCHEMA
def _schema_release(pointer):
    _struct_release(pointer.contents, _RELEASE_SCHEMA())


@_RELEASE_ARRAY
def _array_release(pointer):
    _struct_release(pointer.contents, _RELEASE_ARRAY())


def _text(value: str) -> ctypes.Array:
    return ctypes.create_string_buffer(value.encode("utf-8"))


def _schema_fill(schema: _Schema, format_: str, name: str, children: list[tuple[str, str]]) -> None:
    keep = [_text(format_), _text(name)]
    schema.format, schema.name = ctypes.addressof(keep[0]), ctypes.addressof(keep[1])
    schema.metadata, schema.flags, schema.n_children = None, 0 if children else _FLAG_NULLABLE, len(children)
    if children:
        structs = [_Schema() for _ in children]
        for struct, (child_name, child_format) in zip(structs, children, strict=True):
            _schema_fill(struct, child_format, child_name, [])
        pointers = (ctypes.POINTER(_Schema) * len(structs))(*(ctypes.pointer(s) for s in structs))
        schema.children = pointers
        keep += [structs, pointers]
    schema.dictionary = None
    schema.private_data = _own(keep)
    schema.release = _schema_release


@dataclass
class Column:
    """One column of a batch: its Arrow buffers (``None`` for an absent validity bitmap)."""

    length: int
    null_count: int
    buffers: list  # numpy arrays, or None


def _array_fill(array: _Array, length: int, null_count: int, buffers: list, children: list[Column]) -> None:
    addresses = (ctypes.c_void_p * max(len(buffers), 1))(*(None if b is None else b.ctypes.data for b in buffers))
    keep = [buffers, addresses]
    array.length, array.null_count, array.offset = length, null_count, 0
    array.n_buffers, array.n_children, array.buffers = len(buffers), len(children), addresses
    if children:
        structs = [_Array() for _ in children]
        for struct, column in zip(structs, children, strict=True):
            _array_fill(struct, column.length, column.null_count, column.buffers, [])
        pointers = (ctypes.POINTER(_Array) * len(structs))(*(ctypes.pointer(s) for s in structs))
        array.children = pointers
        keep += [structs, pointers]
    array.dictionary = None
    array.private_data = _own(keep)
    array.release = _array_release


_CAPSULE_NAME = b"arrow_array_stream"
_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)


class RecordBatchStream:
    """A stream of record batches with the fields ``[(name, Arrow format), …]``, read lazily from
    ``batches``. An exception raised while making a batch is kept in ``error`` (GDAL only learns
    that the stream failed): callers re-raise it."""

    def __init__(self, fields: list[tuple[str, str]], batches: Iterator[list[Column]]):
        self.fields, self.batches, self.error = fields, batches, None
        self._message = ctypes.create_string_buffer(b"")
        # The callbacks are bound methods: their ctypes wrappers must live as long as the stream.
        self._struct = _Stream(
            _GET_SCHEMA(self._get_schema), _GET_NEXT(self._get_next), _GET_LAST_ERROR(self._get_last_error),
            _RELEASE_STREAM(self._release), None,
        )

    def __arrow_c_stream__(self, requested_schema=None):
        return _capsule_new(ctypes.addressof(self._struct), _CAPSULE_NAME, None)

    def _fail(self, error: BaseException) -> int:
        self.error = error
        self._message = ctypes.create_string_buffer(repr(error).encode("utf-8", "replace"))
        return _EIO

    def _get_schema(self, _stream, out) -> int:
        try:
            _schema_fill(out.contents, "+s", "", self.fields)
            return 0
        except BaseException as error:  # noqa: BLE001 — reported through get_last_error, re-raised by the caller
            # (BaseException too: ctypes would swallow a SystemExit and leave the answer undefined)
            return self._fail(error)

    def _get_next(self, _stream, out) -> int:
        try:
            columns = next(self.batches, None)
            if columns is None:
                out.contents.release = _RELEASE_ARRAY()  # end of stream
                return 0
            length = columns[0].length
            _array_fill(out.contents, length, 0, [None], columns)
            return 0
        except BaseException as error:  # noqa: BLE001
            return self._fail(error)

    def _get_last_error(self, _stream):
        return ctypes.addressof(self._message) if self.error is not None else None

    def _release(self, stream) -> None:
        stream.contents.release = _RELEASE_STREAM()
        self.batches = iter(())


def validity(valid: np.ndarray) -> tuple[np.ndarray | None, int]:
    """The validity bitmap of a boolean mask (``None`` when nothing is null) and the null count."""
    nulls = len(valid) - int(np.count_nonzero(valid))
    return (np.packbits(valid, bitorder="little") if nulls else None), nulls


def offsets(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=out[1:])
    return out
