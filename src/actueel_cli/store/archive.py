"""The archive on disk: walk the articles folder, read articles, write them.

Reading the whole archive goes through the index when it can (scan.py). Writing is atomic: a
temporary file in the same folder, flushed, then `os.replace`, so a crash leaves the old file or
the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from actueel_cli.errors import AlreadyExists, ArticleProblem, UnsafeEdit, WriteFailed
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

    def walk(self) -> tuple[list[Found], list[Problem]]:
        """Every candidate article file, as (relative path, stamp), folder by folder with the
        names in order; and what stood in the way.

        Each file is stat-ed through its folder's descriptor (fstatat): the kernel looks up one
        name instead of the whole path, which halves the cost of this walk, the one thing every
        command does for every file."""
        found: list[Found] = []
        problems: list[Problem] = []
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
                for item in items:
                    name = item.name
                    if name.startswith((".", "_")):
                        continue
                    if name.endswith(".md"):
                        articles.append(name)
                    else:
                        others.append((name, item.is_dir(follow_symlinks=False), item.is_symlink()))
        except OSError as err:
            problems.append(Problem(rel_dir or ".", f"cannot read this folder: {err.strerror}"))
            if fd != root_fd:
                os.close(fd)
            return
        try:
            here: list[Problem] = []
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
        return parse(data, rel, rel.rsplit("/", 1)[-1].removesuffix(".md"))

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
        from .scan import open_index

        slugs = [rel.rsplit("/", 1)[-1].removesuffix(".md") for rel in self.names()]
        slugs = [slug for slug in slugs if slug.startswith(prefix)]
        index = open_index(self)
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
            import tempfile  # only for writing

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
