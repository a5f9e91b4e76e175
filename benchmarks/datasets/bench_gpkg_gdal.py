"""GDAL's own share of a GeoPackage export: 1,000,000 cameras' columns read from PostGIS into
memory first (as the live download reads them, ``exporters/_columnar.py``), then written by
``pyogrio.write_arrow`` alone, under each way GDAL can build the spatial index. Nothing else runs
while GDAL writes, so each rate is a ceiling no pipeline around GDAL can pass on this machine;
its memory cost is measured in a whole download by ``bench_export.py``. Each configuration runs in a fresh process.

    .venv/bin/python benchmarks/datasets/bench_gpkg_gdal.py [--cameras 1000000]

Uses its own database ($BENCH_DB, default cm_h6_bench), dropped at the end."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402
from results import section_write  # noqa: E402

# (label, GDAL configuration beyond the export's own, layer options)
CONFIGURATIONS = [
    ("the export's settings: index built within 10 MB", {}, {}),
    ("index in memory, one thread", {"OGR_GPKG_MAX_RAM_USAGE_RTREE": "100000000"}, {}),
    ("index in memory, its own thread (GDAL's default)",
     {"OGR_GPKG_MAX_RAM_USAGE_RTREE": "100000000", "OGR_GPKG_ALLOW_THREADED_RTREE": "YES"}, {}),
    ("no spatial index (not a usable product: QGIS would scan every row)", {}, {"SPATIAL_INDEX": "NO"}),
]


def one(index: int) -> None:
    """In the child: read every batch, then time GDAL writing them."""
    benchdb.django_setup()
    from contextlib import closing

    from cameramap.cameras.selectors import cameras_published
    from cameramap.datasets.exporters import gpkg
    from cameramap.datasets.exporters._columnar import column_batches
    from cameramap.datasets.prefetch import rows_prefetched

    _label, options, layer_options = CONFIGURATIONS[index]
    query = column_batches(cameras_published(), gpkg._points, gpkg.strings_joined)
    with closing(rows_prefetched(query, chunk_size=1, depth=2)) as batches:
        batches = list(batches)
    rows = sum(batch[0].length for batch in batches)
    pyogrio = gpkg._pyogrio()
    pyogrio.set_gdal_config_options(options)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cameras.gpkg"
        started = time.perf_counter()
        pyogrio.write_arrow(
            gpkg.RecordBatchStream(gpkg.SCHEMA, iter(batches)), str(path), layer=gpkg.LAYER, driver="GPKG",
            geometry_name=gpkg.GEOMETRY, geometry_type="Point", crs="EPSG:4326",
            dataset_options={"VERSION": "1.2"}, layer_options=layer_options,
        )
        seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=1_000_000)
    parser.add_argument("--one", type=int)
    options = parser.parse_args()
    if options.one is not None:
        return one(options.one)

    with benchdb.bench_database():
        benchdb.areas_generate()
        benchdb.cameras_generate(options.cameras)
        results = []
        for index, (label, *_rest) in enumerate(CONFIGURATIONS):
            output = subprocess.run([sys.executable, __file__, "--one", str(index)], capture_output=True, text=True,
                                    env={**os.environ, "DATABASE_URL": benchdb.BENCH_URL}, check=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append((label, result))
            print(label, result, flush=True)

    lines = [f"| {label} | {r['seconds']:.1f} s | **{r['rows'] / r['seconds']:,.0f}** |" for label, r in results]
    text = f"""## Datasets: GDAL's own share of a GeoPackage (issue 6)

`benchmarks/datasets/bench_gpkg_gdal.py`: the {options.cameras:,} cameras of the export benchmark, their
columns read from PostGIS into memory first, then written by `pyogrio.write_arrow` alone (GDAL
{_gdal_version()}), nothing else running in the process. A ceiling: the live download does this and
reads the database too. What the index in memory costs in memory is measured where it counts, in a
whole download: the `gpkg, index in memory` row of the export benchmark above.

| spatial index | GDAL's time | rows/s, GDAL alone |
|---|---|---|
{chr(10).join(lines)}
"""
    print(text)
    section_write("datasets-gpkg-gdal", text)


def _gdal_version() -> str:
    import pyogrio

    return pyogrio.__gdal_version_string__


if __name__ == "__main__":
    main()
