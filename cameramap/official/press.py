"""The comparison told in words and rows, the same way on /data/, in dossiers and on the map:
for a list and for each district, how many cameras are on our map, how many the list declares,
how many of those were found, and how many cameras on the street the list does not declare.

"Found" here is ``matched`` only (paired confidently, or confirmed by a moderator); a
``probable`` pair is said apart, since nobody has checked it yet. "On our map" counts the
cameras the comparison can speak of — those inside the list's area: the ones paired with an
entry and the ones not declared — whatever their source, with how many our volunteers verified.
Each clause is translated on its own, so that every number gets its own plural form."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .figures import district_figures, list_figures
from .models import OfficialList


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def row(figures: dict) -> dict:
    """The figures of a list or a district, flattened for a table, a chart and a sentence."""
    matched, probable, not_declared = figures["matched"], figures["probable"], figures["not_declared"]
    on_map = matched["total"] + probable["total"] + not_declared["total"]
    return {
        "declared": figures["declared"], "located": figures["located"], "found": matched["total"],
        "probable": probable["total"], "not_found": figures["not_found"], "unlocated": figures["unlocated"],
        "not_declared": not_declared["total"], "not_declared_verified": not_declared["verified"],
        "on_map": on_map, "on_map_verified": matched["verified"] + probable["verified"] + not_declared["verified"],
    }


def sentence(place: str, official_list: OfficialList, figures: dict) -> str:
    """"In Stari grad 412 cameras are on our map (…); the list … declares 96 locations there; 88
    of them were found; 324 cameras on the street are not on the list." in the active language."""
    r = row(figures)
    day = date_format(official_list.published, "DATE_FORMAT")
    parts = [
        ngettext("In %(place)s %(n)s camera is on our map (%(verified)s verified by our volunteers)",
                 "In %(place)s %(n)s cameras are on our map (%(verified)s verified by our volunteers)", r["on_map"])
        % {"place": place, "n": _n(r["on_map"]), "verified": _n(r["on_map_verified"])},
        ngettext("the list published by %(publisher)s on %(day)s declares %(n)s location there",
                 "the list published by %(publisher)s on %(day)s declares %(n)s locations there", r["declared"])
        % {"publisher": official_list.publisher, "day": day, "n": _n(r["declared"])},
        ngettext("%(n)s of them was found", "%(n)s of them were found", r["found"]) % {"n": _n(r["found"])},
    ]
    if r["probable"]:
        parts.append(ngettext("%(n)s more probably (a moderator has yet to check it)",
                              "%(n)s more probably (a moderator has yet to check them)", r["probable"])
                     % {"n": _n(r["probable"])})
    parts.append(ngettext("%(n)s camera on the street is not on the list.", "%(n)s cameras on the street are not on the list.",
                          r["not_declared"]) % {"n": _n(r["not_declared"])})
    return "; ".join(parts)


def list_place(official_list: OfficialList) -> str:
    return official_list.area.name if official_list.area_id else _("the area the list covers")


def comparison(official_list: OfficialList, figures: tuple[dict, list[dict]] | None = None) -> dict:
    """A list's comparison: its total row and sentence, and a row and a sentence per district;
    ``figures`` — (list_figures, district_figures) — when the caller has them already (cached)."""
    totals, by_district = figures if figures is not None else (list_figures(official_list), district_figures(official_list))
    districts = [
        {"area": d["area"], "name": d["name"], "slug": d["slug"], **row(d), "sentence": sentence(d["name"], official_list, d)}
        for d in by_district
    ]
    return {"list": official_list, "total": row(totals), "sentence": sentence(list_place(official_list), official_list, totals),
            "districts": districts}


def area_comparison(official_list: OfficialList, area) -> dict:
    """The comparison for one district (``area``), or for the whole list when ``area`` is None:
    what a dossier of that district, or of the city, carries."""
    if area is None:
        whole = comparison(official_list)
        return {"list": official_list, "place": list_place(official_list), "row": whole["total"], "sentence": whole["sentence"]}
    for district in district_figures(official_list):
        if district["area"] == area.id:
            return {"list": official_list, "place": area.name, "row": row(district),
                    "sentence": sentence(area.name, official_list, district)}
    return {"list": official_list, "place": area.name, "row": None, "sentence": None}
