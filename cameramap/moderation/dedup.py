"""Deduplication: is this report a sighting of a camera we already know, or a new camera?

Pure functions, no ORM: the selectors fetch the nearby cameras, this module scores them, and the
benchmark (benchmarks/dedup) runs exactly the same code over simulated reports.

The score is a probability. Each piece of evidence contributes a likelihood ratio — how much
more likely it is if the report and the camera are the same physical camera than if the report
is of some other camera standing nearby:

* distance, weighed by the report's GPS accuracy: the report's offset from its camera follows the
  phone's error (a Rayleigh distribution of scale sigma = accuracy combined with the camera's
  own mapping error), while a *different* camera could stand anywhere within the search radius
  (uniform over the disc). A precise report right on the camera is strong evidence; a report
  whose phone said "±50 m" is hardly any evidence at all.
* direction: when both directions are known, any pair within 45 degrees agrees (a little
  evidence: neighbouring cameras often watch the same road) and no pair agreeing is strong
  evidence of two different cameras. That is how two cameras on one pole facing opposite ways
  stay two cameras. Unknown on either side neither helps nor hurts.
* type and mount, when both sides know them: agreeing helps a little, disagreeing hurts more.
* photo similarity: the smallest Hamming distance between the perceptual hashes of the report's
  photos and the camera's photos. Near-identical photos are strong evidence; dissimilar ones
  barely count against (the same camera looks different from across the street).

The candidates then share the probability with the hypothesis "a new camera" (weight NEW_WEIGHT,
the prior odds that a report near a known camera is of some other camera): a candidate's score
is its likelihood ratio over the sum of all of them plus NEW_WEIGHT. Two indistinguishable
candidates therefore split the probability and neither reaches the high threshold: doubtful
cases go to a moderator instead of being attached at random.
"""

import math
from dataclasses import dataclass, field

from cameramap.geo import distance_m

CAMERA_POSITION_ERROR_M = 3.0  # how far a mapped camera itself may be from the real one
DEFAULT_ACCURACY_M = 10.0  # when the phone did not say
# Phones report accuracy as the radius that holds the true position 68 % of the time; for a
# Rayleigh distribution that radius is 1.51 sigma.
ACCURACY_TO_SIGMA = 1 / 1.51
MIN_ACCURACY_M = 3.0  # phones claim ±1 m; nobody pins a pole that well
DIRECTION_TOLERANCE_DEG = 45
NEW_WEIGHT = 0.5

LR_DIRECTION_AGREE_EXACT = 4.0  # directions equal
LR_DIRECTION_AGREE_EDGE = 1.5  # directions 45 degrees apart
LR_DIRECTION_DISAGREE = 0.005
LR_ATTRIBUTE_AGREE = 1.3
LR_ATTRIBUTE_DISAGREE = 0.4
LR_TYPE_DISAGREE = 0.5  # surveillance:type: volunteers confuse a plate reader with a camera
LR_PHOTO_SIMILAR = 4.0  # Hamming distance <= PHOTO_SIMILAR_BITS of 64
LR_PHOTO_DISSIMILAR = 0.7  # Hamming distance > PHOTO_DISSIMILAR_BITS
PHOTO_SIMILAR_BITS = 10
PHOTO_DISSIMILAR_BITS = 24


@dataclass(frozen=True)
class Facts:
    """What can be compared: a report's observation or a camera's record."""

    lon: float
    lat: float
    directions: tuple[int, ...] = ()
    surveillance_type: str = ""
    camera_type: str = ""
    mount: str = ""
    phashes: tuple[str, ...] = ()
    accuracy_m: float | None = None
    id: int | None = None


@dataclass(frozen=True)
class Candidate:
    camera: int
    score: float
    distance_m: float
    likelihood: float
    evidence: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"camera": self.camera, "score": round(self.score, 4), "distance_m": round(self.distance_m, 1), **self.evidence}


# --- evidence -----------------------------------------------------------------------------

def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def closest_angle(mine: tuple[int, ...], theirs: tuple[int, ...]) -> float | None:
    """The smallest angle between any direction of one and any of the other; None when either
    side does not know."""
    if not mine or not theirs:
        return None
    return min(angle_between(a, b) for a in mine for b in theirs)


def directions_agree(mine: tuple[int, ...], theirs: tuple[int, ...]) -> bool | None:
    """True when any pair is within the tolerance, False when none is, None when either side
    does not know."""
    angle = closest_angle(mine, theirs)
    return None if angle is None else angle <= DIRECTION_TOLERANCE_DEG


def hamming(a: str, b: str) -> int | None:
    try:
        return bin(int(a, 16) ^ int(b, 16)).count("1")
    except (TypeError, ValueError):
        return None


def photo_distance(mine: tuple[str, ...], theirs: tuple[str, ...]) -> int | None:
    distances = [d for a in mine for b in theirs if (d := hamming(a, b)) is not None]
    return min(distances) if distances else None


def distance_likelihood(distance: float, accuracy_m: float | None, radius_m: float) -> float:
    """Rayleigh(sigma) for the same camera over uniform-in-the-disc for another one."""
    accuracy = max(accuracy_m if accuracy_m is not None else DEFAULT_ACCURACY_M, MIN_ACCURACY_M)
    sigma2 = (accuracy * ACCURACY_TO_SIGMA) ** 2 + CAMERA_POSITION_ERROR_M**2
    return radius_m**2 / (2 * sigma2) * math.exp(-(distance**2) / (2 * sigma2))


def _attribute(mine: str, theirs: str, agree: float, disagree: float) -> tuple[str, float]:
    if not mine or not theirs:
        return "unknown", 1.0
    return ("agree", agree) if mine == theirs else ("disagree", disagree)


def likelihood(report: Facts, camera: Facts, radius_m: float) -> tuple[float, float, dict]:
    """The likelihood ratio "same camera" : "another camera", the distance, and the evidence."""
    dist = distance_m(report.lon, report.lat, camera.lon, camera.lat)
    ratio = distance_likelihood(dist, report.accuracy_m, radius_m)
    evidence: dict = {}

    angle = closest_angle(report.directions, camera.directions)
    if angle is None:
        evidence["direction"] = "unknown"
    elif angle <= DIRECTION_TOLERANCE_DEG:
        evidence["direction"] = "agree"
        # Graded inside the tolerance: a phone compass is good to ~15 degrees, so 5 degrees
        # apart says more than 40 degrees apart.
        ratio *= LR_DIRECTION_AGREE_EXACT + (LR_DIRECTION_AGREE_EDGE - LR_DIRECTION_AGREE_EXACT) * angle / DIRECTION_TOLERANCE_DEG
    else:
        evidence["direction"] = "disagree"
        ratio *= LR_DIRECTION_DISAGREE

    for name, mine, theirs, agree_lr, disagree_lr in (
        ("type", report.surveillance_type, camera.surveillance_type, 1.0, LR_TYPE_DISAGREE),
        ("camera_type", report.camera_type, camera.camera_type, LR_ATTRIBUTE_AGREE, LR_ATTRIBUTE_DISAGREE),
        ("mount", report.mount, camera.mount, LR_ATTRIBUTE_AGREE, LR_ATTRIBUTE_DISAGREE),
    ):
        evidence[name], factor = _attribute(mine, theirs, agree_lr, disagree_lr)
        ratio *= factor

    bits = photo_distance(report.phashes, camera.phashes)
    evidence["photo_distance"] = bits
    if bits is not None:
        ratio *= LR_PHOTO_SIMILAR if bits <= PHOTO_SIMILAR_BITS else LR_PHOTO_DISSIMILAR if bits > PHOTO_DISSIMILAR_BITS else 1.0
    return ratio, dist, evidence


def candidates_rank(report: Facts, cameras: list[Facts], radius_m: float) -> list[Candidate]:
    """Score every camera within radius_m of the report; best first."""
    scored = []
    for camera in cameras:
        ratio, dist, evidence = likelihood(report, camera, radius_m)
        if dist <= radius_m:
            scored.append((camera.id, ratio, dist, evidence))
    total = NEW_WEIGHT + sum(ratio for _id, ratio, _d, _e in scored)
    ranked = [Candidate(camera=i, score=r / total, distance_m=d, likelihood=r, evidence=e) for i, r, d, e in scored]
    ranked.sort(key=lambda c: (-c.score, c.distance_m, c.camera))
    return ranked


@dataclass(frozen=True)
class Suggestion:
    action: str  # "attach" | "new" | "review"
    camera: int | None = None
    score: float | None = None

    def as_dict(self) -> dict:
        return {"action": self.action, "camera": self.camera, "score": None if self.score is None else round(self.score, 4)}


def decide(candidates: list[Candidate], *, high: float, low: float) -> Suggestion:
    """Above high: attach to the best candidate. Below low for all: a new camera. Between: a
    moderator chooses."""
    if not candidates or candidates[0].score < low:
        return Suggestion("new")
    best = candidates[0]
    if best.score >= high:
        return Suggestion("attach", best.camera, best.score)
    return Suggestion("review", best.camera, best.score)
