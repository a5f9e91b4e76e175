"""What ``cameras.pmtiles`` costs a release: the time, peak memory and size of the archive for a
city and for a country, against the GeoJSON file of the same rows written in the same run (the
release writes both from its snapshot, so the GeoJSON is the baseline the build already pays).

    DJANGO_SETTINGS_MODULE=cameramap.settings.test .venv/bin/python -m benchmarks.datasets.bench_pmtiles \\
        [--city 2000] [--country] [--synthetic 200000]

No database: rows are made in the snapshot's shape (columns.NAMES, text values). ``--city N``: N
cameras over about 10 × 8 km of Belgrade, denser in the centre; ``--country``: the 61,768 real ALPR
nodes of ../shared/fixtures/osm/alpr-us-2026.json.gz across the United States; ``--synthetic N``:
N cameras in 40 cities. Prints a Markdown table (benchmarks/RESULTS.md keeps it).
"""

import argparse
import gzip
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

django.setup()

from cameramap.datasets.columns import INDEX, NAMES  # noqa: E402
from cameramap.datasets.exporters import FORMATS, write_file  # noqa: E402
from cameramap.datasets.tile_archive import tile_archive_write  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "osm" / "alpr-us-2026.json.gz"
TYPES, OPERATORS = ("camera", "ALPR", "guard"), ("police", "city", "transport", "private", "unknown")


def row(i: int, lon: float, lat: float, rng: random.Random) -> list:
    values = dict.fromkeys(NAMES, "")
    values.update(id=str(i + 1), lon=f"{lon:.7f}", lat=f"{lat:.7f}", surveillance_type=TYPES[i % 3],
                  camera_type=("fixed", "dome", "panning")[i % 3], operator_type=OPERATORS[i % 5],
                  facial_recognition="unknown", status="present", verified="true" if i % 10 else "false",
                  directions=";".join(str(rng.randrange(360)) for _ in range(1 + i % 2)), source="crowd")
    result = [values[name] for name in NAMES]
    for name in ("height", "confirmations", "first_seen", "last_confirmed", "verified_on", "osm_id", "osm_version"):
        result[INDEX[name]] = None
    return result


def city_rows(count: int, rng: random.Random, lon=20.4573, lat=44.8176, start=0) -> list:
    rows = []
    for i in range(count):
        spread = 0.01 if i % 3 == 0 else 0.05  # a dense centre
        rows.append(row(start + i, lon + rng.gauss(0, spread), lat + rng.gauss(0, spread * 0.75), rng))
    return rows


def country_rows(rng: random.Random) -> list:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as handle:
        nodes = json.load(handle)
    return [row(i, node["lon"], node["lat"], rng) for i, node in enumerate(nodes)]


def synthetic_rows(count: int, rng: random.Random) -> list:
    rows = []
    for c in range(40):
        lon, lat = rng.uniform(-120, 40), rng.uniform(-40, 60)
        rows.extend(city_rows(count // 40, rng, lon, lat, start=len(rows)))
    return rows


def measure(name: str, rows: list) -> dict:
    """Time the GeoJSON file and the PMTiles archive of ``rows``, each in a child process, so peak
    memory is that build's own."""
    results = {}
    for kind in ("geojson", "pmtiles"):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"cameras.{kind}"
                started = time.perf_counter()
                extra = {}
                if kind == "geojson":
                    write_file(FORMATS["geojson"], iter(rows), path, meta={"title": "bench", "version": "bench",
                                                                           "licence": "ODbL-1.0", "attribution": ""})
                else:
                    extra = tile_archive_write(iter(rows), path, version="bench", attribution="")
                seconds = time.perf_counter() - started
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                os.write(write, json.dumps({"seconds": seconds, "size": path.stat().st_size, "peak_mb": peak,
                                            **extra}).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as handle:
            results[kind] = json.loads(handle.read())
        os.waitpid(pid, 0)
    return {"name": name, "cameras": len(rows), **results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--city", type=int, default=2000)
    parser.add_argument("--country", action="store_true")
    parser.add_argument("--synthetic", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(19)
    cases = [measure(f"a city ({args.city:,} cameras, Belgrade)", city_rows(args.city, rng))]
    if args.country:
        cases.append(measure("a country (61,768 real ALPR nodes, United States)", country_rows(rng)))
    if args.synthetic:
        cases.append(measure(f"{args.synthetic:,} synthetic cameras in 40 cities", synthetic_rows(args.synthetic, rng)))
    print("| data | cameras | PMTiles: time | tiles | size | peak memory | GeoJSON: time | size"
          " | PMTiles / GeoJSON time |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in cases:
        p, g = case["pmtiles"], case["geojson"]
        print(f"| {case['name']} | {case['cameras']:,} | {p['seconds']:.2f} s | {p['tiles']:,}"
              f" | {p['size'] / 2**20:.1f} MiB"
              f" | {p['peak_mb']:.0f} MB | {g['seconds']:.3f} s | {g['size'] / 2**20:.1f} MiB"
              f" | {p['seconds'] / max(g['seconds'], 1e-6):.0f}× |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
