"""The search texts of an index: a file of their own beside the database.

Each file's search text (title and body, folded: model.search_text) is kept one after the other in
that file (UTF-8, each followed by a NUL), and the `texts` table says where each one starts, with
the stamp of the file it was made from. A changed file's new text is added at the end; the file is
written anew when more than half of it is texts no longer used, and made again from the articles
when it is missing or cut short. A search reads it in pieces and looks with bytes.find: in SQLite
the same bytes sit in overflow pages, and instr() over them takes ten times as long.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode

TEXTS_CHUNK = 8 << 20  # bytes read at a time: memory stays flat at 50,000 articles
COMPACT_FROM = 1 << 20  # bytes of unused texts before the file is written anew


class Texts:
    """The texts part of an Index (which gives `db`, `path` and `release`)."""

    db: sqlite3.Connection
    path: Path
    release: Callable[[], None]  # ends the open read transaction, if any

    def store_texts(self, rows: Iterable[tuple[str, Stamp, str]]) -> None:
        db = self.db
        self.release()
        db.execute("BEGIN IMMEDIATE")
        try:
            self._append_texts(list(rows))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _append_texts(self, rows: list[tuple[str, Stamp, str]]) -> None:
        """Within a write transaction (which keeps other writers out of the file too): add the
        texts at the end of the file, on disk before the rows that point at them are."""
        if not rows:
            return
        db = self.db
        path = self._texts_path()
        with open(path, "ab") as out:
            start = out.seek(0, os.SEEK_END)
            for rel, stamp, text in rows:
                data = text.encode("utf-8", "surrogatepass")
                out.write(data + b"\0")
                db.execute(
                    "INSERT OR REPLACE INTO texts VALUES (?,?,?,?,?,?,?)",
                    (rel, *stamp, start, len(data)),
                )
                start += len(data) + 1
            out.flush()
            os.fsync(out.fileno())
        (used,) = db.execute("SELECT coalesce(sum(length + 1), 0) FROM texts").fetchone()
        if start - used > max(used, COMPACT_FROM):
            self._compact(path)

    def _compact(self, old: Path) -> None:
        """Write the texts still used to a new file, in the order of the old one."""
        db = self.db
        number = int(db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()[0]) + 1
        new = _texts_path(self.path, number)
        rows = db.execute("SELECT path, start, length FROM texts ORDER BY start").fetchall()
        moved = []
        with open(old, "rb") as source, open(new, "wb") as out:
            for rel, start, length in rows:
                source.seek(start)
                moved.append((out.tell(), rel))
                out.write(source.read(length + 1))
            out.flush()
            os.fsync(out.fileno())
        db.executemany("UPDATE texts SET start=? WHERE path=?", moved)
        db.execute("UPDATE meta SET value=? WHERE key='texts'", (str(number),))
        # A command that still reads the old file keeps it open; one that cannot open it any
        # more does its search from the files.
        with contextlib.suppress(OSError):
            old.unlink()

    def _texts_path(self) -> Path:
        (number,) = self.db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()
        return _texts_path(self.path, int(number))

    def _texts_end(self) -> int:
        """How long the texts file must be for every text the rows point at."""
        row = self.db.execute(
            "SELECT start + length + 1 FROM texts ORDER BY start DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else 0

    def forget_texts(self) -> bool:
        """After a search could not read the texts file: forget every text if the file in use
        now is gone or cut short (they are made again from the files), and say so; False when it
        is whole (another command wrote it anew meanwhile: look again)."""
        db = self.db
        self.release()
        db.execute("BEGIN IMMEDIATE")
        try:
            try:
                whole = self._texts_path().stat().st_size >= self._texts_end()
            except OSError:
                whole = False
            if not whole:
                db.execute("DELETE FROM texts")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return not whole

    def has_texts(self) -> bool:
        return self.db.execute("SELECT 1 FROM texts LIMIT 1").fetchone() is not None

    def missing_texts(self) -> list[tuple[str, Stamp]]:
        """The files whose search text is not there for the stamp they have now (a text made
        from a file too fresh to vouch for never counts: see store/scan.py, _racy)."""
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

        Raises OSError when the texts file is gone (another command wrote it anew)."""
        if not folded_query:  # in every text
            return {path for (path,) in self.db.execute("SELECT path FROM texts")}
        wanted = folded_query.encode("utf-8", "surrogatepass")
        hits: set[str] = set()
        lookup = (
            "SELECT t.path, t.start + t.length,"
            " t.size = f.size AND t.size >= 0 AND t.mtime_ns = f.mtime_ns"
            " AND t.ctime_ns = f.ctime_ns AND t.ino = f.ino"
            " FROM texts t JOIN files f ON f.path = t.path"
            " WHERE t.start <= ? ORDER BY t.start DESC LIMIT 1"
        )
        size = max(TEXTS_CHUNK, 2 * len(wanted))  # each piece moves on by more than a match
        with open(self._texts_path(), "rb") as source:
            if os.fstat(source.fileno()).st_size < self._texts_end():
                raise OSError(f"{source.name}: cut short")
            offset = at = 0  # where `chunk` starts in the file; where to look from in it
            chunk = source.read(size)
            while chunk:
                found = chunk.find(wanted, at) if at < len(chunk) else -1
                if found >= 0:
                    row = self.db.execute(lookup, (offset + found,)).fetchone()
                    if row is not None and offset + found + len(wanted) <= row[1]:
                        if row[2]:
                            hits.add(row[0])
                        at = row[1] - offset  # on past this text: one hit is enough
                    else:
                        at = found + 1  # in a text no longer used
                    continue
                if at < len(chunk) and len(chunk) < size:
                    break  # the end of the file
                # The next piece starts where a match may still begin: its first bytes are read
                # twice (from the page cache), rather than 8 MB copied to join two pieces.
                offset += max(at, len(chunk) - len(wanted) + 1)
                source.seek(offset)
                chunk, at = source.read(size), 0
        return hits


def texts_files(index: Path) -> list[Path]:
    """The texts files of an index, the one in use and any left behind."""
    return sorted(index.parent.glob(f"{glob.escape(index.name)}.texts.*"))


def _texts_path(index: Path, number: int) -> Path:
    return index.with_name(f"{index.name}.texts.{number}")
