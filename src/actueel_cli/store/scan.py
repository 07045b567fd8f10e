"""Reading the whole archive: through the index when it can, from the files when it cannot.

Both give the same answers. `Scan` holds every article in memory and asks the model; it is what
a command gets without an index (ACTUEEL_NO_INDEX, no cache folder, an index locked by another
program). `IndexedScan` answers from an index that has just been made true to the files: SQL
narrows and orders (on columns the model's own functions filled in), and the model judges every
row SQL gives, so the rules stay in one place and 50,000 articles are not built to show 20.

How an index is made true to the files, each command:
1. walk the folder: every file's path and stamp (size, mtime, ctime, inode);
2. the walk's fingerprint equals the index's: every row is current; nothing else to do;
3. otherwise compare row by row, read the files that differ, store them (with the fingerprint,
   unless a file is too fresh to vouch for or another command wrote meanwhile).
An index that fails is deleted and built again at once; if that fails too, or the index is
locked, the files are read without it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import os
import signal
import sqlite3
import sys
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from time import time_ns  # (the one clock the index judges freshness by)
from typing import TYPE_CHECKING, Any

from actueel_cli.errors import ArticleProblem
from actueel_cli.generators import Site, is_markdown
from actueel_cli.identity import Named, exact, name_keys, named, resolve
from actueel_cli.index import (
    Builder,
    Damaged,
    Index,
    Row,
    columns,
    index_path,
    load_problems,
    problems_json,
    where,
)
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
    search_text,
    sort_key,
)
from actueel_cli.texts import Stamp, TextsDamaged, texts_files

if TYPE_CHECKING:
    from .archive import Archive, Found

RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen (see _fresh)
BATCH = 1000  # index rows per transaction: a long build keeps what it did if interrupted
PARALLEL_FROM = 400  # stale files from which parsing is spread over several processes
CHUNK = 250  # files per task for a worker process
ATTEMPTS = 3  # times to make the index true when other commands keep writing it

Progress = Callable[[int, int], None]


# --- the answers ---------------------------------------------------------------------------------


class Scan:
    """Every article in memory, in the walk's order, and every problem; the model answers."""

    def __init__(
        self,
        archive: Archive,
        found: list[Found],
        articles: list[Article] | None,
        problems: list[Problem],
        reread: list[str],
    ) -> None:
        self.archive = archive
        self.found = found
        self._articles = articles
        self.problems = problems
        self.reread = reread  # files parsed this time, not taken from the index

    @property
    def articles(self) -> list[Article]:
        """Every usable article, in the walk's order."""
        assert self._articles is not None
        return self._articles

    @property
    def mtimes(self) -> dict[str, int]:
        """path -> modification time (ns) of every file the walk found, for `--sort updated`."""
        return {path: stamp[1] for path, stamp in self.found}

    def select(
        self, rules: Filter, newest: bool = True, limit: int | None = None, count: bool = False
    ) -> tuple[list[Article], int]:
        """The articles `rules` accepts in the model's order, newest first or oldest first, at
        most `limit`; and how many there are in all (counted only when asked: `count`)."""
        chosen = newest_first(a for a in self.articles if rules.accepts(a))
        if not newest:
            chosen.reverse()
        return _limited(iter(chosen), limit, count)

    def headings(
        self, rules: Filter, newest: bool = True, limit: int | None = None
    ) -> list[Heading]:
        """What a plain listing shows of what `select` gives."""
        return [heading(a) for a in self.select(rules, newest, limit)[0]]

    # names: identity.resolve decides; a scan gives it the files a name could mean

    def find(self, ident: str) -> Article:
        """The article a name means (identity.resolve); ArticleProblem, naming what is wrong,
        when that is a file that cannot be read."""
        path, article = self.resolve(ident)
        if article is None:
            raise ArticleProblem(f"{self.errors_of(path)[0]}; `actueel check` lists every problem")
        return article

    def resolve(self, ident: str) -> tuple[str, Article | None]:
        """The file a name means, readable or not: its path, and its article if it is one."""
        files, articles = self._candidates(ident)
        chosen = resolve(ident, files, _Lazy(self._all_slugs))
        return chosen.path, articles.get(chosen.path)

    def taken(self, slug: str) -> list[str]:
        """The files a new article with this slug would clash with: those the slug names
        exactly (its slug, its file name), readable or not."""
        files, _ = self._candidates(slug)
        return sorted(f.path for f in exact(slug, files))

    def errors_of(self, path: str) -> list[Problem]:
        """The errors of one file (its own, as reading it found them)."""
        return [p for p in self.problems if p.path == path and p.severity == "error"]

    def broken(self, articles: set[str] | None = None) -> list[Named]:
        """Files that cannot be read as articles, named by their paths."""
        paths = {p.path for p in self.problems if p.severity == "error" and is_markdown(p.path)}
        if not paths:
            return []
        if articles is None:
            articles = self._article_paths(paths)
        return [Named(path, self.archive.slug(path)) for path in sorted(paths - articles)]

    def _article_paths(self, paths: set[str]) -> set[str]:
        return {a.path for a in self.articles if a.path in paths}

    def _candidates(self, ident: str) -> tuple[list[Named], dict[str, Article]]:
        articles = {a.path: a for a in self.articles}
        files = [Named(a.path, a.slug) for a in self.articles]
        return files + self.broken(set(articles)), articles

    def _all_slugs(self) -> list[str]:
        return [a.slug for a in self.articles] + [f.slug for f in self.broken()]

    def at(self, path: str) -> Article | None:
        return next((a for a in self.articles if a.path == path), None)

    def named(self, ident: str) -> Article | None:
        """identity.named: the article a link names exactly, or None."""
        return named(self.articles, ident)

    def neighbours(
        self, current: Article, today: date, tag: str | None = None
    ) -> tuple[Article | None, Article | None]:
        """model.neighbours: (older, newer) among live articles."""
        return neighbours(self.articles, current, today, tag)

    def search(self, text: str) -> set[str]:
        """Paths of the articles whose title or body holds `text`, ignoring case and accents."""
        return _search_files(self.archive, self.found, search_key(text))

    def done(self) -> None:
        """The command has what it needs (before it prints, and perhaps waits on a pager)."""


class IndexedScan(Scan):
    """The same answers from an index that is true to the files of this walk."""

    def __init__(
        self,
        archive: Archive,
        index: Index,
        found: list[Found],
        problems: list[Problem],
        reread: list[str],
    ) -> None:
        super().__init__(archive, found, None, problems, reread)
        self.index = index
        self._build = Builder()
        self._files: Scan | None = None

    @property
    def articles(self) -> list[Article]:
        if self._articles is None:
            try:
                rows = {row[0]: row for row in self.index.rows()}
                article = self._build.article
                self._articles = [article(rows[path]) for path, _ in self.found if path in rows]
            except sqlite3.Error as err:
                return self._from_files(err).articles
        return self._articles

    def _made(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Article]:
        return map(self._build.article, rows)

    def select(
        self, rules: Filter, newest: bool = True, limit: int | None = None, count: bool = False
    ) -> tuple[list[Article], int]:
        try:
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
        except sqlite3.Error as err:
            return self._from_files(err).select(rules, newest, limit, count)

    def headings(
        self, rules: Filter, newest: bool = True, limit: int | None = None
    ) -> list[Heading]:
        if rules.narrows:  # rows the model must judge: whole articles
            return super().headings(rules, newest, limit)
        # Only drafts and expired or not, which SQL answers exactly: 50,000 lines without an
        # Article each.
        try:
            found = self.index.headings(*where(rules), newest)
        except sqlite3.Error as err:
            return self._from_files(err).headings(rules, newest, limit)
        return found[:limit] if limit is not None else found

    def _candidates(self, ident: str) -> tuple[list[Named], dict[str, Article]]:
        try:
            found = list(self._made(self.index.named(*name_keys(ident))))
            files = [Named(a.path, a.slug) for a in found] + self.broken()
        except sqlite3.Error as err:
            return self._from_files(err)._candidates(ident)
        return files, {a.path: a for a in found}

    def _article_paths(self, paths: set[str]) -> set[str]:
        try:
            return {a.path for a in self._made(self.index.at(paths))}
        except sqlite3.Error as err:
            return self._from_files(err)._article_paths(paths)

    def _all_slugs(self) -> list[str]:
        try:
            return self.index.slugs() + [f.slug for f in self.broken()]
        except sqlite3.Error as err:
            return self._from_files(err)._all_slugs()

    def at(self, path: str) -> Article | None:
        try:
            return next(self._made(self.index.at([path])), None)
        except sqlite3.Error as err:
            return self._from_files(err).at(path)

    def named(self, ident: str) -> Article | None:
        try:
            return named(self._made(self.index.named(*name_keys(ident))), ident)
        except sqlite3.Error as err:
            return self._from_files(err).named(ident)

    def neighbours(
        self, current: Article, today: date, tag: str | None = None
    ) -> tuple[Article | None, Article | None]:
        key = sort_key(current)
        try:
            rows = self.index.next_to(key, True, today, tag)
            older = next((a for a in self._made(rows) if _steps(a, key, today, tag, -1)), None)
            rows = self.index.next_to(key, False, today, tag)
            newer = next((a for a in self._made(rows) if _steps(a, key, today, tag, 1)), None)
        except sqlite3.Error as err:
            return self._from_files(err).neighbours(current, today, tag)
        return older, newer

    def search(self, text: str) -> set[str]:
        return _search_with_index(self.archive, self.index, self.found, search_key(text))

    def done(self) -> None:
        # the read snapshot would keep SQLite from folding other commands' writes into the
        # database for as long as a pager stays open
        with contextlib.suppress(sqlite3.Error):
            self.index.release()

    def _from_files(self, err: sqlite3.Error) -> Scan:
        """For an index that fails in the middle of a command: everything read from the files.
        An index found damaged is deleted, so that the next command builds it anew."""
        if self._files is None:
            if isinstance(err, sqlite3.DatabaseError) and not _is_busy(err):
                with contextlib.suppress(sqlite3.Error):
                    self.index.close()
                discard_index(self.archive)
            self._files = _scan_without_index(self.archive, self.found, [], None)
        return self._files


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


# --- scanning ------------------------------------------------------------------------------------


def scan(archive: Archive, progress: Progress | None = None) -> Scan:
    """Every article and every problem, from the index where the files did not change."""
    with _no_gc():
        found, problems = archive.walk()
        for _attempt in range(2):
            index = open_index(archive)
            if index is None:
                break
            try:
                return _scan_with_index(archive, index, found, problems, progress)
            except sqlite3.Error as err:
                index.close()
                if _is_busy(err):
                    break
                discard_index(archive)
        return _scan_without_index(archive, found, problems, progress)


def open_index(archive: Archive) -> Index | None:
    if archive.cache is None:
        return None
    path = index_path(archive.cache, archive.root)
    for _attempt in range(2):
        try:
            return Index(path, archive.site.key())
        except sqlite3.Error as err:
            if _is_busy(err):
                return None  # another program holds it: do without, this once
            discard_index(archive)  # corrupt or not a database: start again
        except OSError:
            return None  # the cache folder cannot be made or written: do without
    return None


def discard_index(archive: Archive) -> None:
    if archive.cache is None:
        return
    path = index_path(archive.cache, archive.root)
    names = [f"{path}{suffix}" for suffix in ("", "-wal", "-shm")]
    for name in [*names, *map(str, texts_files(path))]:
        with contextlib.suppress(OSError):
            os.unlink(name)


def fingerprint(found: list[Found]) -> str:
    """A digest of every path and stamp of a walk, in order: equal walks, equal digests."""
    digest = hashlib.blake2b(digest_size=16)
    if found:
        paths, stamps = zip(*found, strict=True)
        digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
        try:
            digest.update(array("q", itertools.chain.from_iterable(stamps)).tobytes())
        except OverflowError:  # a stamp beyond 64 bits: slower, the same promise
            digest.update(repr(stamps).encode())
    return digest.hexdigest()


def _scan_with_index(
    archive: Archive,
    index: Index,
    found: list[Found],
    problems: list[Problem],
    progress: Progress | None,
) -> Scan:
    walked = fingerprint(found)
    now = time_ns()
    settled: bool | None = None  # worked out only when the fingerprint differs
    reread: list[str] = []
    for _attempt in range(ATTEMPTS):
        seen, generation = index.snapshot()
        if seen == walked:
            return _indexed(archive, index, found, problems, reread)
        if settled is None:
            settled = not any(_fresh(stamp, now) for _, stamp in found)
        stamps = dict(found)
        known = dict(index.stamps())
        index.release()
        gone = [path for path in known if path not in stamps]
        stale = [(path, stamp) for path, stamp in found if known.get(path) != stamp]
        reread = [path for path, _ in stale]
        unsaved: dict[str, Row] = {}
        latest = _refresh(
            archive, index, stale, gone, progress, generation, walked if settled else None, unsaved
        )
        if unsaved:  # another command holds the index: answer from memory, store next time
            return _scan_in_memory(archive, index, found, problems, unsaved, reread)
        if latest is not None and index.snapshot()[1] == latest:
            return _indexed(archive, index, found, problems, reread)
        # another command wrote between our look and our write: look again, row by row
    return _scan_in_memory(archive, index, found, problems, {}, reread)


def _indexed(
    archive: Archive, index: Index, found: list[Found], problems: list[Problem], reread: list[str]
) -> IndexedScan:
    """The index's answers, with the problems of each file in the walk's order."""
    stored = {path: load_problems(text) for path, text in index.problems()}
    if stored:
        problems = problems + [p for path, _ in found for p in stored.get(path, ())]
    return IndexedScan(archive, index, found, problems, reread)


def _refresh(
    archive: Archive,
    index: Index,
    stale: list[Found],
    gone: list[str],
    progress: Progress | None,
    generation: int,
    walked: str | None,
    unsaved: dict[str, Row],
) -> int | None:
    """Parse the stale files and store them, in batches as they come, the fingerprint with the
    last. Returns the index's new generation when every batch followed the one before it with
    no other writer between; None when another command wrote too. Rows that could not be
    stored (the index is busy) are put in `unsaved`."""
    now = time_ns()
    with_text = bool(stale) and index.has_texts()  # texts, once a search made them, kept current
    index.release()
    batch: list[Row] = []
    chain: int | None = generation
    saving = True

    def save(last: bool) -> None:
        nonlocal chain, saving, gone
        if saving:
            try:
                chain = index.update(batch, gone, chain, walked if last else None)
            except sqlite3.Error as err:
                if not _is_busy(err):
                    raise
                saving = False
        if not saving:
            unsaved.update((row[0], row) for row in batch)
        batch.clear()
        gone = []

    for row in _parse_rows(archive, stale, progress, with_text):
        path, stamp = row[0], row[1]
        if _fresh(stamp, now):
            row = (path, _racy(stamp), *row[2:])
        batch.append(row)
        if len(batch) >= BATCH:
            save(last=False)
    save(last=True)
    return chain if saving else None


def _scan_in_memory(
    archive: Archive,
    index: Index,
    found: list[Found],
    problems: list[Problem],
    unsaved: dict[str, Row],
    reread: list[str],
) -> Scan:
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
    for row in itertools.chain(unsaved.values(), _parse_rows(archive, missing, None, False)):
        path, _, cols, problem_text, _ = row
        known[path] = build.from_columns(path, cols) if cols is not None else None
        stored[path] = load_problems(problem_text) if problem_text is not None else ()
    articles = [a for path, _ in found if (a := known.get(path)) is not None]
    problems = problems + [p for path, _ in found for p in stored.get(path, ())]
    return Scan(archive, found, articles, problems, reread)


def _scan_without_index(
    archive: Archive, found: list[Found], problems: list[Problem], progress: Progress | None
) -> Scan:
    build = Builder()
    articles: list[Article] = []
    problems = list(problems)
    for path, _, cols, problem_text, _ in _parse_rows(archive, found, progress, False):
        if cols is not None:
            articles.append(build.from_columns(path, cols))
        if problem_text is not None:
            problems.extend(load_problems(problem_text))
    return Scan(archive, found, articles, problems, [path for path, _ in found])


# --- search --------------------------------------------------------------------------------------


def _search_with_index(archive: Archive, index: Index, found: list[Found], query: str) -> set[str]:
    """Search the index's texts of the files as they are now (the index is true to them); make
    the missing ones (all of them, the first time) from the files, and keep them for the next
    search."""
    try:
        try:
            missing = index.missing_texts()
            hits = index.search(query) if len(missing) < len(found) else set()
        except (OSError, Damaged) as err:  # the texts file gone, cut short, damaged, or new
            if index.forget_texts(damaged=isinstance(err, TextsDamaged | Damaged)):
                missing, hits = list(found), set()
            else:
                index.snapshot()
                missing = index.missing_texts()
                hits = index.search(query)
    except (sqlite3.Error, OSError):
        return _search_files(archive, found, query)
    now = time_ns()
    batch: list[tuple[str, Stamp, str]] = []
    saving = True
    for path, stamp, _, _, text in _parse_rows(archive, missing, None, with_text=True):
        if text is not None and query in text:
            hits.add(path)
        # A file that is no article gets an empty text: not read again for each search.
        batch.append((path, _racy(stamp) if _fresh(stamp, now) else stamp, text or ""))
        if len(batch) >= BATCH:
            saving = saving and _store_texts(index, batch)
            batch.clear()
    if batch and saving:
        _store_texts(index, batch)
    return hits


def _store_texts(index: Index, batch: list[tuple[str, Stamp, str]]) -> bool:
    try:
        index.store_texts(batch)
    except (sqlite3.Error, OSError):
        return False  # locked, damaged or the disk full: searched all the same
    return True


def _search_files(archive: Archive, found: list[Found], query: str) -> set[str]:
    return {
        path
        for path, _, _, _, text in _parse_rows(archive, found, None, with_text=True)
        if text is not None and query in text
    }


# --- parsing, over several processes when there are many files ----------------------------------


def parse_row(archive: Archive, rel: str, stamp: Stamp, with_text: bool) -> Row:
    """One file read and parsed into what the index stores of it."""
    parsed = archive.parse_file(rel)
    article = parsed.article
    text = search_text(article.title, parsed.body) if article and with_text else None
    cols = columns(article) if article is not None else None
    return (rel, stamp, cols, problems_json(parsed.problems), text)


def _parse_rows(
    archive: Archive, files: list[Found], progress: Progress | None, with_text: bool
) -> Iterator[Row]:
    """Each file parsed into an index row; over several processes when there are many."""
    workers = _workers()
    if len(files) < PARALLEL_FROM or workers < 2:
        for done, (rel, stamp) in enumerate(files, 1):
            yield parse_row(archive, rel, stamp, with_text)
            if progress is not None:
                progress(done, len(files))
        return
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(50, min(CHUNK, len(files) // (workers * 4)))
    starts = iter(range(0, len(files), size))
    root, site = str(archive.root), archive.site
    pool = ProcessPoolExecutor(
        workers, mp_context=_mp_context(), initializer=_worker_init, initargs=(os.getpid(),)
    )
    pending: deque[Future[list[Row]]] = deque()

    def submit(start: int) -> None:
        chunk = files[start : start + size]
        pending.append(pool.submit(_parse_chunk, root, site, chunk, with_text))

    done = 0
    try:
        # A few chunks ahead of the writer, no more: bodies do not pile up in memory.
        for start in itertools.islice(starts, workers * 3):
            submit(start)
        while pending:
            rows = pending.popleft().result()
            for start in itertools.islice(starts, 1):
                submit(start)
            yield from rows
            done += len(rows)
            if progress is not None:
                progress(done, len(files))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_chunk(root: str, site: Site, chunk: list[Found], with_text: bool) -> list[Row]:
    """In a worker process: parse some files."""
    from .archive import Archive

    archive = Archive(Path(root), None, site)
    return [parse_row(archive, rel, stamp, with_text) for rel, stamp in chunk]


def _worker_init(parent: int) -> None:
    # Ctrl-C is the parent's to handle: it stops the pool, and workers print no tracebacks.
    # SIGTERM ends a worker at once, not through the handler inherited from the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when its parent ends, however it ends (kill -9 too): forked workers hold
    both ends of their task queue, so they would otherwise wait for work forever. On Linux the
    kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG); a parent already gone before
    that was asked (the worker is then a child of init) is caught by the check after it."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 8)


def _mp_context() -> Any:
    import multiprocessing

    # fork starts a worker in milliseconds, with every module already imported. Elsewhere
    # (macOS, Windows) fork is unsafe or missing, and the platform's default is used.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cycle collector while building many objects that hold no cycles: it would
    walk all of them again and again (a tenth of the time of a scan of 50,000 articles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fresh(stamp: Stamp, now: int) -> bool:
    """Whether a file changed too recently (before `now`, the moment before it was read) for its
    stamp to vouch for its bytes: a second change may still come within the resolution of its
    time stamps and leave the stamp as it was. The change time counts as well as the
    modification time (an editor may set that one back; the change time nobody can), and the
    resolution is not assumed: stamps in whole seconds (ext4 with small inodes, some network
    file systems) or in whole two seconds (FAT) get twice that long."""
    changed = max(stamp[1], stamp[2])
    return changed >= now - _resolution(stamp) * 2


def _resolution(stamp: Stamp) -> int:
    """The coarsest resolution the file's time stamps may have, as far as they show it: two
    seconds, one second, or finer (then one second is assumed, as RACY_NS has it)."""
    mtime, ctime = stamp[1], stamp[2]
    if mtime % 2_000_000_000 == 0 and ctime % 2_000_000_000 == 0:
        return 2_000_000_000
    return RACY_NS // 2


def _racy(stamp: Stamp) -> Stamp:
    """A stamp that never matches: a file changed within the clock's resolution may change again
    unseen, so the index does not vouch for it, and the next command reads it again."""
    return (-1, *stamp[1:])


def _is_busy(err: sqlite3.Error) -> bool:
    """Locked by another connection (SQLITE_BUSY, SQLITE_LOCKED), as opposed to damaged."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF in (5, 6)
