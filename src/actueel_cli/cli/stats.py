"""`stats`: the archive at a glance."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.model import clean_tag, parse_day
from actueel_cli.summary import summarize

from .app import app, session, stdout_is_terminal
from .complete import complete_tag


class StatsFormat(StrEnum):
    chart = "chart"
    plain = "plain"
    json = "json"


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
    scan = s.scan()
    render.problems_brief(scan.problems, len(scan.broken()))
    summary = summarize(scan.articles, s.today, since_day, wanted)
    fmt = output or (StatsFormat.chart if stdout_is_terminal() else StatsFormat.plain)
    if fmt is StatsFormat.json:
        print(render.dump_json(render.stats_dict(summary)))
    elif fmt is StatsFormat.plain:
        render.print_lines(render.stats_lines(summary))
    else:
        render.print_out(render.stats_chart(summary))
