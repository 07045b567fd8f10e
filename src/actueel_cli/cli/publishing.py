"""`publish` and `unpublish`: turn a draft into a published article and back.

Like `tag`, only the lines that change are rewritten (`draft`, and `date` on publish); the file
is replaced atomically, or left alone when there is nothing to do.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.errors import ArticleProblem
from actueel_cli.model import parse_day
from actueel_cli.parse import parse

from .app import app, session
from .complete import Slug
from .editing import locate_file


def is_draft(text: str, rel: str) -> bool:
    """Whether the front matter marks the article as a draft, read as `list` reads it (a
    `draft` that is not true/false counts as a draft)."""
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    parsed = parse(text.encode("utf-8"), rel, slug)
    if parsed.metadata is None:
        raise ArticleProblem(str(parsed.problems[0]))
    draft = parsed.metadata.get("draft", False)
    return draft is not None and draft is not False


@app.command()
def publish(
    ctx: typer.Context,
    ident: Slug,
    when: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Date it this day (default: today)."),
    ] = None,
    keep_date: Annotated[
        bool, typer.Option("--keep-date", help="Leave the date as it is.")
    ] = False,
) -> None:
    """Publish a draft: drop its draft mark and date it today.

    Sets `draft: false` and the date (today, `--clock`, or `--date`; `--keep-date` leaves it).
    Only those lines of the file change. A date after today makes it a scheduled article.

    Example: actueel publish jongeren-als-geldezel-wat-kan-de-gemeente-doen
    """
    if when is not None and keep_date:
        raise typer.BadParameter("give --date or --keep-date, not both")
    s = session(ctx)
    day = parse_day(when) if when is not None else s.today
    rel = locate_file(s, ident)

    def change(text: str) -> str:
        if not is_draft(text, rel):
            return text
        from actueel_cli.fmedit import set_scalar

        text = set_scalar(text, "draft", False)
        return text if keep_date else set_scalar(text, "date", day.isoformat())

    if not s.archive.edit(rel, change):
        render.note(f"{rel} is already published (not a draft); nothing changed")
    elif keep_date:
        render.note(f"Published {rel}; its date is unchanged")
    else:
        render.note(f"Published {rel}, dated {day.isoformat()}{_scheduled(day, s.today)}")


def _scheduled(day: date, today: date) -> str:
    return " (scheduled: the site shows it from that day)" if day > today else ""


@app.command()
def unpublish(ctx: typer.Context, ident: Slug) -> None:
    """Turn a published article back into a draft.

    Sets `draft: true` and changes nothing else; the date stays.

    Example: actueel unpublish burgemeesters-over-veiligheid
    """
    s = session(ctx)
    rel = locate_file(s, ident)

    def change(text: str) -> str:
        from actueel_cli.fmedit import set_scalar

        return text if is_draft(text, rel) else set_scalar(text, "draft", True)

    if s.archive.edit(rel, change):
        render.note(f"Unpublished {rel}: it is a draft now")
    else:
        render.note(f"{rel} is already a draft; nothing changed")
