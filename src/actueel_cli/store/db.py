"""What the index's tables and its texts file share: the write transaction, and the checksum that
tells damage SQLite itself cannot see (bytes changed in place)."""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Iterator


class Damaged(sqlite3.DatabaseError):
    """A row (or the texts file) no longer holds what was written: its checksum differs."""


@contextlib.contextmanager
def writing(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on `db`: the read snapshot held (if any) is let go, other writers
    wait until this one is done (BEGIN IMMEDIATE), and a failure or an interruption leaves
    nothing of it (ROLLBACK)."""
    if db.in_transaction:
        db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def checksum(*fields: object) -> int:
    """What a row's checksum holds: a CRC-32 of its fields as text, joined by \\x1f. Cheap
    (benchmarks/bench.py measures every listing through it) and enough to catch bytes changed
    in place, which SQLite itself does not see."""
    layout = _LAYOUTS.get(len(fields))
    if layout is None:
        layout = _LAYOUTS[len(fields)] = "\x1f".join(["%s"] * len(fields))
    return zlib.crc32((layout % fields).encode("utf-8", "surrogatepass"))


_LAYOUTS: dict[int, str] = {}  # `%s` for each field, by their number (% is the fastest join)


def is_busy(err: sqlite3.Error) -> bool:
    """Locked by another connection (SQLITE_BUSY, SQLITE_LOCKED), as opposed to damaged."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF in (5, 6)
