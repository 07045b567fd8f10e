"""A cache of every article's front matter and folded text, in SQLite, outside the articles folder.

The index only ever saves time. Each command compares every file's size, modification and change
times and inode with what the index saw and re-reads what differs. An index that is missing,
written by another version, corrupt or locked is rebuilt or bypassed, never believed:

- another version (the `schema` row in `meta` differs) or a missing table: emptied and rebuilt;
- not a database, truncated, damaged: `sqlite3.DatabaseError`, and the store deletes the file;
- locked by another program for longer than the busy timeout: the store reads the files itself.

Two commands at once are safe: SQLite serialises the writers (WAL: readers never wait), and each
writer stores only what it read from the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actueel_cli import __version__
from actueel_cli.model import Article, Problem

SCHEMA = f"5/{__version__}"
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Record = tuple[Article | None, tuple[Problem, ...]]
# What one re-read file gives the index: path, stamp, article columns (or None), problems as
# JSON (or None), folded search text (or None).
Row = tuple[str, Stamp, tuple[Any, ...] | None, str | None, str | None]

BUSY_TIMEOUT = 1.0  # seconds to wait for another writer before doing without the index

_TABLES = {
    "meta": "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "files": """CREATE TABLE files(
        path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT, ino INT,
        slug TEXT, title TEXT, date TEXT, author TEXT, tags TEXT, image TEXT, draft INT,
        problems TEXT)""",
    # The search text of title and body, apart (listing never reads these pages), with the stamp
    # of the file it was made from: a text whose stamp is not the file's is not used. Filled by
    # the first search, not by the first listing, and kept up to date from then on.
    "texts": """CREATE TABLE texts(
        path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT, ino INT, folded TEXT)""",
}
_SEP = "\x1f"  # between tags: a tag never holds a control character
_COLUMNS = "path, size, mtime_ns, ctime_ns, ino, slug, title, date, author, tags, image, draft"


def index_path(cache_dir: Path, root: Path) -> Path:
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:20]
    return cache_dir / f"index-{key}.sqlite3"


class Index:
    """One articles folder's index. Every method may raise sqlite3.Error; the store decides."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode=WAL")
            # A cache: after a power cut it may lose the last update, never its consistency.
            self.db.execute("PRAGMA synchronous=NORMAL")
            if not self._current():
                self._rebuild()
        except sqlite3.Error:
            self.db.close()
            raise

    def _current(self) -> bool:
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master")}
        if not set(_TABLES) <= tables:
            return False
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        return row is not None and row[0] == SCHEMA

    def _rebuild(self) -> None:
        """Empty the index and lay out this version's tables, unless another command just did."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if not self._current():
                rows = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                for kind, name in rows:
                    if kind in ("table", "view") and not name.startswith("sqlite_"):
                        db.execute(f'DROP {kind} IF EXISTS "{name}"')
                for create in _TABLES.values():
                    db.execute(create)
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every file as (path, size, mtime_ns, ctime_ns, ino, slug, title, date, author, tags,
        image, draft); title is None for a file that is no article. One at a time: a list of
        50,000 rows would cost 30 MB."""
        cursor = self.db.execute(f"SELECT {_COLUMNS} FROM files")
        cursor.arraysize = 512
        while rows := cursor.fetchmany():
            yield from rows

    def hints(self, prefix: str = "") -> list[tuple[str, str, tuple[str, ...]]]:
        """(path, title, tags) of every article whose slug starts with `prefix`, as last
        indexed, without looking at the files: what shell completion offers, where a moment's
        staleness costs nothing but a hint. Newest first, near enough: by the date as written."""
        rows = self.db.execute(
            "SELECT path, title, tags FROM files WHERE title IS NOT NULL"
            " AND substr(slug, 1, ?) = ? ORDER BY date DESC, slug",
            (len(prefix), prefix),
        )
        return [
            (path, title, tuple(tags.split(_SEP)) if tags else ()) for path, title, tags in rows
        ]

    def tag_lists(self) -> list[tuple[tuple[str, ...], int]]:
        """Each distinct list of tags with the number of articles carrying it, as last indexed
        (a few thousand lists for 50,000 articles), for completion."""
        rows = self.db.execute(
            "SELECT tags, count(*) FROM files WHERE title IS NOT NULL GROUP BY tags"
        )
        return [(tuple(tags.split(_SEP)) if tags else (), n) for tags, n in rows]

    def problems(self) -> list[tuple[str, str]]:
        """(path, problems as JSON) of the files that have any."""
        return self.db.execute(
            "SELECT path, problems FROM files WHERE problems IS NOT NULL"
        ).fetchall()

    def update(self, fresh: Iterable[Row], gone: Iterable[str]) -> None:
        """Store re-read files and forget deleted ones, in one transaction. A row without a
        search text leaves the file's old text, which its stamp no longer matches."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for path in gone:
                db.execute("DELETE FROM files WHERE path=?", (path,))
                db.execute("DELETE FROM texts WHERE path=?", (path,))
            for path, stamp, columns, problems, text in fresh:
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (path, *stamp, *(columns or (None,) * 7), problems),
                )
                if text is not None:
                    db.execute(
                        "INSERT OR REPLACE INTO texts VALUES (?,?,?,?,?,?)", (path, *stamp, text)
                    )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def store_texts(self, rows: Iterable[tuple[str, Stamp, str]]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO texts VALUES (?,?,?,?,?,?)",
                ((path, *stamp, text) for path, stamp, text in rows),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def has_texts(self) -> bool:
        return self.db.execute("SELECT 1 FROM texts LIMIT 1").fetchone() is not None

    def search(self, folded_query: str) -> Iterator[tuple[str, Stamp, bool]]:
        """(path, stamp its text was made from, whether the text holds the query) per text."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, ino, instr(folded, ?) > 0 FROM texts",
            (folded_query,),
        )
        for path, size, mtime, ctime, ino, hit in rows:
            yield path, (size, mtime, ctime, ino), bool(hit)


# --- between articles and rows ---------------------------------------------------------------


def columns(article: Article) -> tuple[object, ...]:
    return (
        article.slug,
        article.title,
        article.date.isoformat(),
        article.author,
        _SEP.join(article.tags),
        article.image,
        int(article.draft),
    )


def problems_json(problems: tuple[Problem, ...]) -> str | None:
    if not problems:
        return None
    fields = ("path", "message", "severity", "line", "column")
    return json.dumps([{f: getattr(p, f) for f in fields} for p in problems])


def load_problems(text: str) -> tuple[Problem, ...]:
    return tuple(Problem(**p) for p in json.loads(text))


class Builder:
    """Articles from index rows, sharing equal dates, tag tuples and authors between them:
    50,000 articles have some thousands of distinct days and a few hundred tag lists."""

    def __init__(self) -> None:
        self._dates: dict[str, date | datetime] = {}
        self._tags: dict[str, tuple[str, ...]] = {"": ()}
        self._authors: dict[str, str] = {}
        self._words: dict[str, str] = {}  # each tag's text, once

    def article(self, row: tuple[Any, ...]) -> Article:
        """From a row of `Index.rows()`."""
        path, _, _, _, _, slug, title, day, author, tags, image, draft = row
        return self._make(path, slug, title, day, author, tags, image, draft)

    def from_columns(self, path: str, cols: tuple[Any, ...]) -> Article:
        """From what `columns()` gave."""
        return self._make(path, *cols)

    def _make(
        self, path: str, slug: str, title: str, day: str, author: str, tags: str, image: Any,
        draft: int,
    ) -> Article:  # fmt: skip
        when = self._dates.get(day)
        if when is None:
            when = date.fromisoformat(day) if len(day) == 10 else datetime.fromisoformat(day)
            self._dates[day] = when
        tag_list = self._tags.get(tags)
        if tag_list is None:
            parts = tags.split(_SEP)
            tag_list = self._tags[tags] = tuple(map(self._words.setdefault, parts, parts))
        author = self._authors.setdefault(author, author)
        return Article(slug, path, title, when, author, tag_list, image, bool(draft))
