"""Files parsed into what the index stores of them (rows), over several processes when there
are many: the one place the whole archive's files are read and parsed."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from actueel_cli.generators import Site
from actueel_cli.model import search_text

from .files import Archive
from .index import Row, columns, problems_json
from .walk import Found, Stamp

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_FROM = 400  # stale files from which parsing is spread over several processes
CHUNK = 250  # files per task for a worker process

Progress = Callable[[int, int], None]  # (files done, files in all)


def parse_row(archive: Archive, rel: str, stamp: Stamp, with_text: bool) -> Row:
    """One file read and parsed into what the index stores of it."""
    parsed = archive.parse_file(rel)
    article = parsed.article
    text = search_text(article.title, parsed.body) if article and with_text else None
    cols = columns(article) if article is not None else None
    return (rel, stamp, cols, problems_json(parsed.problems), text)


def parse_rows(
    archive: Archive, files: list[Found], progress: Progress | None, with_text: bool
) -> Iterator[Row]:
    """Each file parsed into an index row; over several processes when there are many."""
    workers = cores()
    if len(files) < PARALLEL_FROM or workers < 2:
        for done, (rel, stamp) in enumerate(files, 1):
            yield parse_row(archive, rel, stamp, with_text)
            if progress is not None:
                progress(done, len(files))
        return
    size = max(50, min(CHUNK, len(files) // (workers * 4)))
    starts = iter(range(0, len(files), size))
    root, site = str(archive.root), archive.site
    pool = worker_pool(workers)
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
    archive = Archive(Path(root), site)
    return [parse_row(archive, rel, stamp, with_text) for rel, stamp in chunk]


def _worker_init(parent: int) -> None:
    # Ctrl-C and SIGTERM are the parent's to handle: it stops the pool (each worker ends
    # after the chunk in hand) and cleans up, and workers print no tracebacks. A signal sent
    # to the whole process group (`kill -TERM -PGID`, a CI runner, systemd) would otherwise
    # kill a worker in the middle of sending its result: the parent's pool then waits forever
    # for the rest of that message. If the parent itself is killed, _die_with ends them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when its parent ends, however it ends (kill -9 too): forked workers hold
    both ends of their task queue, so they would otherwise wait for work forever. On Linux the
    kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG); a parent already gone before
    that was asked (the worker is then a child of init) is caught by the check after it."""
    if sys.platform.startswith("linux"):
        import ctypes  # start-up: only a worker on Linux needs it

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def cores() -> int:
    """The processors this process may run on (at most 8): how many workers are worth starting."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 8)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` worker processes that leave Ctrl-C to this one and end when it ends. Forked on
    Linux, where that starts one with every module already imported; elsewhere (macOS, Windows)
    fork is unsafe or missing, and the platform's default is used."""
    import multiprocessing  # start-up: only the many files of a first run need workers
    from concurrent.futures import ProcessPoolExecutor  # (and this imports multiprocessing)

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    )
