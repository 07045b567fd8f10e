"""The archive on disk: walk the articles folder, read articles, write them.

Reading goes through the index (see index.py) when it can and straight to the files when it
cannot; both give the same answer. Writing is atomic: a temporary file in the same folder,
flushed, then `os.replace`, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import itertools
import os
import signal
import sqlite3
import stat
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actueel_cli.errors import AlreadyExists, ArticleProblem, UnsafeEdit, WriteFailed
from actueel_cli.index import (
    Builder,
    Index,
    Row,
    Stamp,
    columns,
    index_path,
    load_problems,
    problems_json,
)
from actueel_cli.model import Article, Problem, newest_first, search_key, search_text
from actueel_cli.parse import MAX_BYTES, Parsed, parse

RACY_NS = 2_000_000_000  # a file this fresh may change again within its mtime's resolution
BATCH = 1000  # index rows per transaction: a long build keeps what it did if interrupted
PARALLEL_FROM = 400  # stale files from which parsing is spread over several processes
CHUNK = 250  # files per task for a worker process

Progress = Callable[[int, int], None]
# A change to one file's text: the whole text in, the whole new text out (the same text when
# there is nothing to change). It may raise UnsafeEdit; it must not touch the disk.
Change = Callable[[str], str]


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A candidate article file found by the walk."""

    path: str  # relative, with `/`
    stamp: Stamp

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass
class Scan:
    """Everything in the folder: usable articles, and the problems of every file."""

    articles: list[Article]
    problems: list[Problem]
    reread: list[str] = field(default_factory=list)  # files parsed this time, not from the index
    searcher: Callable[[str], set[str]] | None = None
    # path -> modification time (ns) of every file the walk found, for `list --sort updated`;
    # taken from the walk's stat, so it costs nothing extra
    mtimes: dict[str, int] = field(default_factory=dict)

    def search(self, text: str) -> set[str]:
        """Paths of the articles whose title or body holds `text`, ignoring case and accents."""
        assert self.searcher is not None
        return self.searcher(search_key(text))


@dataclass(frozen=True)
class Edit:
    """A planned change of one file: its bytes before and after."""

    rel: str
    before: bytes
    after: bytes


class Archive:
    def __init__(self, root: Path, cache: Path | None) -> None:
        self.root = root
        self.cache = cache
        self._inside_cache: dict[str, bool] = {}  # for read_bytes: folders that stay inside

    # walking

    def walk(self) -> tuple[list[Entry], list[Problem]]:
        entries: list[Entry] = []
        problems: list[Problem] = []
        real_root = os.path.realpath(self.root)
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                with os.scandir(os.path.join(self.root, rel_dir)) as found:
                    items = sorted(found, key=lambda e: e.name)
            except OSError as err:
                problems.append(Problem(rel_dir or ".", f"cannot read this folder: {err.strerror}"))
                continue
            for item in items:
                if item.name.startswith((".", "_")):
                    continue
                rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
                if item.name.endswith(".md") and item.is_dir(follow_symlinks=False):
                    problems.append(Problem(rel, _FOLDER_NAMED_MD, "warning"))
                    stack.append(rel)
                    continue
                if not item.name.endswith(".md"):
                    if item.is_dir(follow_symlinks=False):
                        stack.append(rel)
                    elif item.is_symlink() and os.path.isdir(item.path):
                        problems.append(Problem(rel, "a linked folder is not followed", "warning"))
                    continue
                entry = self._entry(item, rel, real_root, problems)
                if entry is not None:
                    entries.append(entry)
        return entries, problems

    def _entry(
        self, item: os.DirEntry[str], rel: str, real_root: str, problems: list[Problem]
    ) -> Entry | None:
        if item.is_symlink():
            target = os.path.realpath(item.path)
            if os.path.commonpath([real_root, target]) != real_root:
                problems.append(Problem(rel, "a link that leads outside the articles folder"))
                return None
        try:
            st = os.stat(item.path)  # not item.stat(): cached on each DirEntry, 50,000 cost 40 MB
        except OSError as err:
            if err.errno == errno.ELOOP:
                reason = "a link that loops back on itself"
            elif item.is_symlink():
                reason = "a link that leads nowhere"
            else:
                reason = err.strerror or "unknown error"
            problems.append(Problem(rel, f"cannot read: {reason}"))
            return None
        if not stat.S_ISREG(st.st_mode):
            problems.append(Problem(rel, f"is {_kind_of(st.st_mode)}, not an article file"))
            return None
        return Entry(rel, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))

    def read_bytes(self, rel: str) -> bytes:
        """One article file's bytes. Opens nothing but a regular file inside the folder."""
        path = os.path.join(self.root, rel)
        # the walk gives plain relative paths and follows no linked folders; a name with `..`,
        # an absolute one, or a file that is a link to outside is refused here all the same
        # (one lstat per file: the realpath is only worked out for links)
        parts = rel.replace("\\", "/").split("/")
        outside = os.path.isabs(rel) or ".." in parts
        if not outside and len(parts) > 1:
            outside = not self._inside("/".join(parts[:-1]))
        if not outside and os.path.islink(path):
            outside = not self._inside(rel)
        if outside:
            raise ArticleProblem(f"{rel}: cannot read: it leads outside the articles folder")
        try:
            # O_NONBLOCK: a named pipe put in the file's place must not hang the command
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as err:
            raise ArticleProblem(f"{rel}: cannot read: {err.strerror}") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ArticleProblem(f"{rel}: is not a regular file")
            # Ask for the size fstat gives (a 4 MiB buffer for each file costs more than the read);
            # one more byte shows a file that grew meanwhile, which is then read on to the limit.
            data = handle.read(min(info.st_size, MAX_BYTES) + 1)
            if info.st_size < len(data) <= MAX_BYTES:
                data += handle.read(MAX_BYTES + 1 - len(data))
            return data

    def _inside(self, rel: str) -> bool:
        """Whether `rel`, links resolved, is in the articles folder. Folders are remembered."""
        known = self._inside_cache.get(rel)
        if known is None:
            real_root = os.path.realpath(self.root)
            target = os.path.realpath(os.path.join(self.root, rel))
            known = os.path.commonpath([real_root, target]) == real_root
            self._inside_cache[rel] = known
        return known

    def existing(self, paths: Iterable[str]) -> set[str]:
        """Which of these paths (relative to the articles folder, `/`-separated) are files.
        Only asks the file system (stat); opens nothing."""
        return {p for p in paths if os.path.isfile(os.path.join(self.root, *p.split("/")))}

    def parse_file(self, entry: Entry) -> Parsed:
        try:
            data = self.read_bytes(entry.path)
        except ArticleProblem as err:
            return Parsed(None, (Problem(entry.path, str(err).split(": ", 1)[1]),))
        return parse(data, entry.path, entry.slug)

    def names(self) -> list[str]:
        """The relative paths of the `.md` files, found as walk() finds them but without looking
        at each file (no stat, no checks): enough to see whether a slug is taken, in a tenth of
        the time at 50,000 files."""
        found: list[str] = []
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                with os.scandir(os.path.join(self.root, rel_dir)) as items:
                    for item in items:
                        if item.name.startswith((".", "_")):
                            continue
                        rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
                        if item.name.endswith(".md"):
                            found.append(rel)
                        elif item.is_dir(follow_symlinks=False):
                            stack.append(rel)
            except OSError:
                continue
        return found

    def hints(self, prefix: str = "") -> tuple[list[str], dict[str, tuple[str, tuple[str, ...]]]]:
        """For shell completion, in a few hundredths of a second at 50,000 articles: the slugs
        that exist now (names only, as `names()` finds them) and the titles and tags the index
        last saw. With no index yet, one full scan builds it."""
        slugs = [rel.rsplit("/", 1)[-1].removesuffix(".md") for rel in self.names()]
        slugs = [slug for slug in slugs if slug.startswith(prefix)]
        index = self._open_index()
        if index is None:
            return slugs, {}
        try:
            known = index.hints(prefix)
            if not known and slugs:
                index.close()
                index = None
                scanned = newest_first(self.scan().articles)
                return slugs, {
                    a.path: (a.title, a.tags) for a in scanned if a.slug.startswith(prefix)
                }
            return slugs, {path: (title, tags) for path, title, tags in known}
        except sqlite3.Error:
            return slugs, {}
        finally:
            if index is not None:
                index.close()

    def tag_hints(self) -> list[tuple[tuple[str, ...], int]]:
        """For shell completion: the tag lists the index last saw, with how many articles carry
        each. With no index yet, one full scan builds it."""
        index = self._open_index()
        try:
            found = index.tag_lists() if index is not None else []
        except sqlite3.Error:
            found = []
        finally:
            if index is not None:
                index.close()
        if not found:
            found = [(a.tags, 1) for a in self.scan().articles]
        return found

    # scanning with the index

    def scan(self, progress: Progress | None = None) -> Scan:
        """Every article and every problem, from the index where the files did not change.

        An index that fails (corrupt, dropped table, other damage) is deleted and built again
        at once; if that fails too, or the index is locked, the files are read without it."""
        with _no_gc():
            return self._scan(progress)

    def _scan(self, progress: Progress | None) -> Scan:
        entries, problems = self.walk()
        found = self._scan_entries(entries, problems, progress)
        found.mtimes = {e.path: e.stamp[1] for e in entries}
        return found

    def _scan_entries(
        self, entries: list[Entry], problems: list[Problem], progress: Progress | None
    ) -> Scan:
        for _attempt in range(2):
            index = self._open_index()
            if index is None:
                break
            try:
                return self._scan_with_index(index, entries, list(problems), progress)
            except sqlite3.Error as err:
                index.close()
                if _is_busy(err):
                    break
                self._discard_index()
        return self._scan_without_index(entries, problems, progress)

    def _open_index(self) -> Index | None:
        if self.cache is None:
            return None
        path = index_path(self.cache, self.root)
        for _attempt in range(2):
            try:
                return Index(path)
            except sqlite3.Error as err:
                if _is_busy(err):
                    return None  # another program holds it: do without, this once
                self._discard_index()  # corrupt or not a database: start again
            except OSError:
                return None  # the cache folder cannot be made or written: do without
        return None

    def _discard_index(self) -> None:
        if self.cache is None:
            return
        path = index_path(self.cache, self.root)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")

    def _scan_with_index(
        self, index: Index, entries: list[Entry], problems: list[Problem], progress: Progress | None
    ) -> Scan:
        stamps = {e.path: e.stamp for e in entries}
        build = Builder()
        known: dict[str, Article | None] = {}
        gone: list[str] = []
        for row in index.rows():
            path = row[0]
            stamp = stamps.get(path)
            if stamp is None:
                gone.append(path)
            elif stamp == row[1:5]:
                known[path] = build.article(row) if row[6] is not None else None
        found: dict[str, tuple[Problem, ...]] = {}
        for path, text in index.problems():
            if path in known:
                found[path] = load_problems(text)
        stale = [e for e in entries if e.path not in known]
        # Search texts are made when a search first needs them; once there, kept up to date.
        with_text = bool(stale) and index.has_texts()
        self._refresh(index, stale, gone, known, found, build, progress, with_text)
        articles: list[Article] = []
        for entry in entries:
            article = known[entry.path]
            if article is not None:
                articles.append(article)
            problems.extend(found.get(entry.path, ()))

        def searcher(query: str) -> set[str]:
            return self._search_with_index(index, entries, stamps, query)

        return Scan(articles, problems, [e.path for e in stale], searcher)

    def _refresh(
        self,
        index: Index,
        stale: list[Entry],
        gone: list[str],
        known: dict[str, Article | None],
        found: dict[str, tuple[Problem, ...]],
        build: Builder,
        progress: Progress | None,
        with_text: bool,
    ) -> None:
        """Parse the stale files into `known` and `found` and store them in the index, in batches
        as they come (unless another command is writing it: then next time)."""
        racy_before = time.time_ns() - RACY_NS
        batch: list[Row] = []
        saving = True

        def save() -> None:
            nonlocal saving, gone
            if saving and (batch or gone):
                try:
                    index.update(batch, gone)
                except sqlite3.Error as err:
                    if not _is_busy(err):
                        raise
                    saving = False  # another command is writing: it will be stored next time
            batch.clear()
            gone = []

        for row in self._parse_rows(stale, progress, with_text):
            path, stamp, cols, problem_text, _ = row
            known[path] = build.from_columns(path, cols) if cols is not None else None
            if problem_text is not None:
                found[path] = load_problems(problem_text)
            if stamp[1] >= racy_before:
                row = (path, _racy(stamp), cols, problem_text, row[4])
            batch.append(row)
            if len(batch) >= BATCH:
                save()
        save()

    def _search_with_index(
        self, index: Index, entries: list[Entry], stamps: dict[str, Stamp], query: str
    ) -> set[str]:
        """Search the index's texts made from the files as they are now; make the missing ones
        (all of them, the first time) from the files, and keep them for the next search."""
        hits: set[str] = set()
        current: set[str] = set()
        try:
            for path, stamp, hit in index.search(query):
                if stamps.get(path) == stamp:
                    current.add(path)
                    if hit:
                        hits.add(path)
        except sqlite3.Error:
            return self._search_files(entries, query)
        missing = [e for e in entries if e.path not in current]
        racy_before = time.time_ns() - RACY_NS
        batch: list[tuple[str, Stamp, str]] = []
        saving = True
        for path, stamp, _, _, text in self._parse_rows(missing, None, with_text=True):
            if text is not None and query in text:
                hits.add(path)
            # A file that is no article gets an empty text: not read again for each search.
            batch.append((path, _racy(stamp) if stamp[1] >= racy_before else stamp, text or ""))
            if len(batch) >= BATCH:
                if saving:
                    try:
                        index.store_texts(batch)
                    except sqlite3.Error:
                        saving = False  # locked or damaged: searched all the same
                batch.clear()
        if batch and saving:
            with contextlib.suppress(sqlite3.Error):
                index.store_texts(batch)
        return hits

    def _parse_rows(
        self, entries: list[Entry], progress: Progress | None, with_text: bool
    ) -> Iterator[Row]:
        """Each file parsed into an index row; over several processes when there are many."""
        workers = _workers()
        if len(entries) < PARALLEL_FROM or workers < 2:
            for done, entry in enumerate(entries, 1):
                yield parse_row(self, entry, with_text)
                if progress is not None:
                    progress(done, len(entries))
            return
        from concurrent.futures import Future, ProcessPoolExecutor

        size = max(50, min(CHUNK, len(entries) // (workers * 4)))
        starts = iter(range(0, len(entries), size))
        root = str(self.root)
        pool = ProcessPoolExecutor(workers, mp_context=_mp_context(), initializer=_worker_init)
        pending: deque[Future[list[Row]]] = deque()

        def submit(start: int) -> None:
            chunk = [(e.path, e.stamp) for e in entries[start : start + size]]
            pending.append(pool.submit(_parse_chunk, root, chunk, with_text))

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
                    progress(done, len(entries))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _scan_without_index(
        self, entries: list[Entry], problems: list[Problem], progress: Progress | None
    ) -> Scan:
        build = Builder()
        articles: list[Article] = []
        problems = list(problems)
        for path, _, cols, problem_text, _ in self._parse_rows(entries, progress, False):
            if cols is not None:
                articles.append(build.from_columns(path, cols))
            if problem_text is not None:
                problems.extend(load_problems(problem_text))
        return Scan(
            articles,
            problems,
            [e.path for e in entries],
            lambda query: self._search_files(entries, query),
        )

    def _search_files(self, entries: list[Entry], query: str) -> set[str]:
        return {
            path
            for path, _, _, _, text in self._parse_rows(entries, None, with_text=True)
            if text is not None and query in text
        }

    def load(self, article: Article) -> Parsed:
        """The article's file read afresh, for `show`: its body and everything in it."""
        parsed = self.parse_file(Entry(article.path, (0, 0, 0, 0)))
        if parsed.article is None:
            raise ArticleProblem(str(parsed.problems[0]))
        return parsed

    # writing

    def create(self, rel: str, content: str) -> Path:
        """Write a new article; never replaces a file, even one created a moment ago."""
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._write_temp(target, content.encode("utf-8"), None)
        try:
            os.link(tmp, target)  # fails if the name exists: no window for an overwrite
        except FileExistsError:
            raise AlreadyExists(f"{rel} already exists; choose another --slug") from None
        except OSError as err:
            raise WriteFailed(f"cannot create {rel}: {err.strerror}") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return target

    def check_writable(self, rel: str) -> int:
        """The file's permission bits; WriteFailed when it cannot be replaced. The mode bits
        are checked as well as access(), because root may write anything: a file an editor
        made read-only stays read-only for us too."""
        target = self.root / rel
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError as err:
            raise WriteFailed(f"{rel}: cannot write: {err.strerror}") from None
        if not os.access(target, os.W_OK) or not mode & stat.S_IWUSR:
            raise WriteFailed(f"{rel}: the file is read-only; nothing was changed")
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise WriteFailed(
                f"{rel}: its folder is read-only (a new copy is written next to it); "
                "nothing was changed"
            )
        return mode

    def replace(self, rel: str, data: bytes, expected: bytes) -> None:
        """Atomically replace an article whose current bytes must still be `expected`."""
        target = self.root / rel
        mode = self.check_writable(rel)
        tmp = self._write_temp(target, data, mode)
        try:
            if self.read_bytes(rel) != expected:
                raise WriteFailed(
                    f"{rel}: the file changed while this command ran; nothing was written, "
                    "run it again"
                )
            os.replace(tmp, target)
        except OSError as err:
            raise WriteFailed(f"{rel}: cannot write: {err.strerror}; nothing was changed") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    # editing: read, change the text, write back

    def read_text(self, rel: str) -> tuple[bytes, str]:
        """The file's bytes and its text for fmedit: plain UTF-8, so a BOM is kept as U+FEFF
        and comes back when the text is encoded again."""
        data = self.read_bytes(rel)
        if len(data) > MAX_BYTES:
            raise ArticleProblem(f"{rel}: the file is larger than 4 MiB; edit it by hand")
        try:
            return data, data.decode("utf-8")
        except UnicodeDecodeError:
            raise ArticleProblem(
                f"{rel}: not UTF-8; run `actueel check` to see where, then convert it"
            ) from None

    def plan_edit(self, rel: str, change: Change) -> Edit | None:
        """What `change` would write to the file, checked as far as possible without writing:
        readable, UTF-8, editable, writable. None when it changes nothing."""
        before, text = self.read_text(rel)
        try:
            after = change(text)
        except UnsafeEdit as err:
            raise UnsafeEdit(f"{rel}: {err}") from None
        if after == text:
            return None
        self.check_writable(rel)
        return Edit(rel, before, after.encode("utf-8"))

    def edit(self, rel: str, change: Change) -> bool:
        """Read-modify-write one file under its folder's lock, so that two commands editing
        it at once both land. Returns whether the file was written; when `change` changes
        nothing the file is not touched (same bytes, same modification time)."""
        with self.lock(rel):
            planned = self.plan_edit(rel, change)
            if planned is None:
                return False
            self.replace(rel, planned.after, planned.before)
            return True

    def commit(self, planned: Edit, change: Change) -> Edit | None:
        """Write a planned edit; returns what was written. When the file changed since it was
        planned (another command edited it), the change is worked out again on what is there
        now."""
        with self.lock(planned.rel):
            if self.read_bytes(planned.rel) != planned.before:
                fresh = self.plan_edit(planned.rel, change)
                if fresh is None:
                    return None
                planned = fresh
            self.replace(planned.rel, planned.after, planned.before)
            return planned

    def undo(self, done: Edit) -> None:
        """Put back what `commit` wrote, if the file still holds it. Best effort: used to
        roll back a many-file edit that failed halfway."""
        with self.lock(done.rel), contextlib.suppress(WriteFailed, ArticleProblem):
            self.replace(done.rel, done.before, done.after)

    @contextlib.contextmanager
    def lock(self, rel: str) -> Iterator[None]:
        """Serialise read-modify-write cycles on the folder that holds `rel` (flock on it)."""
        folder = (self.root / rel).parent
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _write_temp(self, target: Path, data: bytes, mode: int | None) -> str:
        _check_writable_folder(target.parent)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as err:
            reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
            raise WriteFailed(
                f"cannot write in {target.parent}: {reason}; nothing was changed"
            ) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        except OSError as err:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
            raise WriteFailed(
                f"cannot write {target.name}: {reason}; nothing was changed"
            ) from None
        return tmp


_FOLDER_NAMED_MD = "a folder named like an article file; the articles in it are read"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_writable_folder(folder: Path) -> None:
    """Refuse to write in a folder without write permission, also when running as root (root
    may write anyway, but a read-only folder says: do not change this)."""
    try:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
    except OSError as err:
        raise WriteFailed(
            f"cannot write in {folder}: {err.strerror}; nothing was changed"
        ) from None
    if not os.access(folder, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteFailed(f"cannot write in {folder}: the folder is read-only; nothing was changed")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def parse_row(archive: Archive, entry: Entry, with_text: bool) -> Row:
    """One file read and parsed into what the index stores of it."""
    parsed = archive.parse_file(entry)
    article = parsed.article
    text = search_text(article.title, parsed.body) if article and with_text else None
    cols = columns(article) if article is not None else None
    return (entry.path, entry.stamp, cols, problems_json(parsed.problems), text)


def _parse_chunk(root: str, chunk: list[tuple[str, Stamp]], with_text: bool) -> list[Row]:
    """In a worker process: parse some files."""
    archive = Archive(Path(root), None)
    return [parse_row(archive, Entry(path, stamp), with_text) for path, stamp in chunk]


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool, and workers print no tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def _racy(stamp: Stamp) -> Stamp:
    """A stamp that never matches: a file changed within the clock's resolution may change again
    unseen, so the index does not vouch for it, and the next command reads it again."""
    return (-1, *stamp[1:])


def _is_busy(err: sqlite3.Error) -> bool:
    """Locked by another connection (SQLITE_BUSY, SQLITE_LOCKED), as opposed to damaged."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF in (5, 6)
