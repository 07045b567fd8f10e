"""`publish` and `unpublish`: turn a draft into a published article and back.

Each writes the mark the site's generator reads (Hugo, Astro, Eleventy: `draft: true`; Jekyll and
Hexo: `published: false`), in the file's own format and spelling; `publish` drops that mark
again, so that `unpublish` then `publish --keep-date` gives back the same bytes, and writes the
date in the form the file already uses (changes.publishing, changes.unpublishing). Like `tag`,
only those lines change; the file is replaced atomically, or left alone when there is nothing
to do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.model import parse_day

from .app import app, session
from .common import writable_file
from .complete import Slug


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

    Drops `draft: true` (Jekyll, Hexo: `published: false`) and dates it today, `--clock` or
    `--date`, in the form its date already has (`--keep-date` leaves it). Only those lines of
    the file change. A date after today makes it a scheduled article.

    Example: actueel publish jongeren-als-geldezel-wat-kan-de-gemeente-doen
    """
    if when is not None and keep_date:
        raise typer.BadParameter("give --date or --keep-date, not both")
    from actueel_cli.changes import publishing  # start-up: only the commands that edit need it

    s = session(ctx)
    day = parse_day(when) if when is not None else s.today
    rel = writable_file(s, ident)
    change = publishing(rel, s.config.site, day, datetime.now().astimezone(), keep_date)
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

    Sets `draft: true` (Jekyll, Hexo: `published: false`) and changes nothing else; the date
    stays.

    Example: actueel unpublish burgemeesters-over-veiligheid
    """
    from actueel_cli.changes import unpublishing  # start-up: only the commands that edit need it

    s = session(ctx)
    rel = writable_file(s, ident)
    if s.archive.edit(rel, unpublishing(rel, s.config.site)):
        render.note(f"Unpublished {rel}: it is a draft now")
    else:
        render.note(f"{rel} is already a draft; nothing changed")
