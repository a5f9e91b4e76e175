"""A GeoPackage's spatial index over points, written in one go.

A GeoPackage's spatial index is an SQLite R*Tree virtual table (``rtree_<table>_<column>``),
stored in three ordinary tables: ``_node`` (the tree's nodes as blobs), ``_rowid`` (which leaf
holds each feature) and ``_parent`` (which node holds each node but the root). Inserting a
million points through the virtual table, one at a time, runs at about 55,000 a second, as the
tree splits and rewrites its nodes; GDAL, within the memory a download may use, does little
better. Here the tree is packed in bulk instead (Sort-Tile-Recursive: the points sorted into
vertical slices, each slice sorted by latitude and cut into full nodes, and so on up to the root)
and the three tables are written directly, as GDAL's own bulk loader does, in SQLite's format:

- a node is ``length(data)`` bytes of the root the virtual table was created with: a 16-bit
  depth of the tree (the root's only; 0 elsewhere), a 16-bit count of cells, then the cells,
  each a 64-bit rowid (a feature's fid in a leaf, a child's node number above it) and the box
  as minx, maxx, miny, maxy in 32-bit floats, all big-endian, zeros after the last cell;
- the boxes are 32-bit floats rounded outwards exactly as SQLite rounds them (``_down``/``_up``),
  so a point is inside its box and the table reads as if the points had been inserted one by one.

The tree is an ordinary R*Tree afterwards: SQLite's ``rtreecheck()`` accepts it, and later edits
(in QGIS, say) go through the virtual table as usual. Memory: the points' coordinates and one
level of cells (24 bytes a point) at a time; the blobs are built a slab of nodes at a time.
"""

import math
import sqlite3

import numpy as np

_CELL = np.dtype([("id", ">i8"), ("minx", ">f4"), ("maxx", ">f4"), ("miny", ">f4"), ("maxy", ">f4")])
# SQLite's rounding of a coordinate to a 32-bit float (rtree.c, RNDTOWARDS and RNDAWAY).
_TOWARDS, _AWAY = 1.0 - 1.0 / 8388608.0, 1.0 + 1.0 / 8388608.0
_SLAB_NODES = 1024  # node blobs built at once (1.2 MB at SQLite's usual 1,228-byte node)
_SLAB_ROWS = 65_536  # _rowid rows written at once


def _down(values: np.ndarray) -> np.ndarray:
    """The largest 32-bit float SQLite stores for a box's lower bound of ``values``."""
    rounded = values.astype(np.float32)
    over = rounded > values
    scale = np.where(values[over] < 0, _AWAY, _TOWARDS)
    rounded[over] = (values[over] * scale).astype(np.float32)
    return rounded


def _up(values: np.ndarray) -> np.ndarray:
    """The smallest 32-bit float SQLite stores for a box's upper bound of ``values``."""
    rounded = values.astype(np.float32)
    under = rounded < values
    scale = np.where(values[under] < 0, _TOWARDS, _AWAY)
    rounded[under] = (values[under] * scale).astype(np.float32)
    return rounded


def _tiled(across: np.ndarray, up: np.ndarray, capacity: int) -> np.ndarray:
    """The order (indices) that tiles the boxes centred on ``across``, ``up`` (or any values in
    the same order) Sort-Tile-Recursively: sorted by ``across`` and cut into slices of whole
    nodes, each slice sorted by ``up``; consecutive runs of ``capacity`` make the nodes."""
    slice_rows = math.ceil(math.sqrt(math.ceil(len(across) / capacity))) * capacity
    order = np.argsort(across).astype(np.int32)  # 4 bytes a point kept, not 8
    for start in range(0, len(order), slice_rows):
        points = order[start:start + slice_rows]
        points[:] = points[np.argsort(up[points])]
    return order


def _write_nodes(db: sqlite3.Connection, table: str, first: int, cells, count: int, capacity: int,
                 node_size: int, depth: int | None = None) -> np.ndarray:
    """Nodes ``first``, ``first + 1``, … holding the ``count`` cells that ``cells(start, stop)``
    gives, ``capacity`` at a time (the root, node 1, with the tree's ``depth``); returns the
    nodes as the cells of the level above."""
    nodes = math.ceil(count / capacity) or 1
    above = np.empty(nodes, dtype=_CELL)
    above["id"] = np.arange(first, first + nodes)
    for start in range(0, nodes, _SLAB_NODES):
        stop = min(start + _SLAB_NODES, nodes)
        slab = cells(start * capacity, min(stop * capacity, count))
        counts = np.minimum(capacity, count - np.arange(start, stop) * capacity)
        blobs = np.zeros((stop - start, node_size), dtype=np.uint8)
        blobs[:, 2:4] = counts.astype(">u2").view(np.uint8).reshape(-1, 2)
        if depth is not None:
            blobs[0, 0:2] = np.array([depth], dtype=">u2").view(np.uint8)
        raw = slab.view(np.uint8)
        width = capacity * _CELL.itemsize
        full = len(slab) // capacity
        blobs[:full, 4:4 + width] = raw[:full * width].reshape(full, width)
        if full < len(counts):
            blobs[full, 4:4 + (len(slab) - full * capacity) * _CELL.itemsize] = raw[full * width:]
        db.executemany(f'INSERT OR REPLACE INTO "{table}_node" (nodeno, data) VALUES (?, ?)',
                       zip(range(first + start, first + stop), map(bytes, blobs)))
        if len(slab):
            starts = np.arange(0, len(slab), capacity)
            for bound, reduce in (("minx", np.minimum), ("miny", np.minimum), ("maxx", np.maximum), ("maxy", np.maximum)):
                above[bound][start:stop] = reduce.reduceat(slab[bound], starts)
    return above


def _write_map(db: sqlite3.Connection, table: str, columns: str, first: int, values: np.ndarray) -> None:
    """Rows (``first + i``, ``values[i]``) into ``table``, in key order (appended to its b-tree),
    read by SQLite from a JSON array: half the time of binding a million pairs one by one."""
    for start in range(0, len(values), _SLAB_ROWS):
        array = "[" + ",".join(map(str, values[start:start + _SLAB_ROWS].tolist())) + "]"
        db.execute(f'INSERT INTO "{table}" ({columns}) SELECT key + ?, value FROM json_each(?)', (first + start, array))


def _slices(cells: np.ndarray):
    return lambda start, stop: cells[start:stop]


def _held_in(table: str, leaves: bool) -> tuple[str, str]:
    """The table that says which node holds a cell, and its columns: a leaf's cells are rows."""
    return (f"{table}_rowid", "rowid, nodeno") if leaves else (f"{table}_parent", "nodeno, parentnode")


def _holders(order: np.ndarray, first: int, capacity: int) -> np.ndarray:
    """For cells numbered 0, 1, … laid out in ``order``, the node each lands in."""
    holder = np.empty(len(order), dtype=np.uint32)
    for start in range(0, len(order), _SLAB_ROWS):
        points = order[start:start + _SLAB_ROWS]
        holder[points] = first + np.arange(start, start + len(points), dtype=np.uint32) // capacity
    return holder


def write_points(db: sqlite3.Connection, table: str, first_id: int, x: np.ndarray, y: np.ndarray) -> None:
    """Fill the empty R*Tree ``table`` (created, as GDAL creates it, with columns id, minx, maxx,
    miny, maxy) with the points ``x``, ``y`` (float64) of rowids ``first_id``, ``first_id + 1``,
    …, inside ``db``'s current transaction."""
    node_size = db.execute(f'SELECT length(data) FROM "{table}_node" WHERE nodeno = 1').fetchone()[0]
    capacity = (node_size - 4) // _CELL.itemsize
    count = len(x)
    # The root is node 1; the other nodes are numbered from 2, level by level from the leaves.
    # Each level's cells are numbered from ``numbered`` (the rowids for the leaves, then the node
    # numbers of the level below), its nodes from ``first``.
    if count <= capacity:  # the root is the only leaf
        order, first, root_depth = np.arange(count), 1, 0
    else:
        order, first, root_depth = _tiled(x, y, capacity), 2, None

    def leaves(start: int, stop: int) -> np.ndarray:
        points = order[start:stop]
        cells = np.empty(len(points), dtype=_CELL)
        cells["id"] = points + first_id
        cells["minx"], cells["maxx"] = _down(x[points]), _up(x[points])
        cells["miny"], cells["maxy"] = _down(y[points]), _up(y[points])
        return cells

    cells = _write_nodes(db, table, first, leaves, count, capacity, node_size, depth=root_depth)
    _write_map(db, *_held_in(table, True), first_id, _holders(order, first, capacity))
    del order
    depth, numbered = 1, first
    while first != 1:
        if len(cells) > capacity:
            order = _tiled(cells["minx"].astype(np.float64) + cells["maxx"],
                           cells["miny"].astype(np.float64) + cells["maxy"], capacity)
            first, root_depth = numbered + len(cells), None
        else:
            order, first, root_depth = np.arange(len(cells)), 1, depth
        above = _write_nodes(db, table, first, _slices(cells[order]),
                             len(cells), capacity, node_size, depth=root_depth)
        _write_map(db, *_held_in(table, False), numbered, _holders(order, first, capacity))
        cells, numbered, depth = above, first, depth + 1
