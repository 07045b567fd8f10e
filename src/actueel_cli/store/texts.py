"""The search texts of an index: a file of their own beside the database.

Each file's search text (title and body, folded: model.search_text) is kept one after the other in
that file (UTF-8, each followed by a NUL), and the `texts` table says where each one starts, with
the stamp of the file it was made from. A changed file's new text is added at the end; the file is
written anew when more than half of it is texts no longer used, and made again from the articles
when it is missing or cut short. A search reads it in pieces and looks with bytes.find: in SQLite
the same bytes sit in overflow pages, and instr() over them is much slower (benchmarks/bench.py
--only search).
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

from .db import Damaged, checksum, writing
from .walk import Stamp

TEXTS_CHUNK = 8 << 20  # bytes read at a time: memory stays flat at 50,000 articles
COMPACT_FROM = 1 << 20  # bytes of unused texts before the file is written anew


class TextsDamaged(OSError):
    """The texts file does not hold the bytes its checksum says it does."""


class Texts:
    """The search texts of the index at `path`, whose connection `db` they share: the `texts`
    table says where each is in the texts file."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def store(self, rows: Iterable[tuple[str, Stamp, str]]) -> None:
        """Keep these texts (path, the stamp of the file they were made from, text)."""
        with writing(self.db):
            self.append(list(rows))

    def append(self, rows: list[tuple[str, Stamp, str]]) -> None:
        """Within a write transaction (which keeps other writers out of the file too): add the
        texts at the end of the file, on disk before the rows that point at them are, and keep
        the checksum of the file's bytes up to date."""
        if not rows:
            return
        db = self.db
        path = self._texts_path()
        end, crc = self._texts_sum()
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size < end:  # gone or cut short: a new file, and every text made anew
            self._new_texts_file()
            path, end, crc = self._texts_path(), 0, 0
        with open(path, "ab") as out:
            # bytes after `end` were written by a command whose rows were never stored
            if out.seek(0, os.SEEK_END) != end:
                out.truncate(end)
            start = end
            for rel, stamp, text in rows:
                data = text.encode("utf-8", "surrogatepass") + b"\0"
                out.write(data)
                crc = zlib.crc32(data, crc)
                db.execute(
                    "INSERT OR REPLACE INTO texts VALUES (?,?,?,?,?,?,?,?)",
                    (rel, *stamp, start, len(data) - 1, checksum(rel, start, len(data) - 1)),
                )
                start += len(data)
            out.flush()
            os.fsync(out.fileno())
        self._set_texts_sum(start, crc)
        (used,) = db.execute("SELECT coalesce(sum(length + 1), 0) FROM texts").fetchone()
        if start - used > max(used, COMPACT_FROM):
            self._compact(path, start, crc)

    def _compact(self, old: Path, end: int, crc: int) -> None:
        """Write the texts still used to a new file, in the order of the old one; the old one is
        checked first, so that damage is not copied (then every text is made anew)."""
        db = self.db
        try:
            _verify(old, end, crc)
        except OSError:
            self._new_texts_file()
            return
        number = int(db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()[0]) + 1
        new = _texts_path(self.path, number)
        rows = db.execute("SELECT path, start, length FROM texts ORDER BY start").fetchall()
        moved = []
        crc = 0
        with open(old, "rb") as source, open(new, "wb") as out:
            for rel, start, length in rows:
                source.seek(start)
                data = source.read(length + 1)
                at = out.tell()
                moved.append((at, checksum(rel, at, length), rel))
                out.write(data)
                crc = zlib.crc32(data, crc)
            end = out.tell()
            out.flush()
            os.fsync(out.fileno())
        db.executemany("UPDATE texts SET start=?, ck=? WHERE path=?", moved)
        db.execute("UPDATE meta SET value=? WHERE key='texts'", (str(number),))
        self._set_texts_sum(end, crc)
        # A command that still reads the old file keeps it open; one that cannot open it any
        # more does its search from the files.
        with contextlib.suppress(OSError):
            old.unlink()

    def _new_texts_file(self) -> None:
        """Within a write transaction: forget every text and start a new, empty texts file
        (commands still reading the old one keep it open)."""
        db = self.db
        old = self._texts_path()
        number = int(db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()[0]) + 1
        db.execute("DELETE FROM texts")
        db.execute("UPDATE meta SET value=? WHERE key='texts'", (str(number),))
        self._set_texts_sum(0, 0)
        with contextlib.suppress(OSError):
            old.unlink()

    def _texts_path(self) -> Path:
        (number,) = self.db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()
        return _texts_path(self.path, int(number))

    def _texts_sum(self) -> tuple[int, int]:
        """How long the texts file must be for every text the rows point at, and the CRC-32 of
        its bytes up to there."""
        row = self.db.execute("SELECT value FROM meta WHERE key='texts_sum'").fetchone()
        try:
            end, crc = map(int, row[0].split())
        except (TypeError, ValueError):
            raise TextsDamaged("the texts file's checksum is damaged") from None
        return end, crc

    def _set_texts_sum(self, end: int, crc: int) -> None:
        self.db.execute("UPDATE meta SET value=? WHERE key='texts_sum'", (f"{end} {crc}",))

    def forget(self, damaged: bool = False) -> bool:
        """After a search could not read the texts file: forget every text if the file in use
        now is gone, cut short or `damaged` (they are made again from the files), and say so;
        False when it is whole (another command wrote it anew meanwhile: look again)."""
        with writing(self.db):
            try:
                whole = not damaged and self._texts_path().stat().st_size >= self._texts_sum()[0]
            except OSError:
                whole = False
            if not whole:
                self._new_texts_file()
        return not whole

    def any(self) -> bool:
        """Whether any text is kept (a search made them; from then on they are kept current)."""
        return self.db.execute("SELECT 1 FROM texts LIMIT 1").fetchone() is not None

    def missing(self) -> list[tuple[str, Stamp]]:
        """The files whose search text is not there for the stamp they have now (a text made
        from a file too fresh to vouch for never counts: see store/sync.py, racy)."""
        return [
            (path, (size, mtime, ctime, ino))
            for path, size, mtime, ctime, ino in self.db.execute(
                "SELECT f.path, f.size, f.mtime_ns, f.ctime_ns, f.ino FROM files f"
                " LEFT JOIN texts t ON t.path = f.path AND t.size = f.size AND t.size >= 0"
                " AND t.mtime_ns = f.mtime_ns AND t.ctime_ns = f.ctime_ns AND t.ino = f.ino"
                " WHERE t.path IS NULL"
            )
        ]

    def search(self, folded_query: str) -> set[str]:
        """The files whose current search text holds `folded_query` (see model.search_key).

        Every byte of the file is read (in pieces, each looked through with bytes.find) and
        checked against the file's checksum. Raises OSError when the texts file is gone (another
        command wrote it anew) or cut short, TextsDamaged when its bytes are not what was
        written, and Damaged (an sqlite3.Error) for a damaged row."""
        if not folded_query:  # in every text
            return {path for (path,) in self.db.execute("SELECT path FROM texts")}
        wanted = folded_query.encode("utf-8", "surrogatepass")
        end, expected = self._texts_sum()
        hits: set[str] = set()
        lookup = (
            "SELECT t.path, t.start, t.length, t.ck,"
            " t.size = f.size AND t.size >= 0 AND t.mtime_ns = f.mtime_ns"
            " AND t.ctime_ns = f.ctime_ns AND t.ino = f.ino"
            " FROM texts t JOIN files f ON f.path = t.path"
            " WHERE t.start <= ? ORDER BY t.start DESC LIMIT 1"
        )
        size = max(TEXTS_CHUNK, 2 * len(wanted))  # each piece moves on by more than a match
        crc = 0
        with open(self._texts_path(), "rb") as source:
            if os.fstat(source.fileno()).st_size < end:
                raise OSError(f"{source.name}: cut short")
            offset = 0  # where `chunk` starts in the file
            hashed = 0  # the bytes before this are in `crc`
            after = 0  # where to look from: past the end of the last text found
            while offset < end:
                chunk = source.read(min(size, end - offset))
                if not chunk:
                    raise OSError(f"{source.name}: cut short")
                # the overlap with the piece before was counted with that one
                crc = zlib.crc32(memoryview(chunk)[hashed - offset :], crc)
                hashed = offset + len(chunk)
                at = max(0, after - offset)
                while (found := chunk.find(wanted, at)) >= 0:
                    row = self.db.execute(lookup, (offset + found,)).fetchone()
                    if row is not None and offset + found + len(wanted) <= row[1] + row[2]:
                        path, start, length, ck, current = row
                        if checksum(path, start, length) != ck:
                            raise Damaged(f"the index's search text row of {path!r} is damaged")
                        if current:
                            hits.add(path)
                        after = start + length  # on past this text: one hit is enough
                        at = after - offset
                    else:
                        at = found + 1  # in a text no longer used
                if hashed >= end:
                    break
                # The next piece starts where a match may still begin: its first bytes are read
                # twice (from the page cache), rather than 8 MB copied to join two pieces.
                offset = hashed - len(wanted) + 1
                source.seek(offset)
        if crc != expected:
            raise TextsDamaged(f"{self._texts_path()}: its bytes are not what was written")
        return hits


def _verify(path: Path, end: int, expected: int) -> None:
    """Raise TextsDamaged when the first `end` bytes of `path` are not what was written."""
    crc = 0
    with open(path, "rb") as source:
        while (done := source.tell()) < end:
            piece = source.read(min(TEXTS_CHUNK, end - done))
            if not piece:
                raise OSError(f"{path}: cut short")
            crc = zlib.crc32(piece, crc)
    if crc != expected:
        raise TextsDamaged(f"{path}: its bytes are not what was written")


def texts_files(index: Path) -> list[Path]:
    """The texts files of an index, the one in use and any left behind."""
    return sorted(index.parent.glob(f"{glob.escape(index.name)}.texts.*"))


def _texts_path(index: Path, number: int) -> Path:
    return index.with_name(f"{index.name}.texts.{number}")
