"""`check`: every problem in the archive, as `path:line:column: severity: message`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from actueel_cli import checks, render

from .app import app, session, stdout_is_terminal


class CheckFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    idents: Annotated[
        list[str] | None,
        typer.Argument(metavar="[SLUG]...", help="Only these articles (slug, prefix or path)."),
    ] = None,
    output: Annotated[
        CheckFormat | None,
        typer.Option("--format", "-f", help="Default: table on a terminal, plain when piped."),
    ] = None,
) -> None:
    """Report every problem in the articles: errors first, then warnings.

    Exit code 1 when there is an error, 0 when there are only warnings or nothing.

    Example: actueel check --format plain
    """
    s = session(ctx)
    archive = s.archive
    scan = s.scan()
    existing = archive.existing(checks.image_paths(scan.articles))
    problems = [*scan.problems, *archive.template_problems()]
    chosen = {scan.resolve(ident)[0] for ident in idents or ()}  # readable or not
    found = checks.run(scan.articles, problems, s.today, existing, archive.read_bytes,
                       scan.broken(), s.config.site, chosen)  # fmt: skip
    files = {a.path for a in scan.articles} | {p.path for p in problems}
    if idents:
        found = [p for p in found if p.path in chosen]
        files = chosen
    fmt = output or (CheckFormat.table if stdout_is_terminal() else CheckFormat.plain)
    if fmt is CheckFormat.json:
        print(render.dump_json([render.problem_dict(p) for p in found]))
    elif fmt is CheckFormat.plain:
        render.print_lines(render.problem_lines(found))
    elif found:
        render.print_out(render.problem_table(found))
    render.note(render.problem_summary(found, len(files)))
    if any(p.severity == "error" for p in found):
        raise typer.Exit(1)
