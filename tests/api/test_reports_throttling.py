"""Report submissions are throttled per client, and what the throttle keeps says nothing about
who the client is."""

import pickle

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.throttling import SALT_PERIOD_S, client_digest
from tests.photos.support import throttle_reset, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]
URL = "/api/v1/reports/"
ADDRESS = "203.0.113.77"


def post(client, address=ADDRESS, **extra):
    return client.post(URL, {"photos": [upload("jpg_gps_DSCN0010.jpg")]}, format="multipart", REMOTE_ADDR=address, **extra)


def test_over_the_rate_is_429_with_retry_after(settings):
    settings.THROTTLE_REPORTS = "2/hour"
    api = APIClient()
    codes = [post(api).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = post(api)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert refused.json()["detail"].startswith("Request was throttled.")


def test_each_client_has_its_own_allowance(settings):
    settings.THROTTLE_REPORTS = "1/hour"
    api = APIClient()
    assert post(api, "203.0.113.1").status_code == 201
    assert post(api, "203.0.113.2").status_code == 201
    assert post(api, "203.0.113.1").status_code == 429


def test_a_forged_forwarded_for_header_does_not_buy_a_new_allowance(settings):
    settings.THROTTLE_REPORTS = "1/hour"
    api = APIClient()
    assert post(api, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 201
    assert post(api, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_reading_a_receipt_is_not_counted(settings):
    settings.THROTTLE_REPORTS = "1/hour"
    api = APIClient()
    created = post(api).json()
    for _ in range(3):
        assert api.get(f"/api/v1/reports/{created['id']}/", {"receipt": created["receipt"]}, REMOTE_ADDR=ADDRESS).status_code == 200


def test_the_cache_holds_no_address(settings):
    settings.THROTTLE_REPORTS = "5/hour"
    post(APIClient())
    stored = {key: pickle.loads(value) for key, value in cache._cache.items()}  # locmem's own store
    assert any(key.split(":")[-1].startswith("throttle_reports_") for key in stored)
    assert ADDRESS not in repr(stored)
    assert client_digest(f"addr:{ADDRESS}") in repr(list(stored))


def test_the_hash_changes_with_the_daily_salt_and_is_stable_within_a_day():
    day = 1_800_000_000 - 1_800_000_000 % SALT_PERIOD_S
    assert client_digest("addr:1.2.3.4", now=day + 10) == client_digest("addr:1.2.3.4", now=day + SALT_PERIOD_S - 10)
    assert client_digest("addr:1.2.3.4", now=day + 10) != client_digest("addr:1.2.3.4", now=day + SALT_PERIOD_S + 10)
    assert client_digest("addr:1.2.3.4", now=day) != client_digest("addr:1.2.3.5", now=day)


def test_the_salt_is_random_not_derived_from_the_secret():
    digest = client_digest("addr:1.2.3.4", now=0)
    cache.clear()  # the salt is forgotten: the same address now hashes differently
    assert client_digest("addr:1.2.3.4", now=0) != digest
