"""`next` and `prev`: read the archive in order, like the links at the foot of the page."""

from __future__ import annotations

from typing import Annotated

import typer

from actueel_cli.errors import EndOfArchive, NotFound
from actueel_cli.model import Article, clean_tag
from actueel_cli.store import Catalog, load_last_shown

from .app import Session, app, session
from .common import ShowFormat, show_article
from .complete import complete_slug, complete_tag

Ident = Annotated[
    str | None,
    typer.Argument(
        metavar="[SLUG]",
        help="Step from this article (default: the one last shown).",
        autocompletion=complete_slug,
    ),
]
Tag = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Walk only articles with this tag.", autocompletion=complete_tag
    ),
]
Raw = Annotated[bool, typer.Option("--raw", help="Print the file as it is.")]
Format = Annotated[
    ShowFormat | None, typer.Option("--format", "-f", help="page (default) or json.")
]


@app.command("next")
def next_article(
    ctx: typer.Context,
    ident: Ident = None,
    tag: Tag = None,
    raw: Raw = False,
    output: Format = None,
) -> None:
    """Show the newer neighbour ("Volgend artikel") of an article.

    Example: actueel show burgemeesters-over-veiligheid, then actueel next
    """
    _step(session(ctx), ident, tag, raw, output, newer=True)


@app.command("prev")
def prev_article(
    ctx: typer.Context,
    ident: Ident = None,
    tag: Tag = None,
    raw: Raw = False,
    output: Format = None,
) -> None:
    """Show the older neighbour ("Vorig artikel") of an article.

    Example: actueel prev burgemeesters-over-veiligheid --tag ondermijning
    """
    _step(session(ctx), ident, tag, raw, output, newer=False)


def _step(
    s: Session, ident: str | None, tag: str | None, raw: bool, fmt: ShowFormat | None, newer: bool
) -> None:
    wanted = clean_tag(tag) if tag is not None else None
    catalog = s.catalog()
    current = _current(s, catalog, ident)
    older, newer_one = catalog.neighbours(current, s.today, wanted)
    target = newer_one if newer else older
    if target is None:
        which = "newest" if newer else "oldest"
        among = f" with tag {wanted!r}" if wanted else ""
        raise EndOfArchive(
            f"{current.slug} is the {which} published article{among}; "
            f"there is no {'newer' if newer else 'older'} one"
        )
    show_article(s, target, catalog, raw, fmt)


def _current(s: Session, catalog: Catalog, ident: str | None) -> Article:
    if ident is not None:
        return catalog.find(ident)
    last = load_last_shown(s.state, s.config.articles_dir)
    if last is None:
        raise NotFound("no article shown yet; give a slug, e.g. actueel next burgemeesters")
    article = catalog.at(last)
    if article is not None:
        return article
    raise NotFound(f"the article last shown ({last}) is no longer there; give a slug")
