"""The walk of the articles folder: every candidate article file with its stamp, folder by
folder with the names in order, and what stood in the way (a name that is not UTF-8, a link that
leads outside, a section page, a file that is not a regular file); also our temporary files it
came across. Nothing is opened but folders: each file is looked at with one lstat.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from actueel_cli.generators import is_markdown
from actueel_cli.model import Problem

from .temps import is_temp_name, stale

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Found = tuple[str, Stamp]  # a file the walk found: its path (relative, with `/`) and stamp


class Walk:
    """One walk of the folder `root`; `inside(rel)` says whether a path, links resolved, is in
    it. `temps` are our temporary files it came across."""

    def __init__(self, root: Path, inside: Callable[[str], bool]) -> None:
        self.root = root
        self.inside = inside
        self.temps: list[str] = []

    def walk(self) -> tuple[list[Found], list[Problem]]:
        """Every candidate article file, as (relative path, stamp), folder by folder with the
        names in order; and what stood in the way.

        Each file is stat-ed through its folder's descriptor (fstatat): the kernel looks up one
        name instead of the whole path: this walk is the one thing every command does for every
        file (benchmarks/bench.py, warm `list`, measures it)."""
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
        for rel in self.temps:
            why = stale(self.root, rel)
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
        if not self.inside(rel):
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

    def names(self) -> list[str]:
        """The relative paths of the Markdown files, found as walk() finds them but without
        looking at each file (no stat, no checks): enough for shell completion, and much cheaper."""
        found: list[str] = []
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


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 come as lone surrogates
        return False
    return True


NOT_UTF8 = "name is not UTF-8"  # in the problem of a file or folder so named


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
        f"the {what} {NOT_UTF8}{bad}{then}; rename it, e.g. `mv $'{shown}' '{latin}'`",
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
