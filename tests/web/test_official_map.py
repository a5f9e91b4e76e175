"""The map page and the embed offer the official lists and keep ?official= in the embed's view."""

from datetime import date

import pytest

from cameramap.official.models import OfficialList

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db):
    older = OfficialList.objects.create(name="MUP 2019", publisher="Ministry", published=date(2019, 1, 5), file_name="a.csv",
                                        file_sha256="a" * 64)
    newer = OfficialList.objects.create(name="MUP <2021>", publisher="Ministry", published=date(2021, 3, 20), file_name="b.csv",
                                        file_sha256="b" * 64)
    return older, newer


def test_the_map_offers_the_lists_newest_first_as_text(client, lists):
    older, newer = lists
    html = client.get("/").content.decode()
    assert 'id="official-list"' in html and "cameramap/map-official.js" in html
    assert html.index(f'<option value="{newer.pk}">MUP &lt;2021&gt; (Ministry, 2021-03-20)') < html.index(f'<option value="{older.pk}">')
    assert 'data-entries-url="/api/v1/official-lists/{id}/entries/"' in html
    assert 'data-list-url="/api/v1/official-lists/{id}/"' in html


def test_without_lists_the_box_is_hidden(client):
    html = client.get("/").content.decode()
    assert '<div class="box official-box" id="official-box"' in html
    box = html[html.index('id="official-box"'):]
    assert box[:box.index(">")].rstrip().endswith("hidden")


def test_the_embed_and_its_oembed_keep_the_chosen_list(client, lists):
    _older, newer = lists
    html = client.get(f"/embed/?official={newer.pk}&z=16&junk=1").content.decode()
    assert f'href="/?official={newer.pk}&amp;z=16"' in html
    assert 'class="embed-official"' in html
    body = client.get("/oembed", {"url": f"http://testserver/?official={newer.pk}&z=16"}).json()
    assert f"/embed/?official={newer.pk}&amp;z=16" in body["html"]
