"""`stats`: the archive at a glance."""

from __future__ import annotations

from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.model import clean_tag, parse_day
from actueel_cli.summary import summarize

from .app import app, session
from .common import StatsFormat
from .complete import complete_tag


@app.command()
def stats(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Only articles from this day on.")
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", "-t", help="Only articles with this tag.", autocompletion=complete_tag
        ),
    ] = None,
    output: Annotated[
        StatsFormat | None,
        typer.Option("--format", "-f", help="Default: chart on a terminal, plain when piped."),
    ] = None,
) -> None:
    """The archive at a glance: articles per year, top tags and authors, what is waiting.

    Counts published articles per year (per month when they span less than a year), the most
    used tags and authors, and lists the drafts and scheduled articles.

    Example: actueel stats --since 2020-01-01
    """
    s = session(ctx)
    since_day = parse_day(since) if since else None
    wanted = clean_tag(tag) if tag is not None else None
    catalog = s.catalog()
    render.problems_brief(catalog.problems, len(catalog.broken()))
    summary = summarize(catalog.articles, s.today, since_day, wanted)
    render.emit(
        output,
        picture=lambda: render.stats_chart(summary),
        lines=lambda: render.stats_lines(summary),
        data=lambda: render.stats_dict(summary),
    )
