"""Shell completion: slugs from the folder, titles and tags from the index, so that it is quick.

Completion runs inside the user's shell on every Tab: it must never print an error or a
traceback, so anything that stops it from reading the archive gives no suggestions instead.
The global options (`--dir`) are read from the command line being completed, because the app's
callback does not run during completion.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError
from actueel_cli.model import tag_list_counts
from actueel_cli.store import hints, tag_hints

from .app import Session


def _session(ctx: typer.Context) -> Session:
    directory = ctx.find_root().params.get("directory")
    return Session(Path(directory) if directory else None, None)


def complete_slug(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Slugs starting with what was typed (drafts too), newest first, with their titles. The
    files are those there now; slugs, titles and order are what the index last saw. A slug
    with a control code cannot be typed and must not reach the terminal: it is not offered;
    titles are cleaned as on a terminal."""
    try:
        s = _session(ctx)
        found = hints(s.archive, s.cache, incomplete)
    except (ActueelError, OSError, sqlite3.Error, ValueError):
        return []
    return [(slug, render.one_line(title)) for slug, title in found if slug.isprintable()]


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in use starting with what was typed, most used first (as the index last saw them)."""
    try:
        s = _session(ctx)
        lists = tag_hints(s.archive, s.cache)
    except (ActueelError, OSError, sqlite3.Error, ValueError):
        return []
    counts = tag_list_counts(lists)
    return [c.tag for c in counts if c.tag.startswith(incomplete) and c.tag.isprintable()]


Slug = Annotated[
    str,
    typer.Argument(
        metavar="SLUG", help="Slug, unique prefix, or path.", autocompletion=complete_slug
    ),
]
"""The SLUG argument of every command that takes one article."""
