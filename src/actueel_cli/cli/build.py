"""`build`: the news section as a static site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from actueel_cli import render

from .app import app, session


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
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Exit 0 even when articles with errors were left out."),
    ] = False,
) -> None:
    """Build the news section as a static site: the index, article pages, tag pages and a feed.

    Writes into public/ beside actueel.toml (or --out); prints that folder. Articles with errors
    are left out and named on stderr, with exit code 1 unless --keep-going.

    Example: actueel build --base-url https://www.example.nl/actueel/
    """
    from actueel_cli.site.build import build_site  # imported here: only `build` needs it
    from actueel_cli.site.pages import Settings
    from actueel_cli.site.plan import base_url as checked_url
    from actueel_cli.store.output import Output

    started = time.perf_counter()
    s = session(ctx)
    config = s.config
    url = base_url if base_url is not None else config.base_url
    settings = Settings(
        title=config.site_title,
        locale=config.locale,
        base_url=checked_url(url) if url else None,
        allow_html=config.allow_html,
        generator=config.generator,
    )
    folder = out if out is not None else config.site_dir / config.output_dir
    today = s.today
    output = Output(folder, config.articles_dir)  # refused before the archive is read
    scan = s.catalog()
    with render.progress("Building pages", threshold=200) as step:
        report = build_site(
            s.archive, scan, output, settings, config.site_dir / "templates", today, drafts, step
        )
    scan.done()
    for line in render.problem_lines([*report.left_out, *report.warnings]):
        render.note(line)
    render.note(report.summary(output.shown, time.perf_counter() - started))
    print(output.shown)
    if report.left_out and not keep_going:
        raise typer.Exit(1)
