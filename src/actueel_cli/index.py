"""A cache of every article's front matter and folded text, in SQLite, outside the articles folder.

The index only ever saves time. Each command compares every file's size, modification and change
times and inode with what the index saw and re-reads what differs. An index that is missing,
written by another version, corrupt or locked is rebuilt or bypassed, never believed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__
from .model import Article, Problem, parse_date

SCHEMA = f"3/{__version__}"
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Record = tuple[Article | None, tuple[Problem, ...]]

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT, ino INT,
    slug TEXT, title TEXT, date TEXT, author TEXT, tags TEXT, image TEXT, draft INT,
    problems TEXT);
CREATE TABLE IF NOT EXISTS texts(path TEXT PRIMARY KEY, folded TEXT NOT NULL);
"""
_SEP = "\x1f"  # between tags: a tag never holds a control character


def index_path(cache_dir: Path, root: Path) -> Path:
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:20]
    return cache_dir / f"index-{key}.sqlite3"


class Index:
    """One articles folder's index. Every method may raise sqlite3.Error; the store decides."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_TABLES)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None or row[0] != SCHEMA:
                self._reset()
        except sqlite3.Error:
            self.db.close()
            raise

    def _reset(self) -> None:
        self.db.executescript(
            "BEGIN IMMEDIATE; DELETE FROM files; DELETE FROM texts; DELETE FROM meta;"
            f"INSERT INTO meta VALUES ('schema', '{SCHEMA}'); COMMIT;"
        )

    def close(self) -> None:
        self.db.close()

    def stamps(self) -> dict[str, Stamp]:
        rows = self.db.execute("SELECT path, size, mtime_ns, ctime_ns, ino FROM files")
        return {path: (size, mtime, ctime, ino) for path, size, mtime, ctime, ino in rows}

    def records(self) -> Iterator[tuple[str, Record]]:
        rows = self.db.execute(
            "SELECT path, slug, title, date, author, tags, image, draft, problems FROM files"
        )
        for path, slug, title, day, author, tags, image, draft, problems in rows:
            article = None
            if title is not None:
                article = Article(
                    slug=slug,
                    path=path,
                    title=title,
                    date=parse_date(day),
                    author=author,
                    tags=tuple(tags.split(_SEP)) if tags else (),
                    image=image,
                    draft=bool(draft),
                )
            found = tuple(Problem(**p) for p in json.loads(problems)) if problems else ()
            yield path, (article, found)

    def update(
        self, fresh: Iterable[tuple[str, Stamp, Record, str | None]], gone: Iterable[str]
    ) -> None:
        """Store re-read files (path, stamp, record, folded text) and forget deleted ones."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("DELETE FROM files WHERE path=?", ((p,) for p in gone))
            db.executemany("DELETE FROM texts WHERE path=?", ((p,) for p in gone))
            for path, stamp, (article, problems), text in fresh:
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (path, *stamp, *_columns(article), _problems(problems)),
                )
                if text is None:
                    db.execute("DELETE FROM texts WHERE path=?", (path,))
                else:
                    db.execute("INSERT OR REPLACE INTO texts VALUES (?,?)", (path, text))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def search(self, folded_query: str) -> set[str]:
        rows = self.db.execute("SELECT path FROM texts WHERE instr(folded, ?) > 0", (folded_query,))
        return {path for (path,) in rows}


def _columns(article: Article | None) -> tuple[object, ...]:
    if article is None:
        return (None,) * 7
    return (
        article.slug,
        article.title,
        article.date.isoformat(),
        article.author,
        _SEP.join(article.tags),
        article.image,
        int(article.draft),
    )


def _problems(problems: tuple[Problem, ...]) -> str | None:
    if not problems:
        return None
    fields = ("path", "message", "severity", "line", "column")
    return json.dumps([{f: getattr(p, f) for f in fields} for p in problems])
