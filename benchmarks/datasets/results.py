"""Write one section of benchmarks/RESULTS.md, keeping every other section as it is."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "RESULTS.md"


def section_write(key: str, text: str) -> None:
    begin, end = f"<!-- {key}: begin -->", f"<!-- {key}: end -->"
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _old, tail = rest.split(end, 1)
        current = head + block + tail
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current)
