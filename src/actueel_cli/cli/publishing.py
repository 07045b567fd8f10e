"""`publish` and `unpublish`: turn a draft into a published article and back.

Each writes the mark the site's generator reads (Hugo, Astro, Eleventy: `draft: true`; Jekyll and
Hexo: `published: false`), in the file's own format and spelling; `publish` drops that mark
again, so that `unpublish` then `publish --keep-date` gives back the same bytes, and writes the
date in the form the file already uses. Like `tag`, only those lines change; the file is
replaced atomically, or left alone when there is nothing to do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.generators import Site
from actueel_cli.model import parse_day
from actueel_cli.parse import Parsed

from .app import app, session
from .complete import Slug
from .editing import readable, writable_file


def published_text(text: str, parsed: Parsed, site: Site) -> str:
    """The text without its draft marks: `draft: true` and `published: false` are dropped (a
    generator publishes what carries neither); where a comment on the line would go with it,
    the value is turned instead."""
    from actueel_cli.fmedit import remove_scalar, set_scalar

    keys = parsed.keys or {}
    marks = []
    if "draft" in keys and parsed.metadata and parsed.metadata[keys["draft"]] is True:
        marks.append((keys["draft"], False))
    if "published" in keys:  # `published: false` (Jekyll, Hexo)
        marks.append((keys["published"], True))
    for key, value in marks:
        without = remove_scalar(text, key)
        text = without if without is not None else set_scalar(text, key, value)
    return text


def dated_text(text: str, parsed: Parsed, site: Site, day: date, now: datetime) -> str:
    """The text dated `day`, written in the form its date already has (a date-time stays a
    date-time in its zone, Jekyll's `2026-07-16 05:08:11 +0000` keeps its spaces); a file
    without a date key gets one, `YYYY-MM-DD`."""
    from actueel_cli.dateform import restyle
    from actueel_cli.fmedit import get_scalar, set_scalar

    key = (parsed.keys or {}).get("date", site.keys("date")[0])
    written = get_scalar(text, key)
    return set_scalar(text, key, restyle(written or "", day, now))


def draft_text(text: str, parsed: Parsed, site: Site) -> str:
    """The text marked as a draft the way the generator reads it: `draft: true` (set where the
    file has a draft key, added after the other keys where it has none); for Jekyll and Hexo,
    which read `published: false`, that instead, unless the file already has a draft key."""
    from actueel_cli.fmedit import keys as keys_of
    from actueel_cli.fmedit import set_scalar

    keys = parsed.keys or {}
    if site.rules.published_key and "draft" not in keys:
        spelled = [k for k in keys_of(text) if k == "published"]
        return set_scalar(text, spelled[0] if spelled else "published", False)
    return set_scalar(text, keys.get("draft", site.keys("draft")[0]), True)


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
    s = session(ctx)
    day = parse_day(when) if when is not None else s.today
    rel = writable_file(s, ident)
    site = s.config.site

    now = datetime.now().astimezone()

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or not parsed.article.draft:
            return text
        text = published_text(text, parsed, site)
        return text if keep_date else dated_text(text, parsed, site, day, now)

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
    s = session(ctx)
    rel = writable_file(s, ident)
    site = s.config.site

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or parsed.article.draft:
            return text
        return draft_text(text, parsed, site)

    if s.archive.edit(rel, change):
        render.note(f"Unpublished {rel}: it is a draft now")
    else:
        render.note(f"{rel} is already a draft; nothing changed")
