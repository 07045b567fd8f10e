"""`build`: the news section as a static site, written again only where something changed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from actueel_cli import render

from .app import Session, app, session

if TYPE_CHECKING:
    from actueel_cli.site.build import Report
    from actueel_cli.store.output import Output


@dataclass(frozen=True)
class Options:
    """How to build: the site's folder (None: output_dir), drafts too, the site's address
    (None: base_url), from scratch."""

    out: Path | None = None
    drafts: bool = False
    base_url: str | None = None
    clean: bool = False


def build_once(s: Session, options: Options) -> tuple[Output, Report, float]:
    """One build as `build` makes it (`serve` and `preview` make one for every change): the
    output folder checked before the archive is read, the archive scanned, the site built.
    Returns the folder, what was done and how long it took."""
    from actueel_cli.site.build import build_site  # imported here: only these commands need it
    from actueel_cli.site.pages import Settings
    from actueel_cli.site.plan import base_url as checked_url
    from actueel_cli.store.output import Output

    started = time.perf_counter()
    config = s.config
    url = options.base_url if options.base_url is not None else config.base_url
    settings = Settings(
        title=config.site_title,
        locale=config.locale,
        base_url=checked_url(url) if url else None,
        allow_html=config.allow_html,
        generator=config.generator,
    )
    folder = options.out if options.out is not None else config.site_dir / config.output_dir
    output = Output(folder, config.articles_dir)  # refused before the archive is read
    if options.clean:
        output.forget()
    scan = s.scan()
    try:
        # a bar on stderr once a build has taken a second (on a terminal)
        with render.progress("Building pages", threshold=0, after=1.0) as step:
            report = build_site(
                s.archive,
                scan,
                output,
                settings,
                config.site_dir / "templates",
                s.today,
                options.drafts,
                step,
                _settings_text(config.source),
            )
    finally:
        scan.done()
    return output, report, time.perf_counter() - started


def _settings_text(source: Path | None) -> str:
    """actueel.toml as it is: articles may be read by settings the build does not see."""
    if source is None:
        return ""
    try:
        return source.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


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
) -> None:
    """Build the news section as a static site: the index, article pages, tag pages and a feed.

    Writes into public/ beside actueel.toml (or --out); prints that folder. Only the files
    whose articles, neighbours, lists, templates or settings changed since the last build are
    written again; pages of deleted or unpublished articles are removed. Articles with errors
    are left out and named on stderr, with exit code 1 unless --keep-going.

    Example: actueel build --base-url https://www.example.nl/actueel/
    """
    output, report, seconds = build_once(
        session(ctx), Options(out=out, drafts=drafts, base_url=base_url, clean=clean)
    )
    for line in render.problem_lines([*report.left_out, *report.warnings]):
        render.note(line)
    render.note(report.summary(output.shown, seconds))
    print(output.shown)
    if report.left_out and not keep_going:
        raise typer.Exit(1)
