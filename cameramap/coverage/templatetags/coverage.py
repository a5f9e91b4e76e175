"""``{% survey_section %}`` — the capture page's survey mode, and ``{% coverage_layer %}`` — the map's
layer "where nobody has looked yet": the pages include them with one tag and no view of theirs
needs to know the coverage settings."""

from django import template

from cameramap.coverage import conf

register = template.Library()


@register.inclusion_tag("coverage/_survey.html")
def survey_section() -> dict:
    return {"survey": {"delay_hours": conf.delay_hours(), "max_age_days": conf.max_age_days(),
                       "max_segments": conf.max_segments()}}


@register.inclusion_tag("coverage/_map_layer.html")
def coverage_layer() -> dict:
    return {"months": conf.stale_months()}


@register.inclusion_tag("coverage/_data_section.html")
def coverage_section() -> dict:
    """The coverage table of /data/: every district and the city."""
    from cameramap.coverage.figures import coverage_table

    table = coverage_table(months=conf.stale_months())
    rows = [_percent_row(row) for row in table["areas"]]
    return {"coverage": {**table, "rows": rows, "city": _percent_row(table["city"]), "delay_hours": conf.delay_hours()}}


def _percent_row(figures: dict) -> dict:
    def percent(share):
        return None if share is None else share * 100

    return {**figures, "street_km": figures["street_m"] / 1000, "surveyed_percent": percent(figures["surveyed_share"]),
            "not_looked_at_percent": percent(figures["not_looked_at_share"])}
