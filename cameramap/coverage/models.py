"""Where volunteers have looked: one row per street and day, and nothing else.

A volunteer's survey ("I walked these streets and looked for cameras") is stored as the set of
(street, day) pairs it names — no account, receipt, install key, time of day, or order, and not
even which pairs came in together: the primary key is the pair itself, so there is no row id that
would number them in the order they arrived, and pairs already there are not written again. The
street is its OpenStreetMap way id (``StreetSegment.osm_id``), which a new import of the city's
streets keeps, where the row id of a segment changes. docs/privacy.md says why this cannot show a
route, and docs/coverage.md how the figures are read from it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StreetLook(models.Model):
    pk = models.CompositePrimaryKey("way_id", "day")
    way_id = models.BigIntegerField(help_text=_("The street's OpenStreetMap way id (StreetSegment.osm_id)."))
    day = models.DateField(help_text=_("The day (in the city's time zone) someone walked it and looked."))

    class Meta:
        verbose_name = _("street looked at")
        verbose_name_plural = _("streets looked at")

    def __str__(self) -> str:
        return f"way {self.way_id} on {self.day.isoformat()}"
