"""`edit` and `path`: open an article in the user's editor, or name its file for other tools."""

from __future__ import annotations

import typer

from actueel_cli import render

from .app import app, session
from .common import edit_file, locate_file
from .complete import Slug


@app.command()
def edit(
    ctx: typer.Context,
    ident: Slug,
) -> None:
    """Open an article in your editor ($VISUAL, $EDITOR), then check it.

    Afterwards the file is read again and its problems are reported as `check` does: a broken
    article gives exit code 1 and is left exactly as the editor wrote it.

    Example: actueel edit burgemeesters-over-veiligheid
    """
    s = session(ctx)
    edit_file(s, locate_file(s, ident))


@app.command()
def path(
    ctx: typer.Context,
    ident: Slug,
) -> None:
    """Print the path of an article's file, for other tools.

    Example: actueel path burgemeesters-over-veiligheid
    """
    s = session(ctx)
    render.print_lines([render.one_line(str(s.archive.root / locate_file(s, ident)), name=True)])
