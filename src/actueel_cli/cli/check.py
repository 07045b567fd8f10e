"""`check`: every problem in the archive, as `path:line:column: severity: message`."""

from __future__ import annotations

from typing import Annotated

import typer

from actueel_cli import render

from .app import app, session
from .common import TableFormat


@app.command()
def check(
    ctx: typer.Context,
    idents: Annotated[
        list[str] | None,
        typer.Argument(metavar="[SLUG]...", help="Only these articles (slug, prefix or path)."),
    ] = None,
    output: Annotated[
        TableFormat | None,
        typer.Option("--format", "-f", help="Default: table on a terminal, plain when piped."),
    ] = None,
) -> None:
    """Report every problem in the articles: errors first, then warnings.

    Exit code 1 when there is an error, 0 when there are only warnings or nothing.

    Example: actueel check --format plain
    """
    s = session(ctx)
    found, files = s.catalog().check(idents or (), s.today)
    render.emit(
        output,
        picture=lambda: render.problem_table(found) if found else None,
        lines=lambda: render.problem_lines(found),
        data=lambda: [render.problem_dict(p) for p in found],
    )
    render.note(render.problem_summary(found, files))
    if any(p.severity == "error" for p in found):
        raise typer.Exit(1)
