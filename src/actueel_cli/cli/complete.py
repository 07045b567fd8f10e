"""Shell completion: slugs and tags from the archive, through the index so that it is quick.

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

from actueel_cli.errors import ActueelError
from actueel_cli.model import Article, fold, newest_first

from .app import Session


def _articles(ctx: typer.Context) -> list[Article]:
    root = ctx.find_root()
    directory = root.params.get("directory")
    try:
        s = Session(Path(directory) if directory else None, None)
        return s.archive.scan().articles
    except (ActueelError, OSError, sqlite3.Error, ValueError):
        return []


def complete_slug(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Slugs starting with what was typed (drafts too), newest first, with their titles."""
    return [
        (a.slug, a.title) for a in newest_first(_articles(ctx)) if a.slug.startswith(incomplete)
    ]


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in use starting with what was typed, most used first."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for article in _articles(ctx):
        for tag in article.tags:
            key = fold(tag)
            counts[key] = counts.get(key, 0) + 1
            spelling.setdefault(key, tag)
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    return [spelling[key] for key in ranked if spelling[key].startswith(incomplete)]


Slug = Annotated[
    str,
    typer.Argument(
        metavar="SLUG", help="Slug, unique prefix, or path.", autocompletion=complete_slug
    ),
]
"""The SLUG argument of every command that takes one article."""
