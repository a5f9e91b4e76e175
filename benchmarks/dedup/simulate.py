"""Simulated volunteer reports of real cameras, with the truth known, for benchmarks/dedup.

Two kinds of report:

* a *repeated report* of an existing camera (one of the 61,768 OSM nodes): the phone's GPS
  error is 3-15 m (the phone says accuracy_m; the true error is 0.5-1.2 times that, clipped to
  3-15 m: phones report a 68 % radius), the directions are the mapped ones give or take 15
  degrees (a phone compass) or unknown (``unknown_share`` of the reports, and always when the
  camera's direction is not mapped), the mount as mapped for half the reports, the type "ALPR"
  for 90 % (the rest took it for an ordinary camera). The truth: that camera.
* a report of a *new camera* placed 5-20 m from an existing one and facing elsewhere (60-300
  degrees away from the mapped direction, any direction when none is mapped), reported with the
  same GPS error and compass noise, and carrying its direction (``new_unknown_share`` of them
  without). The truth: no existing camera.
"""

import math
import random
from dataclasses import dataclass, replace

from cameramap.moderation.dedup import Facts


@dataclass(frozen=True)
class Scenario:
    reports: int = 20_000
    new_cameras: int = 2_000
    unknown_share: float = 0.3
    new_unknown_share: float = 0.0
    compass_noise_deg: float = 15.0
    seed: int = 1


@dataclass(frozen=True)
class SimReport:
    facts: Facts
    truth: int | None  # camera id, None for a new camera


def moved(lon: float, lat: float, metres: float, bearing: float) -> tuple[float, float]:
    dy = metres * math.cos(math.radians(bearing)) / 111_320
    dx = metres * math.sin(math.radians(bearing)) / (111_320 * math.cos(math.radians(lat)))
    return lon + dx, lat + dy


def _noisy(rng: random.Random, directions, noise: float) -> tuple[int, ...]:
    return tuple(int(round(d + rng.uniform(-noise, noise))) % 360 for d in directions)


def _observe(rng: random.Random, lon, lat, directions, mount, scenario: Scenario, unknown_share: float) -> Facts:
    accuracy = round(rng.uniform(3, 15), 1)
    error = min(15.0, max(3.0, accuracy * rng.uniform(0.5, 1.2)))
    rlon, rlat = moved(lon, lat, error, rng.uniform(0, 360))
    seen = _noisy(rng, directions, scenario.compass_noise_deg) if directions and rng.random() >= unknown_share else ()
    return Facts(
        lon=rlon, lat=rlat, accuracy_m=accuracy, directions=seen,
        surveillance_type="ALPR" if rng.random() < 0.9 else "camera",
        mount=mount if mount and rng.random() < 0.5 else "",
    )


def simulate(cameras: list[Facts], scenario: Scenario) -> list[SimReport]:
    """Repeated reports of randomly chosen cameras, then reports of new cameras near others."""
    rng = random.Random(scenario.seed)
    reports = []
    for camera in rng.sample(cameras, scenario.reports):
        facts = _observe(rng, camera.lon, camera.lat, camera.directions, camera.mount, scenario, scenario.unknown_share)
        reports.append(SimReport(facts, camera.id))
    for existing in rng.sample(cameras, scenario.new_cameras):
        lon, lat = moved(existing.lon, existing.lat, rng.uniform(5, 20), rng.uniform(0, 360))
        base = existing.directions[0] if existing.directions else rng.uniform(0, 360)
        facing = (int(round(base + rng.uniform(60, 300))) % 360,)
        facts = _observe(rng, lon, lat, facing, "", scenario, scenario.new_unknown_share)
        reports.append(SimReport(replace(facts, surveillance_type="ALPR"), None))
    return reports


@dataclass
class Tally:
    """Attach decisions against the truth. Precision: of the reports attached, the share attached
    to their own camera. Recall: of the repeated reports, the share attached to their own
    camera. A new camera attached anywhere is a false attach."""

    attached_right: int = 0
    attached_wrong: int = 0
    repeated: int = 0
    repeated_to_review: int = 0
    repeated_as_new: int = 0
    new_total: int = 0
    new_as_new: int = 0
    new_to_review: int = 0

    def add(self, truth: int | None, action: str, camera: int | None) -> None:
        if truth is None:
            self.new_total += 1
            self.new_as_new += action == "new"
            self.new_to_review += action == "review"
        else:
            self.repeated += 1
            self.repeated_to_review += action == "review"
            self.repeated_as_new += action == "new"
        if action == "attach":
            if camera == truth:
                self.attached_right += 1
            else:
                self.attached_wrong += 1

    @property
    def precision(self) -> float:
        attached = self.attached_right + self.attached_wrong
        return self.attached_right / attached if attached else 1.0

    @property
    def recall(self) -> float:
        return self.attached_right / self.repeated if self.repeated else 0.0
