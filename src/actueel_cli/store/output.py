"""The built site's folder (`build --out`): the only code that writes it.

Rules, checked before anything is written:
- the folder is not the articles folder, not above it (it would hold the articles) and not
  inside it;
- it is new, empty, or made by `build` before (it holds `.actueel-build.json`, the list of the
  files `build` wrote there); anything else is refused, so no one's folder is filled by mistake.

Every file is written to a temporary file in its own folder, then renamed over the old one: a
reader (a web server, `rsync`) sees the old page or the new one, never half of one. Paths are
checked part by part: nothing is written outside the folder, not through `..` and not through a
link someone put inside it. When the build is done, the files the previous build wrote and this
one did not (the pages of an article that was deleted or unpublished) are removed; files that
`build` did not write are never touched.

The marker is also the build's manifest: for every file it wrote, the digest of what the file was
made from (its `key`, worked out by the site's code) and the file's size and modification time
right after, and the site's own notes on each article (what it read, what its lists need). A
later build that works out the same key for a file whose size and time are as they were leaves it
alone (`current`); anything else is written again.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from actueel_cli.errors import ConfigError, WriteFailed

MARKER = ".actueel-build.json"
# There while a build writes (the process id inside): found by the next build when that build
# was cut short (kill -9, a power cut), which then removes the temporary files it left.
RUNNING = ".actueel-build.running"
_TEMP_NAME = re.compile(r"\..+\.(\d+)\.\d+\.tmp")  # `_temp`'s names
FORMAT = 2  # of the marker: 1 listed the files only (issue 15), 2 keeps their keys and notes
_TAG = "actueel build"
_counter = itertools.count()
# this process's id, for the temporary files' names (a system call each time otherwise: one
# a file written), made again in a process forked from this one (the build's workers)
_pid = [os.getpid()]
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _pid.__setitem__(0, os.getpid()))


class Made(NamedTuple):
    """A file of the site as a build left it: the digest of what it was made from, and its size
    and modification time (ns) right after, by which a later build sees it is still as left.
    (A tuple: the manifest's JSON has it as the list it is, 11,800 of them at 10,000 articles.)"""

    key: str
    size: int
    mtime_ns: int


class Output:
    def __init__(self, folder: Path, articles_dir: Path) -> None:
        """Check `folder` against the rules and read what the last build left there; nothing is
        made or written yet (`session`)."""
        self.shown = _shown(folder)
        self.root = _checked(folder, self.shown, articles_dir)
        # every file the last build made (None: made by a version that kept no key), the
        # site's own record of that build (small), its notes on each article (read when first
        # asked for: a build that changes nothing does not need them) and a detail for each
        # (larger; each read only when asked for)
        self.previous, self.last, self._notes_line, self._details = _read_marker(self.root)
        self._notes: dict[str, Any] | None = None
        self._detail_lines: dict[str, bytes] | None = None
        self.made: dict[str, Made] = {}  # this build: written, or left as it was (current)
        self.written: set[str] = set()
        self.record: dict[str, Any] = {}  # this build's record, saved with the manifest
        self.new_notes: dict[str, Any] | None = {}  # this build's notes (None: the last's)
        # details changed by this build (others kept), each as its manifest line (set_detail_line)
        self.new_details: dict[str, bytes] = {}
        self._folders: set[str] = {""}
        self._at = str(self.root)

    @property
    def notes(self) -> dict[str, Any]:
        """The last build's notes on each article (empty when there are none, or unreadable)."""
        if self._notes is None:
            self._notes = _json_object(self._notes_line)
        return self._notes

    def set_detail_line(self, name: str, line: bytes) -> None:
        """`name`'s detail as this build has it, as its manifest line: the JSON of `[name,
        detail]`, in UTF-8, on one line (as `detail` reads it). Made as each page is rendered,
        not when everything else is done (9,700 lines at 10,000 articles took 55 ms at the
        end)."""
        self.new_details[name] = line

    def detail(self, name: str) -> Any:
        """`name`'s detail as this build set it, else as the last build left it (None when
        there is none, or it is unreadable)."""
        line = self.new_details.get(name)
        if line is None:
            line = self._lines().get(name)
        if line is None:
            return None
        try:
            found = json.loads(line.decode("utf-8", "surrogatepass"))
        except ValueError:
            return None
        return found[1] if isinstance(found, list) and len(found) == 2 else None

    def _lines(self) -> dict[str, bytes]:
        """Each detail's line by its name: `["name",...]`, the name as JSON writes it."""
        if self._detail_lines is None:
            self._detail_lines = {}
            for line in self._details.split(b"\n"):
                found = _NAMED.match(line)
                if found is not None:
                    name = found.group(1).decode("utf-8", "surrogatepass")
                    if "\\" in name:
                        try:
                            name = json.loads(f'"{name}"')
                        except ValueError:
                            continue
                    self._detail_lines[name] = line
        return self._detail_lines

    def forget(self) -> None:
        """Build from scratch (`build --clean`): no file counts as current, nothing of the
        last build is believed; what it made is still known, so that what is no longer made
        goes."""
        self.previous = dict.fromkeys(self.previous)
        self.last = {}
        self._notes, self._notes_line, self._details, self._detail_lines = {}, b"", b"", {}

    # what is there

    def current(self, rel: str, key: str) -> bool:
        """Whether the last build made `rel` from inputs with this `key` and the file is still
        as it left it (same size and modification time). Then it counts as made by this build."""
        old = self.previous.get(rel)
        if old is None or old.key != key or not self._as_left(rel, old):
            return False
        self.made[rel] = old
        return True

    def as_left(self) -> bool:
        """Whether every file the last build made is still as it left it; then they all count
        as made by this build, with the last build's notes."""
        if any(old is None or not self._as_left(rel, old) for rel, old in self.previous.items()):
            return False
        self.made = {rel: old for rel, old in self.previous.items() if old is not None}
        self.new_notes = None
        return True

    def _as_left(self, rel: str, old: Made) -> bool:
        try:
            st = os.lstat(f"{self._at}/{rel}")
        except OSError:
            return False
        return (
            st.st_mode & 0o170000 == 0o100000
            and st.st_size == old.size
            and st.st_mtime_ns == old.mtime_ns
        )

    # writing

    def write(self, rel: str, data: bytes, key: str) -> Made:
        """Write one file of the site, atomically; `key` is the digest of what it was made
        from, kept in the manifest."""
        return self._put(rel, key, functools.partial(_write_bytes, data))

    def copy(self, rel: str, source: Path, key: str) -> Made:
        """Copy a file (an image) into the site, atomically."""
        return self._put(rel, key, functools.partial(_copy_file, source))

    def _put(self, rel: str, key: str, fill: Callable[[str], os.stat_result]) -> Made:
        """`rel` made anew by `fill` (`_in_place`), and counted as written by this build."""
        target = self._target(rel)
        st = _in_place(target, self._temp(target), fill, rel)
        made = Made(key, st.st_size, st.st_mtime_ns)
        self.adopt(rel, made)
        return made

    def adopt(self, rel: str, made: Made) -> None:
        """Count a file as written by this build: one this object wrote, or one a worker
        process wrote through its copy of it."""
        self.made[rel] = made
        self.written.add(rel)

    def finish(self) -> list[str]:
        """Remove what the previous build made and this one did not; record what this one
        made (unless it is all as the last build left it). Returns the removed files."""
        removed: list[str] = []
        for rel in sorted(set(self.previous) - set(self.made)):
            path = self.root / rel
            # never through a link someone put in the site's folder since
            if os.path.realpath(path.parent) != str(path.parent):
                continue
            with contextlib.suppress(OSError):
                if not stat.S_ISDIR(os.lstat(path).st_mode):
                    os.unlink(path)
                    removed.append(rel)
        self._remove_empty_folders(removed)
        unchanged = (
            not self.written
            and self.made == self.previous
            and self.record == self.last
            and (self.new_notes is None or self.new_notes == self.notes)
            and not self.new_details
        )
        if not unchanged:
            self._save_marker(self.made, self.record, self.new_notes, self.new_details)
        return removed

    def abandon(self) -> None:
        """A build that stopped halfway: remember every file of this build and the last one
        (each with the key of what it holds now), so that the next build still knows them all."""
        with contextlib.suppress(WriteFailed):
            notes = {**self.notes, **(self.new_notes or {})}
            self._save_marker({**self.previous, **self.made}, {}, notes, self.new_details)

    @contextlib.contextmanager
    def session(self) -> Iterator[Output]:
        """Claim the folder (made when missing, marked as the build's at once, so that a build
        cut short is still known as ours), then `finish()` when the block ends normally and
        `abandon()` when it raises."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WriteFailed(f"cannot create {self.shown}: {err.strerror}") from None
        if not (self.root / MARKER).exists():
            self._save_marker(self.previous, {}, {}, {})
        self._begin()
        try:
            yield self
        except BaseException:
            # the pages' workers have ended (the pool waits for them): nothing writes now
            self.abandon()
            self._sweep()
            raise
        self.finish()
        with contextlib.suppress(OSError):
            os.unlink(f"{self._at}/{RUNNING}")

    def _begin(self) -> None:
        """Say that a build writes here; when the last one was cut short before it could say
        it was done, first remove the temporary files it left (unless it is still running:
        two builds into one folder)."""
        running = f"{self._at}/{RUNNING}"
        try:
            with open(running, "rb") as file:
                pid = int(file.read(20) or b"0")
        except FileNotFoundError:
            pid = None
        except (OSError, ValueError):
            pid = 0
        if pid is not None and not (pid and pid != os.getpid() and _alive(pid)):
            self._sweep()
        pid_text = str(_pid[0]).encode()
        _in_place(running, self._temp(running), functools.partial(_write_bytes, pid_text), RUNNING)

    def _sweep(self) -> None:
        """Remove every temporary file of a build in the site's folder (none is being written:
        this build has not started or has stopped, and no other is running)."""
        for folder, folders, files in os.walk(self._at):
            folders[:] = [f for f in folders if not os.path.islink(os.path.join(folder, f))]
            for name in files:
                if _TEMP_NAME.fullmatch(name):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, name))
        with contextlib.suppress(OSError):
            os.unlink(f"{self._at}/{RUNNING}")

    # the rules

    def _target(self, rel: str) -> str:
        parts = rel.split("/")
        if (
            not rel
            or rel.startswith("/")
            or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts)
            or rel in (MARKER, RUNNING)
        ):
            raise WriteFailed(f"refusing to write {rel!r}: not a plain path inside the site")
        self._folder(rel.rpartition("/")[0])
        return f"{self._at}/{rel}"

    def folders(self, rels: Iterable[str]) -> None:
        """Make these folders (`a/b`) now, one after the other: worker processes that write
        into them later then do not contend for their common parent folder."""
        for rel in rels:
            self._folder(rel)

    def made_folders(self, rels: Iterable[str]) -> None:
        """Count these folders as made (`folders`, by the process this one was forked from):
        what is written into them makes none again."""
        self._folders.update(rels)

    def _folder(self, rel: str) -> None:
        """Make sure `rel` is a real folder inside the site (made when missing), never a link."""
        if rel in self._folders:
            return
        parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
        self._folder(parent)
        path = f"{self._at}/{rel}" if rel else self._at  # (a Path costs more than the mkdir)
        try:
            os.mkdir(path)
        except FileExistsError:
            mode = os.lstat(path).st_mode
            if not stat.S_ISDIR(mode):
                what = "a link" if stat.S_ISLNK(mode) else "a file"
                raise WriteFailed(
                    f"{self.shown}/{rel} is {what}, not a folder; the site's pages go there: "
                    "remove it and build again"
                ) from None
        except OSError as err:
            raise _failed(rel, err) from None
        self._folders.add(rel)

    def _temp(self, target: str) -> str:
        folder, _, name = target.rpartition("/")
        return f"{folder}/.{name}.{_pid[0]}.{next(_counter)}.tmp"

    def _save_marker(
        self,
        files: Mapping[str, Made | None],
        record: dict[str, Any],
        notes: dict[str, Any] | None,
        details: dict[str, bytes],
    ) -> None:
        """The manifest, as lines of JSON: what made it and the site's record; the files (each
        with its key, size and time); the notes (`None`: the last build's, as they are); then
        a detail a line for each note, `["name", detail]`: the one `details` gives, else the
        last build's line as it is. Written a line at a time: at 50,000 articles the whole is
        50 MB."""

        def fill(tmp: str) -> os.stat_result:
            fd = os.open(tmp, _NEW_FILE, 0o666)
            with os.fdopen(fd, "wb", buffering=1 << 20) as out:
                out.write(_dumps({"made_by": _TAG, "format": FORMAT, "site": record}) + b"\n")
                out.write(_dumps({rel: files[rel] for rel in sorted(files)}) + b"\n")
                if notes is None:
                    out.write(self._notes_line + b"\n")
                    out.write(self._details + b"\n")
                else:
                    out.write(_dumps(notes) + b"\n")  # one call: json's C encoder
                    last = self._lines() if len(details) < len(notes) else {}
                    for name in notes:
                        if name in details:
                            out.write(details[name] + b"\n")
                        elif name in last:
                            out.write(last[name] + b"\n")
                out.flush()
                return os.fstat(fd)

        target = f"{self._at}/{MARKER}"
        _in_place(target, self._temp(target), fill, MARKER)

    def _remove_empty_folders(self, removed: list[str]) -> None:
        folders = {rel.rsplit("/", 1)[0] for rel in removed if "/" in rel}
        parents = {"/".join(f.split("/")[:i]) for f in folders for i in range(1, f.count("/") + 1)}
        for rel in sorted(folders | parents, key=lambda f: -f.count("/")):
            with contextlib.suppress(OSError):  # not empty: something else lives there
                os.rmdir(self.root / rel)


_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _shown(folder: Path) -> str:
    """The folder as the user would type it: relative to the working folder when inside it."""
    try:
        return (
            str(folder.absolute().relative_to(Path.cwd())) if folder.is_absolute() else str(folder)
        )
    except ValueError:
        return str(folder)


def _checked(folder: Path, shown: str, articles_dir: Path) -> Path:
    if folder.is_symlink() and not folder.exists():
        raise ConfigError(f"the output folder {shown} is a link that leads nowhere")
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"the output folder {shown} is a file, not a folder")
    real = Path(os.path.realpath(folder))
    articles = Path(os.path.realpath(articles_dir))
    if real == articles or real in articles.parents:
        raise ConfigError(
            f"the output folder {shown} is the articles folder or a folder above it; the site "
            "must go in a folder of its own, e.g. public/ beside the articles"
        )
    if articles in real.parents:
        raise ConfigError(
            f"the output folder {shown} is inside the articles folder; put the site beside it, "
            "e.g. public/"
        )
    if real.is_dir():
        try:
            names = os.listdir(real)
        except OSError as err:
            raise ConfigError(f"cannot read the output folder {shown}: {err.strerror}") from None
        if names and not _is_ours(real):
            raise ConfigError(
                f"the output folder {shown} is not empty and was not made by `actueel build` (it "
                f"has no {MARKER}); give an empty or new folder, so that nothing of yours is "
                "overwritten"
            )
    return real


def _is_ours(root: Path) -> bool:
    marker = root / MARKER
    return marker.is_file() and not marker.is_symlink()


def _read_marker(root: Path) -> tuple[dict[str, Made | None], dict[str, Any], bytes, bytes]:
    """The files the last build made here, with what it knew of each, the site's record of that
    build, and the line of its notes and those of its details (JSON, read when needed), as
    its manifest holds them; nothing of what is unreadable or not in its shape (it is only
    believed as far as it goes: a file without a key is written again)."""
    try:
        with open(root / MARKER, "rb") as handle:  # a line at a time: 50 MB at 50,000 articles
            lines = [handle.readline(), handle.readline(), handle.readline(), handle.read()]
    except OSError:
        return {}, {}, b"", b""
    lines[:3] = [line.rstrip(b"\n") for line in lines[:3]]
    head = _json_object(lines[0])
    if head.get("format") != FORMAT:
        # issue 15's marker: one JSON document listing the files
        files = _json_object(b"\n".join(lines)).get("files")
        listed = files if isinstance(files, list) else []
        return dict.fromkeys(f for f in listed if isinstance(f, str) and _plain(f)), {}, b"", b""
    known: dict[str, Made | None] = {}
    for rel, made in _json_object(lines[1]).items():
        if not _plain(rel):
            continue
        known[rel] = None
        if isinstance(made, list) and len(made) == 3:
            key, size, mtime = made
            if isinstance(key, str) and type(size) is int and type(mtime) is int:
                known[rel] = Made(key, size, mtime)
    record = head.get("site")
    return known, record if isinstance(record, dict) else {}, lines[2], lines[3].rstrip(b"\n")


_NAMED = re.compile(rb'\["((?:[^"\\]|\\.)*)",')


def _json_object(data: bytes) -> dict[str, Any]:
    try:
        found = json.loads(data.decode("utf-8", "surrogatepass"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _dumps(value: object) -> bytes:
    return _ENCODER.encode(value).encode("utf-8", "surrogatepass")


# one encoder for every line (json.dumps with options makes a new one each call: a line an
# article, 10,000 a build)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _plain(rel: str) -> bool:
    return bool(rel) and not rel.startswith("/") and ".." not in rel.split("/") and rel != MARKER


def _failed(rel: str, err: OSError) -> WriteFailed:
    reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
    return WriteFailed(f"cannot write {rel} in the site's folder: {reason}")


def _in_place(
    target: str, tmp: str, fill: Callable[[str], os.stat_result], name: str
) -> os.stat_result:
    """`fill` writes the new temporary file `tmp` (and gives its stat), which is then renamed
    over `target`: a reader sees the old file or the new one, never half of one. However that
    ends otherwise (an error, said as the site's file `name`'s; Ctrl-C, SIGTERM), `tmp` goes."""
    try:
        st = fill(tmp)
        os.replace(tmp, target)
    except OSError as err:
        _discard(tmp)
        raise _failed(name, err) from None
    except BaseException:
        _discard(tmp)
        raise
    return st


def _write_bytes(data: bytes, tmp: str) -> os.stat_result:
    fd = os.open(tmp, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _copy_file(source: Path, tmp: str) -> os.stat_result:
    with open(source, "rb") as src:
        fd = os.open(tmp, _NEW_FILE, 0o666)
        with os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            return os.fstat(dst.fileno())


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
