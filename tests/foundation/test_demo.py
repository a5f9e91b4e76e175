import pytest

from cameramap.cameras.models import Area, Camera
from cameramap.datasets.demo import demo_load
from cameramap.datasets.osm_tags import parse_directions

pytestmark = pytest.mark.django_db


def test_demo_loads_real_cameras_once():
    first = demo_load()
    assert first["created"] == 1757
    assert Area.objects.count() == 6
    assert demo_load()["created"] == 0
    assert Camera.objects.count() == 1757
    assert Camera.objects.filter(area__isnull=True).count() == 0
    camera = Camera.objects.get(osm_id=Camera.objects.order_by("osm_id").values_list("osm_id", flat=True)[0])
    assert camera.source == "osm" and camera.published and camera.surveillance_type == "ALPR"


@pytest.mark.parametrize(
    "value, expected",
    [("270", [270]), ("355;175", [355, 175]), ("360;180", [0, 180]), ("NE", [45]), ("nnw", [338]),
     ("0-90", [45]), ("300-60", [0]), ("270230", []), ("", []), (None, []), (90.0, [90]), ("E;E;W", [90, 270])],
)
def test_osm_directions_are_parsed(value, expected):
    assert parse_directions(value) == expected


@pytest.mark.django_db(transaction=True)
def test_demo_reports_go_through_the_real_pipeline_and_show_both_kinds_of_camera():
    from django.core.management import call_command

    from cameramap.cameras.history import ModerationEvent
    from cameramap.cameras.models import Report
    from cameramap.cameras.selectors import camera_counts
    from cameramap.moderation.accounts import moderator_ensure
    from cameramap.moderation.selectors import report_checks_done

    moderator, _password = moderator_ensure(username="moderator", password="demo-password-1")

    call_command("demo_load", reports_by="moderator")

    counts = camera_counts()
    assert counts["cameras"] == 1757 + 2 and counts["verified"] == 5 and counts["imported_osm"] == 1754
    reports = list(Report.objects.order_by("id"))
    assert [r.status for r in reports] == ["approved"] * 5 + ["pending"]
    for report in reports:  # photos rendered and pre-checks run, as for a volunteer's report
        assert report_checks_done(report)
        assert [p.state for p in report.photos.all()] == ["done"]
    approved = ModerationEvent.objects.filter(moderator=moderator).values_list("action", flat=True)
    assert sorted(approved) == ["approve", "approve", "attach", "attach", "attach"]
    confirmed = Camera.objects.filter(source="osm", verified_on__isnull=False)
    assert confirmed.count() == 3 and all(c.confirmations == 2 for c in confirmed)

    call_command("demo_load", reports_by="moderator")  # a second start changes nothing
    assert Report.objects.count() == 6 and camera_counts()["verified"] == 5


def test_demo_reports_need_an_existing_moderator():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("demo_load", reports_by="nobody")
    assert Camera.objects.count() == 0
