"""The only module that touches the disk: find the articles folder, read articles, write them.

Reading goes through the index (see index.py) when it can and straight to the files when it
cannot; both give the same answer. Writing is atomic: a temporary file in the same folder,
flushed, then `os.replace`, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import stat
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AlreadyExists, ArticleProblem, ConfigError, UnsafeEdit, WriteFailed
from .index import Index, Record, Stamp, index_path
from .model import Article, Problem, search_key, search_text
from .parse import MAX_BYTES, Parsed, parse

CONFIG_NAME = "actueel.toml"
RACY_NS = 2_000_000_000  # a file this fresh may change again within its mtime's resolution

Progress = Callable[[int, int], None]
# A change to one file's text: the whole text in, the whole new text out (the same text when
# there is nothing to change). It may raise UnsafeEdit; it must not touch the disk.
Change = Callable[[str], str]


# --- where the articles are ----------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    articles_dir: Path
    author: str | None = None
    locale: str = "nl"
    front_matter: str = "yaml"
    source: Path | None = None  # the actueel.toml that was read, if any


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    for key in ("articles_dir", "author", "locale", "front_matter"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{path}: {key} must be text in quotes")
    if data.get("front_matter", "yaml") not in ("yaml", "toml"):
        raise ConfigError(f'{path}: front_matter must be "yaml" or "toml"')
    return data


def locate(dir_option: Path | None, cwd: Path, env: dict[str, str]) -> Config:
    """The articles folder: --dir, else $ACTUEEL_DIR, else actueel.toml's articles_dir, else
    ./articles. Settings come from the nearest actueel.toml in any case."""
    config_path = find_config(cwd)
    settings = read_config(config_path) if config_path else {}
    if dir_option is not None:
        folder, how = dir_option, "--dir"
    elif env.get("ACTUEEL_DIR"):
        folder, how = Path(env["ACTUEEL_DIR"]), "$ACTUEEL_DIR"
    elif config_path is not None and "articles_dir" in settings:
        folder = config_path.parent / str(settings["articles_dir"])
        how = f"articles_dir in {config_path}"
    else:
        folder, how = cwd / "articles", "./articles"
    folder = cwd / folder
    if not folder.is_dir():
        looked = (
            f"no articles folder at {folder} (from {how}); looked for --dir, $ACTUEEL_DIR, "
            f"articles_dir in {CONFIG_NAME} here or above, then ./articles"
        )
        raise ConfigError(f"{looked}. Give --dir PATH, or run `actueel init` to start one")
    return Config(
        articles_dir=folder,
        author=_str(settings.get("author")),
        locale=_str(settings.get("locale")) or "nl",
        front_matter=_str(settings.get("front_matter")) or "yaml",
        source=config_path,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def cache_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_CACHE_DIR"):
        return Path(env["ACTUEEL_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("actueel"))


def state_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_STATE_DIR"):
        return Path(env["ACTUEEL_STATE_DIR"])
    from platformdirs import user_state_dir

    return Path(user_state_dir("actueel"))


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
            st = item.stat()
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
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ArticleProblem(f"{rel}: is not a regular file")
            return handle.read(MAX_BYTES + 1)

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

    # scanning with the index

    def scan(self, progress: Progress | None = None) -> Scan:
        entries, problems = self.walk()
        found = self._scan_entries(entries, problems, progress)
        found.mtimes = {e.path: e.stamp[1] for e in entries}
        return found

    def _scan_entries(
        self, entries: list[Entry], problems: list[Problem], progress: Progress | None
    ) -> Scan:
        index = self._open_index()
        if index is None:
            return self._scan_without_index(entries, problems, progress)
        try:
            return self._scan_with_index(index, entries, problems, progress)
        except sqlite3.Error:
            index.close()
            self._discard_index()
            return self._scan_without_index(entries, problems, progress)

    def _open_index(self) -> Index | None:
        if self.cache is None:
            return None
        path = index_path(self.cache, self.root)
        for _attempt in range(2):
            try:
                return Index(path)
            except sqlite3.DatabaseError:
                self._discard_index()  # corrupt or not a database: start again
            except (sqlite3.Error, OSError):
                return None  # locked, read-only cache: do without
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
        known = index.stamps()
        present = {e.path for e in entries}
        gone = [path for path in known if path not in present]
        stale = [e for e in entries if known.get(e.path) != e.stamp]
        fresh: list[tuple[str, Stamp, Record, str | None]] = []
        racy_before = time.time_ns() - RACY_NS
        for done, entry in enumerate(stale, 1):
            parsed = self.parse_file(entry)
            text = search_text(parsed.article.title, parsed.body) if parsed.article else None
            stamp = entry.stamp if entry.stamp[1] < racy_before else (-1, *entry.stamp[1:])
            fresh.append((entry.path, stamp, (parsed.article, parsed.problems), text))
            if progress is not None:
                progress(done, len(stale))
        if fresh or gone:
            with contextlib.suppress(sqlite3.OperationalError):  # locked: next time, then
                index.update(fresh, gone)
        records = dict(zip((r[0] for r in fresh), (r[2] for r in fresh), strict=True))
        articles: list[Article] = []
        for path, (article, file_problems) in index.records():
            if path in records or path not in present:
                continue
            _collect(articles, problems, article, file_problems)
        for article, file_problems in records.values():
            _collect(articles, problems, article, file_problems)

        def searcher(query: str) -> set[str]:
            try:
                return index.search(query)
            except sqlite3.Error:
                return self._search_files(entries, query)

        return Scan(articles, problems, [e.path for e in stale], searcher)

    def _scan_without_index(
        self, entries: list[Entry], problems: list[Problem], progress: Progress | None
    ) -> Scan:
        articles: list[Article] = []
        for done, entry in enumerate(entries, 1):
            parsed = self.parse_file(entry)
            _collect(articles, problems, parsed.article, parsed.problems)
            if progress is not None:
                progress(done, len(entries))
        return Scan(
            articles,
            problems,
            [e.path for e in entries],
            lambda query: self._search_files(entries, query),
        )

    def _search_files(self, entries: list[Entry], query: str) -> set[str]:
        found = set()
        for entry in entries:
            parsed = self.parse_file(entry)
            if parsed.article and query in search_text(parsed.article.title, parsed.body):
                found.add(entry.path)
        return found

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


def _collect(
    articles: list[Article],
    problems: list[Problem],
    article: Article | None,
    file_problems: tuple[Problem, ...],
) -> None:
    if article is not None:
        articles.append(article)
    problems.extend(file_problems)


# --- where `next` and `prev` step from -------------------------------------------------------

LAST_SHOWN = "last-shown.json"


def save_last_shown(state: Path, root: Path, rel: str) -> None:
    """Remember the article last shown for this articles folder. Best effort: never fails."""
    import json

    path = state / LAST_SHOWN
    with contextlib.suppress(OSError, ValueError):
        state.mkdir(parents=True, exist_ok=True)
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        if not isinstance(known, dict):
            known = {}
        known[str(root.resolve())] = rel
        fd, tmp = tempfile.mkstemp(prefix=".last-shown.", dir=state)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(known, handle, ensure_ascii=False)
        os.replace(tmp, path)


def load_last_shown(state: Path, root: Path) -> str | None:
    import json

    try:
        known = json.loads((state / LAST_SHOWN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = known.get(str(root.resolve())) if isinstance(known, dict) else None
    return found if isinstance(found, str) else None
