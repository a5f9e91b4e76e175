"""The packed spatial index (exporters/_rtree.py) against SQLite's own R*Tree: the same table as
inserting the points one by one, the same answers to box queries, and rtreecheck() content, at
the sizes where the tree gains a level."""

import sqlite3

import numpy as np
import pytest

from cameramap.datasets.exporters import _rtree


def index() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")
    return db


@pytest.mark.parametrize("count", [0, 1, 51, 52, 2601, 2602, 9000])  # 51 cells a node: one leaf, two, …, three levels
def test_the_packed_index_is_the_one_sqlite_builds_point_by_point(count):
    rng = np.random.default_rng(count)
    x, y = rng.uniform(-180, 180, count), rng.uniform(-90, 90, count)
    if count > 10:  # values a 32-bit float cannot hold exactly, either side of zero, and one it can
        x[:6] = [0.0, -0.1, 20.1, 1e-30, -179.99999999, 0.5]
        y[:6] = [44.8176456, -33.3, 0.0, -1e-30, 89.9999999, 0.25]
    packed, inserted = index(), index()
    packed.execute("BEGIN")
    _rtree.write_points(packed, "r", 1, x, y)
    packed.execute("COMMIT")
    inserted.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)",
                         zip(range(1, count + 1), x.tolist(), x.tolist(), y.tolist(), y.tolist()))

    assert packed.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    everything = "SELECT * FROM r ORDER BY id"
    assert packed.execute(everything).fetchall() == inserted.execute(everything).fetchall()
    query = "SELECT id FROM r WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id"
    for west, south in rng.uniform((-180, -90), (150, 60), size=(30, 2)):
        box = (west, west + 30, south, south + 30)
        assert packed.execute(query, box).fetchall() == inserted.execute(query, box).fetchall()
    # A point at its exact coordinates is found (the boxes are rounded outwards).
    if count:
        assert (1,) in packed.execute(query, (x[0], x[0], y[0], y[0])).fetchall()


def test_a_packed_index_takes_later_edits_like_any_other():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(20, 21, 3000), rng.uniform(44, 45, 3000)
    db = index()
    _rtree.write_points(db, "r", 1, x, y)
    db.executemany("DELETE FROM r WHERE id = ?", [(i,) for i in range(1, 3001, 3)])
    db.execute("INSERT INTO r VALUES (5000, 20.5, 20.5, 44.5, 44.5)")
    assert db.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM r").fetchone() == (2001,)
    assert db.execute("SELECT id FROM r WHERE minx >= 20.5 AND maxx <= 20.5 AND miny >= 44.5 AND maxy <= 44.5").fetchall() == [(5000,)]


@pytest.mark.parametrize("count", [1, 52, 2602])
def test_nodes_and_rows_written_a_few_at_a_time_make_the_same_index(count, monkeypatch):
    # A million points are written in slabs (1,024 nodes, 65,536 rowids at a time): tiny slabs here.
    monkeypatch.setattr(_rtree, "_SLAB_NODES", 2)
    monkeypatch.setattr(_rtree, "_SLAB_ROWS", 7)
    rng = np.random.default_rng(count)
    x, y = rng.uniform(20, 21, count), rng.uniform(44, 45, count)
    packed, inserted = index(), index()
    _rtree.write_points(packed, "r", 1, x, y)
    inserted.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)",
                         zip(range(1, count + 1), x.tolist(), x.tolist(), y.tolist(), y.tolist()))
    assert packed.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    everything = "SELECT * FROM r ORDER BY id"
    assert packed.execute(everything).fetchall() == inserted.execute(everything).fetchall()
