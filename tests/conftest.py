"""Every test runs against its own temporary articles folder, cache and state folders, with the
colour and terminal variables cleared, so no test can touch real data or depend on the terminal,
and any test can run in any worker process. Also here: the app run in-process (`run`,
`complete`) and what a crash looks like then (`crash`), the files a command opened (`opens`),
and Hypothesis's profiles (`examples`)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from actueel_cli.cli import app
from actueel_cli.store import index


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """pyproject.toml's addopts ask pytest-xdist for a worker process per core. Without it
    (`-p no:xdist`, or not installed) its two options are taken here and mean nothing, so that
    the suite runs in this one process instead of refusing to start. (`-n 0` keeps xdist but
    runs in one process too; so does --pdb.)"""
    if not pluginmanager.hasplugin("xdist"):
        group = parser.getgroup("xdist", "pytest-xdist is not loaded: these are ignored")
        group.addoption("--numprocesses", dest="numprocesses", help="(ignored)")
        group.addoption("--dist", dest="dist", help="(ignored)")


# A shell starts a background job (`pytest &`, a CI runner's script) with SIGINT ignored, and a
# process keeps that through exec: the commands the tests start would then ignore the Ctrl-C
# they are sent (`serve` never stopped; its tests waited 30 s and failed). Ctrl-C is handled
# here as in a terminal, so every command started from here gets SIGINT at its default.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# Hypothesis: a light run on a developer's machine, so that the whole suite stays quick; CI (which
# sets CI) tries ten times as many examples. No deadline: a shared machine's pauses are no fault.
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def examples(usual: int) -> int:
    """For a test that needs more or fewer examples than most: `usual` at Hypothesis's own
    default of 100, scaled as the profile scales that (a fifth by default, twice under CI)."""
    return max(5, usual * settings.default.max_examples // 100)


# Every open goes through Python's `open` audit event (builtins.open, io.open, os.open, pathlib),
# so a hook sees which files a command opened: what `opens()` records. Hooks cannot be removed;
# this one records only inside `opens()`.
_recording: list[list[str]] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _recording and args:
        target = args[0]
        if isinstance(target, str | bytes | os.PathLike):
            _recording[-1].append(os.fsdecode(target))


sys.addaudithook(_hook)


@contextlib.contextmanager
def opens() -> Iterator[list[str]]:
    """Every path opened in this process while the block runs, as it was given to open."""
    paths: list[str] = []
    _recording.append(paths)
    try:
        yield paths
    finally:
        _recording.remove(paths)


TERMINAL_VARIABLES = (
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "NO_COLOR",
    "COLUMNS",
    "LINES",
    "PAGER",
    "VISUAL",
    "EDITOR",
    "ACTUEEL_DIR",
    "ACTUEEL_TODAY",
    "ACTUEEL_NO_INDEX",
)


@pytest.fixture(autouse=True, scope="session")
def app_made_once() -> Iterator[None]:
    """Typer's runner makes the app's Click command anew on every invoke: ~15 ms each, and the
    suite invokes it some 1,400 times (a third of its time, for nothing: nothing it is made
    from changes between tests). Made once here for each state of the app: what is registered
    (test_startup narrows it as `main` does) and the one variable Typer reads as it makes it."""
    real = typer.testing._get_command
    made: dict[tuple[object, ...], Any] = {}

    def get_command(typer_app: typer.Typer) -> Any:
        if typer_app is not app:
            return real(typer_app)
        key = (
            tuple(map(id, app.registered_commands)),
            tuple(map(id, app.registered_groups)),
            os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"),
        )
        if key not in made:
            made[key] = real(app)
        return made[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command)
        yield


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cwd is an empty site folder with an `articles/` folder; cache and state are private."""
    for name in TERMINAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    monkeypatch.chdir(site)
    monkeypatch.setenv("ACTUEEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ACTUEEL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # In-process, the only other holder of an index lock is the test itself: waiting the
    # production second for it to let go only costs time. (Subprocesses keep the real wait.)
    monkeypatch.setattr(index, "BUSY_TIMEOUT", 0.05)
    return site


@pytest.fixture
def articles(isolated: Path) -> Path:
    return isolated / "articles"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner: CliRunner) -> Callable[..., object]:
    """Run `actueel ARGS...` in-process; returns the Result (stdout and stderr separate). An
    exception that is not an exit (a bug) escapes and fails the test, unless `catch`: then it
    is the Result's, for `crash` to show."""

    def invoke(
        *args: str, input: str | None = None, env: dict[str, str] | None = None, catch: bool = False
    ) -> object:
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=catch)

    return invoke


def crash(result: Result) -> str:
    """The traceback the user would have seen: "" when the command ended with an exit code, as
    every command must (errors included); the exception's traceback when it ended in one.

    In-process, stderr never holds a traceback (the runner either raises the exception or keeps
    it in `result.exception`), so `"Traceback" not in result.stderr` cannot fail: this can."""
    if result.exception is None or isinstance(result.exception, SystemExit):
        return ""
    assert result.exc_info is not None
    return "".join(traceback.format_exception(*result.exc_info))


def complete(shell: str, line: str, **extra: str) -> Result:
    """Ask for completions of `line` (the cursor at its end) as `shell` would: what its
    completion script sets (_ACTUEEL_COMPLETE and the words), in-process. (test_complete runs
    the installed `actueel` this way too, for the entry point.)"""
    env = completion_env(shell, line, **extra)
    result = CliRunner().invoke(app, [], env=env, prog_name="actueel")
    assert crash(result) == ""
    return result


def completion_env(shell: str, line: str, **extra: str) -> dict[str, str]:
    env = {"_ACTUEEL_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        words = line.split(" ")
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env


def lines(done: Result) -> list[str]:
    """The suggestions, one a line, of a completion that ended well and said nothing on stderr."""
    assert (done.exit_code, done.stderr) == (0, "")
    return [line for line in done.stdout.splitlines() if line]


def write_article(
    folder: Path,
    slug: str,
    title: str,
    date: str,
    *,
    author: str = "Anne de Vries",
    tags: list[str] | None = None,
    draft: bool | None = None,
    image: str | None = None,
    body: str = "Een korte tekst.\n",
    sub: str = "",
) -> Path:
    """A YAML article as an editor would write it."""
    lines = ["---", f'title: "{title}"', f"date: {date}", f"author: {author}"]
    if tags is not None:
        lines.append("tags:" if tags else "tags: []")
        lines += [f"  - {t}" for t in tags]
    if image is not None:
        lines.append(f"image: {image}")
    if draft is not None:
        lines.append(f"draft: {'true' if draft else 'false'}")
    lines += ["---", ""]
    path = folder / sub / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")
    return path


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@contextlib.contextmanager
def mounted(where: Path, kind: str) -> Iterator[Path]:
    """A small file system of its own at `where`, for as long as the block runs: `full` (a
    tmpfs of 64 KiB, filled: files can be made, not written) or `seconds` (an ext4 with 128-byte
    inodes, whose time stamps are whole seconds). Needs root and leave to mount (a CI runner or
    a container may not give it): skips the test otherwise, and says so."""
    where.mkdir(parents=True, exist_ok=True)
    if kind == "full":
        command = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)]
    else:
        image = where.parent / f"{where.name}.img"
        with open(image, "wb") as handle:
            handle.truncate(8 << 20)
        try:
            made = subprocess.run(
                ["mkfs.ext4", "-q", "-F", "-I", "128", str(image)], capture_output=True, check=False
            )
        except OSError as err:  # no mkfs.ext4 on this machine
            pytest.skip(f"cannot make an ext4 file system here: {err}")
        if made.returncode != 0:
            pytest.skip(f"cannot make an ext4 file system here: {made.stderr!r}")
        command = ["mount", "-o", "loop", str(image), str(where)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as err:
        pytest.skip(f"cannot mount a file system here: {err}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a file system here: {done.stderr.strip()}")
    try:
        if kind == "full":
            with contextlib.suppress(OSError), open(where / "vol", "wb", buffering=0) as handle:
                while True:
                    handle.write(b"\0" * 4096)
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
