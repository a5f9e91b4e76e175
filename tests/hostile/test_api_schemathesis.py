"""Schemathesis generates requests from our own OpenAPI document and judges the answers with every
check it has: no answer may be a 5xx; every answer matches what the document promises (status
codes, content types, headers, bodies); every request the document calls valid is taken (2xx, or
401/403/404/409/429 as documented) and every request it calls invalid is refused; methods it does
not list answer 405 with an Allow header. All its phases run: the examples, the coverage of each
bound and type, fuzzing, and stateful sequences that feed one answer's ids into the next request.

It runs as a moderator (token authentication), so the moderation endpoints are exercised beyond
their 401/403, against real rows: cameras in districts, a camera merged into another, a pending
report, a published photo. The seed is fixed, so a run is repeatable; EXAMPLES per operation are
enough to find the 500s and the disagreements this test was raised to catch (an unbounded
``limit`` on the releases and the moderation list, undocumented refusals and content types)
while the whole run stays within a few minutes. A deeper run from the command line is in
docs/testing.md."""

import pytest
import schemathesis
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

from api.coverage import STREETS_BBOX_MAX_DEGREES
from cameramap.timeline.selectors import as_of_first_day
from tests.factories import camera_make, published_photo, report_make
from tests.hostile import schemathesis_hooks
from tests.web.accessibility_support import cameras_make

SEED = 20261205
EXAMPLES = 25  # per operation and phase; the command line's deep run takes 150
STATEFUL_STEPS = 6

# Requests whose validity the document cannot state, because rows or a secret decide it: a report
# needs a photo unless it says the camera is gone, latitude comes with longitude, the camera it
# names must exist and so must its mapping-event code; a mapping-event code is a secret no
# document lists; a walk's two points must lie near the city's walkable streets, apart, and
# joined. For these a schema-valid request may also be refused with a 400 naming the field
# (tests/api and tests/routes cover each rule), or 413/415 for bytes no photo is made of; every
# other operation must take what the document calls valid.
RULED_BY_ROWS = [("POST", "/api/v1/reports/"), ("POST", "/api/v1/mapping-events/check"), ("GET", "/api/v1/routes/")]
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis's own default


def run_config(token: str) -> SchemathesisConfig:
    """What `st run --checks all --phases examples,coverage,fuzzing,stateful` sets, as a config."""
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "headers": {"Authorization": f"Token {token}"},
        "workers": 1,
        "continue-on-failure": True,  # every case of an operation, not only up to its first failure
        "cache": {"enabled": False},  # nothing written into the checkout
        "generation": {"max-examples": EXAMPLES, "database": "none"},
        "operations": [{"include-method": method, "include-path": path,
                        "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400", "413", "415"]}}}
                       for method, path in RULED_BY_ROWS],
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
                   "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS}},
    })
    config.projects.default.checks.update(included_check_names=["all"])
    return config


@pytest.fixture
def api_schema(live_server, moderator, fixture_path):
    """The document, loaded from the running site, with rows to find. The engine sends its requests
    over HTTP from threads of its own, as the command line does against a server: the rows are
    committed (live_server's tests are transactional)."""
    from django.core.cache import cache

    cache.clear()  # throttling counters from other tests
    cameras = cameras_make()
    camera_make(operator="City", directions=[90], merged_into=cameras[0], published=False)
    report_make(kind="new", status="pending", directions=[80])
    published_photo(cameras[1], fixture_path("photos", "jpg_gps_DSCN0010.jpg"))
    first = as_of_first_day()
    schemathesis_hooks.register(settings.API_BBOX_MAX_DEGREES, days=(first, timezone.localdate()) if first else None,
                                paths={"/api/v1/coverage/streets/": STREETS_BBOX_MAX_DEGREES})
    token = Token.objects.create(user=moderator).key
    yield schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/", config=run_config(token))
    cache.clear()


def run(schema) -> tuple[list[str], set[str]]:
    """Run every phase; the failures (operation, check, what was sent and answered) and the phases run."""
    failures, phases = [], set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.PhaseFinished) and event.phase.is_enabled and event.phase.skip_reason is None:
            phases.add(event.phase.name.value)
        elif isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: error {event.value!r}")
        elif isinstance(event, events.FatalError):
            failures.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            recorder = event.recorder
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        interaction = recorder.interactions.get(case_id)
                        request = interaction.request if interaction else None
                        sent = f"{request.method} {request.uri} {(request.body or b'')[:150]!r}" if request else "?"
                        response = interaction.response if interaction else None
                        answered = f"{response.status_code} {response.content[:120]!r}" if response else "?"
                        failures.append(f"{recorder.label} [{check.name}] {sent} → {answered}: "
                                        f"{check.failure_info.failure.title}")
    return sorted(set(failures)), phases


def test_api_answers_every_generated_request_as_its_openapi_document_says(api_schema):
    failures, phases = run(api_schema)

    assert {"coverage", "fuzzing", "stateful"} <= phases  # examples too, where the document gives some
    assert not failures, "\n".join(failures)
