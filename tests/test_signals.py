"""Real processes stopped by real signals: `tag rename` under Ctrl-C (SIGINT), `kill` (SIGTERM)
and `kill -9` (SIGKILL), and the worker processes of a first index build when their parent goes.

To send a signal at an exact moment (the third file renamed, a temporary file written but not
yet in place, the workers started), the command runs with a `sitecustomize` that makes the
process stop itself (SIGSTOP) at that moment; the test then signals it from outside and lets it
go on (SIGCONT), as a user's Ctrl-C or `kill` would reach it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

OLD = 1_500_000_000_000_000_000  # an mtime (ns) in 2017, so that a rewrite would show

# Make the (main) process stop itself right after the N-th call of TARGET ("module:name.attr").
STOP_AFTER = """
import importlib, os, signal
_module, _, _path = {target!r}.partition(":")
_owner = importlib.import_module(_module)
*_outer, _name = _path.split(".")
for _part in _outer:
    _owner = getattr(_owner, _part)
_real = getattr(_owner, _name)
_calls = [0]
_main = os.getpid()  # forked workers inherit this hook: they never stop


def _stopping(*args, **kwargs):
    result = _real(*args, **kwargs)
    _calls[0] += 1
    if _calls[0] == {n} and os.getpid() == _main:
        os.kill(_main, signal.SIGSTOP)
    return result


setattr(_owner, _name, _stopping)
"""


def start(
    site: Path, tmp_path: Path, args: list[str], target: str, n: int
) -> subprocess.Popen[str]:
    """`actueel ARGS` (through its entry point, `python -m actueel_cli`) in a child process that
    stops itself after the n-th call of `target`."""
    return start_with(site, tmp_path, args, STOP_AFTER.format(target=target, n=n))


def start_with(
    site: Path, tmp_path: Path, args: list[str], hook: str, new_session: bool = False
) -> subprocess.Popen[str]:
    """`actueel ARGS` in a child process that runs `hook` (Python) as its sitecustomize."""
    folder = tmp_path / "hook"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(hook, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), *sys.path])}
    return subprocess.Popen(
        [sys.executable, "-m", "actueel_cli", *args],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def state(pid: int) -> str | None:
    """The process state letter from /proc (R, S, T, Z, ...), None when it is gone."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat_line.rsplit(")", 1)[1].split()[0]


def wait_for(check: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def stopped(proc: subprocess.Popen[str]) -> None:
    """Wait until the child has stopped itself (or ended: then the test's premise failed)."""
    wait_for(lambda: state(proc.pid) in ("T", "t") or proc.poll() is not None)
    assert proc.poll() is None, f"it ended before the moment came: {proc.communicate()}"


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as listing:
            found += [int(p) for p in listing.read().split()]
    return found


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`, hidden ones too: its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def tagged(articles: Path) -> Path:
    for i in range(12):
        path = write_article(articles, f"stuk-{i:02}", f"Stuk {i}", "2020-01-01", tags=["oud"])
        os.utime(path, ns=(OLD, OLD))
    return articles


# --- SIGINT and SIGTERM during `tag rename`: the file in hand finished, the rest put back -------


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize(
    ("function", "moment"),
    [("replace", "after the third file was renamed"), ("fsync", "with a file in hand")],
    ids=["between-files", "file-in-hand"],
)
def test_a_signal_during_rename_puts_everything_back_and_says_so(
    isolated: Path, tagged: Path, tmp_path: Path, signum: int, function: str, moment: str
) -> None:
    before = snapshot(tagged)
    proc = start(isolated, tmp_path, ["tag", "rename", "oud", "nieuw"], f"os:{function}", 3)
    stopped(proc)
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=60)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, (moment, err)
    assert out == ""
    assert err == (
        f"Error: interrupted ({name}) after 3 files of 12; "
        "the 3 files already renamed were put back; nothing was changed\n"
    )
    assert snapshot(tagged) == before  # bytes and modification times; no temporary file


def test_a_signal_while_reading_changes_nothing(
    isolated: Path, tagged: Path, tmp_path: Path
) -> None:
    before = snapshot(tagged)
    # the rename reads each file once to plan it, then writes: stop it among the reads
    proc = start(isolated, tmp_path, ["tag", "rename", "oud", "nieuw"], "os:fstat", 20)
    stopped(proc)
    proc.send_signal(signal.SIGTERM)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err == (
        "Error: interrupted (SIGTERM) before any file was written; nothing was changed\n"
    )
    assert snapshot(tagged) == before


# --- kill -9: what is left, `check` names, and the next writing command removes ----------------


def test_a_temporary_file_left_by_kill_9_is_listed_by_check_and_removed_by_the_next_write(
    isolated: Path, tagged: Path, tmp_path: Path, run: object
) -> None:
    proc = start(isolated, tmp_path, ["tag", "add", "stuk-05", "extra"], "os:fsync", 1)
    stopped(proc)
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    left = [p.name for p in tagged.iterdir() if p.name.startswith(".")]
    assert len(left) == 1 and left[0].endswith(".tmp")  # what kill -9 leaves: nothing else can
    assert b"extra" not in (tagged / "stuk-05.md").read_bytes()

    checked = run("check", "--format", "plain")
    assert checked.exit_code == 0  # a warning
    assert f"{left[0]}: warning: a temporary file left by an actueel that was stopped" in (
        checked.stdout
    )
    assert f"process {proc.pid}, which wrote it, has ended" in checked.stdout
    assert [p.name for p in tagged.iterdir() if p.name.startswith(".")] == left  # check reads

    added = run("tag", "add", "stuk-01", "extra")
    assert added.exit_code == 0
    assert [p.name for p in tagged.iterdir() if p.name.startswith(".")] == []


def test_a_temporary_file_being_written_is_left_alone(
    isolated: Path, tagged: Path, tmp_path: Path, run: object
) -> None:
    proc = start(isolated, tmp_path, ["tag", "add", "stuk-05", "extra"], "os:fsync", 1)
    try:
        stopped(proc)  # alive, with its temporary file written but not yet in place
        left = [p.name for p in tagged.iterdir() if p.name.startswith(".")]
        # (`new`: a `tag add` would wait for the folder's lock, which the stopped one holds)
        assert run("new", "Ander stuk").exit_code == 0
        checked = run("check", "--format", "plain")
        assert "temporary file" not in checked.stdout
        assert [p.name for p in tagged.iterdir() if p.name.startswith(".")] == left
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert [p.name for p in tagged.iterdir() if p.name.startswith(".")] == []


# --- the workers of a first index build die with their parent ---------------------------------


@pytest.fixture
def big(articles: Path) -> Path:
    from actueel_cli.store import parsing

    for i in range(parsing.PARALLEL_FROM + 200):
        write_article(articles, f"stuk-{i:04}", f"Stuk {i}", "2020-01-01", tags=["oud"])
    return articles


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    """Pids to kill after the test, whatever happened (orphans must not outlive a failure)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_of_a_first_build_die_with_their_parent(
    isolated: Path, big: Path, tmp_path: Path, signum: int, cleanup: list[int]
) -> None:
    # stop the parent once its workers run: after it handed out the first chunk of files
    submit = "concurrent.futures.process:ProcessPoolExecutor.submit"
    proc = start(isolated, tmp_path, ["list", "--format", "plain"], submit, 1)
    stopped(proc)
    workers = children(proc.pid)
    cleanup.extend(workers)
    assert workers, "no worker processes were started"
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    # (not communicate(): workers that outlive it hold its output pipes open)
    code = proc.wait(timeout=60)
    alive = lambda: [pid for pid in workers if state(pid) not in (None, "Z")]  # noqa: E731
    with contextlib.suppress(AssertionError):
        wait_for(lambda: not alive(), timeout=10)
    assert alive() == [], "worker processes outlived their parent"
    assert code == (-signal.SIGKILL if signum == signal.SIGKILL else 143)


# Stop the process when a file it writes, the fifth whose name ends in .tmp, is written and
# not yet closed (`os.fstat` on it is the build's last step before closing and renaming).
STOP_IN_TEMP = """
import os, signal
_real = os.fstat
_seen = [0]


def _stopping(fd):
    result = _real(fd)
    if isinstance(fd, int) and os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
        _seen[0] += 1
        if _seen[0] == 5:
            os.kill(os.getpid(), signal.SIGSTOP)
    return result


os.fstat = _stopping
"""


# In worker processes (forked from the main one): each page takes 20 ms between its temporary
# file's making and its renaming, so that a signal surely finds the workers in the middle.
SLOW_WORKERS = """
import time
_fstat = os.fstat


def _slow(fd):
    if os.getpid() != _main and isinstance(fd, int):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
            time.sleep(0.02)
    return _fstat(fd)


os.fstat = _slow
"""


def temporary_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*.tmp"))


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"]
)
def test_a_build_stopped_while_a_page_is_half_written_leaves_no_temporary_file(
    isolated: Path, articles: Path, tmp_path: Path, signum: int
) -> None:
    for i in range(12):
        write_article(articles, f"stuk-{i:02}", f"Stuk {i}", f"2020-01-{i + 1:02}")
    # stop the build when its fifth file is written but not yet renamed into place
    proc = start_with(isolated, tmp_path, ["build"], STOP_IN_TEMP)
    stopped(proc)
    site = isolated / "public"
    assert temporary_files(site), "the moment came before any temporary file was made"
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    if signum == signal.SIGKILL:  # nothing can clean up after kill -9: the next build does
        assert temporary_files(site) and (site / ".actueel-build.running").exists()
        proc = subprocess.run([sys.executable, "-m", "actueel_cli", "build"], cwd=isolated,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert (site / "stuk-11/index.html").is_file()
    else:
        assert proc.returncode == 128 + signum
        assert f"Error: interrupted ({signal.Signals(signum).name})" in err
        assert "Traceback" not in err
    assert temporary_files(site) == []
    assert not (site / ".actueel-build.running").exists()


def test_the_temporary_files_of_a_build_still_running_are_left_alone(
    isolated: Path, articles: Path, run: Any, cleanup: list[int]
) -> None:
    write_article(articles, "stuk", "Stuk", "2020-01-01")
    site = isolated / "public"
    assert run("build").exit_code == 0
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    cleanup.append(other.pid)
    (site / ".actueel-build.running").write_text(str(other.pid))  # another build, writing
    (site / "stuk/.index.html.123.4.tmp").write_bytes(b"half")
    (site / "stuk/.notities.tmp").write_bytes(b"not ours")
    assert run("build").exit_code == 0
    assert temporary_files(site) == ["stuk/.index.html.123.4.tmp", "stuk/.notities.tmp"]
    other.kill()
    other.wait()
    (site / ".actueel-build.running").write_text(str(other.pid))  # that build was cut short
    assert run("build").exit_code == 0
    assert temporary_files(site) == ["stuk/.notities.tmp"]
    assert not (site / ".actueel-build.running").exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize(
    ("moment", "n"),
    [
        # handing out the pages to render (the third chunk: the first three go out at once, and
        # the build renders the others itself while these slowed workers are at theirs), or
        # taking in the pages rendered
        ("concurrent.futures.process:ProcessPoolExecutor.submit", 3),
        ("actueel_cli.site.build:_unpacked", 4),
    ],
    ids=["handing-out", "taking-in"],
)
def test_a_build_whose_process_group_is_signalled_ends_at_once_and_leaves_nothing(
    isolated: Path,
    articles: Path,
    tmp_path: Path,
    signum: int,
    moment: str,
    n: int,
    cleanup: list[int],
) -> None:
    """As a CI runner or systemd stops a job: the signal reaches the build's worker processes
    too, in the middle of their pages. The workers leave it to the build, which stops them and
    cleans up (a worker killed while sending its pages would leave the build waiting forever)."""
    from actueel_cli.site import build

    for i in range(build.PARALLEL_FROM + 100):
        write_article(articles, f"stuk-{i:03}", f"Stuk {i}", "2020-01-01", body="Tekst. " * 200)
    hook = STOP_AFTER.format(target=moment, n=n) + SLOW_WORKERS
    proc = start_with(isolated, tmp_path, ["build"], hook, new_session=True)
    cleanup.append(proc.pid)
    stopped(proc)  # the workers render on, the build waits
    workers = children(proc.pid)
    cleanup.extend(workers)
    assert workers
    os.killpg(proc.pid, signum)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert [pid for pid in workers if state(pid) not in (None, "Z")] == []
    assert temporary_files(isolated / "public") == []
