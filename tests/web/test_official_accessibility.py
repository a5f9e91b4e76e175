"""WCAG 2.1 AA (axe-core in real Chromium) for declared versus found: the map with an official
list chosen, on a desktop and on a phone, and /data/ with a list's section; and neither scrolls
sideways at 320 pixels."""

from datetime import date

import pytest

from tests.browser import in_thread
from tests.web.accessibility_support import cameras_make, map_path, map_ready, open_page  # noqa: F401
from tests.web.test_accessibility import OVERFLOW, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def list_make():
    """The three cameras of cameras_make and a list declaring two of them and one place with none."""
    from cameramap.official.models import OfficialEntry, OfficialList
    from cameramap.official.services import list_match

    cameras = cameras_make()
    listed = OfficialList.objects.create(name="МУП 2021", publisher="Министарство", published=date(2021, 3, 20), file_name="l.csv",
                                         file_sha256="c" * 64)
    places = [(cameras[0].location.x, cameras[0].location.y), (cameras[1].location.x + 0.0002, cameras[1].location.y),
              (20.4575, 44.8160)]
    for row, (lon, lat) in enumerate(places, start=2):
        OfficialEntry.objects.create(official_list=listed, row=row, ref=f"K{row}", location=f"SRID=4326;POINT({lon} {lat})",
                                     located_by="coordinates", precision_m=0)
    from cameramap.cameras.models import Area

    listed.coverage = Area.objects.get(slug="stari-grad").boundary  # the list's area: one district
    listed.save()
    list_match(listed)
    return listed


def test_the_map_with_an_official_list_passes_axe(open_page):
    listed = in_thread(list_make)
    for phone in (False, True):
        page = open_page(map_path(official=listed.pk), phone=phone)
        map_ready(page, 3)
        page.wait_for_selector("#map .official-entry.official-not_found")
        page.wait_for_selector("#official-figures .official-figure")
        assert_accessible(page, f"the map with an official list{' on a phone' if phone else ''}")


def test_the_data_pages_declared_versus_found_passes_axe_and_reflows(open_page):
    listed = in_thread(list_make)
    page = open_page("/data/")
    assert listed.name in page.text_content("#declared")
    page.locator("#declared details summary").first.click()  # the sentences per district
    assert_accessible(page, "the data page's declared versus found")
    page = open_page("/data/", phone=True)
    page.set_viewport_size({"width": 320, "height": 640})
    page.wait_for_function("() => window.innerWidth === 320")
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] == overflow["width"] == 320 and overflow["out"] == [], overflow
