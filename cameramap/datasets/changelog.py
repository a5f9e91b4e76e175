"""What changed between two releases: cameras added, removed and changed (with the columns
that changed), found by walking both releases' ``cameras.csv`` side by side. Both files are
sorted by camera id, so this is a merge join: memory holds the answer, never the files.

Added and removed cameras are counted apart as verified (a volunteer's sighting accepted by a
moderator) and imported (an outside source only), by the ``verified`` column of the release
they are in; so are the cameras that became verified since the previous release. A release
written before that column existed cannot say: its side of the split is None ("not known"),
never a guess."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

KEEP_IN_DATABASE = 1000  # ids per list kept on the release row; the file has them all


def _rows(handle: IO[str]) -> tuple[list[str], Iterator[list[str]]]:
    reader = csv.reader(handle)
    header = next(reader, [])
    return header, reader


def _split() -> dict:
    return {"verified": 0, "imported": 0}


def changelog_compute(old: IO[str], new: IO[str], progress=None) -> dict:
    """Compare two cameras.csv streams (text). Columns present in only one file are ignored."""
    old_header, old_rows = _rows(old)
    new_header, new_rows = _rows(new)
    common = [name for name in new_header if name in old_header and name != "id"]
    old_at = [old_header.index(name) for name in common]
    new_at = [new_header.index(name) for name in common]
    old_id, new_id = old_header.index("id"), new_header.index("id")
    old_verified = old_header.index("verified") if "verified" in old_header else None
    new_verified = new_header.index("verified") if "verified" in new_header else None
    added, removed, changed = [], [], []
    # The split of added and removed cameras, and the cameras verified since the previous release.
    split = {"added": _split() if new_verified is not None else None,
             "removed": _split() if old_verified is not None else None,
             "newly_verified": 0 if old_verified is not None and new_verified is not None else None}
    seen = 0
    a, b = next(old_rows, None), next(new_rows, None)
    while a is not None or b is not None:
        ka = int(a[old_id]) if a is not None else None
        kb = int(b[new_id]) if b is not None else None
        if kb is None or (ka is not None and ka < kb):
            removed.append(ka)
            if old_verified is not None:
                split["removed"]["verified" if a[old_verified] == "true" else "imported"] += 1
            a = next(old_rows, None)
            continue
        if ka is None or kb < ka:
            added.append(kb)
            if new_verified is not None:
                split["added"]["verified" if b[new_verified] == "true" else "imported"] += 1
        else:
            fields = [name for name, i, j in zip(common, old_at, new_at) if a[i] != b[j]]
            if fields:
                changed.append({"id": kb, "fields": fields})
                if split["newly_verified"] is not None and a[old_verified] != "true" and b[new_verified] == "true":
                    split["newly_verified"] += 1
            a = next(old_rows, None)
        b = next(new_rows, None)
        seen += 1
        if progress is not None and seen % 5000 == 0:
            progress(5000)
    if progress is not None and seen % 5000:
        progress(seen % 5000)
    return {"added": added, "removed": removed, "changed": changed, "provenance": split}


def changelog_write(changes: dict, path: Path, *, version: str, previous: str | None, holds: dict) -> dict:
    """Write the full changelog to ``path`` and return the summary kept on the release.
    ``holds``: what the release holds, {"cameras", "verified", "imported"}."""
    document = {"version": version, "previous": previous, "holds": holds, **changes}
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = {key: len(changes[key]) for key in ("added", "removed", "changed")}
    return {
        "previous": previous,
        "holds": holds,
        "counts": counts,
        "provenance": changes["provenance"],
        "added": changes["added"][:KEEP_IN_DATABASE],
        "removed": changes["removed"][:KEEP_IN_DATABASE],
        "changed": [entry["id"] for entry in changes["changed"][:KEEP_IN_DATABASE]],
        "truncated": any(n > KEEP_IN_DATABASE for n in counts.values()),
    }
