"""The Atom feed of the dataset releases, ``/feeds/releases.atom``: each finished release, linking
to its row on /data/ (where its files are)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import DatasetRelease, ReleaseStatus

FEED_ITEMS = 30


def release_url(release: DatasetRelease) -> str:
    """The release on /data/: its own share card (?release=) and its row in the table."""
    return f"{reverse('datasets:data')}?release={release.version}#release-{release.version}"


def release_summary(release: DatasetRelease) -> str:
    counts = release.counts
    cameras = counts.get("cameras", 0)
    text = ngettext("%(count)s camera in its files.", "%(count)s cameras in its files.", cameras) % {
        "count": number_format(cameras, force_grouping=True)}
    if "verified" in counts:
        text += " " + _("%(verified)s verified by volunteers, %(imported)s imported.") % {
            name: number_format(counts.get(name, 0), force_grouping=True) for name in ("verified", "imported")}
    return text


class ReleasesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s: dataset releases") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return _("Citable snapshots of the published cameras, built every night.")

    def link(self):
        return reverse("datasets:data")

    def author_name(self):
        return settings.SITE_NAME

    def items(self):
        return DatasetRelease.objects.filter(status=ReleaseStatus.READY).order_by("-finished_at", "-id")[:FEED_ITEMS]

    def item_title(self, release: DatasetRelease):
        return _("Release %(version)s") % {"version": release.version}

    def item_description(self, release: DatasetRelease):
        return release_summary(release)

    def item_link(self, release: DatasetRelease):
        return release_url(release)

    def item_pubdate(self, release: DatasetRelease):
        return release.finished_at or release.created_at

    def item_updateddate(self, release: DatasetRelease):
        return release.finished_at or release.created_at
