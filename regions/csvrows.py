"""Reading a small CSV data file whose header is fixed, with one-line errors naming file and row."""

from __future__ import annotations

import csv
from pathlib import Path


def read_rows(path: Path, header: tuple[str, ...], error: type[ValueError]) -> list[list[str]]:
    """The data rows of ``path`` (UTF-8, a BOM allowed) after checking its header and field counts;
    problems raise ``error`` with one line naming the file and the row."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path.name}: cannot be read as UTF-8 CSV ({problem.__class__.__name__})") from None
    if not rows or tuple(h.strip() for h in rows[0]) != header:
        raise error(f"{path.name}: row 1: header must be {','.join(header)}, "
                    f"got {','.join(rows[0]) if rows else 'nothing'}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise error(f"{path.name}: row {number}: expected {len(header)} fields, got {len(row)}")
    return rows[1:]
