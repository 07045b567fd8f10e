"""Our temporary files, and the signals held while one is written.

Every write goes through a temporary file of ours beside its target, renamed over it when done.
Their names say which process writes them, so that one left by a killed process can be told from
one being written (and is removed by the next command that writes); SIGINT and SIGTERM wait
while a file is written, so that it is finished or put back and no temporary file is left.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import time
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

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


def stale(root: Path | str, rel: str) -> str | None:
    """Why the temporary file of ours at `rel` (in the folder `root`) is left over, or None when
    it may be being written."""
    try:
        age = time.time() - os.lstat(os.path.join(root, rel)).st_mtime
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
