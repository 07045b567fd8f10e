"""`build`: the news section as a static site, written again only where something changed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from actueel_cli import render

from .app import Session, app, session

if TYPE_CHECKING:
    from actueel_cli.site.build import Options, Report
    from actueel_cli.store.output import Output


def build_once(s: Session, options: Options) -> tuple[Output, Report, float]:
    """One build (`serve` and `preview` make one for every change), with a bar on stderr once
    it has taken a second (on a terminal); the folder, what was done and how long it took."""
    from actueel_cli.site.build import build  # start-up: only build, serve and preview need it

    started = time.perf_counter()
    with render.progress("Building pages", threshold=0, after=1.0) as step:
        output, report = build(s.archive, s.config, options, s.today, s.catalog, step)
    return output, report, time.perf_counter() - started


@app.command()
def build(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The site's folder (default: output_dir in actueel.toml, public/).",
        ),
    ] = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Build drafts and scheduled articles too (a preview).")
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The site's address, for feed.xml and sitemap.xml (default: base_url setting).",
        ),
    ] = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean", help="Build every file from scratch, not only what changed since the last."
        ),
    ] = False,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Exit 0 even when articles with errors were left out."),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Name every problem on stderr (by default ten lines at most)."
        ),
    ] = False,
) -> None:
    """Build the news section as a static site: the index, article pages, tag pages and a feed.

    Writes into public/ beside actueel.toml (or --out); prints that folder. Only the files
    whose articles, neighbours, lists, templates or settings changed since the last build are
    written again; pages of deleted or unpublished articles are removed. Articles with errors
    are left out and named on stderr, with exit code 1 unless --keep-going; more than ten
    problems are told grouped by kind (--verbose names every one).

    Example: actueel build --base-url https://www.example.nl/actueel/
    """
    from actueel_cli.site.build import Options  # start-up: only build needs it

    options = Options(out=out, drafts=drafts, base_url=base_url, clean=clean)
    output, report, seconds = build_once(session(ctx), options)
    for line in render.problems_told([*report.left_out, *report.warnings], verbose):
        render.note(line)
    render.note(report.summary(output.shown, seconds))
    print(output.shown)
    if report.left_out and not keep_going:
        raise typer.Exit(1)
