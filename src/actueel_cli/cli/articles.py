"""`init`, `new`, `list` and `show`."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from actueel_cli import render
from actueel_cli.errors import (
    AlreadyExists,
    ArticleProblem,
    ConfigError,
    InvalidInput,
)
from actueel_cli.generators import GENERATORS, NAMES
from actueel_cli.model import (
    Article,
    Filter,
    check_slug,
    clean_tag,
    fold,
    heading,
    make_slug,
    parse_day,
)
from actueel_cli.store import CONFIG_NAME, Archive, Scan, detect_generator

from .app import Session, app, session, stdout_is_terminal
from .complete import Slug, complete_tag


class ListFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


class SortOrder(StrEnum):
    by_date = "date"
    by_title = "title"  # (`title` would hide str.title)
    by_author = "author"
    by_updated = "updated"


class ShowFormat(StrEnum):
    page = "page"
    json = "json"


# --- init ----------------------------------------------------------------------------------


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The site folder to set up.")] = Path("."),
    author: Annotated[str | None, typer.Option(help="Default author for new articles.")] = None,
    locale: Annotated[str, typer.Option(help="Language of dates and page labels.")] = "nl",
    front_matter: Annotated[
        str, typer.Option("--front-matter", help="Front matter of new articles: yaml or toml.")
    ] = "yaml",
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
    import tomli_w

    if front_matter not in ("yaml", "toml"):
        raise InvalidInput("--front-matter must be yaml or toml")
    if generator is not None and generator not in GENERATORS:
        raise InvalidInput(f"--generator must be one of {', '.join(GENERATORS)}")
    config = path / CONFIG_NAME
    if config.exists():
        raise AlreadyExists(f"{config} already exists; edit it, or remove it to start again")
    if base_url:
        from actueel_cli.site.plan import base_url as checked_url

        base_url = checked_url(base_url)
    detected, told_by = detect_generator(path)
    chosen = generator or detected
    if articles_dir is None:
        articles_dir = next(
            (name for name in POSTS_FOLDERS.get(chosen, ()) if (path / name).is_dir()), "articles"
        )
    settings = {"articles_dir": articles_dir, "author": author or _git_author() or "",
                "locale": locale, "front_matter": front_matter, "generator": chosen,
                # for `build`: the site's folder, title and address (empty: none yet)
                "output_dir": "public", "site_title": "Actueel",
                "base_url": base_url or ""}  # fmt: skip
    if generator is None and told_by is not None:
        render.note(f"Detected a {NAMES[chosen]} site ({shown_path(told_by)})")
    folder = path / articles_dir
    made = [f for f in (folder, *folder.parents) if not f.exists()]  # the folders it creates
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _remove(made)
        raise ConfigError(f"cannot create {folder}: {err.strerror}") from None
    try:
        Archive(path, None).create(CONFIG_NAME, tomli_w.dumps(settings))
    except BaseException:  # a failed or interrupted init leaves nothing behind
        _remove(made)
        raise
    if made:
        render.note(f"Created {config} and {folder}/")
    else:
        render.note(f"Created {config}; the articles are in {folder}/")


# Where each generator's sites usually keep their posts, relative to the site: `init` takes the
# first that exists.
POSTS_FOLDERS = {
    "hugo": ("content/posts", "content/post", "content/blog", "content/news", "content/nieuws",
             "content/actueel"),
    "jekyll": ("_posts",),
    "hexo": ("source/_posts",),
    "eleventy": ("posts", "blog", "src/posts", "src/blog", "content/blog", "src/content/blog"),
    "astro": ("src/content/blog", "src/content/posts", "src/content/news", "src/content/post"),
}  # fmt: skip


def _remove(folders: list[Path]) -> None:
    """Remove the folders init made (innermost first), if they are still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


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
    s = session(ctx)
    title = _checked_text("title", title)
    slug = check_slug(slug) if slug is not None else make_slug(title)
    day = parse_day(when) if when is not None else s.today
    tags = _unique_tags(tag or [])
    archive = s.archive
    # the names the site uses (slug keys, file names), readable files or not: identity decides
    scan = s.scan()
    taken = scan.taken(slug)
    scan.done()
    if taken:
        raise AlreadyExists(
            f"an article with slug {slug!r} exists: {shown_path(archive.root / taken[0])}; "
            "give another with --slug"
        )
    template = _template(archive)
    defaults: dict[str, Any] = dict(template.metadata or {}) if template else {}
    # the site's own keys, where `[fields]` names them: the new file is read as the others are
    mapped = s.config.fields
    defaults = {_field_of(key, mapped): value for key, value in defaults.items()}
    metadata: dict[str, Any] = {
        "title": title,
        "date": day,
        "author": _checked_text("author", author, empty_ok=True)
        if author is not None
        else s.config.author or _str(defaults.get("author")) or _git_author() or "",
        "tags": _unique_tags([*_str_list(defaults.get("tags")), *tags]),
    }
    chosen_image = image if image is not None else _str(defaults.get("image"))
    if chosen_image:
        metadata["image"] = _checked_text("image", chosen_image)
    metadata["draft"] = draft or defaults.get("draft") is True
    for key, value in defaults.items():
        metadata.setdefault(key, value)
    metadata = {mapped.get(key, key): value for key, value in metadata.items()}
    from actueel_cli.handlers import dumps

    fm_format = template.fm_format if template and template.fm_format else s.config.front_matter
    body = template.body if template else ""
    path = archive.create(f"{slug}.md", dumps(metadata, body, fm_format or "yaml"))
    print(shown_path(path), flush=True)
    if edit:
        from .editing import edit_file

        edit_file(s, f"{slug}.md")


def _field_of(key: str, mapped: dict[str, str]) -> str:
    """actueel's name for a template key that `[fields]` maps (`categories` -> `tags`)."""
    return next((name for name, site_key in mapped.items() if site_key == key), key)


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _template(archive: Archive) -> Any:
    from actueel_cli.parse import Located, decode, load, split

    try:
        data = archive.template()  # never one that leads outside the articles folder
    except ArticleProblem as err:
        raise ConfigError(f"{err}; see `actueel check`") from None
    if data is None:
        return None
    try:
        text = decode(data, "_template.md")
        fm_format, fm_text, fm_line, body = split(text)
        metadata = load(fm_format, fm_text, fm_line)
    except Located as err:
        where = f":{err.line}" if err.line else ""
        raise ConfigError(f"_template.md{where}: {err.message}") from None
    from actueel_cli.parse import Parsed

    return Parsed(None, (), body, fm_format, metadata)


def _checked_text(what: str, value: str, empty_ok: bool = False) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"the {what} is not valid UTF-8 text") from None
    text = value.strip()
    if not text and not empty_ok:
        raise InvalidInput(f"the {what} is empty")
    if render.one_line(text) != text:  # one_line also turns tabs and line breaks into spaces
        raise InvalidInput(f"the {what} holds a line break, a tab or a control character")
    return text


def _unique_tags(raw: list[str]) -> list[str]:
    tags: list[str] = []
    for item in raw:
        tag = clean_tag(_checked_text("tag", item, empty_ok=True))
        if fold(tag) not in {fold(t) for t in tags}:
            tags.append(tag)
    return tags


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _str_list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _git_author() -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


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
    scan = s.scan()
    render.problems_brief(scan.problems, len(scan.broken()))
    found = scan.search(search) if search is not None else None
    rules = Filter(wanted_tags, author, year, since_day, until_day, drafts,
                   frozenset(found) if found is not None else None, expired, today)  # fmt: skip
    fmt = output or (ListFormat.table if stdout_is_terminal() else ListFormat.plain)
    if fmt is ListFormat.plain and sort is SortOrder.by_date:  # what scripts ask, at any size
        headings = scan.headings(rules, not reverse, limit)
        scan.done()
        render.print_lines(render.plain_lines(headings))
        return
    if sort is SortOrder.by_date:  # the store's own order: only the first `limit` are built
        shown, total = scan.select(rules, not reverse, limit, count=fmt is ListFormat.table)
    else:
        chosen = sorted_articles(scan.select(rules)[0], sort, scan.mtimes)
        if reverse:
            chosen.reverse()
        shown, total = chosen[:limit] if limit else chosen, len(chosen)
    scan.done()
    too_long = _print_list(shown, fmt, today, pager=not no_pager)
    if fmt is ListFormat.table:
        more = f" (of {total})" if len(shown) < total else ""
        render.note(f"{len(shown)} article{'s' if len(shown) != 1 else ''}{more}")
        if too_long:
            render.note("Too many to read? Narrow with --limit N, --tag, --year or --search")


def sorted_articles(
    newest: list[Article], order: SortOrder, mtimes: dict[str, int]
) -> list[Article]:
    """Articles given newest first, sorted (stably) by the chosen key: ties stay newest first."""
    found = list(newest)
    if order is SortOrder.by_title:
        found.sort(key=lambda a: fold(a.title))
    elif order is SortOrder.by_author:
        found.sort(key=lambda a: fold(a.author))
    elif order is SortOrder.by_updated:
        found.sort(key=lambda a: mtimes.get(a.path, 0), reverse=True)
    return found


def _print_list(articles: list[Article], fmt: ListFormat, today: date, pager: bool) -> bool:
    """Print the list; for a table, say whether it was taller than the screen."""
    if fmt is ListFormat.json:
        print(render.dump_json([render.article_dict(a, today) for a in articles]))
    elif fmt is ListFormat.csv:
        sys.stdout.write(render.csv_text(articles, today))
    elif fmt is ListFormat.plain:
        render.print_lines(render.plain_lines(map(heading, articles)))
    else:
        return render.print_paged(render.article_table(articles, today), pager)
    return False


# --- show ----------------------------------------------------------------------------------


def show_article(
    s: Session,
    article: Article,
    scan: Scan,
    raw: bool,
    fmt: ShowFormat | None,
    pager: bool = True,
) -> None:
    """Print one article as `show`, `next` and `prev` do, and remember it for `next`/`prev`."""
    archive = s.archive
    if raw:
        sys.stdout.buffer.write(archive.read_bytes(article.path))
        sys.stdout.flush()
    else:
        body = archive.body(article)
        older, newer = scan.neighbours(article, s.today)
        if fmt is not ShowFormat.json:  # JSON gives the body as written
            from actueel_cli.markup import prepare

            body = prepare(body, _generator(s), _link_titles(scan))
        scan.done()
        if fmt is ShowFormat.json:
            record = render.article_dict(article, s.today)
            record.update(body=body, previous=_slug(older), next=_slug(newer))
            print(render.dump_json(record))
        else:
            page = render.article_page(article, body, older, newer, s.config.locale, s.today)
            render.print_paged(page, pager)
    remember(s, article)


def _generator(s: Session) -> str:
    """The site's generator, whose template language `show` draws (actueel.toml's `generator`,
    else the one detected; "actueel" gets every pass)."""
    return s.config.generator


def _link_titles(scan: Scan) -> Callable[[str], str | None]:
    """For links between articles (`relref`, `post_url`): the linked article's title."""
    from actueel_cli.markup import link_title

    return lambda target: link_title(target, scan.named)


def _slug(article: Article | None) -> str | None:
    return article.slug if article else None


def remember(s: Session, article: Article) -> None:
    """Where `next` and `prev` step from: kept in the user's state folder, per articles folder."""
    from actueel_cli.store import save_last_shown

    save_last_shown(s.state, s.config.articles_dir, article.path)


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
    scan = s.scan()
    article = scan.find(ident)  # a file that cannot be read: what is wrong with it
    show_article(s, article, scan, raw, output, pager=not no_pager)
