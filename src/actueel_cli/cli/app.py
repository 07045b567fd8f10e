"""The Typer app, its global options, and the one place where errors become exit codes."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from actueel_cli import __version__, render
from actueel_cli.errors import ActueelError, InvalidInput, Terminated
from actueel_cli.model import parse_day
from actueel_cli.store import (
    Archive,
    Catalog,
    Config,
    cache_dir,
    locate,
    open_catalog,
    state_dir,
)


class ActueelGroup(typer.core.TyperGroup):
    """Turns an ActueelError raised by any command into one line on stderr and its exit code
    (1), and Ctrl-C or SIGTERM into a line saying so and 130 or 143, as a shell reports them."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ActueelError as err:
            render.error(str(err), err.details)
            raise typer.Exit(err.exit_code) from None
        except (KeyboardInterrupt, Terminated) as err:
            signum = Terminated.signum if isinstance(err, Terminated) else signal.SIGINT
            render.error(f"interrupted ({signal.Signals(signum).name})")
            raise typer.Exit(128 + signum) from None


app = typer.Typer(
    cls=ActueelGroup,
    help="Manage the articles of a website's news section (Actueel) from the command line.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Session:
    """What every command needs, found when first asked for."""

    dir_option: Path | None
    clock: date | None
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    _config: Config | None = None
    _archive: Archive | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = locate(self.dir_option, Path.cwd(), self.env)
        return self._config

    def forget_config(self) -> None:
        """Read actueel.toml again when next asked (`serve`: it may have changed)."""
        self._config = None

    @property
    def archive(self) -> Archive:
        # one for the command: what its walk came across (our temporary files left by a killed
        # command) is what its first write clears away
        if self._archive is None:
            self._archive = Archive(self.config.articles_dir, self.config.site)
        return self._archive

    @property
    def cache(self) -> Path | None:
        """Where the index is kept; None: no index ($ACTUEEL_NO_INDEX)."""
        return None if self.env.get("ACTUEEL_NO_INDEX") else cache_dir(self.env)

    @property
    def today(self) -> date:
        if self.clock is not None:
            return self.clock
        if self.env.get("ACTUEEL_TODAY"):
            return parse_day(self.env["ACTUEEL_TODAY"])
        return date.today()

    @property
    def state(self) -> Path:
        return state_dir(self.env)

    def catalog(self) -> Catalog:
        """Every article and problem of the archive, and the answers to queries about them."""
        # a bar on stderr only when many files must be parsed (a first run, a big pull)
        with render.progress("Indexing articles") as step:
            return open_catalog(self.archive, self.cache, step)


def session(ctx: typer.Context) -> Session:
    found = ctx.meta.get("actueel.session")
    if not isinstance(found, Session):
        found = Session(None, None)
    return found


def _version(value: bool) -> None:
    if value:
        print(f"actueel {__version__}")
        raise typer.Exit()


def _clock(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except InvalidInput as err:
        raise typer.BadParameter(str(err)) from None


@app.callback()
def _global(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            "-d",
            help="The articles folder (default: $ACTUEEL_DIR, actueel.toml, ./articles).",
            file_okay=False,
        ),
    ] = None,
    clock: Annotated[
        str | None,
        typer.Option(
            "--clock",
            metavar="YYYY-MM-DD",
            help="Take this day as today (also $ACTUEEL_TODAY), for scripts and tests.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Manage the articles of a website's news section (Actueel) from the command line.

    Example: actueel list --tag ondermijning
    """
    ctx.meta["actueel.session"] = Session(directory, _clock(clock))


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    build_only(command_asked_for(sys.argv[1:], os.environ))
    try:
        app(prog_name="actueel")
    finally:
        # Done: the interpreter's exit need not look at every object the command made again,
        # for cycles (a full collection: 30 of the 43 ms a build of 10,000 articles took to
        # exit). What is still open is closed by reference counting, as before.
        gc.freeze()


def _terminated(signum: int, frame: Any) -> None:
    """SIGTERM (`kill PID`) stops a command as Ctrl-C does: through the same cleaning up."""
    raise Terminated()


# Global options that take a value, as `main` reads the command line before Click does.
_GLOBAL_VALUES = ("--dir", "-d", "--clock")


def command_asked_for(args: list[str], env: Mapping[str, str]) -> str | None:
    """The command the command line names (`list` in `actueel --dir x list --tag y`); None for
    none, and during shell completion (which needs them all)."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in env):
        return None
    values = iter(args)
    for arg in values:
        if arg == "--":
            return next(values, None)
        if arg in _GLOBAL_VALUES:
            next(values, None)
        elif not arg.startswith("-"):
            return arg
    return None


def build_only(name: str | None) -> None:
    """Let Typer build only the command that runs. It makes a Click command of every registered
    one before running any (a share of each command's start: benchmarks/bench.py --only help);
    when `name` is one of them, the others are left out. Anything else (no command, an unknown
    one, `--help` for the whole app) gets them all, as it must."""
    commands = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
