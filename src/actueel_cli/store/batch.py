"""An edit across many files as one (`tag rename`): every file's new bytes are worked out before
any file is written, so that one that cannot be read, edited or written stops it with nothing
changed; then the files are written one by one, and when one fails after all, or Ctrl-C or
SIGTERM comes, the file in hand is finished and the ones already written are put back."""

from __future__ import annotations

import signal
from collections.abc import Callable

from actueel_cli.errors import ActueelError, Interrupted, Terminated, WriteFailed
from actueel_cli.model import count

from .files import Archive, Change, Edit
from .temps import HeldSignals


def edit_many(
    archive: Archive,
    paths: list[str],
    change: Callable[[str], Change],
    step: Callable[[int, int], None],
    told: Callable[[str], None],
    dry_run: bool = False,
) -> list[Edit]:
    """`change(rel)` made to each file at `paths`: the edits written, or with `dry_run` the ones
    that would be. `step(done, total)` follows the work; `told` hears why a file cannot be
    changed (each such file, before the whole edit is refused)."""
    total = len(paths) * (1 if dry_run else 2)
    try:
        plans = _plan_all(archive, paths, change, lambda done: step(done, total), told)
    except (KeyboardInterrupt, Terminated) as err:
        signum = _signum(err)
        raise Interrupted(
            f"interrupted ({signal.Signals(signum).name}) before any file was written; "
            "nothing was changed",
            signum,
        ) from None
    if dry_run or not plans:
        return plans
    return _write_all(archive, plans, change, lambda done: step(len(plans) + done, total))


def _plan_all(
    archive: Archive,
    paths: list[str],
    change: Callable[[str], Change],
    step: Callable[[int], None],
    told: Callable[[str], None],
) -> list[Edit]:
    """Every file's new bytes, worked out before anything is written; any file that cannot be
    read, edited or written stops the whole edit."""
    plans: list[Edit] = []
    failed = 0
    for done, rel in enumerate(paths, 1):
        try:
            planned = archive.plan_edit(rel, change(rel))
        except ActueelError as err:
            told(str(err))
            failed += 1
        else:
            if planned is not None:
                plans.append(planned)
        step(done)
    if failed:
        raise WriteFailed(
            f"{count(failed, 'file')} cannot be changed (see above); nothing was changed"
        )
    return plans


def _write_all(
    archive: Archive,
    plans: list[Edit],
    change: Callable[[str], Change],
    step: Callable[[int], None],
) -> list[Edit]:
    """Write the planned files; if one fails after all, or Ctrl-C or SIGTERM comes, finish the
    file in hand and put back the ones already written. (Signals are held meanwhile: one that
    stopped the loop between a file's replacement and its note in `written` would leave that
    file changed and unmentioned.)"""
    written: list[Edit] = []
    with HeldSignals() as held:
        for done, planned in enumerate(plans, 1):
            try:
                edit = archive.commit(planned, change(planned.rel))
            except ActueelError as err:
                if not written:
                    raise
                failure = str(err).removesuffix("; nothing was changed")
                message = f"{failure}; {_put_back(archive, written)}"
                held.take()  # a signal meanwhile: the command is stopping anyway
                raise WriteFailed(message) from None
            if edit is not None:
                written.append(edit)
            step(done)
            signum = held.take()
            if signum is not None:
                name = signal.Signals(signum).name
                message = (
                    f"interrupted ({name}) after {count(len(written), 'file')} of {len(plans)}; "
                    f"{_put_back(archive, written)}"
                )
                held.take()
                raise Interrupted(message, signum)
    return written


def _put_back(archive: Archive, written: list[Edit]) -> str:
    """Undo the files written, newest first, and say what came of it: all put back (bytes and
    modification times), or which could not be and why."""
    failed = [(e.rel, why) for e in reversed(written) if (why := archive.undo(e)) is not None]
    files = count(len(written), "file")
    if not failed:
        return f"the {files} already renamed were put back; nothing was changed"
    back = len(written) - len(failed)
    were = "was" if back == 1 else "were"
    reasons = "; ".join(f"{rel} ({why})" for rel, why in reversed(failed))
    return f"{back} of the {files} already renamed {were} put back; not put back: {reasons}"


def _signum(err: BaseException) -> int:
    return Terminated.signum if isinstance(err, Terminated) else signal.SIGINT
