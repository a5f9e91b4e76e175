"""The figures of benchmarks/dedup as a Markdown section of benchmarks/RESULTS.md."""

import platform
from datetime import date
from pathlib import Path

from accuracy import SWEEP_HIGH, tally, tally_naive
from lookup import percentile

SECTION = "## Deduplication (benchmarks/dedup)"


def _pct(value: float) -> str:
    return f"{value:.4f}"


def results_markdown(accuracy: dict, lookup: dict, *, quick: bool) -> str:
    high, low, base = accuracy["high"], accuracy["low"], accuracy["base"]
    runs = accuracy["runs"]
    lines = [
        SECTION, "",
        f"Measured {date.today():%Y-%m-%d} by `benchmarks/dedup/run.py` on PostgreSQL/PostGIS, "
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
        + (" (**--quick run: not the figures**)" if quick else "") + ".",
        "",
        f"**Accuracy.** {accuracy['cameras']:,} real OSM cameras (`shared/fixtures/osm/alpr-us-2026.json.gz`, imported "
        f"in {accuracy['import_s']:.0f} s). Per seed, {base.reports:,} repeated reports of random cameras (GPS error 3–15 m, "
        f"directions as mapped ±{base.compass_noise_deg:.0f}° or unknown for {base.unknown_share:.0%}) and {base.new_cameras:,} "
        "reports of new cameras 5–20 m from an existing one and facing elsewhere (60–300° away), through the production "
        f"code path (`dedup_candidates_for` + `decide`, radius {accuracy['radius']:.0f} m, high {high}, low {low}); in the "
        "same run, the naive rule \"attach to the nearest camera within 50 m\". Precision: of the reports attached, the share "
        "attached to their own camera. Recall: of the repeated reports, the share attached to their own camera. "
        "Targets: precision ≥ 0.98, recall ≥ 0.95.",
        "",
        "| run | precision | recall | naive precision | naive recall |",
        "|---|---|---|---|---|",
    ]
    ours_p, ours_r = [], []
    for seed in accuracy["seeds"]:
        run = runs[("seeds", seed)]
        ours, naive = tally(run, high=high, low=low), tally_naive(run)
        ours_p.append(ours.precision)
        ours_r.append(ours.recall)
        lines.append(f"| seed {seed} | {_pct(ours.precision)} | {_pct(ours.recall)} | {_pct(naive.precision)} | {_pct(naive.recall)} |")
    lines.append(f"| **worst seed** | **{_pct(min(ours_p))}** | **{_pct(min(ours_r))}** | | |")
    for name in accuracy["variants"]:
        run = runs[("variant", name)]
        ours, naive = tally(run, high=high, low=low), tally_naive(run)
        lines.append(f"| {name} | {_pct(ours.precision)} | {_pct(ours.recall)} | {_pct(naive.precision)} | {_pct(naive.recall)} |")

    first = runs[("seeds", accuracy["seeds"][0])]
    ours = tally(first, high=high, low=low)
    twins = sum(first["twins"])
    clear = tally(first, high=high, low=low, skip_twins=True)
    lines += [
        "",
        f"Where the decisions went (seed {accuracy['seeds'][0]}): of {ours.repeated:,} repeated reports, "
        f"{ours.attached_right:,} attached to their camera, {ours.repeated_to_review:,} sent to a moderator as doubtful, "
        f"{ours.repeated_as_new:,} taken for new cameras; of {ours.new_total:,} new cameras, {ours.new_as_new:,} recognised "
        f"as new, {ours.new_to_review:,} sent to a moderator, {ours.new_total - ours.new_as_new - ours.new_to_review:,} attached "
        f"to a neighbour. {ours.attached_wrong:,} attach decisions were wrong in all. "
        f"{twins:,} repeated reports ({twins / ours.repeated:.1%}) are of a camera with an indistinguishable neighbour in the "
        "data (within 5 m, directions agreeing or unknown: OSM duplicates and twin installations); no evidence in this "
        "benchmark can tell those apart (OSM has no photos), so they go to a moderator. Without them, recall is "
        f"{_pct(clear.recall)} at precision {_pct(clear.precision)}.",
        "",
        f"Threshold sweep (seed {accuracy['seeds'][0]}; `DEDUP_SCORE_HIGH`):",
        "",
        "| high | precision | recall |",
        "|---|---|---|",
    ]
    for value in SWEEP_HIGH:
        swept = tally(first, high=value, low=min(low, value))
        lines.append(f"| {value} | {_pct(swept.precision)} | {_pct(swept.recall)} |")
    lookup_61k = first["lookup_s"]
    lines += [
        "",
        f"**Speed.** {lookup['total']:,} cameras in PostGIS ({accuracy['cameras']:,} OSM plus {lookup['inserted']:,} synthetic ones "
        f"in a 65 × 78 km city box, inserted by one `INSERT … SELECT generate_series` in {lookup['fill_s']:.0f} s). "
        f"{lookup['lookups']:,} per-report candidate lookups (`dedup_candidates_for`: index-backed envelope, photo hashes, "
        f"exact metres and scoring; {lookup['mean_candidates']:.1f} candidates on average, at most {lookup['max_candidates']}) "
        f"at points 3–15 m from random cameras, after 200 for warm-up. Baseline in the same run: the exact-metre query without "
        f"the index (`ST_DistanceSphere(...) <= 25` over the table), {lookup['naive_lookups']} lookups. Target: p95 ≤ 10 ms.",
        "",
        "| lookup | p50 | p95 | p99 |",
        "|---|---|---|---|",
        f"| candidates, {lookup['total']:,} cameras | {lookup['p50'] * 1000:.2f} ms | **{lookup['p95'] * 1000:.2f} ms** | {lookup['p99'] * 1000:.2f} ms |",
        f"| baseline: no index, {lookup['total']:,} cameras | {lookup['naive_p50'] * 1000:.0f} ms | {lookup['naive_p95'] * 1000:.0f} ms | |",
        f"| candidates, {accuracy['cameras']:,} OSM cameras (accuracy run) | {percentile(lookup_61k, 50) * 1000:.2f} ms | "
        f"{percentile(lookup_61k, 95) * 1000:.2f} ms | {percentile(lookup_61k, 99) * 1000:.2f} ms |",
        "",
        f"p95 ratio, indexed lookup / no-index baseline: **{lookup['p95'] / lookup['naive_p95']:.4f}** "
        f"({lookup['naive_p95'] / lookup['p95']:.0f} times faster).",
        "",
    ]
    return "\n".join(lines)


def results_write(path: Path, markdown: str) -> None:
    """Replace our section of RESULTS.md (or add it), keeping everybody else's."""
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + markdown + ("\n" + text[following + 1:] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + markdown
    path.write_text(text)
