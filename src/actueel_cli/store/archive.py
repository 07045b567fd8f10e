"""The archive on disk: walk the articles folder, read articles, write them.

Reading the whole archive goes through the index when it can (scan.py). Writing is atomic: a
temporary file in the same folder, flushed, then `os.replace`, so a crash leaves the old file or
the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import os
import re
import signal
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from actueel_cli.errors import (
    ActueelError,
    AlreadyExists,
    ArticleProblem,
    UnsafeEdit,
    WriteFailed,
)
from actueel_cli.generators import DEFAULT_SITE, Site, is_markdown
from actueel_cli.identity import slug_of
from actueel_cli.model import Article, Problem, newest_first
from actueel_cli.parse import MAX_BYTES, Located, Parsed, decode, parse, split
from actueel_cli.texts import Stamp

if TYPE_CHECKING:
    from .scan import Progress, Scan

# A change to one file's text: the whole text in, the whole new text out (the same text when
# there is nothing to change). It may raise UnsafeEdit; it must not touch the disk.
Change = Callable[[str], str]


# --- reading -------------------------------------------------------------------------------


Found = tuple[str, Stamp]  # a file the walk found: its path (relative, with `/`) and stamp


@dataclass(frozen=True)
class Edit:
    """A planned change of one file: its bytes before and after; once written, also the file's
    access and modification times before (so that putting it back puts those back too)."""

    rel: str
    before: bytes
    after: bytes
    times: tuple[int, int] | None = None


class Archive:
    def __init__(self, root: Path, cache: Path | None, site: Site = DEFAULT_SITE) -> None:
        self.root = root
        self.cache = cache
        self.site = site  # how its files are read: the generator's rules, `[fields]`
        self._inside_cache: dict[str, bool] = {}  # for read_bytes: folders that stay inside
        self.temps: list[str] = []  # our temporary files the last walk (or names()) came across
        self._swept = False

    # walking

    def walk(self) -> tuple[list[Found], list[Problem]]:
        """Every candidate article file, as (relative path, stamp), folder by folder with the
        names in order; and what stood in the way.

        Each file is stat-ed through its folder's descriptor (fstatat): the kernel looks up one
        name instead of the whole path, which halves the cost of this walk, the one thing every
        command does for every file."""
        found: list[Found] = []
        problems: list[Problem] = []
        self.temps = []
        try:
            root_fd = os.open(self.root, _DIR_FLAGS)
        except OSError as err:
            return found, [Problem(".", f"cannot read this folder: {err.strerror}")]
        try:
            stack = [""]
            while stack:
                rel_dir = stack.pop()
                self._walk_folder(root_fd, rel_dir, stack, found, problems)
        finally:
            os.close(root_fd)
        for rel in self.temps:
            why = self._stale(rel)
            if why is not None:
                problems.append(
                    Problem(
                        rel,
                        f"a temporary file left by an actueel that was stopped ({why}); "
                        "the next command that writes removes it",
                        "warning",
                    )
                )
        return found, problems

    def _walk_folder(
        self,
        root_fd: int,
        rel_dir: str,
        stack: list[str],
        found: list[Found],
        problems: list[Problem],
    ) -> None:
        prefix = f"{rel_dir}/" if rel_dir else ""
        try:
            # by its whole path, so that what is opened can be seen for what it is (audit hooks)
            folder = os.path.join(self.root, rel_dir)
            fd = os.open(folder, _DIR_FLAGS | os.O_NOFOLLOW) if rel_dir else root_fd
        except OSError as err:
            problems.append(Problem(rel_dir, f"cannot read this folder: {err.strerror}"))
            return
        try:
            with os.scandir(fd) as items:
                # a DirEntry knows its kind from the folder itself; an article file is looked
                # at once, below, with lstat (a DirEntry's own stat would stay in memory)
                articles: list[str] = []
                others: list[tuple[str, bool, bool]] = []
                skipped: list[str] = []
                for item in items:
                    name = item.name
                    if name.startswith((".", "_")):
                        if name.endswith(".tmp") and is_temp_name(name):
                            self.temps.append(prefix + name)
                        elif is_markdown(name) and not item.is_dir(follow_symlinks=False):
                            skipped.append(name)  # said why, by `check`
                        continue
                    if not name.isascii() and not _is_utf8(name):
                        folder_named = item.is_dir(follow_symlinks=False)
                        if folder_named or is_markdown(name):
                            problems.append(_not_utf8(prefix + name, folder_named))
                        continue
                    if is_markdown(name):
                        articles.append(name)
                    else:
                        others.append((name, item.is_dir(follow_symlinks=False), item.is_symlink()))
        except OSError as err:
            problems.append(Problem(rel_dir or ".", f"cannot read this folder: {err.strerror}"))
            if fd != root_fd:
                os.close(fd)
            return
        try:
            here = [
                Problem(prefix + name, _skipped(name), "note")
                for name in skipped
                if prefix or not name.startswith("_template.")  # actueel's own: README says
            ]
            folders: list[str] = []
            for name, is_dir, is_link in others:
                if is_dir:
                    folders.append(prefix + name)
                elif is_link and os.path.isdir(os.path.join(self.root, prefix + name)):
                    here.append(
                        Problem(prefix + name, "a linked folder is not followed", "warning")
                    )
            articles.sort()
            lstat = os.lstat
            add = found.append
            for name in articles:
                try:
                    st = lstat(name, dir_fd=fd)
                except OSError as err:  # gone since the folder was read
                    here.append(Problem(prefix + name, f"cannot read: {err.strerror}"))
                    continue
                if st.st_mode & 0o170000 == 0o100000:  # a regular file: the usual case
                    add((prefix + name, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
                else:
                    self._odd(fd, prefix + name, name, st.st_mode, folders, here, add)
            here.sort(key=lambda p: p.path)
            problems.extend(here)
            folders.sort()
            stack.extend(folders)
        finally:
            if fd != root_fd:
                os.close(fd)

    def _odd(
        self,
        fd: int,
        rel: str,
        name: str,
        mode: int,
        folders: list[str],
        problems: list[Problem],
        add: Callable[[Found], None],
    ) -> None:
        """An `.md` name that is not a plain file: a folder, a link, a pipe, a device."""
        if stat.S_ISDIR(mode):
            problems.append(Problem(rel, _FOLDER_NAMED_MD, "warning"))
            folders.append(rel)
            return
        if not stat.S_ISLNK(mode):
            problems.append(Problem(rel, f"is {_kind_of(mode)}, not an article file"))
            return
        if not self._inside(rel):
            problems.append(Problem(rel, "a link that leads outside the articles folder"))
            return
        try:
            st = os.stat(name, dir_fd=fd)
        except OSError as err:
            problems.append(Problem(rel, f"cannot read: {_link_failure(err)}"))
            return
        if not stat.S_ISREG(st.st_mode):
            problems.append(Problem(rel, f"is {_kind_of(st.st_mode)}, not an article file"))
            return
        add((rel, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))

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

    def parse_file(self, rel: str) -> Parsed:
        try:
            data = self.read_bytes(rel)
        except ArticleProblem as err:
            return Parsed(None, (Problem(rel, str(err).split(": ", 1)[1]),))
        return parse(data, rel, self.site)

    def slug(self, rel: str) -> str:
        """The slug of a file as its path gives it (for a file that cannot be read)."""
        return slug_of(rel, self.site.rules)

    def names(self) -> list[str]:
        """The relative paths of the Markdown files, found as walk() finds them but without
        looking at each file (no stat, no checks): enough for shell completion, in a tenth of the
        time at 50,000 files."""
        found: list[str] = []
        self.temps = []
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                with os.scandir(os.path.join(self.root, rel_dir)) as items:
                    for item in items:
                        if item.name.startswith((".", "_")):
                            if item.name.endswith(".tmp") and is_temp_name(item.name):
                                self.temps.append(f"{rel_dir}/{item.name}".lstrip("/"))
                            continue
                        if not item.name.isascii() and not _is_utf8(item.name):
                            continue  # the walk reports it; no slug can be made of it
                        rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
                        if is_markdown(item.name):
                            found.append(rel)
                        elif item.is_dir(follow_symlinks=False):
                            stack.append(rel)
            except OSError:
                continue
        return found

    def hints(self, prefix: str = "") -> list[tuple[str, str]]:
        """For shell completion, in a few hundredths of a second at 50,000 articles: (slug,
        title) of the files there now whose slug starts with `prefix`. Slugs and titles are
        what the index last saw (newest first); a file it does not know as an article (new,
        or broken) is offered by the slug its path gives, without a title, after them. With
        no index yet, one full scan builds it."""
        from .scan import open_index

        now = self.names()
        index = open_index(self)
        known: list[tuple[str, str, str]] = []  # (path, slug, title)
        indexed: set[str] = set()
        try:
            if index is not None:
                known = [(path, slug, title) for path, slug, title, _ in index.hints(prefix)]
                indexed = index.paths()
                if not indexed and now:  # no index yet: build it
                    index.close()
                    index = None
                    scanned = newest_first(self.scan().articles)
                    known = [(a.path, a.slug, a.title) for a in scanned]
                    known = [entry for entry in known if entry[1].startswith(prefix)]
                    indexed = {a.path for a in scanned}
        except sqlite3.Error:
            known, indexed = [], set()
        finally:
            if index is not None:
                index.close()
        here = set(now)
        found = [(slug, title) for path, slug, title in known if path in here]
        others = {self.slug(path) for path in now if path not in indexed}
        return found + sorted((slug, "") for slug in others if slug.startswith(prefix))

    def tag_hints(self) -> list[tuple[tuple[str, ...], int]]:
        """For shell completion: the tag lists the index last saw, with how many articles carry
        each. With no index yet, one full scan builds it."""
        from .scan import open_index

        index = open_index(self)
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

    def scan(self, progress: Progress | None = None) -> Scan:
        """Every article and every problem, from the index where the files did not change
        (see scan.py)."""
        from .scan import scan

        return scan(self, progress)

    def body(self, article: Article) -> str:
        """The body of an article the scan has just read, for `show`: the text after its front
        matter, without reading the front matter again (the scan did; that is 50 ms of YAML
        and python-frontmatter imports)."""
        try:
            text = decode(self.read_bytes(article.path), article.path)
            return split(text)[3]
        except Located as err:
            raise ArticleProblem(
                str(Problem(article.path, err.message, "error", err.line, err.column))
            ) from None

    # the template for `new`

    def template(self) -> bytes | None:
        """The bytes of `_template.md`, None when there is none. Read as an article is: a link
        that leads outside the articles folder is refused (ArticleProblem), never followed."""
        path = self.root / TEMPLATE
        if os.path.islink(path) and not self._inside(TEMPLATE):
            raise ArticleProblem(f"{TEMPLATE}: {_TEMPLATE_OUTSIDE}")
        if not path.is_file():
            return None
        return self.read_bytes(TEMPLATE)

    def template_problems(self) -> list[Problem]:
        """What `check` says about the template: that it leads outside, or cannot be read."""
        try:
            self.template()
        except ArticleProblem as err:
            return [Problem(TEMPLATE, str(err).split(": ", 1)[1])]
        return []

    def source(self, article: Article) -> tuple[str, str, int]:
        """For `build`: the article's whole text, its body, and the line of the file the body
        starts on (for messages that point into the body)."""
        try:
            text = decode(self.read_bytes(article.path), article.path)
            body = split(text)[3]
        except Located as err:
            raise ArticleProblem(
                str(Problem(article.path, err.message, "error", err.line, err.column))
            ) from None
        return text, body, text.count("\n", 0, len(text) - len(body)) + 1

    def asset(self, rel: str) -> Path | None:
        """The file at `rel` (relative to the articles folder, `/`-separated), when it is a
        regular file inside the folder: an image `build` copies. None otherwise; a path with
        `..` or a link that leads outside the articles folder is never followed."""
        return self.root.joinpath(*rel.split("/")) if self.asset_stamp(rel) is not None else None

    def asset_stamp(self, rel: str) -> Stamp | None:
        """The stamp of the file `asset` gives (size, mtime, ctime, inode), or None."""
        parts = rel.split("/")
        if not rel or os.path.isabs(rel) or any(p in ("", ".", "..") for p in parts):
            return None
        path = os.path.join(self.root, *parts)
        try:  # most names the build asks about are missing: one lstat says so
            st = os.lstat(path)
        except OSError:
            return None
        if not self._inside("/".join(parts[:-1])):
            return None
        if stat.S_ISLNK(st.st_mode):  # followed only when it leads to a file inside
            if not self._inside(rel):
                return None
            try:
                st = os.stat(path)
            except OSError:
                return None
        if not stat.S_ISREG(st.st_mode):
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

    # writing

    def create(self, rel: str, content: str) -> Path:
        """Write a new article; never replaces a file, even one created a moment ago."""
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with HeldSignals():
            self._sweep()
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
        """The file's permission bits; WriteFailed when it cannot be replaced."""
        return stat.S_IMODE(self._writable(rel).st_mode)

    def _writable(self, rel: str) -> os.stat_result:
        """The stat of the file a write to `rel` replaces; WriteFailed when it cannot be. The
        mode bits are checked as well as access(), because root may write anything: a file an
        editor made read-only stays read-only for us too."""
        target = self._target(rel)
        try:
            info = os.stat(target)
        except OSError as err:
            raise WriteFailed(f"{rel}: cannot write: {err.strerror}") from None
        if not os.access(target, os.W_OK) or not info.st_mode & stat.S_IWUSR:
            raise WriteFailed(f"{rel}: the file is read-only; nothing was changed")
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise WriteFailed(
                f"{rel}: its folder is read-only (a new copy is written next to it); "
                "nothing was changed"
            )
        return info

    def _target(self, rel: str) -> Path:
        """The file a write to `rel` goes to: the file itself, or for a link to another article
        in the folder (`oude-naam.md -> nieuwe-naam.md`) the file it leads to, so that the link
        stays a link. A link that leads outside is refused, as it is for reading."""
        path = self.root / rel
        if not os.path.islink(path):
            return path
        if not self._inside(rel):
            raise WriteFailed(f"{rel}: it leads outside the articles folder; nothing was changed")
        return Path(os.path.realpath(path))

    def replace(self, rel: str, data: bytes, expected: bytes) -> os.stat_result:
        """Atomically replace an article whose current bytes must still be `expected`, keeping
        its permission bits, and its owner and group where this process may set them (root
        editing another user's file). Returns the stat of the file as it was before.

        SIGINT and SIGTERM wait until the file is written or left as it was (HeldSignals)."""
        with HeldSignals():
            self._sweep()
            target = self._target(rel)
            info = self._writable(rel)
            tmp = self._write_temp(target, data, info)
            try:
                if self.read_bytes(rel) != expected:
                    raise WriteFailed(
                        f"{rel}: the file changed while this command ran; nothing was written, "
                        "run it again"
                    )
                os.replace(tmp, target)
            except OSError as err:
                raise WriteFailed(
                    f"{rel}: cannot write: {err.strerror}; nothing was changed"
                ) from None
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        return info

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
        """Write a planned edit; returns what was written, with the file's times before. When
        the file changed since it was planned (another command edited it), the change is
        worked out again on what is there now."""
        with self.lock(planned.rel):
            if self.read_bytes(planned.rel) != planned.before:
                fresh = self.plan_edit(planned.rel, change)
                if fresh is None:
                    return None
                planned = fresh
            was = self.replace(planned.rel, planned.after, planned.before)
            return dataclasses.replace(planned, times=(was.st_atime_ns, was.st_mtime_ns))

    def undo(self, done: Edit) -> str | None:
        """Put back what `commit` wrote, and the file's modification time, if the file still
        holds what was written: used to roll back a many-file edit that failed or was stopped
        halfway. Returns why it could not be put back, or None when it was."""
        try:
            with self.lock(done.rel):
                if self.read_bytes(done.rel) != done.after:
                    return "changed since it was renamed, by another program or editor"
                self.replace(done.rel, done.before, done.after)
                if done.times is not None:
                    os.utime(self._target(done.rel), ns=done.times)
        except (ActueelError, OSError) as err:
            return str(err).removeprefix(f"{done.rel}: ").removesuffix("; nothing was changed")
        return None

    @contextlib.contextmanager
    def lock(self, rel: str) -> Iterator[None]:
        """Serialise read-modify-write cycles on the folder that holds `rel` (flock on it)."""
        folder = self._target(rel).parent
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _write_temp(self, target: Path, data: bytes, like: os.stat_result | None) -> str:
        """A temporary file of ours beside `target` holding `data`, on disk, with the mode (and
        owner) of `like` (the file it will replace), or new-file permissions."""
        _check_writable_folder(target.parent)
        try:
            fd, tmp = temp_file(target.parent)
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
            if like is not None:
                _same_owner(tmp, like)
            os.chmod(tmp, stat.S_IMODE(like.st_mode) if like is not None else 0o666 & ~_umask())
        except BaseException as err:  # also Ctrl-C: no temporary file is left behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(err, OSError):
                raise
            reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
            raise WriteFailed(
                f"cannot write {target.name}: {reason}; nothing was changed"
            ) from None
        return tmp

    def _sweep(self) -> None:
        """Remove the temporary files of ours that the last walk came across and that nothing
        writes any more (left by a process that was killed): once, before the first write."""
        if self._swept:
            return
        self._swept = True
        for rel in self.temps:
            if self._stale(rel) is not None:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.root, rel))

    def _stale(self, rel: str) -> str | None:
        """Why a temporary file of ours is left over, or None when it may be being written."""
        try:
            age = time.time() - os.lstat(os.path.join(self.root, rel)).st_mtime
        except OSError:
            return None  # gone meanwhile: its writer finished
        pid = temp_writer(rel.rsplit("/", 1)[-1])
        if pid is not None and pid != os.getpid():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return f"process {pid}, which wrote it, has ended"
            except OSError:
                pass  # another user's process: alive
        if age > STALE_AFTER:
            return f"it is {int(age // 60)} minutes old"
        return None


class HeldSignals:
    """SIGINT and SIGTERM held back while a file is written, so that the file in hand is
    finished (or put back) and no temporary file is left; afterwards the signal is acted on as
    it would have been. A caller that handles the signal itself (a rename that puts back what it
    wrote) looks at `pending` and `take`s it. Outside the main thread signals cannot be held,
    and nothing is."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.pending: int | None = None
        self._before: dict[int, Any] = {}

    def __enter__(self) -> HeldSignals:
        try:
            for signum in self.SIGNALS:
                self._before[signum] = signal.signal(signum, self._note)
        except ValueError:  # not the main thread
            self._restore()
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        if self.pending is None:
            self.pending = signum

    def take(self) -> int | None:
        """The signal that came, which the caller now handles; None if none came."""
        signum, self.pending = self.pending, None
        return signum

    def _restore(self) -> None:
        for signum, handler in self._before.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        self._before.clear()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._restore()
        signum = self.take()
        if signum is not None:
            signal.raise_signal(signum)  # to the handler held back: now it acts


# --- temporary files -------------------------------------------------------------------------

TEMPLATE = "_template.md"
_TEMPLATE_OUTSIDE = "a link that leads outside the articles folder; `new` does not use it"
TEMP_PREFIX = ".actueel-"
_TEMP_NAME = re.compile(r"\.actueel-(\d{1,7})-[0-9a-f]{8}\.tmp")
# what versions before this one wrote (tempfile.mkstemp beside the article): `.NAME.md.XXXXXXXX.tmp`
_OLD_TEMP_NAME = re.compile(r"\..+\.md\.[a-z0-9_]{8}\.tmp", re.S)
STALE_AFTER = 600  # seconds after which a temporary file of ours is left over, whoever wrote it


def temp_file(folder: Path | str) -> tuple[int, str]:
    """Create a temporary file of ours in `folder` (open for writing, mode 0600):
    `.actueel-<pid>-<random>.tmp`. Short, whatever the name of the file it will replace (a name
    of 255 bytes leaves no room for more); hidden from the walk (a dot); and saying which process
    writes it, so that one left by a killed process can be told from one being written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        path = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of our temporary files' (this version's or an older one's)."""
    return bool(_TEMP_NAME.fullmatch(name) or _OLD_TEMP_NAME.fullmatch(name))


def temp_writer(name: str) -> int | None:
    """The process that writes a temporary file of ours, when its name says so."""
    found = _TEMP_NAME.fullmatch(name)
    return int(found[1]) if found else None


def _same_owner(path: str, like: os.stat_result) -> None:
    """Give `path` the owner and group of `like` where this process may: root may give both, a
    member of the group the group. Otherwise it stays ours, as any editor's save leaves it."""
    if (like.st_uid, like.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid in (like.st_uid, -1):
        try:
            os.chown(path, uid, like.st_gid)
            return
        except PermissionError:
            continue


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 come as lone surrogates
        return False
    return True


def _not_utf8(rel: str, folder: bool) -> Problem:
    """The problem of a name that is not UTF-8 (given as Python gives it: each byte that is not
    UTF-8 a lone surrogate), shown with those bytes written as `\\xe9`; with a command that
    renames it, reading those bytes as Latin-1 (what such names usually are)."""
    raw = os.fsencode(rel)
    shown = raw.decode("utf-8", "backslashreplace")
    try:
        raw.decode("utf-8")
        bad = ""
    except UnicodeDecodeError as err:
        bad = f" (byte 0x{raw[err.start]:02x})"
    latin = "".join(chr(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in rel)
    what, then = ("folder", "; the articles in it are not read") if folder else ("file", "")
    return Problem(
        shown,
        f"the {what} name is not UTF-8{bad}{then}; rename it, e.g. `mv $'{shown}' '{latin}'`",
    )


_FOLDER_NAMED_MD = "a folder named like an article file; the articles in it are read"


def _skipped(name: str) -> str:
    """Why a Markdown file whose name starts with `_` or `.` is not an article."""
    if name.startswith("_index."):
        return "a section page (_index), not an article: it introduces the articles of its folder"
    if name.startswith("."):
        return "a hidden file (its name starts with .), not read as an article"
    return "its name starts with _, which marks a file that is not an article; not read"


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _link_failure(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "a link that loops back on itself"
    return "a link that leads nowhere"


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
