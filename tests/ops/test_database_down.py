"""With the database unreachable, pages and the API answer 503 with Retry-After."""

import pytest
from django.db import connection


@pytest.fixture
def database_down():
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = 1  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent-dir/cameramap.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/"])
def test_database_down_gives_503_with_retry_after(client, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nothing was saved" in response.content.decode()
