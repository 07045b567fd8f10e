"""The catalog: every article and every problem of the archive, as the walk found its files, and
the answers to every question a command asks of them (which articles a filter keeps, in what
order; which file a name means; an article's neighbours; which files hold some words).

The answers come from the index when it has just been made true to the files (store/sync.py):
SQL narrows and orders (on columns the model's own functions filled in), and the model judges
every row SQL gives, so the rules stay in one place and 50,000 articles are not built to show 20.
Without an index (ACTUEEL_NO_INDEX, no cache folder, an index locked by another program) every
article is held in memory and the model answers. Both give the same answers
(tests/test_queries.py). An index that fails in the middle of a command is left for the files,
in one place (`Catalog._ask`); one found damaged is deleted, so that the next command builds it
anew.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from actueel_cli import checks
from actueel_cli.errors import ArticleProblem, NotFound
from actueel_cli.generators import is_markdown
from actueel_cli.identity import Named, exact, name_keys, named, resolve
from actueel_cli.model import (
    Article,
    Filter,
    Heading,
    Problem,
    heading,
    neighbours,
    newest_first,
    on_the_walk,
    search_key,
    sort_key,
    sorted_by,
)

from .db import is_busy
from .files import Archive
from .index import Builder, Index, Row, discard_index, load_problems, open_index, where
from .parsing import Progress, parse_rows
from .search import search_files, search_indexed
from .sync import make_true
from .walk import NOT_UTF8, Found

T = TypeVar("T")


class Catalog:
    """Every article and problem of `archive` as the walk `found` its files. `index` is the
    index the answers come from, None when they come from memory."""

    def __init__(
        self,
        archive: Archive,
        found: list[Found],
        problems: list[Problem],
        index: Index | None = None,
        articles: list[Article] | None = None,
    ) -> None:
        self.archive = archive
        self.found = found
        self.problems = problems
        self.index = index
        self._indexed = _Indexed(archive, index, found) if index is not None else None
        self._memory = _Memory(archive, found, articles) if articles is not None else None

    def _ask(self, question: Callable[[_Answers], T]) -> T:
        """The answer from the index, or from memory: without an index, or when the index fails
        (then every later question is answered from memory too)."""
        if self._indexed is not None:
            try:
                return question(self._indexed)
            except sqlite3.Error as err:
                self._leave_index(err)
        return question(self._in_memory())

    def _leave_index(self, err: sqlite3.Error) -> None:
        """Stop asking an index that failed; delete it when it is damaged (not merely busy)."""
        self._indexed = None
        if self.index is not None and isinstance(err, sqlite3.DatabaseError) and not is_busy(err):
            with contextlib.suppress(sqlite3.Error):
                self.index.close()
            discard_index(self.index.path)
            self.index = None

    def _in_memory(self) -> _Memory:
        if self._memory is None:  # the index failed: every article read from the files
            articles, _ = _parse_all(self.archive, self.found, None)
            self._memory = _Memory(self.archive, self.found, articles)
        return self._memory

    # the articles

    @property
    def articles(self) -> list[Article]:
        """Every usable article, in the walk's order."""
        return self._ask(lambda answers: answers.articles())

    @property
    def mtimes(self) -> dict[str, int]:
        """path -> modification time (ns) of every file the walk found, for `--sort updated`."""
        return {path: stamp[1] for path, stamp in self.found}

    def select(
        self, rules: Filter, newest: bool = True, limit: int | None = None, count: bool = False
    ) -> tuple[list[Article], int]:
        """The articles `rules` accepts in the model's order, newest first or oldest first, at
        most `limit`; and how many there are in all (counted only when asked: `count`)."""
        return self._ask(lambda answers: answers.select(rules, newest, limit, count))

    def headings(
        self, rules: Filter, newest: bool = True, limit: int | None = None
    ) -> list[Heading]:
        """What a plain listing shows of what `select` gives."""
        return self._ask(lambda answers: answers.headings(rules, newest, limit))

    def at(self, path: str) -> Article | None:
        """The article at this path, if it is one."""
        return self._ask(lambda answers: answers.at(path))

    def named(self, ident: str) -> Article | None:
        """identity.named: the article a link names exactly, or None."""
        return self._ask(lambda answers: answers.named(ident))

    def neighbours(
        self, current: Article, today: date, tag: str | None = None
    ) -> tuple[Article | None, Article | None]:
        """model.neighbours: (older, newer) among live articles."""
        return self._ask(lambda answers: answers.neighbours(current, today, tag))

    def search(self, text: str) -> set[str]:
        """Paths of the articles whose title or body holds `text`, ignoring case and accents."""
        return self._ask(lambda answers: answers.search(search_key(text)))

    def listed(
        self,
        rules: Filter,
        order: str = "date",
        newest: bool = True,
        limit: int | None = None,
        count: bool = False,
    ) -> tuple[list[Article], int]:
        """`list`: what `select` gives, in `order` (model.sorted_by), at most `limit`; and how
        many there are in all (in date order counted only when asked: `count`)."""
        if order == "date":  # the store's own order: only the first `limit` are built
            return self.select(rules, newest, limit, count)
        chosen = sorted_by(self.select(rules)[0], order, self.mtimes)
        if not newest:
            chosen.reverse()
        return (chosen[:limit] if limit else chosen), len(chosen)

    def check(self, idents: Sequence[str], today: date) -> tuple[list[Problem], int]:
        """`check`: every problem of the archive (checks.run), or of the files these names mean
        (readable or not), in report order; and how many files were checked."""
        archive = self.archive
        existing = archive.existing(checks.image_paths(self.articles))
        problems = [*self.problems, *archive.template_problems()]
        chosen = {self.resolve(ident)[0] for ident in idents}
        found = checks.run(self.articles, problems, today, existing, archive.read_bytes,
                           self.broken(), archive.site, chosen)  # fmt: skip
        files = {a.path for a in self.articles} | {p.path for p in problems}
        if idents:
            found = [p for p in found if p.path in chosen]
            files = chosen
        return found, len(files)

    # names: identity.resolve decides; the catalog gives it the files a name could mean

    def find(self, ident: str) -> Article:
        """The article a name means (identity.resolve); ArticleProblem, naming what is wrong,
        when that is a file that cannot be read."""
        path, article = self.resolve(ident)
        if article is None:
            raise ArticleProblem(f"{self.errors_of(path)[0]}; `actueel check` lists every problem")
        return article

    def resolve(self, ident: str) -> tuple[str, Article | None]:
        """The file a name means, readable or not: its path, and its article if it is one.
        NotFound when none (a file that is no article, such as a section page, says so)."""
        files, articles = self._candidates(ident)
        try:
            chosen = resolve(ident, files, _Lazy(self._all_slugs))
        except NotFound:
            self._not_an_article(ident)
            raise
        return chosen.path, articles.get(chosen.path)

    def _not_an_article(self, ident: str) -> None:
        """When a name is exactly a file the walk left out (a section page `_index.md`, a
        hidden file), NotFound saying why it is no article."""
        notes = {p.path: p for p in self.problems if p.severity == "note"}
        named = exact(ident, [Named(path, self.archive.slug(path)) for path in notes])
        if len(named) == 1:
            raise NotFound(f"{named[0].path}: {notes[named[0].path].message}")

    def file(self, ident: str) -> str:
        """The path of the file a name means, readable or not, for a command that opens it by
        that path (`edit`, `path`, the commands that write). ArticleProblem for a file whose
        name is not UTF-8: the walk can name it only by an escaped path, which is no file's."""
        path, _ = self.resolve(ident)
        for problem in self.errors_of(path):
            if NOT_UTF8 in problem.message:
                raise ArticleProblem(str(problem))
        return path

    def taken(self, slug: str) -> list[str]:
        """The files a new article with this slug would clash with: those the slug names
        exactly (its slug, its file name), readable or not."""
        files, _ = self._candidates(slug)
        return sorted(f.path for f in exact(slug, files))

    def errors_of(self, path: str) -> list[Problem]:
        """The errors of one file (its own, as reading it found them)."""
        return [p for p in self.problems if p.path == path and p.severity == "error"]

    def broken(self) -> list[Named]:
        """Files that cannot be read as articles, named by their paths."""
        paths = {p.path for p in self.problems if p.severity == "error" and is_markdown(p.path)}
        if not paths:
            return []
        articles = self._ask(lambda answers: answers.article_paths(paths))
        return [Named(path, self.archive.slug(path)) for path in sorted(paths - articles)]

    def _candidates(self, ident: str) -> tuple[list[Named], dict[str, Article]]:
        found = self._ask(lambda answers: answers.candidates(ident))
        files = [Named(a.path, a.slug) for a in found] + self.broken()
        return files, {a.path: a for a in found}

    def _all_slugs(self) -> list[str]:
        return self._ask(lambda answers: answers.slugs()) + [f.slug for f in self.broken()]

    def done(self) -> None:
        """The command has what it needs (before it prints, and perhaps waits on a pager): the
        index's read snapshot is let go, which would keep SQLite from folding other commands'
        writes into the database for as long as a pager stays open."""
        if self.index is not None:
            with contextlib.suppress(sqlite3.Error):
                self.index.release()


# --- the answers: from memory, or from the index ---------------------------------------------


class _Answers(Protocol):
    def articles(self) -> list[Article]: ...

    def select(
        self, rules: Filter, newest: bool, limit: int | None, count: bool
    ) -> tuple[list[Article], int]: ...

    def headings(self, rules: Filter, newest: bool, limit: int | None) -> list[Heading]: ...

    def candidates(self, ident: str) -> list[Article]: ...

    def article_paths(self, paths: set[str]) -> set[str]: ...

    def slugs(self) -> list[str]: ...

    def at(self, path: str) -> Article | None: ...

    def named(self, ident: str) -> Article | None: ...

    def neighbours(
        self, current: Article, today: date, tag: str | None
    ) -> tuple[Article | None, Article | None]: ...

    def search(self, query: str) -> set[str]: ...


class _Memory:
    """Every article in memory, in the walk's order; the model answers."""

    def __init__(self, archive: Archive, found: list[Found], articles: list[Article]) -> None:
        self.archive = archive
        self.found = found
        self._articles = articles

    def articles(self) -> list[Article]:
        return self._articles

    def select(
        self, rules: Filter, newest: bool, limit: int | None, count: bool
    ) -> tuple[list[Article], int]:
        chosen = newest_first(a for a in self._articles if rules.accepts(a))
        if not newest:
            chosen.reverse()
        return _limited(iter(chosen), limit, count)

    def headings(self, rules: Filter, newest: bool, limit: int | None) -> list[Heading]:
        return [heading(a) for a in self.select(rules, newest, limit, False)[0]]

    def candidates(self, ident: str) -> list[Article]:
        return self._articles

    def article_paths(self, paths: set[str]) -> set[str]:
        return {a.path for a in self._articles if a.path in paths}

    def slugs(self) -> list[str]:
        return [a.slug for a in self._articles]

    def at(self, path: str) -> Article | None:
        return next((a for a in self._articles if a.path == path), None)

    def named(self, ident: str) -> Article | None:
        return named(self._articles, ident)

    def neighbours(
        self, current: Article, today: date, tag: str | None
    ) -> tuple[Article | None, Article | None]:
        return neighbours(self._articles, current, today, tag)

    def search(self, query: str) -> set[str]:
        return search_files(self.archive, self.found, query)


class _Indexed:
    """The same answers from an index that is true to the files of this walk. Every method may
    raise sqlite3.Error (the catalog then asks memory)."""

    def __init__(self, archive: Archive, index: Index, found: list[Found]) -> None:
        self.archive = archive
        self.index = index
        self.found = found
        self._build = Builder()
        self._articles: list[Article] | None = None

    def _made(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Article]:
        return map(self._build.article, rows)

    def articles(self) -> list[Article]:
        if self._articles is None:
            rows = {row[0]: row for row in self.index.rows()}
            article = self._build.article
            self._articles = [article(rows[path]) for path, _ in self.found if path in rows]
        return self._articles

    def select(
        self, rules: Filter, newest: bool, limit: int | None, count: bool
    ) -> tuple[list[Article], int]:
        if rules.matches_search is not None:  # a few paths: fetched by name, ordered here
            chosen = newest_first(
                a for a in self._made(self.index.at(rules.matches_search)) if rules.accepts(a)
            )
            if not newest:
                chosen.reverse()
            return _limited(iter(chosen), limit, count)
        sql, params = where(rules)
        rows = self._made(self.index.articles(sql, params, newest))
        chosen, total = _limited(filter(rules.accepts, rows), limit, count=False)
        if count and limit is not None and len(chosen) == limit:
            total = self.index.count(sql, params)  # `where` is exact: no need to build them
        return chosen, total

    def headings(self, rules: Filter, newest: bool, limit: int | None) -> list[Heading]:
        if rules.narrows:  # rows the model must judge: whole articles
            return [heading(a) for a in self.select(rules, newest, limit, False)[0]]
        # Only drafts and expired or not, which SQL answers exactly: 50,000 lines without an
        # Article each.
        found = self.index.headings(*where(rules), newest)
        return found[:limit] if limit is not None else found

    def candidates(self, ident: str) -> list[Article]:
        return list(self._made(self.index.named(*name_keys(ident))))

    def article_paths(self, paths: set[str]) -> set[str]:
        return {a.path for a in self._made(self.index.at(paths))}

    def slugs(self) -> list[str]:
        return self.index.slugs()

    def at(self, path: str) -> Article | None:
        return next(self._made(self.index.at([path])), None)

    def named(self, ident: str) -> Article | None:
        return named(self._made(self.index.named(*name_keys(ident))), ident)

    def neighbours(
        self, current: Article, today: date, tag: str | None
    ) -> tuple[Article | None, Article | None]:
        key = sort_key(current)
        rows = self.index.next_to(key, True, today, tag)
        older = next((a for a in self._made(rows) if _steps(a, key, today, tag, -1)), None)
        rows = self.index.next_to(key, False, today, tag)
        newer = next((a for a in self._made(rows) if _steps(a, key, today, tag, 1)), None)
        return older, newer

    def search(self, query: str) -> set[str]:
        return search_indexed(self.archive, self.index, self.found, query)


def _steps(
    article: Article, key: tuple[float, str, str], today: date, tag: str | None, way: int
) -> bool:
    """The model's word on a row that SQL gave as the next one past `key` in direction `way`."""
    this = sort_key(article)
    return on_the_walk(article, today, tag) and (this < key if way < 0 else this > key)


def _limited(
    accepted: Iterator[Article], limit: int | None, count: bool
) -> tuple[list[Article], int]:
    chosen = list(itertools.islice(accepted, limit) if limit is not None else accepted)
    total = len(chosen) + (sum(1 for _ in accepted) if count and limit is not None else 0)
    return chosen, total


class _Lazy:
    """An iterable made only when iterated: the slugs for "did you mean", needed only when a
    name matches nothing."""

    def __init__(self, make: Callable[[], list[str]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[str]:
        return iter(self.make())


# --- opening the catalog -------------------------------------------------------------------


def open_catalog(archive: Archive, cache: Path | None, progress: Progress | None = None) -> Catalog:
    """Every article and every problem of the archive: the folder walked, the index in the
    folder `cache` (None: none) made true to it (store/sync.py), its answers. An index that
    fails is deleted and built again at once; if that fails too, or the index is locked, the
    files are read without it."""
    with _no_gc():
        found, problems = archive.walk()
        for _attempt in range(2):
            index = open_index(cache, archive.root, archive.site.key())
            if index is None:
                break
            try:
                synced = make_true(archive, index, found, progress)
                if synced.unsaved is None:
                    return _indexed(archive, index, found, problems)
                return _in_memory(archive, index, found, problems, synced.unsaved)
            except sqlite3.Error as err:
                index.close()
                if is_busy(err):
                    break
                discard_index(index.path)
        articles, problems = _parse_all(archive, found, progress, problems)
        return Catalog(archive, found, problems, articles=articles)


def _indexed(
    archive: Archive, index: Index, found: list[Found], problems: list[Problem]
) -> Catalog:
    """The index's answers, with the problems of each file in the walk's order."""
    stored = {path: load_problems(text) for path, text in index.problems()}
    if stored:
        problems = problems + [p for path, _ in found for p in stored.get(path, ())]
    return Catalog(archive, found, problems, index=index)


def _in_memory(
    archive: Archive,
    index: Index,
    found: list[Found],
    problems: list[Problem],
    unsaved: dict[str, Row],
) -> Catalog:
    """Every article built from the rows true to this walk, and from `unsaved`: for when the
    index cannot be written now (it stays usable for reading)."""
    stamps = dict(found)
    build = Builder()
    known: dict[str, Article | None] = {}
    stored: dict[str, tuple[Problem, ...]] = {}
    try:
        index.snapshot()
        known = {path: None for path, stamp in index.stamps() if stamps.get(path) == stamp}
        for row in index.rows():
            if row[0] in known:
                known[row[0]] = build.article(row)
        stored = {path: load_problems(text) for path, text in index.problems() if path in known}
        index.release()
    except sqlite3.Error:  # a row damaged, or the index failing: all from the files
        known, stored = {}, {}
    missing = [(path, stamp) for path, stamp in found if path not in known and path not in unsaved]
    for row in itertools.chain(unsaved.values(), parse_rows(archive, missing, None, False)):
        path, _, cols, problem_text, _ = row
        known[path] = build.from_columns(path, cols) if cols is not None else None
        stored[path] = load_problems(problem_text) if problem_text is not None else ()
    articles = [a for path, _ in found if (a := known.get(path)) is not None]
    problems = problems + [p for path, _ in found for p in stored.get(path, ())]
    return Catalog(archive, found, problems, articles=articles)


def _parse_all(
    archive: Archive,
    found: list[Found],
    progress: Progress | None,
    problems: list[Problem] | None = None,
) -> tuple[list[Article], list[Problem]]:
    """Every file read and parsed: its article, if it is one, and its problems after `problems`."""
    build = Builder()
    articles: list[Article] = []
    problems = list(problems or ())
    for path, _, cols, problem_text, _ in parse_rows(archive, found, progress, False):
        if cols is not None:
            articles.append(build.from_columns(path, cols))
        if problem_text is not None:
            problems.extend(load_problems(problem_text))
    return articles, problems


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cycle collector while building many objects that hold no cycles: it would
    walk all of them again and again (benchmarks/bench.py, cold `list`, measures it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- for shell completion: what the index last saw, without making it true ---------------------


def hints(archive: Archive, cache: Path | None, prefix: str = "") -> list[tuple[str, str]]:
    """For shell completion, without opening a file (benchmarks/bench.py): (slug, title) of the
    files there now whose slug starts with `prefix`. Slugs and titles are what the index last
    saw (newest first); a file it does not know as an article (new, or broken) is offered by the
    slug its path gives, without a title, after them. With no index yet, one full read builds
    it."""
    now = archive.names()
    index = open_index(cache, archive.root, archive.site.key())
    known: list[tuple[str, str, str]] = []  # (path, slug, title)
    indexed: set[str] = set()
    try:
        if index is not None:
            known = [(path, slug, title) for path, slug, title, _ in index.hints(prefix)]
            indexed = index.paths()
            if not indexed and now:  # no index yet: build it
                index.close()
                index = None
                catalog = newest_first(open_catalog(archive, cache).articles)
                known = [(a.path, a.slug, a.title) for a in catalog]
                known = [entry for entry in known if entry[1].startswith(prefix)]
                indexed = {a.path for a in catalog}
    except sqlite3.Error:
        known, indexed = [], set()
    finally:
        if index is not None:
            index.close()
    here = set(now)
    found = [(slug, title) for path, slug, title in known if path in here]
    others = {archive.slug(path) for path in now if path not in indexed}
    return found + sorted((slug, "") for slug in others if slug.startswith(prefix))


def tag_hints(archive: Archive, cache: Path | None) -> list[tuple[tuple[str, ...], int]]:
    """For shell completion: the tag lists the index last saw, with how many articles carry
    each. With no index yet, one full read builds it."""
    index = open_index(cache, archive.root, archive.site.key())
    try:
        found = index.tag_lists() if index is not None else []
    except sqlite3.Error:
        found = []
    finally:
        if index is not None:
            index.close()
    if not found:
        found = [(a.tags, 1) for a in open_catalog(archive, cache).articles]
    return found
