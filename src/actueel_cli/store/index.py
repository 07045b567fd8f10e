"""A cache of every article's front matter and folded text, in SQLite, outside the articles folder.

The index only ever saves time. Each command compares every file's size, modification and change
times and inode with what the index saw and re-reads what differs. An index that is missing,
written by another version, corrupt or locked is rebuilt or bypassed, never believed:

- another version (the `schema` row in `meta` differs) or a missing table: emptied and rebuilt;
- not a database, truncated, damaged: `sqlite3.DatabaseError`, and the store deletes the file;
- damaged in a way SQLite cannot see (a title changed in place, bytes of the texts file): every
  row keeps a checksum of what it holds, checked whenever the row is used (`Damaged`), and the
  texts file one of all its bytes, checked by every search that reads them;
- locked by another program for longer than the busy timeout: the store reads the files itself.

Two commands at once are safe: SQLite serialises the writers (WAL: readers never wait), and each
writer stores only what it read from the files.

When nothing changed, a command does not compare 50,000 rows with the files: the index keeps a
fingerprint of the walk (every path with its stamp) that its rows were last made true to, and a
generation that every writer raises. A walk with the same fingerprint may believe every row; a
writer that finds the generation moved since it read (another command wrote meanwhile) stores no
fingerprint, so the next command compares row by row again.

Beside what an Article holds, each row keeps what the model's rules ask of it, worked out by the
model's own functions when the file is read (its place in the order, its day, folded tags and
author, its slug key), so that SQL can narrow and order a query; the model still has the last
word on every row a query gives (see store/catalog.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from actueel_cli import __version__
from actueel_cli.generators import markdown_stem
from actueel_cli.model import Article, Filter, Problem, day_of, day_text, fold, slug_key

from .db import Damaged, checksum, is_busy, writing
from .places import folder_key
from .texts import Texts, texts_files
from .walk import Stamp

SCHEMA = f"9/{__version__}"
# What one re-read file gives the index: path, stamp, article columns (or None), problems as
# JSON (or None), folded search text (or None).
Row = tuple[str, Stamp, tuple[Any, ...] | None, str | None, str | None]

BUSY_TIMEOUT = 1.0  # seconds to wait for another writer before doing without the index

_TABLES = {
    "meta": "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Every file the walk finds, article or not, with the stamp it was read at: what each
    # command compares with the folder, so kept narrow.
    "files": """CREATE TABLE files(
        path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT, ino INT, problems TEXT)""",
    # The usable articles, stored in the model's order (model.sort_key), so that a listing
    # reads them in order without a lookup for each; beside the Article's own fields, what the
    # model's rules ask of it (see `where`).
    # `day` is empty for an undated article; `pday` is the day the site starts to show it,
    # `xday` the day it expires (NULL: never); `fkey` is the file name's key (identity).
    "articles": """CREATE TABLE articles(
        instant REAL NOT NULL, slug TEXT NOT NULL, path TEXT NOT NULL UNIQUE,
        title TEXT, date TEXT, author TEXT, tags TEXT, image TEXT, draft INT,
        summary TEXT, publish TEXT, expires TEXT,
        day TEXT, pday TEXT, xday TEXT, skey TEXT, fkey TEXT, ftags TEXT, fauthor TEXT,
        ck INT, hck INT,
        PRIMARY KEY (instant, slug, path)) WITHOUT ROWID""",
    # Where each file's search text (title and body, folded) is in the texts file, with the
    # stamp of the file it was made from: a text whose stamp is not the file's is not used.
    # Filled by the first search, not by the first listing, and kept up to date from then on.
    "texts": """CREATE TABLE texts(
        path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT, ino INT,
        start INT, length INT, ck INT)""",
}
_INDEXES = (
    "CREATE INDEX articles_skey ON articles(skey)",
    "CREATE INDEX articles_fkey ON articles(fkey)",
    "CREATE INDEX texts_start ON texts(start)",
)
_SEP = "\x1f"  # between tags, and around each folded tag in `ftags`
_JSON = "\x1e"  # starts the tags of an article one of whose tags holds _SEP or _JSON
# an Article's, then what its checksum covers besides (its place in the order) and the checksum
_COLUMNS = (
    "path, slug, title, date, author, tags, image, draft, summary, publish, expires, instant, ck"
)
_ORDER = {True: "instant DESC, slug DESC, path DESC", False: "instant, slug, path"}


def index_path(cache_dir: Path, root: Path) -> Path:
    """Where the index of the articles folder `root` is kept, in the cache folder."""
    return cache_dir / f"index-{folder_key(root)}.sqlite3"


def open_index(cache_dir: Path | None, root: Path, site: str) -> Index | None:
    """The index of `root` (read as `site`, Site.key, says), made anew when it is damaged or not
    a database; None without a cache folder (no index), or when another program holds it or
    the cache folder cannot be written: do without, this once."""
    if cache_dir is None:
        return None
    path = index_path(cache_dir, root)
    for _attempt in range(2):
        try:
            return Index(path, site)
        except sqlite3.Error as err:
            if is_busy(err):
                return None  # another program holds it: do without, this once
            discard_index(path)  # corrupt or not a database: start again
        except OSError:
            return None  # the cache folder cannot be made or written: do without
    return None


def discard_index(path: Path) -> None:
    """Delete the index at `path` and its texts files, so that the next command builds it anew."""
    names = [f"{path}{suffix}" for suffix in ("", "-wal", "-shm")]
    for name in [*names, *map(str, texts_files(path))]:
        with contextlib.suppress(OSError):
            os.unlink(name)


class Index:
    """One articles folder's index. Every method may raise sqlite3.Error; the store decides.
    `site` (Site.key) names how the files were read: read another way, it is rebuilt. Its
    search texts (`texts`) are kept in a file beside it."""

    def __init__(self, path: Path, site: str = "") -> None:
        self.path = path
        self.schema = f"{SCHEMA}/{site}"
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
        self.texts = Texts(self.db, path)

    def _current(self) -> bool:
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master")}
        if not set(_TABLES) <= tables:
            return False
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        return row is not None and row[0] == self.schema

    def _rebuild(self) -> None:
        """Empty the index and lay out this version's tables, unless another command just did."""
        db = self.db
        with writing(db):
            if not self._current():
                rows = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                for kind, name in rows:
                    if kind in ("table", "view") and not name.startswith("sqlite_"):
                        db.execute(f'DROP {kind} IF EXISTS "{name}"')
                for create in (*_TABLES.values(), *_INDEXES):
                    db.execute(create)
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (self.schema,))
                db.execute("INSERT INTO meta VALUES ('generation', '0')")
                db.execute("INSERT INTO meta VALUES ('texts', '0')")
                db.execute("INSERT INTO meta VALUES ('texts_sum', '0 0')")
                for old in texts_files(self.path):
                    with contextlib.suppress(OSError):
                        old.unlink()

    def close(self) -> None:
        self.db.close()

    # reading: one snapshot at a time

    def snapshot(self) -> tuple[str | None, int]:
        """Start a read transaction: every query until `release` sees the index as it is now,
        whatever other commands write meanwhile. Gives its fingerprint and generation."""
        self.release()
        self.db.execute("BEGIN")
        meta = dict(
            self.db.execute(
                "SELECT key, value FROM meta WHERE key IN ('fingerprint', 'generation')"
            ).fetchall()
        )
        return meta.get("fingerprint"), int(meta.get("generation", 0))

    def release(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def stamps(self) -> Iterator[tuple[str, Stamp]]:
        """Every file the index knows, with the stamp its row was made from."""
        for path, size, mtime, ctime, ino in self._fetch(
            "SELECT path, size, mtime_ns, ctime_ns, ino FROM files", size=1024
        ):
            yield path, (size, mtime, ctime, ino)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every article as its `_COLUMNS`, one at a time: a list of 50,000 rows would
        not fit the memory budget."""
        return self._fetch(f"SELECT {_COLUMNS} FROM articles")

    def articles(
        self, where: str = "", params: Sequence[Any] = (), newest: bool = True
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of the articles that meet `where` (see `where()`), in the model's order
        (model.sort_key), newest first or oldest first. Read as they are asked for: the table
        is stored in that order, so taking the first few costs only those."""
        return self._fetch(
            f"SELECT {_COLUMNS} FROM articles WHERE 1{where} ORDER BY {_ORDER[newest]}", params
        )

    def count(self, where: str = "", params: Sequence[Any] = ()) -> int:
        """How many articles meet `where`."""
        (found,) = self.db.execute(
            f"SELECT count(*) FROM articles WHERE 1{where}", params
        ).fetchone()
        return int(found)

    def headings(
        self, where: str, params: Sequence[Any], newest: bool
    ) -> list[tuple[str, str, str]]:
        """(day, slug, title) of the articles that meet `where` (see `where()`), in the model's
        order: all that a plain listing shows, without whole rows. Raises
        Damaged when a row's checksum differs."""
        rows = self.db.execute(
            f"SELECT day, slug, title, hck FROM articles WHERE 1{where} ORDER BY {_ORDER[newest]}",
            params,
        ).fetchall()
        for day, slug, title, ck in rows:
            if checksum(day, slug, title) != ck:
                raise Damaged(f"the index row of {slug!r} is damaged")
        return [row[:3] for row in rows]

    def next_to(
        self, key: tuple[float, str, str], older: bool, today: date, tag: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Live articles (Article.is_live: no draft, shown from today or before, not expired)
        past `key` (model.sort_key) in one direction, nearest first; with `tag`, those that may
        carry it."""
        op = "<" if older else ">"
        where = (
            " AND draft = 0 AND pday <= ? AND (xday IS NULL OR xday > ?)"
            f" AND (instant, slug, path) {op} (?, ?, ?)"
        )
        params: list[Any] = [today.isoformat(), today.isoformat(), *key]
        if tag is not None:
            where += " AND instr(ftags, ?) > 0"
            params.append(_folded_tag(tag))
        return self._fetch(
            f"SELECT {_COLUMNS} FROM articles WHERE 1{where} ORDER BY {_ORDER[older]}",
            params,
            size=1,
        )

    def named(self, key: str, file_key: str) -> list[tuple[Any, ...]]:
        """The articles identity.resolve could take for a name (identity.name_keys): slug key
        `key` or one starting with it, or a file name whose key is `file_key` (a path the name
        ends in has that file name too). No key names none."""
        where = "skey >= ? AND skey < ?" if key else "0"
        params: list[Any] = [key, key + "\U0010ffff"] if key else []
        if file_key:
            where += " OR fkey = ?"
            params.append(file_key)
        return list(self._fetch(f"SELECT {_COLUMNS} FROM articles WHERE {where}", params))

    def slugs(self) -> list[str]:
        """Every article's slug."""
        return [slug for (slug,) in self.db.execute("SELECT slug FROM articles")]

    def at(self, paths: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of the articles at these paths (in no particular order)."""
        wanted = list(paths)
        for start in range(0, len(wanted), 500):  # SQLite's limit on parameters is 999
            chunk = wanted[start : start + 500]
            yield from self._fetch(
                f"SELECT {_COLUMNS} FROM articles WHERE path IN ({', '.join('?' * len(chunk))})",
                chunk,
            )

    def _fetch(
        self, sql: str, params: Sequence[Any] = (), size: int = 256
    ) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.execute(sql, params)
        cursor.arraysize = size
        while rows := cursor.fetchmany():
            yield from rows

    def hints(self, prefix: str = "") -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(path, slug, title, tags) of every article whose slug starts with `prefix`, as last
        indexed, without looking at the files: what shell completion offers, where a moment's
        staleness costs nothing but a hint. Newest first, near enough: by the date as written."""
        rows = self.db.execute(
            "SELECT path, slug, title, tags FROM articles"
            " WHERE substr(slug, 1, ?) = ? ORDER BY date DESC, slug",
            (len(prefix), prefix),
        )
        return [(path, slug, title, tags_of(tags)) for path, slug, title, tags in rows]

    def paths(self) -> set[str]:
        """The paths of every article, as last indexed."""
        return {path for (path,) in self.db.execute("SELECT path FROM articles")}

    def tag_lists(self) -> list[tuple[tuple[str, ...], int]]:
        """Each distinct list of tags with the number of articles carrying it, as last indexed
        (a few thousand lists for 50,000 articles), for completion."""
        rows = self.db.execute("SELECT tags, count(*) FROM articles GROUP BY tags")
        return [(tags_of(tags), n) for tags, n in rows]

    def problems(self) -> list[tuple[str, str]]:
        """(path, problems as JSON) of the files that have any."""
        return self.db.execute(
            "SELECT path, problems FROM files WHERE problems IS NOT NULL"
        ).fetchall()

    # writing

    def update(
        self,
        fresh: Iterable[Row],
        gone: Iterable[str],
        seen: int | None = None,
        fingerprint: str | None = None,
    ) -> int | None:
        """Store re-read files and forget deleted ones, in one transaction. A row without a
        search text leaves the file's old text, which its stamp no longer matches.

        `seen` is the generation the caller's picture of the index was read at. When no other
        command wrote since, the new generation is returned (and `fingerprint`, if given,
        stored: the rows are now true to that walk); otherwise None, and no fingerprint."""
        db = self.db
        with writing(db):
            (generation,) = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
            clean = seen is not None and int(generation) == seen
            for path in gone:
                for table in ("files", "articles", "texts"):
                    db.execute(f"DELETE FROM {table} WHERE path=?", (path,))
            files: list[tuple[Any, ...]] = []
            articles: list[tuple[Any, ...]] = []
            broken: list[tuple[str]] = []
            texts: list[tuple[str, Stamp, str]] = []
            for path, stamp, cols, problems, text in fresh:
                files.append((path, *stamp, problems))
                if cols is None:
                    broken.append((path,))
                else:  # the order's columns first, as the table has them; then the checksums
                    ck = checksum(path, *cols[: _INSTANT + 1])  # as `_COLUMNS` reads them
                    hck = checksum(cols[_INSTANT + 1], cols[0], cols[1])  # as `headings` does
                    articles.append((cols[_INSTANT], cols[0], path, *cols[1:_INSTANT],
                                     *cols[_INSTANT + 1 :], ck, hck))  # fmt: skip
                if text is not None:
                    texts.append((path, stamp, text))
            # one statement for many rows: a first build stores 50,000 of them
            db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)", files)
            db.executemany("DELETE FROM articles WHERE path=?", broken)
            marks = ",".join("?" * (len(_ARTICLE_FIELDS) + 12))
            db.executemany(f"INSERT OR REPLACE INTO articles VALUES ({marks})", articles)
            self.texts.append(texts)
            new = int(generation) + 1
            db.execute("UPDATE meta SET value=? WHERE key='generation'", (str(new),))
            db.execute("DELETE FROM meta WHERE key='fingerprint'")
            if clean and fingerprint is not None:
                db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        return new if clean else None


def where(rules: Filter) -> tuple[str, list[Any]]:
    """SQL (to follow `WHERE 1`) that keeps exactly the articles `rules` accepts, on the columns
    the model's own functions filled in (a test compares the two on generated archives). The
    caller still asks the model of each row it shows. A search is not in it: its paths are
    asked for by `Index.at`."""
    parts: list[str] = []
    params: list[Any] = []
    if not rules.drafts:
        parts.append("draft = 0")
    if not rules.expired and rules.today is not None:
        parts.append("(xday IS NULL OR xday > ?)")
        params.append(rules.today.isoformat())
    if (rules.year, rules.since, rules.until) != (None, None, None):
        parts.append("day != ''")  # an undated article is in no span of dates
    if rules.year is not None:
        if 1 <= rules.year <= 9999:
            parts.append("day BETWEEN ? AND ?")
            params += [f"{rules.year:04d}-01-01", f"{rules.year:04d}-12-31"]
        else:
            parts.append("0")  # no date has that year
    if rules.since is not None:
        parts.append("day >= ?")
        params.append(rules.since.isoformat())
    if rules.until is not None:
        parts.append("day <= ?")
        params.append(rules.until.isoformat())
    if rules.author is not None and fold(rules.author):
        parts.append("instr(fauthor, ?) > 0")
        params.append(fold(rules.author))
    for tag in rules.tags:
        parts.append("instr(ftags, ?) > 0")
        params.append(_folded_tag(tag))
    return "".join(f" AND {part}" for part in parts), params


def _folded_tag(tag: str) -> str:
    return f"{_SEP}{fold(tag)}{_SEP}"


# --- between articles and rows ---------------------------------------------------------------


# An Article's fields as `columns()` gives them, after the slug: (title, date, ... expires).
_ARTICLE_FIELDS = ("title", "date", "author", "tags", "image", "draft", "summary", "publish",
                   "expires")  # fmt: skip
_INSTANT = len(_ARTICLE_FIELDS) + 1  # where the model's columns start in `columns()`


def columns(article: Article) -> tuple[object, ...]:
    """What the index stores of an article: the Article itself (slug, then _ARTICLE_FIELDS),
    then what the model's rules ask of it (see `where` and `Index.next_to`)."""
    name = article.path.rsplit("/", 1)[-1]
    return (
        article.slug,
        article.title,
        article.date.isoformat(),
        article.author,
        tag_text(article.tags),
        article.image,
        int(article.draft),
        article.summary,
        _iso(article.publish),
        _iso(article.expires),
        article.instant,
        day_text(article.date),
        article.shown_from.isoformat(),
        _iso(day_of(article.expires)) if article.expires is not None else None,
        slug_key(article.slug),
        slug_key(markdown_stem(name) or name),
        # a tag holding the separator cannot equal one typed (clean_tag refuses control
        # characters), so another control character in its place keeps `where` exact
        _SEP + _SEP.join(fold(tag).replace(_SEP, _JSON) for tag in article.tags) + _SEP,
        fold(article.author),
    )


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def tag_text(tags: tuple[str, ...]) -> str:
    """Tags as the `tags` column holds them: joined by _SEP, or as JSON after _JSON when a tag
    holds either character (a tag may hold any)."""
    text = _SEP.join(tags)
    if text.count(_SEP) > max(len(tags) - 1, 0) or text.startswith(_JSON):
        return _JSON + json.dumps(tags, ensure_ascii=False)
    return text


def tags_of(text: str) -> tuple[str, ...]:
    if text.startswith(_JSON):
        return tuple(json.loads(text[1:]))
    return tuple(text.split(_SEP)) if text else ()


def problems_json(problems: tuple[Problem, ...]) -> str | None:
    """A file's problems as the index keeps them: JSON after its checksum (8 hex digits)."""
    if not problems:
        return None
    fields = ("path", "message", "severity", "line", "column")
    text = json.dumps([{f: getattr(p, f) for f in fields} for p in problems])
    return f"{checksum(text):08x}{text}"


def load_problems(text: str) -> tuple[Problem, ...]:
    """What `problems_json` gave; Damaged when it is not that any more."""
    try:
        if int(text[:8], 16) == checksum(text[8:]):
            return tuple(Problem(**p) for p in json.loads(text[8:]))
    except (ValueError, TypeError, RecursionError):
        pass
    raise Damaged("a file's problems in the index are damaged")


class Builder:
    """Articles from index rows, sharing equal dates, tag tuples and authors between them:
    50,000 articles have some thousands of distinct days and a few hundred tag lists."""

    def __init__(self) -> None:
        self._dates: dict[str, date | datetime] = {}
        self._tags: dict[str, tuple[str, ...]] = {"": ()}
        self._authors: dict[str, str] = {}
        self._words: dict[str, str] = {}  # each tag's text, once

    def article(self, row: tuple[Any, ...]) -> Article:
        """From a row of the `articles` table (`_COLUMNS`), checked against its checksum."""
        if checksum(*row[:-1]) != row[-1]:
            raise Damaged(f"the index row of {row[0]!r} is damaged")
        return self._make(*row[:-2])

    def from_columns(self, path: str, cols: tuple[Any, ...]) -> Article:
        """From what `columns()` gave."""
        return self._make(path, *cols[:_INSTANT])

    def _make(
        self, path: str, slug: str, title: str, day: str, author: str, tags: str, image: Any,
        draft: int, summary: str, publish: str | None, expires: str | None,
    ) -> Article:  # fmt: skip
        when = self._date(day)
        tag_list = self._tags.get(tags)
        if tag_list is None:
            parts = tags_of(tags)
            tag_list = self._tags[tags] = tuple(map(self._words.setdefault, parts, parts))
        author = self._authors.setdefault(author, author)
        return Article(slug, path, title, when, author, tag_list, image, bool(draft), summary,
                       self._date(publish) if publish else None,
                       self._date(expires) if expires else None)  # fmt: skip

    def _date(self, text: str) -> date | datetime:
        when = self._dates.get(text)
        if when is None:
            when = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
            self._dates[text] = when
        return when
