"""The dossier's map, drawn on the server from our own data as SVG: the district outlines (the
chosen one filled) and the cameras as dots coloured by operator type. No tiles, no outside
service: what is drawn is exactly what the database holds.

Projection: longitude scaled by cos(latitude of the centre) — equirectangular, true to within a
fraction of a percent over a city, and shapes look as they do on the web map.
"""

import math
from html import escape

from cameramap.cameras import vocabulary as v

WIDTH, MAX_HEIGHT = 660, 800  # fits an A4 page under its heading, at any shape of the area
COLOURS = {  # one per operator type, readable in grey print too (light to dark)
    v.OperatorType.POLICE: "#1f3a93", v.OperatorType.CITY: "#d35400", v.OperatorType.TRANSPORT: "#16a085",
    v.OperatorType.PRIVATE: "#8e44ad", v.OperatorType.UNKNOWN: "#7f8c8d",
}


def _rings(geometry) -> list[list[tuple[float, float]]]:
    return [list(ring.coords) for polygon in geometry for ring in polygon]


def map_svg(*, outlines: list, chosen, points: list[tuple[float, float, str]], title: str) -> dict:
    """``outlines``: district boundaries (MultiPolygons, WGS 84) drawn as context; ``chosen``: the
    dossier's district, filled (None for the city); ``points``: (lon, lat, operator_type).
    Returns {"svg": markup, "legend": [(operator_type, colour)]}."""
    frame = chosen.extent if chosen is not None else None
    if frame is None:
        boxes = [g.extent for g in outlines] + [(x, y, x, y) for x, y, _t in points]
        if not boxes:
            return {"svg": "", "legend": []}
        frame = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    west, south, east, north = frame
    pad_x, pad_y = max((east - west) * 0.04, 0.002), max((north - south) * 0.04, 0.002)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    k = math.cos(math.radians((south + north) / 2))
    scale = min(WIDTH / ((east - west) * k), MAX_HEIGHT / (north - south))
    width, height = round((east - west) * k * scale), max(round((north - south) * scale), 80)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * k * scale:.1f},{(north - lat) * scale:.1f}"

    def path(geometry) -> str:
        return " ".join("M" + " L".join(xy(x, y) for x, y in ring) + " Z" for ring in _rings(geometry))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
             f' role="img" aria-label="{escape(title)}">',
             f'<rect width="{width}" height="{height}" fill="#f7f7f4"/>']
    for geometry in outlines:
        parts.append(f'<path d="{path(geometry)}" fill="none" stroke="#999" stroke-width="0.8"/>')
    if chosen is not None:
        parts.append(f'<path d="{path(chosen)}" fill="#fff" fill-opacity="0.9" stroke="#222" stroke-width="1.6"/>')
    radius = 2.2 if len(points) < 500 else 1.4
    for lon, lat, kind in points:
        x, y = xy(lon, lat).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{COLOURS.get(kind, "#333")}"/>')
    parts.append("</svg>")
    used = {kind for _x, _y, kind in points}
    return {"svg": "".join(parts), "legend": [(v.OperatorType(kind).label, COLOURS[kind]) for kind in v.OperatorType.values if kind in used]}
