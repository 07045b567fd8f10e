"""`publish` and `unpublish`: turn a draft into a published article and back.

Like `tag`, only the lines that change are rewritten (`draft`, and `date` on publish); the file
is replaced atomically, or left alone when there is nothing to do.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.model import parse_day

from .app import app, session
from .complete import Slug
from .editing import readable, writable_file


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
    rel = writable_file(s, ident)
    site = s.config.site

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or not parsed.article.draft:
            return text
        from actueel_cli.fmedit import set_scalar

        keys = parsed.keys or {}
        if "draft" in keys and parsed.metadata and parsed.metadata[keys["draft"]] is True:
            text = set_scalar(text, keys["draft"], False)
        if "published" in keys:  # `published: false` (Jekyll, Hexo)
            text = set_scalar(text, keys["published"], True)
        if keep_date:
            return text
        return set_scalar(text, keys.get("date", site.keys("date")[0]), day.isoformat())

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
    rel = writable_file(s, ident)
    site = s.config.site

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or parsed.article.draft:
            return text
        from actueel_cli.fmedit import set_scalar

        keys = parsed.keys or {}
        if site.rules.published_key and "draft" not in keys:  # Jekyll has no `draft` key
            return set_scalar(text, "published", False)
        return set_scalar(text, keys.get("draft", site.keys("draft")[0]), True)

    if s.archive.edit(rel, change):
        render.note(f"Unpublished {rel}: it is a draft now")
    else:
        render.note(f"{rel} is already a draft; nothing changed")
