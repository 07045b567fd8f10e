"""`serve` and `preview`: the site built, served on this machine, built again on every change."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError, ConfigError
from actueel_cli.store import preview_dir

from .app import Session, app, session
from .build import build_once

if TYPE_CHECKING:
    from actueel_cli.site.build import Options, Report
    from actueel_cli.store.serve import Server

DEFAULT_PORT = 8000

Port = Annotated[
    int | None,
    typer.Option(
        "--port",
        "-p",
        min=0,
        max=65535,
        help=f"The port on 127.0.0.1 (default: {DEFAULT_PORT}, or a free one when it is taken; "
        "0: a free one).",
    ),
]


@app.command()
def serve(
    ctx: typer.Context,
    port: Port = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The site's folder (default: as `build`, public/)."),
    ] = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Build drafts and scheduled articles too.")
    ] = False,
) -> None:
    """Build the site, serve it on this computer, and build it again on every change.

    Prints the site's address (http://127.0.0.1:8000/); only this computer can reach it. Every
    change to an article, an image, a template or actueel.toml writes the pages it touches, and
    a page open in the browser reloads itself. Ctrl-C stops it.

    Example: actueel serve --port 8080
    """
    from actueel_cli.site.build import Options  # start-up: only build, serve, preview

    _run(session(ctx), Options(out=out, drafts=drafts), port, None, False)


@app.command()
def preview(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="SLUG", help="The article (slug or path).")],
    port: Port = None,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Print the address; do not open a browser.")
    ] = False,
) -> None:
    """Open an article's page in the browser, drafts too, before it is published.

    Builds the site with drafts and scheduled articles into a folder of its own (in the cache
    folder, never public/), serves it on this computer, opens the article's page and prints its
    address. Edits show at once: the page reloads itself. Ctrl-C stops it.

    Example: actueel preview jongeren-als-geldezel-wat-kan-de-gemeente-doen
    """
    from actueel_cli.site.build import Options  # start-up: only build, serve, preview

    s = session(ctx)
    folder = preview_dir(s.env, s.config.articles_dir)
    _run(s, Options(out=folder, drafts=True), port, ident, not no_open)


def _run(s: Session, options: Options, port: int | None, ident: str | None, open_it: bool) -> None:
    """Build, serve, then build again for every batch of changes until Ctrl-C (or SIGTERM)."""
    from actueel_cli.store.serve import Reloads, watch  # start-up: only serve and preview

    config = s.config
    path = None
    if ident is not None:
        path = s.catalog().find(ident).path  # a name that names no article: an error, before all
    output, report, seconds = build_once(s, options)
    told = _tell(report, output.shown, seconds, set())
    reloads = Reloads()
    server = _server(output.root, port, reloads)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        server.start()
        url = server.address
        if path is not None:
            address = report.address(path)
            if address is None:
                raise ConfigError(f"{path} is not on the site (see above)")
            url = server.url(address)
        print(url, flush=True)
        render.note(f"Serving {output.shown} at {server.address} (Ctrl-C to stop)")
        if open_it:
            _open(url)
        watched = [config.articles_dir, config.site_dir / "templates"]
        if config.source is not None:
            watched.append(config.source)
        for _changes in watch(watched, stop):
            s.forget_config()  # actueel.toml may have changed
            try:
                output, report, seconds = build_once(s, options)
            except ActueelError as err:  # a broken template: the last site stays served
                render.error(str(err))
                continue
            told = _tell(report, output.shown, seconds, told)
            reloads.announce([*output.written, *report.removed])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    render.note("Stopped.")


def _server(folder: Path, port: int | None, reloads: Any) -> Server:
    from actueel_cli.store.serve import Server  # start-up: only serve and preview need it

    try:
        return Server(folder, DEFAULT_PORT if port is None else port, reloads)
    except OSError as err:
        if port is not None:
            raise ConfigError(
                f"cannot serve on port {port}: {err.strerror}; give another with --port"
            ) from None
    return Server(folder, 0, reloads)  # the default is taken: a free one


def _tell(report: Report, folder: str, seconds: float, told: set[str]) -> set[str]:
    """The build's problems (those not told after the last build: ten lines at most) and its
    summary line; returns every problem's line, to leave out next time."""
    problems = [*report.left_out, *report.warnings]
    lines = list(render.problem_lines(problems))
    new = [p for p, line in zip(problems, lines, strict=True) if line not in told]
    for line in render.problems_told(new):
        render.note(line)
    render.note(report.summary(folder, seconds))
    return set(lines)


def _open(url: str) -> None:
    """The page in the user's browser ($BROWSER when set); said so when there is none."""
    import webbrowser  # start-up: only preview opens a browser

    if not webbrowser.open(url):
        print(f"No browser found: open {url} yourself", file=sys.stderr)
