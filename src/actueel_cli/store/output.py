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
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from actueel_cli.errors import ConfigError, WriteFailed

MARKER = ".actueel-build.json"
_TAG = "actueel build"
_counter = itertools.count()


class Output:
    def __init__(self, folder: Path, articles_dir: Path) -> None:
        """Check `folder` against the rules; nothing is made or written yet (`session`)."""
        self.shown = _shown(folder)
        self.root = _checked(folder, self.shown, articles_dir)
        self.previous = _previous_files(self.root)
        self.written: set[str] = set()
        self._folders: set[str] = {""}

    # writing

    def write(self, rel: str, data: bytes) -> None:
        """Write one file of the site, atomically."""
        target = self._target(rel)
        tmp = self._temp(target)
        try:
            fd = os.open(tmp, _NEW_FILE, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError as err:
            _discard(tmp)
            raise _failed(rel, err) from None
        self.written.add(rel)

    def copy(self, rel: str, source: Path) -> None:
        """Copy a file (an image) into the site, atomically."""
        target = self._target(rel)
        tmp = self._temp(target)
        try:
            with open(source, "rb") as src:
                fd = os.open(tmp, _NEW_FILE, 0o666)
                with os.fdopen(fd, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(tmp, target)
        except OSError as err:
            _discard(tmp)
            raise _failed(rel, err) from None
        self.written.add(rel)

    def finish(self) -> list[str]:
        """Remove what the previous build wrote and this one did not; record what this one
        wrote. Returns the removed files."""
        removed: list[str] = []
        for rel in sorted(self.previous - self.written):
            path = self.root / rel
            # never through a link someone put in the site's folder since
            if os.path.realpath(path.parent) != str(path.parent):
                continue
            with contextlib.suppress(OSError):
                if not stat.S_ISDIR(os.lstat(path).st_mode):
                    os.unlink(path)
                    removed.append(rel)
        self._remove_empty_folders(removed)
        self._save_marker(self.written)
        return removed

    def abandon(self) -> None:
        """A build that stopped halfway: remember every file of this build and the last one,
        so that the next build still knows them all."""
        with contextlib.suppress(WriteFailed):
            self._save_marker(self.previous | self.written)

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
            self._save_marker(self.previous)
        try:
            yield self
        except BaseException:
            self.abandon()
            raise
        self.finish()

    # the rules

    def _target(self, rel: str) -> Path:
        parts = rel.split("/")
        if (
            not rel
            or rel.startswith("/")
            or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts)
            or rel == MARKER
        ):
            raise WriteFailed(f"refusing to write {rel!r}: not a plain path inside the site")
        self._folder("/".join(parts[:-1]))
        return self.root.joinpath(*parts)

    def _folder(self, rel: str) -> None:
        """Make sure `rel` is a real folder inside the site (made when missing), never a link."""
        if rel in self._folders:
            return
        parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
        self._folder(parent)
        path = self.root / rel
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

    def _temp(self, target: Path) -> Path:
        return target.with_name(f".{target.name}.{os.getpid()}.{next(_counter)}.tmp")

    def _save_marker(self, files: set[str]) -> None:
        record = {"made_by": _TAG, "files": sorted(files)}
        data = (json.dumps(record, ensure_ascii=False, indent=0) + "\n").encode("utf-8")
        target = self.root / MARKER
        tmp = self._temp(target)
        try:
            fd = os.open(tmp, _NEW_FILE, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError as err:
            _discard(tmp)
            raise _failed(MARKER, err) from None

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


def _previous_files(root: Path) -> set[str]:
    """The files the last build wrote here, as its marker lists them (none when unreadable)."""
    try:
        record = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, list):
        return set()
    return {
        f
        for f in files
        if isinstance(f, str) and f and not f.startswith("/") and ".." not in f.split("/")
    }


def _failed(rel: str, err: OSError) -> WriteFailed:
    reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
    return WriteFailed(f"cannot write {rel} in the site's folder: {reason}")


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
