"""Report submissions are limited fairly: only accepted reports count, per phone (its install
key) as well as per address, with the address's allowance big enough for a group, higher still
with a mapping-event code; a refusal says which limit and when there is room again. What the
limits keep says nothing about who the client is, and nothing of the key is kept with a report."""

import pickle
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from api import report_limits
from api.throttling import SALT_PERIOD_S, client_digest
from cameramap.cameras.models import Report
from cameramap.rates import parse_rate
from tests.factories import mapping_event_make
from tests.photos.support import throttle_reset, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]
URL = "/api/v1/reports/"
ADDRESS = "203.0.113.77"
PHONE_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
PHONE_B = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
PHONE_C = "5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f"


def post(client, address=ADDRESS, *, key=None, code=None, lat=None, idempotency_key=None, **extra):
    data = {"photos": [upload("jpg_gps_DSCN0010.jpg")]}
    if lat is not None:
        data["lat"], data["lon"] = lat, "20.45"
    if idempotency_key:
        data["idempotency_key"] = idempotency_key
    if key:
        extra["HTTP_X_INSTALL_KEY"] = key
    if code:
        extra["HTTP_X_EVENT_CODE"] = code
    return client.post(URL, data, format="multipart", REMOTE_ADDR=address, **extra)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def rates(settings):
    """Small limits, each different, so that a test can tell which one it met."""

    def set_rates(phone="2/hour", address="5/hour", event="4/hour", event_total="6/hour", attempts="100/hour"):
        settings.THROTTLE_REPORTS, settings.THROTTLE_REPORTS_ADDRESS = phone, address
        settings.THROTTLE_REPORTS_EVENT, settings.THROTTLE_REPORTS_EVENT_TOTAL = event, event_total
        settings.THROTTLE_REPORTS_ATTEMPTS = attempts

    return set_rates


def test_over_the_limit_is_429_with_retry_after_and_the_limit_named(api, rates):
    rates(phone="2/hour")
    assert [post(api).status_code for _ in range(2)] == [201, 201]
    refused = post(api)
    assert refused.status_code == 429
    assert 3540 <= int(refused["Retry-After"]) <= 3660
    body = refused.json()
    assert body["limit"] == "address"  # no install key: the client is its address
    assert body["detail"].startswith("Many reports came from this network address just now")
    assert "Try again in 60 minutes." in body["detail"] or "Try again in 61 minutes." in body["detail"]


def test_refused_reports_do_not_count(api, rates):
    rates(phone="2/hour")
    refused = [post(api, lat="91").status_code for _ in range(5)]  # a latitude off the Earth: 400
    assert refused == [400] * 5
    assert [post(api).status_code for _ in range(3)] == [201, 201, 429]


def test_a_repeat_of_a_report_already_taken_does_not_count(api, rates):
    rates(phone="2/hour")
    first = post(api, idempotency_key="k" * 20)
    again = post(api, idempotency_key="k" * 20)
    assert (first.status_code, again.status_code) == (201, 200)
    assert [post(api).status_code for _ in range(2)] == [201, 429]


def test_each_phone_has_its_own_allowance_behind_one_address(api, rates):
    rates(phone="2/hour", address="5/hour")
    assert [post(api, key=PHONE_A).status_code for _ in range(3)] == [201, 201, 429]
    assert post(api, key=PHONE_A).json()["limit"] == "phone"
    assert [post(api, key=PHONE_B).status_code for _ in range(2)] == [201, 201]
    # The address's allowance is for all its phones together.
    assert [post(api, key=PHONE_C).status_code for _ in range(2)] == [201, 429]
    refused = post(api, key=PHONE_C)
    assert refused.json()["limit"] == "address"
    assert post(api, "203.0.113.78", key=PHONE_C).status_code == 201  # elsewhere the phone still may


def test_the_default_allowance_of_an_address_is_ten_phones_at_full_pace(settings):
    phone, address = parse_rate(settings.THROTTLE_REPORTS), parse_rate(settings.THROTTLE_REPORTS_ADDRESS)
    assert phone == (30, 3600) and address == (300, 3600)
    assert parse_rate(settings.THROTTLE_REPORTS_EVENT)[0] > phone[0]
    assert parse_rate(settings.THROTTLE_REPORTS_EVENT_TOTAL)[0] > address[0]


def test_a_client_without_install_key_is_limited_per_address(api, rates):
    rates(phone="1/hour")
    assert post(api, "203.0.113.1").status_code == 201
    assert post(api, "203.0.113.2").status_code == 201
    assert post(api, "203.0.113.1").status_code == 429


def test_a_malformed_install_key_is_refused(api, rates):
    rates()
    refused = post(api, key="short")
    assert refused.status_code == 400
    assert refused.json() == {"install_key": ["The install key must be 16 to 64 letters, digits, - or _."]}
    assert Report.objects.count() == 0


def test_a_forged_forwarded_for_header_does_not_buy_a_new_allowance(api, rates):
    rates(phone="1/hour")
    assert post(api, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 201
    assert post(api, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_reading_a_receipt_is_not_counted(api, rates):
    rates(phone="1/hour")
    created = post(api).json()
    for _ in range(3):
        assert api.get(f"/api/v1/reports/{created['id']}/", {"receipt": created["receipt"]}, REMOTE_ADDR=ADDRESS).status_code == 200


def test_every_attempt_counts_against_a_ceiling_per_address(api, rates):
    rates(attempts="3/hour")
    assert [post(api, key=PHONE_A, lat="91").status_code for _ in range(3)] == [400, 400, 400]
    refused = post(api, key=PHONE_B)
    assert refused.status_code == 429 and refused.json()["limit"] == "attempts"
    assert Report.objects.count() == 0


def test_retry_after_is_when_the_oldest_counted_report_leaves_the_window(api, rates, monkeypatch):
    rates(phone="1/hour")
    clock = [1_800_000_000.0]
    monkeypatch.setattr(report_limits.time, "time", lambda: clock[0])
    assert post(api, key=PHONE_A).status_code == 201
    clock[0] += 600
    refused = post(api, key=PHONE_A)
    # The report counts for an hour, rounded up to the end of its minute: never too early.
    assert 3000 <= int(refused["Retry-After"]) <= 3060
    clock[0] += int(refused["Retry-After"])
    assert post(api, key=PHONE_A).status_code == 201


# --- mapping events ------------------------------------------------------------------------------

def test_an_event_code_raises_the_limit_of_its_phones(api, rates):
    rates(phone="1/hour", address="1/hour", event="3/hour", event_total="100/hour")
    event = mapping_event_make()
    assert [post(api, key=PHONE_A).status_code for _ in range(2)] == [201, 429]
    # With the code: the phone's higher allowance (the report before counts towards it too).
    code = event.code_display.lower()  # typed as people do
    assert [post(api, key=PHONE_A, code=code).status_code for _ in range(3)] == [201, 201, 429]
    assert post(api, key=PHONE_A, code=code).json()["limit"] == "phone"
    # and the address's allowance, used up, does not stop the event's other phones
    assert [post(api, key=key, code=event.code).status_code for key in (PHONE_B, PHONE_C)] == [201, 201]
    assert post(api, key=PHONE_A * 2).json()["limit"] == "address"  # a phone without the code is stopped


def test_an_event_has_an_allowance_for_all_its_phones_together(api, rates):
    rates(phone="1/hour", event="5/hour", event_total="3/hour")
    event = mapping_event_make()
    codes = [post(api, f"198.51.100.{n}", key=key, code=event.code).status_code
             for n, key in enumerate([PHONE_A, PHONE_B, PHONE_C, PHONE_A * 2])]
    assert codes == [201, 201, 201, 429]
    assert post(api, "198.51.100.9", key=PHONE_B * 2, code=event.code).json()["limit"] == "event"


@pytest.mark.parametrize(("when", "message"), [
    ("unknown", "No mapping event has this code. Check it with the organisers."),
    ("over", "The mapping event of this code is over."),
    ("not_started", "The mapping event of this code has not started yet."),
])
def test_a_code_that_is_not_valid_now_is_refused_and_nothing_is_made(api, rates, when, message):
    rates()
    now = timezone.now()
    event = mapping_event_make(starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=1)) if when == "over" else \
        mapping_event_make(starts_at=now + timedelta(hours=1)) if when == "not_started" else None
    refused = post(api, key=PHONE_A, code=event.code if event else "ZZZZ-ZZZZ")
    assert refused.status_code == 400
    assert refused.json() == {"event_code": [message]}
    assert Report.objects.count() == 0


def test_the_refusal_of_a_code_is_in_the_phones_language(api, rates):
    rates()
    refused = post(api, key=PHONE_A, code="nonsense", HTTP_ACCEPT_LANGUAGE="sr")
    assert refused.json() == {"event_code": ["Ниједна акција мапирања нема овај код. Проверите га са организаторима."]}
    latin = post(api, key=PHONE_A, code="nonsense", HTTP_ACCEPT_LANGUAGE="sr-Latn")
    assert latin.json() == {"event_code": ["Nijedna akcija mapiranja nema ovaj kod. Proverite ga sa organizatorima."]}


def test_a_limit_is_named_in_the_phones_language(api, rates):
    rates(phone="1/hour")
    post(api, key=PHONE_A)
    refused = post(api, key=PHONE_A, HTTP_ACCEPT_LANGUAGE="sr")
    assert refused.json()["limit"] == "phone"
    assert refused.json()["detail"].startswith("Овај телефон је послао")


# --- what is kept ----------------------------------------------------------------------------------

def cache_contents() -> dict:
    return {key: pickle.loads(value) for key, value in cache._cache.items()}  # locmem's own store


def test_the_cache_holds_neither_address_nor_install_key(api, rates):
    rates()
    assert post(api, key=PHONE_A).status_code == 201
    stored = cache_contents()
    text = repr(stored)
    assert ADDRESS not in text and PHONE_A not in text
    keys = repr(list(stored))
    assert client_digest(f"key:{PHONE_A}") in keys and client_digest(f"addr:{ADDRESS}") in keys
    assert any(key.split(":")[-2].startswith("throttle_reports_") for key in stored)


def test_nothing_of_the_install_key_or_event_code_is_stored_with_the_report(api, rates):
    rates()
    event = mapping_event_make()
    created = post(api, key=PHONE_A, code=event.code)
    assert created.status_code == 201
    report = Report.objects.get(pk=created.json()["id"])
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("cameras_", "moderation_", "datasets_", "auth", "django_", "axes_", "api_")):
                cursor.execute(f'SELECT * FROM "{table}"')
                rows += [repr(row) for row in cursor.fetchall()]
    everything = "\n".join(rows)
    assert report.receipt in everything  # the dump does hold the report
    assert PHONE_A not in everything and PHONE_A.upper() not in everything
    assert event.code not in repr([value for field, value in vars(report).items() if not field.startswith("_")])


def test_the_hash_changes_with_the_daily_salt_and_is_stable_within_a_day():
    day = 1_800_000_000 - 1_800_000_000 % SALT_PERIOD_S
    assert client_digest("addr:1.2.3.4", now=day + 10) == client_digest("addr:1.2.3.4", now=day + SALT_PERIOD_S - 10)
    assert client_digest("addr:1.2.3.4", now=day + 10) != client_digest("addr:1.2.3.4", now=day + SALT_PERIOD_S + 10)
    assert client_digest("addr:1.2.3.4", now=day) != client_digest("addr:1.2.3.5", now=day)


def test_the_salt_is_random_not_derived_from_the_secret():
    digest = client_digest("addr:1.2.3.4", now=0)
    cache.clear()  # the salt is forgotten: the same address now hashes differently
    assert client_digest("addr:1.2.3.4", now=0) != digest
