"""Bar charts drawn as SVG on the server: the geometry is computed here, the template writes
the elements. No JavaScript library, no CDN, readable without scripts (and the same numbers
are in the table beside each chart)."""

from dataclasses import dataclass

from django.utils.formats import number_format


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    x: float
    y: float
    width: float
    height: float


def _number(value: float) -> str:
    """The value as people read it in the page's language (1,234.5 in English, 1.234,5 in Serbian)."""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 2, force_grouping=True)


def horizontal_bars(items: list[tuple[str, float]], *, width: int = 720, bar: int = 22, gap: int = 8,
                    label_width: int = 220, value_width: int = 70) -> dict:
    """One bar per (label, value), longest for the largest value (e.g. the share of each
    district's streets in view)."""
    largest = max((value for _label, value in items), default=0) or 1
    room = width - label_width - value_width
    bars = [
        Bar(label, value, _number(value), label_width, i * (bar + gap), round(room * value / largest, 1), bar)
        for i, (label, value) in enumerate(items)
    ]
    return {"width": width, "height": max(len(items) * (bar + gap) - gap, bar), "bars": bars,
            "label_x": label_width - 8, "bar": bar}


@dataclass(frozen=True)
class Segment:
    key: str  # which part of the whole (the chart's legend, the stylesheet's class)
    value: float
    text: str
    x: float
    width: float


def stacked_bars(items: list[tuple[str, float, list[float]]], keys: tuple[str, ...], *, width: int = 400,
                 bar: int = 18, label: int = 20, gap: int = 10, value_width: int = 60) -> dict:
    """One bar per (label, total, parts), its parts side by side in the order of ``keys``, the
    label above the bar so that the bar has the chart's whole width (on a phone too); the total
    is written after the bar."""
    largest = max((sum(parts) for _label, _total, parts in items), default=0) or 1
    room, row = width - value_width, label + bar + gap
    rows = []
    for i, (text, total, parts) in enumerate(items):
        x, segments = 0.0, []
        for key, value in zip(keys, parts, strict=True):
            segment_width = round(room * value / largest, 1)
            segments.append(Segment(key, value, _number(value), round(x, 1), segment_width))
            x += segment_width
        top = i * row
        rows.append({"label": text, "label_y": top + label - 5, "y": top + label, "segments": segments,
                     "total": _number(total), "end": round(x, 1), "text_y": top + label + bar - 4})
    return {"width": width, "height": max(len(items) * row - gap, row), "rows": rows, "bar": bar}


def columns(items: list[tuple[str, float]], *, width: int = 720, height: int = 220, axis: int = 28,
            label_every: int | None = None) -> dict:
    """One column per (label, value), e.g. cameras per month; every n-th label is written."""
    count = max(len(items), 1)
    step = min(width / count, 48)
    largest = max((value for _label, value in items), default=0) or 1
    room = height - axis - 16
    bars = []
    for i, (label, value) in enumerate(items):
        h = round(room * value / largest, 1)
        bars.append(Bar(label, value, _number(value), round(i * step + step * 0.1, 1), round(16 + room - h, 1),
                        round(step * 0.8, 1), h))
    every = label_every or max(1, round(count / 8))
    labels = [{"x": round(b.x + b.width / 2, 1), "text": b.label} for i, b in enumerate(bars) if i % every == 0]
    return {"width": width, "height": height, "bars": bars, "labels": labels, "baseline": height - axis,
            "label_y": height - 8}
