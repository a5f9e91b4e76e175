"""Precision and recall of the attach decisions on the real OSM cameras (see run.py)."""

import time
from dataclasses import replace

from django.conf import settings

from cameramap.cameras.models import Camera
from cameramap.datasets.osm_import import cameras_import, read_fixture
from cameramap.geo import distance_m, within
from cameramap.moderation import dedup
from cameramap.moderation.selectors import camera_facts, dedup_cameras, dedup_candidates_for
from simulate import Scenario, Tally, simulate

NAIVE_RADIUS_M = 50.0
TWIN_RADIUS_M = 5.0
SWEEP_HIGH = (0.5, 0.6, 0.7, 0.8, 0.9)


def _twin(truth: dedup.Facts, candidates: list[dedup.Candidate], cameras: dict[int, dedup.Facts]) -> bool:
    """Does the report's camera have a neighbour no report evidence here could tell apart: within
    5 m, directions agreeing or unknown? (No photos in this benchmark: OSM has none.)"""
    for candidate in candidates:
        other = cameras[candidate.camera]
        if other.id != truth.id and distance_m(truth.lon, truth.lat, other.lon, other.lat) <= TWIN_RADIUS_M:
            if dedup.directions_agree(truth.directions, other.directions) is not False:
                return True
    return False


def scenario_run(sims, cameras: dict[int, dedup.Facts]) -> dict:
    """Every simulated report through the production lookup and the naive rule."""
    tops, naive, twins, lookup_s = [], [], [], []
    for sim in sims:
        started = time.perf_counter()
        candidates = dedup_candidates_for(sim.facts)
        lookup_s.append(time.perf_counter() - started)
        tops.append(candidates[0] if candidates else None)
        twins.append(sim.truth is not None and _twin(cameras[sim.truth], candidates, cameras))
        nearest = within(dedup_cameras().only("id", "location"), sim.facts.lon, sim.facts.lat, NAIVE_RADIUS_M)
        naive.append(nearest[0][0].pk if nearest else None)
    return {"sims": sims, "tops": tops, "naive": naive, "twins": twins, "lookup_s": lookup_s}


def tally(run: dict, *, high: float, low: float, skip_twins: bool = False) -> Tally:
    result = Tally()
    for sim, top, twin in zip(run["sims"], run["tops"], run["twins"]):
        if skip_twins and twin:
            continue
        suggestion = dedup.decide([top] if top else [], high=high, low=low)
        result.add(sim.truth, suggestion.action, suggestion.camera)
    return result


def tally_naive(run: dict) -> Tally:
    result = Tally()
    for sim, nearest in zip(run["sims"], run["naive"]):
        result.add(sim.truth, "attach" if nearest else "new", nearest)
    return result


def accuracy_run(fixture, *, seeds: list[int], quick: bool) -> dict:
    started = time.perf_counter()
    imported = cameras_import(read_fixture(fixture))
    import_s = time.perf_counter() - started
    rows = Camera.objects.only("id", "location", "directions", "surveillance_type", "camera_type", "mount")
    cameras = {camera.pk: camera_facts(camera) for camera in rows}
    pool = list(cameras.values())
    base = Scenario(reports=1_800 if quick else 20_000, new_cameras=200 if quick else 2_000)
    high, low = settings.DEDUP_SCORE_HIGH, settings.DEDUP_SCORE_LOW

    runs = {}
    for seed in seeds:
        runs[("seeds", seed)] = scenario_run(simulate(pool, replace(base, seed=seed)), cameras)
        print(f"  seed {seed}: {tally(runs[('seeds', seed)], high=high, low=low).__dict__}", flush=True)
    variants = {
        "10 % of reports without direction": replace(base, unknown_share=0.1),
        "50 % of reports without direction": replace(base, unknown_share=0.5),
        "new-camera reports also 30 % without direction": replace(base, new_unknown_share=0.3),
        "compass error ±30° instead of ±15°": replace(base, compass_noise_deg=30.0),
    }
    for name, scenario in variants.items():
        runs[("variant", name)] = scenario_run(simulate(pool, replace(scenario, seed=seeds[0])), cameras)
        print(f"  {name}: done", flush=True)
    return {
        "imported": imported, "import_s": import_s, "cameras": len(cameras), "base": base, "high": high, "low": low,
        "seeds": seeds, "runs": runs, "variants": list(variants),
        "radius": settings.DEDUP_RADIUS_M,
    }
