"""The index made true to the files, each command:

1. the walk gives every file's path and stamp (size, mtime, ctime, inode);
2. the walk's fingerprint equals the index's: every row is current; nothing else to do;
3. otherwise compare row by row, parse the files that differ, store them (with the fingerprint,
   unless a file is too fresh to vouch for or another command wrote meanwhile).

A file changed within the resolution of its time stamps may change again without its stamp
changing: its row is stored with a stamp that never matches (`racy`), so the next command reads
it again. `clock` is the one clock freshness is judged by.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import sqlite3
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from time import time_ns  # (the one clock the index judges freshness by: see `clock`)

from .db import is_busy
from .files import Archive
from .index import Index, Row
from .parsing import Progress, parse_rows
from .walk import Found, Stamp

RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen (see `fresh`)
BATCH = 1000  # index rows per transaction: a long build keeps what it did if interrupted
ATTEMPTS = 3  # times to make the index true when other commands keep writing it


def clock() -> int:
    """Now, in nanoseconds since the epoch, as file stamps count."""
    return time_ns()


def fingerprint(found: list[Found]) -> str:
    """A digest of every path and stamp of a walk, in order: equal walks, equal digests."""
    digest = hashlib.blake2b(digest_size=16)
    if found:
        paths, stamps = zip(*found, strict=True)
        digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
        try:
            digest.update(array("q", itertools.chain.from_iterable(stamps)).tobytes())
        except OverflowError:  # a stamp beyond 64 bits: another way, the same promise
            digest.update(repr(stamps).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Synced:
    """What making the index true to a walk came to, `unsaved`: None when the index is true to
    the walk (every answer may come from it, in the read snapshot left open); else the rows it
    could not store now (another command holds it), and only the rows whose stamps match the
    walk may be believed."""

    unsaved: dict[str, Row] | None


def make_true(
    archive: Archive, index: Index, found: list[Found], progress: Progress | None
) -> Synced:
    """Make the index true to the walk `found` (see the module's notes). Raises sqlite3.Error
    when the index fails."""
    walked = fingerprint(found)
    now = clock()
    settled: bool | None = None  # worked out only when the fingerprint differs
    for _attempt in range(ATTEMPTS):
        seen, generation = index.snapshot()
        if seen == walked:
            return Synced(None)
        if settled is None:
            settled = not any(fresh(stamp, now) for _, stamp in found)
        stamps = dict(found)
        known = dict(index.stamps())
        index.release()
        gone = [path for path in known if path not in stamps]
        stale = [(path, stamp) for path, stamp in found if known.get(path) != stamp]
        unsaved: dict[str, Row] = {}
        latest = _refresh(
            archive, index, stale, gone, progress, generation, walked if settled else None, unsaved
        )
        if unsaved:  # another command holds the index: answer from memory, store next time
            return Synced(unsaved)
        if latest is not None and index.snapshot()[1] == latest:
            return Synced(None)
        # another command wrote between our look and our write: look again, row by row
    return Synced({})


def _refresh(
    archive: Archive,
    index: Index,
    stale: list[Found],
    gone: list[str],
    progress: Progress | None,
    generation: int,
    walked: str | None,
    unsaved: dict[str, Row],
) -> int | None:
    """Parse the stale files and store them, in batches as they come, the fingerprint with the
    last. Returns the index's new generation when every batch followed the one before it with
    no other writer between; None when another command wrote too. Rows that could not be
    stored (the index is busy) are put in `unsaved`."""
    now = clock()
    with_text = bool(stale) and index.texts.any()  # texts, once a search made them, kept current
    index.release()
    batch: list[Row] = []
    chain: int | None = generation
    saving = True

    def save(last: bool) -> None:
        nonlocal chain, saving, gone
        if saving:
            try:
                chain = index.update(batch, gone, chain, walked if last else None)
            except sqlite3.Error as err:
                if not is_busy(err):
                    raise
                saving = False
        if not saving:
            unsaved.update((row[0], row) for row in batch)
        batch.clear()
        gone = []

    for row in parse_rows(archive, stale, progress, with_text):
        path, stamp = row[0], row[1]
        if fresh(stamp, now):
            row = (path, racy(stamp), *row[2:])
        batch.append(row)
        if len(batch) >= BATCH:
            save(last=False)
    save(last=True)
    return chain if saving else None


def fresh(stamp: Stamp, now: int) -> bool:
    """Whether a file changed too recently (before `now`, the moment before it was read) for its
    stamp to vouch for its bytes: a second change may still come within the resolution of its
    time stamps and leave the stamp as it was. The change time counts as well as the
    modification time (an editor may set that one back; the change time nobody can), and the
    resolution is not assumed: stamps in whole seconds (ext4 with small inodes, some network
    file systems) or in whole two seconds (FAT) get twice that long."""
    changed = max(stamp[1], stamp[2])
    return changed >= now - _resolution(stamp) * 2


def any_fresh(stamps: Sequence[Stamp], now: int) -> bool:
    """Whether any of `stamps` is `fresh`: first one look at the newest change of them all (in
    C: 2 ms at 10,000 files, where `fresh` on each took 10), each stamp only when that one is
    within the longest a stamp stays fresh (twice the coarsest resolution)."""
    if not stamps:
        return False
    newest = max(map(max, map(_CHANGED, stamps)))
    if newest < now - 2 * _COARSEST:
        return False
    return any(fresh(stamp, now) for stamp in stamps)


_CHANGED = operator.itemgetter(1, 2)  # a stamp's modification and change times
_COARSEST = 2_000_000_000  # stamps in whole two seconds (FAT): the coarsest `fresh` allows for


def _resolution(stamp: Stamp) -> int:
    """The coarsest resolution the file's time stamps may have, as far as they show it: two
    seconds, one second, or finer (then one second is assumed, as RACY_NS has it)."""
    mtime, ctime = stamp[1], stamp[2]
    if mtime % _COARSEST == 0 and ctime % _COARSEST == 0:
        return _COARSEST
    return RACY_NS // 2


def racy(stamp: Stamp) -> Stamp:
    """A stamp that never matches: a file changed within the clock's resolution may change again
    unseen, so the index does not vouch for it, and the next command reads it again."""
    return (-1, *stamp[1:])
