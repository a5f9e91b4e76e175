"""benchmarks/dedup: how good and how fast is deduplication?

1. Accuracy. The 61,768 real OSM cameras of ../shared/fixtures/osm are imported (through the
   real import pipeline) into a PostGIS database of its own; simulated reports (simulate.py) go
   through the production code path (selectors.dedup_candidates_for + dedup.decide, with the
   settings' thresholds), and, in the same run, through a naive rule: "attach to the nearest
   camera within 50 m". Precision and recall of the attach decisions for both.
2. Speed. Synthetic cameras are added with one INSERT ... SELECT generate_series until the table
   holds 1,000,000; the per-report candidate lookup is timed (p50/p95/p99), next to the lookup a
   naive implementation would write (exact metres over the table, no index) in the same run.

The figures go to benchmarks/RESULTS.md (section "Deduplication"); the database is dropped at
the end. Run from the repository root, with PostgreSQL up as for `make test`:

    .venv/bin/python benchmarks/dedup/run.py              # the full run (~15 min on 2 cores)
    .venv/bin/python benchmarks/dedup/run.py --quick      # a small one, to try it
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

FIXTURE = ROOT.parent / "shared" / "fixtures" / "osm" / "alpr-us-2026.json.gz"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TOTAL_CAMERAS = 1_000_000
# Synthetic cameras fill a metropolitan box (the demo city, Atlanta: about 65 x 78 km), about
# 190 cameras per km2: denser than any city has yet, so lookups find several candidates.
CITY_BOX = (-84.75, 33.45, -84.05, 34.15)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 reports, 100,000 cameras: a try, not the figures")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--lookup-only", action="store_true", help="only the lookup time (prints, writes nothing)")
    parser.add_argument("--no-write", action="store_true", help="print the results, do not touch RESULTS.md")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", f"{os.environ.get('PG_DB', 'cameramap')}_bench"))
    return parser.parse_args()


def admin_connection():
    import psycopg

    return psycopg.connect(host=os.environ.get("PG_HOST", "127.0.0.1"), user=os.environ.get("PG_USER", "cameramap"),
                           password=os.environ.get("PG_PASSWORD", "cameramap"), dbname="postgres", autocommit=True)


def database_recreate(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def django_setup(name: str) -> None:
    user, password = os.environ.get("PG_USER", "cameramap"), os.environ.get("PG_PASSWORD", "cameramap")
    os.environ["DATABASE_URL"] = f"postgis://{user}:{password}@{os.environ.get('PG_HOST', '127.0.0.1')}:5432/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cameramap.settings.base"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main() -> None:
    args = parse_args()
    database_recreate(args.db)
    try:
        django_setup(args.db)
        from accuracy import accuracy_run
        from lookup import lookup_run
        from report import results_markdown, results_write

        seeds = [int(s) for s in args.seeds.split(",")]
        if args.lookup_only:
            print(lookup_run(total=100_000 if args.quick else TOTAL_CAMERAS, box=CITY_BOX, quick=args.quick))
            return
        accuracy = accuracy_run(FIXTURE, seeds=seeds, quick=args.quick)
        lookup = lookup_run(total=100_000 if args.quick else TOTAL_CAMERAS, box=CITY_BOX, quick=args.quick)
        markdown = results_markdown(accuracy, lookup, quick=args.quick)
        print(markdown)
        if not args.no_write and not args.quick:
            results_write(RESULTS, markdown)
            print(f"written to {RESULTS.relative_to(ROOT)}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            database_drop(args.db)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"done in {time.perf_counter() - started:.0f} s")
