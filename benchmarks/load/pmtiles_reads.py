"""The HTTP range requests the map makes with ``MAP_TILES=pmtiles`` (static/cameramap/map-pmtiles.js
and the vendored PMTiles reader), derived from the release's real ``cameras.pmtiles`` with the
``pmtiles`` Python reader, for benchmarks/load/viral.py.

What the JavaScript reader asks for, and so what is modelled here:
- on opening the page, the first 16 KiB of the file (the header and, when it fits there, the root
  directory; a root directory past them is one more read);
- per tile, the leaf directory that holds it (once per page: the reader keeps directories) and the
  tile's bytes — nothing for a tile the file does not hold (the directory says so);
- far away (below the map's detail zoom) the groups' tiles at the map's zoom; close up the single
  cameras' tiles (``singles_zoom``) covering the same view.
"""

from pmtiles.reader import MemorySource, Reader

HEAD_BYTES = 16384  # what the reader fetches first: header and root directory in one read


def byte_range(offset: int, length: int) -> str:
    return f"bytes={offset}-{offset + length - 1}"


class PmtilesReads:
    """The reads of one file, as a page holding one reader object makes them."""

    def __init__(self, data: bytes):
        self.data = data
        self.header = Reader(MemorySource(data)).header()
        self._leaves: set[tuple[int, int]] = set()

    def open_page(self) -> list[str]:
        """A new page, a new reader: the file's head, and the root directory if it lies past it."""
        self._leaves = set()
        reads = [byte_range(0, HEAD_BYTES)]
        root_end = self.header["root_offset"] + self.header["root_length"]
        if root_end > HEAD_BYTES:
            reads.append(byte_range(self.header["root_offset"], self.header["root_length"]))
        return reads

    def tile(self, z: int, x: int, y: int) -> list[str]:
        """The reads for one tile: its leaf directories not read yet on this page, then its bytes."""
        calls: list[tuple[int, int]] = []

        def record(offset: int, length: int) -> bytes:
            calls.append((offset, length))
            return self.data[offset:offset + length]

        found = Reader(record).get(z, x, y)
        reads = []
        for offset, length in calls:
            if self._within(offset, "leaf_directory") and (offset, length) not in self._leaves:
                self._leaves.add((offset, length))
                reads.append(byte_range(offset, length))
            elif self._within(offset, "tile_data") and found is not None:
                reads.append(byte_range(offset, length))
            # the header and the root directory were read when the page opened
        return reads

    def _within(self, offset: int, section: str) -> bool:
        start = self.header[f"{section}_offset"]
        return start <= offset < start + self.header[f"{section}_length"]
