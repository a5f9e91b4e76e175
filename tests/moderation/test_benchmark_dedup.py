"""benchmarks/dedup's own parts: the simulation keeps to its stated error model, and writing
RESULTS.md replaces only our section."""

import sys
from pathlib import Path

import pytest

from cameramap.geo import distance_m
from cameramap.moderation.dedup import Facts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "dedup"))
simulate = pytest.importorskip("simulate")


def test_simulated_reports_keep_to_the_error_model():
    cameras = [Facts(lon=20 + i * 0.01, lat=44.8, directions=(90,) if i % 2 else (), mount="pole", id=i) for i in range(500)]
    scenario = simulate.Scenario(reports=400, new_cameras=100, unknown_share=0.3, seed=5)

    reports = simulate.simulate(cameras, scenario)

    repeated = [r for r in reports if r.truth is not None]
    new = [r for r in reports if r.truth is None]
    assert len(repeated) == 400 and len(new) == 100
    for report in repeated:
        camera = cameras[report.truth]
        assert 2.99 <= distance_m(camera.lon, camera.lat, report.facts.lon, report.facts.lat) <= 15.01
        assert 3 <= report.facts.accuracy_m <= 15
        if report.facts.directions:
            assert camera.directions and abs(report.facts.directions[0] - 90) <= 15
    with_direction = [r for r in repeated if cameras[r.truth].directions]
    unknown = sum(1 for r in with_direction if not r.facts.directions) / len(with_direction)
    assert 0.2 < unknown < 0.4
    assert all(r.facts.directions for r in new)  # new cameras are reported with the way they face


def test_results_write_replaces_only_our_section(tmp_path):
    report = pytest.importorskip("report")
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Tiles\n\nfast\n\n## Deduplication (benchmarks/dedup)\n\nold\n\n## Exports\n\nbig\n")

    report.results_write(path, "## Deduplication (benchmarks/dedup)\n\nnew figures\n")

    text = path.read_text()
    assert "old" not in text and "new figures" in text
    assert "## Tiles\n\nfast" in text and "## Exports\n\nbig" in text
    assert text.index("## Tiles") < text.index("## Deduplication") < text.index("## Exports")
