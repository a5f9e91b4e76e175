"""/embed/ may be framed (and only it), its view comes from the address; /oembed hands out its
iframe for links to our map."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from cameramap.cameras.models import Area

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_embed_may_be_framed_by_the_setting(client, settings):
    response = client.get("/embed/?verified=true")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "frame-ancestors *"


def test_embed_frame_ancestors_from_the_setting(client, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://news.example.org"]
    assert frame_ancestors(client.get("/embed/")) == "frame-ancestors https://news.example.org"


@pytest.mark.parametrize("path", ["/", "/data/", "/submit/", "/feeds/cameras.atom", "/oembed?url=http://testserver/"])
def test_every_other_page_refuses_to_be_framed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "frame-ancestors 'none'"


def test_embed_is_the_map_without_the_site_around_it(client):
    html = client.get("/embed/?verified=true&z=16&lat=44.8&lon=20.4&junk=<x>").content.decode()
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert "cameramap/map.js" in html and 'id="filters"' in html and 'id="map"' in html
    # The link back keeps the view (and only the view's parameters).
    assert 'href="/?verified=true&amp;z=16&amp;lat=44.8&amp;lon=20.4"' in html
    assert "junk" not in html
    assert '<base target="_blank">' in html


def test_embed_starts_on_the_district_named(client):
    polygon = Polygon.from_bbox((20.40, 44.80, 20.45, 44.83))
    Area.objects.create(name="Stari grad", slug="stari-grad", boundary=MultiPolygon(polygon, srid=4326))
    response = client.get("/embed/?area=stari-grad")
    config = response.context["map_config"]
    assert config["areaBounds"] == [[pytest.approx(44.80), pytest.approx(20.40)], [pytest.approx(44.83), pytest.approx(20.45)]]
    assert client.get("/embed/?area=nowhere").context["map_config"]["areaBounds"] is None


def test_map_page_offers_the_embed_and_the_oembed_link(client):
    html = client.get("/?z=14").content.decode()
    assert 'id="embed-code"' in html and 'id="embed-copy"' in html
    assert ('<link rel="alternate" type="application/json+oembed" '
            'href="http://testserver/oembed?url=http%3A%2F%2Ftestserver%2F%3Fz%3D14&amp;format=json"') in html
    assert 'type="application/atom+xml" href="/feeds/cameras.atom"' in html


def test_oembed_answers_rich_json_with_the_iframe_of_the_same_view(client):
    response = client.get("/oembed", {"url": "http://testserver/?z=16&lat=44.8&lon=20.4&operator_type=police&x=1",
                                      "format": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["width"] == 640 and body["height"] == 480
    assert body["html"] == ('<iframe src="http://testserver/embed/?z=16&amp;lat=44.8&amp;lon=20.4&amp;operator_type=police" '
                            'width="640" height="480" style="border:0" loading="lazy" '
                            'title="Map of surveillance cameras"></iframe>')
    assert body["provider_name"] and body["provider_url"] == "http://testserver/"


def test_oembed_keeps_within_maxwidth_and_maxheight(client):
    body = client.get("/oembed", {"url": "http://testserver/embed/", "maxwidth": "300", "maxheight": "900"}).json()
    assert (body["width"], body["height"]) == (300, 480)
    assert 'width="300" height="480"' in body["html"]


@pytest.mark.parametrize("url", ["http://evil.example/", "http://testserver/data/", "javascript:alert(1)", "",
                                 "ftp://testserver/"])
def test_oembed_refuses_urls_not_ours(client, url):
    assert client.get("/oembed", {"url": url}).status_code == 404


def test_oembed_has_no_xml(client):
    assert client.get("/oembed", {"url": "http://testserver/", "format": "xml"}).status_code == 501


@pytest.mark.parametrize("value", ["-1", "0", "abc", "1e3"])
def test_oembed_refuses_a_bad_size(client, value):
    response = client.get("/oembed", {"url": "http://testserver/", "maxwidth": value})
    assert response.status_code == 400 and "maxwidth" in response.json()["detail"]
