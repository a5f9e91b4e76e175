"""Atom feeds of the cameras newly verified by our volunteers: the whole city at
``/feeds/cameras.atom`` and one district at ``/feeds/areas/{slug}.atom``.

"Newly verified" is ``Camera.verified_on``, the day a moderator first accepted a volunteer's
sighting; imported cameras (no such day) never appear. Titles and summaries are in the language
of the request, like the pages."""

from datetime import datetime, time, timezone

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cameramap.cameras.areas import districts
from cameramap.cameras.models import Area, Camera
from cameramap.cameras.selectors import cameras_published

FEED_ITEMS = 50


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


class VerifiedCamerasFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s: cameras newly verified by volunteers") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return _("Surveillance cameras whose sighting by one of our volunteers a moderator has just accepted.")

    def link(self):
        return reverse("web:map")

    def author_name(self):
        return settings.SITE_NAME

    def cameras(self):
        return cameras_published().filter(verified_on__isnull=False)

    def items(self):
        return self.cameras().select_related("area").order_by("-verified_on", "-id")[:FEED_ITEMS]

    def item_title(self, camera: Camera):
        return _("Camera #%(id)s: %(type)s, operated by %(operator)s") % {
            "id": camera.id, "type": camera.get_surveillance_type_display(),
            "operator": camera.operator or camera.get_operator_type_display()}

    def item_description(self, camera: Camera):
        text = _("Verified by volunteers on %(day)s. Status: %(status)s.") % {
            "day": camera.verified_on.isoformat(), "status": camera.get_status_display()}
        if camera.area_id:
            text += " " + _("District: %(district)s.") % {"district": camera.area.name}
        return text

    def item_link(self, camera: Camera):
        return reverse("web:camera", args=[camera.id])

    def item_pubdate(self, camera: Camera):
        return _day_start(camera.verified_on)

    def item_updateddate(self, camera: Camera):
        return _day_start(camera.verified_on)


class AreaVerifiedCamerasFeed(VerifiedCamerasFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(districts(), slug=slug)

    def title(self, area: Area):
        return _("%(site)s: cameras newly verified in %(district)s") % {"site": settings.SITE_NAME, "district": area.name}

    def link(self, area: Area):
        return f"{reverse('web:map')}?area={area.slug}"

    def items(self, area: Area):
        return self.cameras().filter(area=area).select_related("area").order_by("-verified_on", "-id")[:FEED_ITEMS]
