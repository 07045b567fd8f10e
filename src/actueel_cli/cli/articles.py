"""`init`, `new`, `list` and `show`."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
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
    slug_key,
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
    import tomli_w

    if front_matter not in (None, "yaml", "toml"):
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
    if front_matter is None and chosen == "actueel":
        front_matter = "yaml"  # a site's own archive: `new` writes what most of it uses
    settings = {"articles_dir": articles_dir, "author": author or _git_author() or "",
                "locale": locale, "front_matter": front_matter, "generator": chosen,
                # for `build`: the site's folder, title and address (empty: none yet)
                "output_dir": "public", "site_title": "Actueel",
                "base_url": base_url or ""}  # fmt: skip
    settings = {key: value for key, value in settings.items() if value is not None}
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
    wanted = Wanted(
        title=title,
        slug=slug,
        day=parse_day(when) if when is not None else s.today,
        author=_checked_text("author", author, empty_ok=True) if author is not None else None,
        tags=_unique_tags(tag or []),
        image=_checked_text("image", image) if image is not None else None,
        draft=draft,
    )
    refuse_taken(s, slug)
    rel = new_path(s, slug, wanted.day)
    path = s.archive.create(rel, new_text(s, wanted, rel))
    print(shown_path(path), flush=True)
    if edit:
        from .editing import edit_file

        edit_file(s, rel)


# `new`'s use case, in a few functions: where the article goes (the site's layout), what it
# starts from (the generator's template, _template.md, or nothing) and what it says.


@dataclass(frozen=True)
class Wanted:
    """What `new` was asked for (None: not given, so the settings and templates decide)."""

    title: str
    slug: str
    day: date
    author: str | None
    tags: list[str]
    image: str | None
    draft: bool


def refuse_taken(s: Session, slug: str) -> None:
    """Refuse a slug the site already publishes an article under (its slug key, its bundle's
    folder, its file name without the date), readable or not: identity decides."""
    scan = s.scan()
    taken = scan.taken(slug)
    scan.done()
    if taken:
        raise AlreadyExists(
            f"an article with slug {slug!r} exists: {shown_path(s.archive.root / taken[0])}; "
            "give another with --slug"
        )


def new_path(s: Session, slug: str, day: date) -> str:
    """Where the article goes in the articles folder: `new_path` in actueel.toml, else the
    layout most of the archive has (layout.detect)."""
    from actueel_cli.layout import detect, path_for

    rules = s.config.site.rules
    pattern = s.config.new_path or detect(s.archive.names(), rules.dated_names_only)
    return path_for(pattern, slug, day)


def new_text(s: Session, wanted: Wanted, rel: str) -> str:
    """The new file: from the generator's own template where the site has one (Hugo's
    archetypes, Hexo's scaffolds), else from _template.md or nothing."""
    from actueel_cli.store.templates import generator_template

    found = generator_template(s.config.articles_dir, s.config.generator)
    if found is not None:
        return _from_generator_template(s, wanted, rel, *found)
    return _from_fields(s, wanted, rel)


def _slug_key_needed(s: Session, wanted: Wanted, rel: str) -> bool:
    """Whether the file needs a `slug:` key for the site to publish it under the slug (Hugo
    names `2017-07-07-x.md` by its whole name)."""
    from actueel_cli.identity import slug_of

    rules = s.config.site.rules
    return rules.slug_key and slug_key(slug_of(rel, rules)) != slug_key(wanted.slug)


def _from_fields(s: Session, wanted: Wanted, rel: str, body: str | None = None) -> str:
    """Front matter made here, with _template.md's defaults and body where there is one (or
    `body`, a generator's template without front matter); in the format most of the archive
    uses unless actueel.toml (or the template) says."""
    archive = s.archive
    site = s.config.site
    template = _template(archive) if body is None else None
    if template is not None and s.config.generator in ("hugo", "eleventy"):
        render.note(f"{site.name} publishes _template.md as a page of the site; "
                    + ("move it to archetypes/default.md" if s.config.generator == "hugo"
                       else "keep it outside the posts folder"))  # fmt: skip
    defaults: dict[str, Any] = dict(template.metadata or {}) if template else {}
    # the site's own keys, where `[fields]` names them: the new file is read as the others are
    mapped = s.config.fields
    defaults = {_field_of(key, mapped): value for key, value in defaults.items()}
    metadata: dict[str, Any] = {"title": wanted.title, "date": wanted.day}
    author = (
        wanted.author
        if wanted.author is not None
        else s.config.author or _str(defaults.get("author")) or _git_author()
    )
    if author:  # no empty author entry when none is known
        metadata["author"] = author
    defaults.pop("author", None)
    metadata["tags"] = _unique_tags([*_str_list(defaults.get("tags")), *wanted.tags])
    chosen_image = wanted.image if wanted.image is not None else _str(defaults.get("image"))
    if chosen_image:
        metadata["image"] = _checked_text("image", chosen_image)
    if site.rules.published_key and "draft" not in defaults:  # Jekyll and Hexo
        if wanted.draft or defaults.get("published") is False:
            metadata["published"] = False
    else:
        metadata["draft"] = wanted.draft or defaults.get("draft") is True
    if _slug_key_needed(s, wanted, rel):
        metadata["slug"] = wanted.slug
    for key, value in defaults.items():
        metadata.setdefault(key, value)
    metadata = {mapped.get(key, key): value for key, value in metadata.items()}
    from actueel_cli.handlers import dumps

    fm_format = (
        (template.fm_format if template else None)
        or s.config.front_matter
        or _usual_format(s)
        or "yaml"
    )
    return dumps(metadata, template.body if template else body or "", fm_format)


def _usual_format(s: Session) -> str | None:
    from actueel_cli.store.templates import usual_format

    return usual_format(s.archive, s.archive.names())


def _from_generator_template(s: Session, wanted: Wanted, rel: str, path: Path, text: str) -> str:
    """The generator's template filled as the generator fills it (archetype.fill), then the
    article's fields written into it with fmedit, so that the rest stays as the site wrote it."""
    from actueel_cli.archetype import Filling, fill
    from actueel_cli.dateform import moment
    from actueel_cli.errors import UnsafeEdit

    generator = s.config.generator
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    now = datetime.now().astimezone()
    at = moment(wanted.day, now, now.tzinfo)
    filling = Filling(
        title=wanted.title,
        name=folder.rsplit("/", 1)[-1] if stem == "index" and folder else stem,
        file_name=stem,
        date=at.isoformat(timespec="seconds") if generator == "hugo" else f"{at:%Y-%m-%d %H:%M:%S}",
    )
    filled, left = fill(text, filling, generator)
    for action in left:
        render.note(f"{shown_path(path)}: {action.strip()} is left as written; fill it in")
    if not filled.lstrip("\ufeff").startswith(("---", "+++")):  # a template of a body only
        return _from_fields(s, wanted, rel, body=filled)
    try:
        return _fill_fields(s, wanted, rel, filled)
    except UnsafeEdit as err:
        raise ConfigError(f"{shown_path(path)}: {err}") from None


def _fill_fields(s: Session, wanted: Wanted, rel: str, text: str) -> str:
    """`text` (a filled template) with the article's title, date, author, tags, image and
    draft mark written in, each under the key the template or the site spells it."""
    from actueel_cli.fmedit import get_list, get_scalar, keys, set_list, set_scalar

    site = s.config.site
    present = keys(text)

    def spelled(field: str) -> str | None:
        for key in site.keys(field):
            for written in present:
                if written == key or (site.rules.ignore_case and written.lower() == key.lower()):
                    return written
        return None

    def key_for(field: str) -> str:
        return spelled(field) or site.keys(field)[0]

    text = set_scalar(text, key_for("title"), wanted.title)
    if spelled("date") is None:
        text = set_scalar(text, key_for("date"), wanted.day.isoformat())
    template_author = get_scalar(text, spelled("author") or key_for("author"))
    author = wanted.author if wanted.author is not None else s.config.author
    if author is None and not template_author:
        author = _git_author()
    if author:
        text = set_scalar(text, key_for("author"), author)
    if wanted.tags:
        string_as = site.rules.tag_text
        old = get_list(text, key_for("tags"), string_as) or []
        text = set_list(text, key_for("tags"), _unique_tags([*old, *wanted.tags]), string_as)
    if wanted.image is not None:
        text = set_scalar(text, key_for("image"), wanted.image)
    if wanted.draft:
        if site.rules.published_key and spelled("draft") is None:
            text = set_scalar(text, "published", False)
        else:
            text = set_scalar(text, key_for("draft"), True)
    if _slug_key_needed(s, wanted, rel):
        text = set_scalar(text, "slug", wanted.slug)
    return text


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
