"""Dossier benchmark: a city dossier of 2,000 cameras without pages per camera, and a district
dossier of about 200 cameras with a page each (two published photos, a sighting and a history
event per camera), in PostGIS. Each is built twice in fresh processes: once only as far as the
HTML page (``dossier_html``: the queries, the map, the template) and once to the stored PDF
(``dossier_build``: the same plus WeasyPrint), so the PDF's cost is read as a ratio against
rendering the same HTML in the same run. Time is wall clock; memory is the process's peak RSS.

    .venv/bin/python benchmarks/dossiers/bench_dossiers.py

Uses its own database ($BENCH_DB, default cm_dossier_bench), dropped at the end, and a temporary
media folder."""

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "datasets"))
os.environ.setdefault("BENCH_DB", "cm_dossier_bench")
import benchdb  # noqa: E402
from results import section_write  # noqa: E402

GENERATED = 2_500  # a fifth are generated "removed": 2,000 cameras counted in the city
PHOTO_SIZE = (1280, 960)


def prepare() -> None:
    """In a child: pick the district nearest 200 cameras and give each of its cameras the
    evidence a page shows: an accepted report with two published photos, and a history event."""
    benchdb.django_setup()
    from django.conf import settings
    from django.db.models import Count, Q
    from PIL import Image

    from cameramap.cameras.history import Action, events_write
    from cameramap.cameras.models import Area, Photo, Report
    from cameramap.datasets.statistics import cameras_counted

    photos = Path(settings.MEDIA_ROOT) / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    for n, colour in enumerate(("#5a7d9a", "#9a7d5a")):
        Image.new("RGB", PHOTO_SIZE, colour).save(photos / f"bench-{n}.jpg", quality=80)
    counted = Q(cameras__in=cameras_counted())
    area = min(Area.objects.annotate(n=Count("cameras", filter=counted)), key=lambda a: abs(a.n - 200))
    cameras = list(cameras_counted().filter(area=area))
    reports = Report.objects.bulk_create([
        Report(location=c.location, camera=c, kind="confirm", status="approved", prechecks={}) for c in cameras
    ])
    Photo.objects.bulk_create([
        Photo(report=r, position=n, image=f"photos/bench-{n}.jpg", state="done", width=PHOTO_SIZE[0], height=PHOTO_SIZE[1])
        for r in reports for n in range(2)
    ])
    events_write(action=Action.CORRECT, cameras={c.id: {} for c in cameras})
    print(json.dumps({"area": area.id, "cameras": len(cameras)}))


def one(area_id: int | None, pages: bool, pdf: bool) -> None:
    """In a child: one dossier, as HTML only or to the stored PDF."""
    benchdb.django_setup()
    import logging

    logging.disable(logging.INFO)
    from cameramap.datasets.dossiers import dossier_build, dossier_html
    from cameramap.datasets.models import Dossier

    dossier = Dossier.objects.create(area_id=area_id, language="sr", camera_pages=pages, site_url="https://example.org")
    started = time.perf_counter()
    if pdf:
        dossier = dossier_build(dossier.id)
        assert dossier.status == "ready", dossier.error
        size = dossier.size
    else:
        size = len(dossier_html(dossier).encode())
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages_n = None
    if pdf:
        from pypdf import PdfReader

        from cameramap.cameras.storage import private_storage

        pages_n = len(PdfReader(private_storage.path(dossier.path)).pages)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": size, "pages": pages_n}))


def child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *map(str, args)], check=True, capture_output=True, text=True, env=os.environ)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    media = tempfile.mkdtemp(prefix="dossier-bench-")
    os.environ.update(MEDIA_ROOT=f"{media}/media", PRIVATE_MEDIA_ROOT=f"{media}/private", LOG_LEVEL="WARNING")
    with benchdb.bench_database():
        benchdb.areas_generate(columns=2, rows=5)
        benchdb.cameras_generate(GENERATED)
        district = child("prepare")
        cases = [("city, 2,000 cameras, no pages per camera", "city", 0), (f"district, {district['cameras']} cameras, a page each with 2 photos", district["area"], 1)]
        rows = []
        for label, area, pages in cases:
            html = child("one", area, pages, 0)
            full = child("one", area, pages, 1)
            rows.append((label, html, full))
            print(label, html, full, flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    lines = [
        "## Dossiers (issue 18)",
        "",
        f"`benchmarks/dossiers/bench_dossiers.py` on {machine}, PostgreSQL/PostGIS, {date.today():%Y-%m-%d}. Each build in a fresh "
        "process; HTML: `dossier_html` (queries, map, template); PDF: `dossier_build` (the same, WeasyPrint 70 to PDF/A-3b, "
        "stored with its SHA-256). Ratio: PDF / HTML of the same dossier in the same run. Peak memory: the process's max RSS "
        "(Django loaded: about 100 MB of it is the process itself).",
        "",
        "| dossier | HTML s | HTML peak MB | PDF s | PDF peak MB | time ratio | memory ratio | pages | PDF size |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, html, full in rows:
        lines.append(
            f"| {label} | {html['seconds']:.1f} | {html['peak_mb']:.0f} | {full['seconds']:.1f} | {full['peak_mb']:.0f} | "
            f"{full['seconds'] / html['seconds']:.1f}× | {full['peak_mb'] / html['peak_mb']:.1f}× | {full['pages']} | {full['bytes'] / 1024:.0f} KiB |"
        )
    section_write("dossiers", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        prepare()
    elif len(sys.argv) > 1 and sys.argv[1] == "one":
        area = None if sys.argv[2] == "city" else int(sys.argv[2])
        one(area, sys.argv[3] == "1", sys.argv[4] == "1")
    else:
        main()
