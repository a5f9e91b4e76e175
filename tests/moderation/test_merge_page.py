"""The moderator's merge page: the camera page asks for a preview, the preview page shows what the
merge will do and asks for the choices and the confirmation; only that confirmation merges."""

import pytest

from cameramap.cameras.models import Camera
from cameramap.moderation.services import report_attach
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(client, moderator):
    keep = camera_make(directions=[110], operator="Grad Beograd", mount="")
    dup = camera_make(lon=20.45731, directions=[290], operator="MUP", mount="pole")
    report_attach(report=report_make(), camera=dup, moderator=moderator)
    client.force_login(moderator)
    return keep, dup


def test_the_camera_page_asks_for_a_preview_not_a_merge(client, pair):
    keep, dup = pair
    body = client.get(f"/moderate/cameras/{dup.pk}/").content.decode()
    assert f'<form method="get" action="/moderate/cameras/{dup.pk}/merge" id="merge-form"' in body
    assert f'name="into" min="1" required value="{keep.pk}"' in body


def test_the_preview_page_shows_what_the_merge_will_do(client, pair):
    keep, dup = pair
    response = client.get(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk})

    assert response.status_code == 200
    body = response.content.decode()
    assert "1 sighting moves" in body and "0 photos" in body
    assert "3 confirmations after the merge" in body  # 1 + the duplicate's own and its sighting
    assert "<strong>110°, 290°</strong>" in body  # both directions survive
    assert "<dt><code>mount</code></dt><dd>pole</dd>" in body  # moves: the survivor did not know it
    assert 'name="choice_operator" value="target" checked>' in body  # the survivor's value by default
    assert 'name="choice_operator" value="source">' in body and "<strong>MUP</strong>" in body
    assert f'name="digest" value="{response.context["preview"].digest}"' in body
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_a_post_without_the_previews_confirmation_does_not_merge(client, pair):
    keep, dup = pair
    response = client.post(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk, "choice_operator": "source"})
    assert response.status_code == 302
    assert response["Location"] == f"/moderate/cameras/{dup.pk}/merge?into={keep.pk}"
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_confirming_the_preview_merges_with_the_chosen_values(client, pair):
    keep, dup = pair
    digest = client.get(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk}).context["preview"].digest

    response = client.post(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk, "digest": digest, "choice_operator": "source"})

    assert response["Location"] == f"/moderate/cameras/{keep.pk}/"
    keep.refresh_from_db()
    assert (keep.operator, keep.mount, keep.directions) == ("MUP", "pole", [110, 290])
    page = client.get(f"/moderate/cameras/{keep.pk}/").content.decode()
    assert f"Camera {dup.pk} merged into camera {keep.pk}; 1 sightings moved." in page
    assert f"Conflicts resolved with camera {dup.pk}&#x27;s value: operator." in page


def test_a_preview_gone_stale_is_shown_again(client, pair, moderator):
    keep, dup = pair
    digest = client.get(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk}).context["preview"].digest
    report_attach(report=report_make(), camera=dup, moderator=moderator)  # a sighting came in meanwhile

    response = client.post(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk, "digest": digest}, follow=True)

    assert response.redirect_chain[-1][0] == f"/moderate/cameras/{dup.pk}/merge?into={keep.pk}"
    assert "The merge changed since its preview was shown" in response.content.decode()
    assert "2 sightings move" in response.content.decode()
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_a_refused_merge_goes_back_to_the_camera_with_the_reason(client, pair):
    _keep, dup = pair
    response = client.get(f"/moderate/cameras/{dup.pk}/merge", {"into": dup.pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"/moderate/cameras/{dup.pk}/"
    assert "A camera cannot be merged into itself." in response.content.decode()
