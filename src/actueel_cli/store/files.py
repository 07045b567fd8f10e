"""The articles folder: the Archive reads its files and writes them, safely.

Reading opens nothing but a regular file inside the folder (links that lead outside are refused);
writing is atomic: a temporary file of ours in the same folder (store/temps.py), flushed, then
`os.replace`, so a crash leaves the old file or the new one, never half of one; an edit is a
read-modify-write under the folder's lock that writes only when the text changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from actueel_cli.errors import (
    ActueelError,
    AlreadyExists,
    ArticleProblem,
    UnsafeEdit,
    WriteFailed,
)
from actueel_cli.generators import DEFAULT_SITE, Site
from actueel_cli.identity import slug_of
from actueel_cli.model import Article, Problem
from actueel_cli.parse import MAX_BYTES, Located, Parsed, decode, parse, split

from .temps import HeldSignals, stale, temp_file
from .walk import Found, Stamp, Walk

# A change to one file's text: the whole text in, the whole new text out (the same text when
# there is nothing to change). It may raise UnsafeEdit; it must not touch the disk.
Change = Callable[[str], str]


@dataclass(frozen=True)
class Edit:
    """A planned change of one file: its bytes before and after; once written, also the file's
    access and modification times before (so that putting it back puts those back too)."""

    rel: str
    before: bytes
    after: bytes
    times: tuple[int, int] | None = None


class Archive:
    """The articles folder at `root`, whose files are read as `site` reads them."""

    def __init__(self, root: Path, site: Site = DEFAULT_SITE) -> None:
        self.root = root
        self.site = site  # how its files are read: the generator's rules, `[fields]`
        self._inside_cache: dict[str, bool] = {}  # for read_bytes: folders that stay inside
        self.temps: list[str] = []  # our temporary files the last walk (or names()) came across
        self._swept = False

    # walking

    def walk(self) -> tuple[list[Found], list[Problem]]:
        """Every candidate article file, as (relative path, stamp), and what stood in the way
        (store/walk.py); our temporary files it came across are kept for the first write."""
        walk = Walk(self.root, self._inside)
        found, problems = walk.walk()
        self.temps = walk.temps
        return found, problems

    def names(self) -> list[str]:
        """The relative paths of the Markdown files, found as walk() finds them but without
        looking at each file (no stat, no checks): enough for shell completion and for `new`."""
        walk = Walk(self.root, self._inside)
        found = walk.names()
        self.temps = walk.temps
        return found

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
        if outside:
            raise ArticleProblem(f"{rel}: cannot read: it leads outside the articles folder")
        # O_NONBLOCK: a named pipe put in the file's place must not hang the command.
        # O_NOFOLLOW: a link is only followed once it is known to stay inside (most files are
        # none: no lstat of each first).
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            try:
                fd = os.open(path, flags | _NOFOLLOW)
            except OSError as err:
                if err.errno != errno.ELOOP or not _NOFOLLOW or not os.path.islink(path):
                    raise
                if not self._inside(rel):
                    raise ArticleProblem(
                        f"{rel}: cannot read: it leads outside the articles folder"
                    ) from None
                fd = os.open(path, flags)
        except OSError as err:
            raise ArticleProblem(f"{rel}: cannot read: {err.strerror}") from None
        try:  # (os.read, not a file object: that costs three more system calls a file)
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ArticleProblem(f"{rel}: is not a regular file")
            # Ask for the size fstat gives (a 4 MiB buffer for each file costs more than the read);
            # one more byte shows a file that grew meanwhile, which is then read on to the limit.
            data = _read(fd, min(info.st_size, MAX_BYTES) + 1)
            if info.st_size < len(data) <= MAX_BYTES:
                data += _read(fd, MAX_BYTES + 1 - len(data))
            return data
        finally:
            os.close(fd)

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

    def body(self, article: Article) -> str:
        """The body of an article the catalog has just read, for `show`: the text after its front
        matter, without reading the front matter again (the index did; YAML and python-frontmatter
        stay unimported: tests/test_startup.py)."""
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

    def source(self, article: Article) -> tuple[str, str, int, bytes]:
        """For `build`: the article's whole text, its body, the line of the file the body
        starts on (for messages that point into the body), and the file's bytes as read (what
        a page's key is made from: digested as they are, not encoded again)."""
        try:
            data = self.read_bytes(article.path)
            text = decode(data, article.path)
            body = split(text)[3]
        except Located as err:
            raise ArticleProblem(
                str(Problem(article.path, err.message, "error", err.line, err.column))
            ) from None
        return text, body, text.count("\n", 0, len(text) - len(body)) + 1, data

    def asset(self, rel: str) -> Path | None:
        """The file at `rel` (relative to the articles folder, `/`-separated), when it is a
        regular file inside the folder: an image `build` copies. None otherwise; a path with
        `..` or a link that leads outside the articles folder is never followed."""
        return self.root.joinpath(*rel.split("/")) if self.asset_stamp(rel) is not None else None

    def asset_bytes(self, rel: str) -> bytes | None:
        """The bytes of the file `asset` gives, or None (not such a file, or unreadable)."""
        path = self.asset(rel)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

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
            if stale(self.root, rel) is not None:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.root, rel))


TEMPLATE = "_template.md"
_TEMPLATE_OUTSIDE = "a link that leads outside the articles folder; `new` does not use it"


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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read(fd: int, size: int) -> bytes:
    """Up to `size` bytes from `fd`, fewer only at its end."""
    chunks: list[bytes] = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
