"""`init`, `new`, `list` and `show`."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.errors import InvalidInput
from actueel_cli.generators import GENERATORS, NAMES
from actueel_cli.model import (
    Filter,
    check_slug,
    checked_text,
    clean_tag,
    heading,
    make_slug,
    parse_day,
    unique_tags,
)
from actueel_cli.store import detect_generator, git_author, shown_path

from .app import app, session
from .common import ListFormat, ShowFormat, edit_file, show_article
from .complete import Slug, complete_tag


class SortOrder(StrEnum):
    by_date = "date"
    by_title = "title"  # (`title` would hide str.title)
    by_author = "author"
    by_updated = "updated"


# --- init ----------------------------------------------------------------------------------


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The site folder to set up.")] = Path("."),
    author: Annotated[str | None, typer.Option(help="Default author for new articles.")] = None,
    locale: Annotated[str, typer.Option(help="Language of dates and page labels.")] = "nl",
    front_matter: Annotated[
        str | None,
        typer.Option(
            "--front-matter",
            help="Front matter of new articles: yaml or toml (default: as most of the archive).",
        ),
    ] = None,
    articles_dir: Annotated[
        str | None,
        typer.Option(
            "--articles-dir",
            help="The articles folder (default: the site's posts folder, else articles).",
        ),
    ] = None,
    generator: Annotated[
        str | None,
        typer.Option(
            help="The site's generator: hugo, jekyll, hexo, eleventy, astro or actueel "
            "(default: detected from the site's files)."
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", metavar="URL", help="The site's address, for `build`'s feed."),
    ] = None,
) -> None:
    """Create an actueel.toml, and the articles folder if it is not there.

    Inside a Hugo, Jekyll, Hexo, Eleventy or Astro site it writes the generator it detects and
    points at the site's posts folder (content/posts, _posts, source/_posts, ...).

    Example: actueel init --author "Ries van Dam"
    """
    # start-up: only `init` and `new` load store.create (fmedit, the archetypes, tomli_w)
    from actueel_cli.store.create import new_site, no_settings_yet, posts_folder

    if front_matter not in (None, "yaml", "toml"):
        raise InvalidInput("--front-matter must be yaml or toml")
    if generator is not None and generator not in GENERATORS:
        raise InvalidInput(f"--generator must be one of {', '.join(GENERATORS)}")
    config = no_settings_yet(path)
    if base_url:
        from actueel_cli.site.plan import base_url as checked_url  # start-up: only --base-url

        base_url = checked_url(base_url)
    detected, told_by = detect_generator(path)
    chosen = generator or detected
    if articles_dir is None:
        articles_dir = posts_folder(path, chosen)
    if front_matter is None and chosen == "actueel":
        front_matter = "yaml"  # a site's own archive: `new` writes what most of it uses
    settings = {"articles_dir": articles_dir, "author": author or git_author() or "",
                "locale": locale, "front_matter": front_matter, "generator": chosen,
                # for `build`: the site's folder, title and address (empty: none yet)
                "output_dir": "public", "site_title": "Actueel",
                "base_url": base_url or ""}  # fmt: skip
    settings = {key: value for key, value in settings.items() if value is not None}
    if generator is None and told_by is not None:
        render.note(f"Detected a {NAMES[chosen]} site ({shown_path(told_by)})")
    folder = path / articles_dir
    if new_site(path, settings):
        render.note(f"Created {config} and {folder}/")
    else:
        render.note(f"Created {config}; the articles are in {folder}/")


# --- new -----------------------------------------------------------------------------------


@app.command()
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The article's title.")],
    author: Annotated[str | None, typer.Option(help="Default: actueel.toml, then git.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat.")] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today.")
    ] = None,
    image: Annotated[str | None, typer.Option(help="Path of the header photo.")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Mark it as a draft.")] = False,
    slug: Annotated[
        str | None, typer.Option(help="File name, instead of one from the title.")
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", "-e", help="Then open it in your editor ($VISUAL, $EDITOR).")
    ] = False,
) -> None:
    """Create an article and print its path. Never overwrites one.

    Example: actueel new "Burgemeesters over veiligheid" --tag veiligheid --edit
    """
    from actueel_cli.store.create import Wanted, new_article  # start-up: only `new` needs it

    s = session(ctx)
    title = checked_text("title", title)
    slug = check_slug(slug) if slug is not None else make_slug(title)
    wanted = Wanted(
        title=title,
        slug=slug,
        day=parse_day(when) if when is not None else s.today,
        author=checked_text("author", author, empty_ok=True) if author is not None else None,
        tags=unique_tags(tag or []),
        image=checked_text("image", image) if image is not None else None,
        draft=draft,
    )
    rel = new_article(
        s.archive, s.config, s.catalog(), wanted, datetime.now().astimezone(), render.note
    )
    print(shown_path(s.archive.root / rel), flush=True)
    if edit:
        edit_file(s, rel)


# --- list ----------------------------------------------------------------------------------


@app.command("list")
def list_articles(
    ctx: typer.Context,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", help="Only with this tag; repeat for AND.", autocompletion=complete_tag
        ),
    ] = None,
    author: Annotated[str | None, typer.Option(help="Only by this author.")] = None,
    year: Annotated[int | None, typer.Option(help="Only from this year.")] = None,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="From this day.")] = None,
    until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="To this day.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Words in title or body.")
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include drafts.")] = False,
    expired: Annotated[
        bool, typer.Option("--expired", help="Include expired articles (Hugo's expiryDate).")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, max=sys.maxsize, help="Show at most N.")
    ] = None,
    output: Annotated[
        ListFormat | None,
        typer.Option("--format", "-f", help="Default: table on a terminal, plain when piped."),
    ] = None,
    sort: Annotated[
        SortOrder,
        typer.Option(
            "--sort", help="date (newest first), title, author (A-Z), updated (latest edit first)."
        ),
    ] = SortOrder.by_date,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page a long table through $PAGER.")
    ] = False,
) -> None:
    """List articles, newest first (or --sort title, author, updated).

    On a terminal, a table longer than the screen goes through the pager ($PAGER, less).

    Example: actueel list --tag ondermijning --sort title
    """
    s = session(ctx)
    today = s.today  # a bad --clock or $ACTUEEL_TODAY is an error whatever the output
    wanted_tags = tuple(clean_tag(t) for t in tag or [])
    since_day = parse_day(since) if since else None
    until_day = parse_day(until) if until else None
    catalog = s.catalog()
    render.problems_brief(catalog.problems, len(catalog.broken()))
    found = catalog.search(search) if search is not None else None
    rules = Filter(wanted_tags, author, year, since_day, until_day, drafts,
                   frozenset(found) if found is not None else None, expired, today)  # fmt: skip
    fmt = render.form(output)
    if fmt == "plain" and sort is SortOrder.by_date:  # what scripts ask, at any size
        headings = catalog.headings(rules, not reverse, limit)
        catalog.done()
        render.emit(fmt, lines=lambda: render.plain_lines(headings))
        return
    shown, total = catalog.listed(rules, sort.value, not reverse, limit, count=fmt == "table")
    catalog.done()
    too_long = render.emit(
        fmt,
        picture=lambda: render.article_table(shown, today),
        lines=lambda: render.plain_lines(map(heading, shown)),
        data=lambda: [render.article_dict(a, today) for a in shown],
        csv=lambda: render.csv_text(shown, today),
        pager=not no_pager,
    )
    if fmt == "table":
        more = f" (of {total})" if len(shown) < total else ""
        render.note(f"{len(shown)} article{'s' if len(shown) != 1 else ''}{more}")
        if too_long:
            render.note("Too many to read? Narrow with --limit N, --tag, --year or --search")


# --- show ----------------------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    ident: Slug,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file as it is.")] = False,
    output: Annotated[
        ShowFormat | None, typer.Option("--format", "-f", help="page (default) or json.")
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page a long article through $PAGER.")
    ] = False,
) -> None:
    """Show one article as the published page lays it out.

    On a terminal, an article longer than the screen goes through the pager ($PAGER, less).

    Example: actueel show burgemeesters-over-veiligheid
    """
    s = session(ctx)
    catalog = s.catalog()
    article = catalog.find(ident)  # a file that cannot be read: what is wrong with it
    show_article(s, article, catalog, raw, output, pager=not no_pager)
