"""What several commands share: the forms of their output (`--format`), the file a name means
(for reading or for writing), showing one article (`show`, `next`, `prev`), and opening one in
the editor (`new --edit`, `edit`)."""

from __future__ import annotations

import sys
from enum import StrEnum

from actueel_cli import render
from actueel_cli.errors import ActueelError, ArticleProblem
from actueel_cli.model import Article
from actueel_cli.parse import parse
from actueel_cli.store import Catalog, save_last_shown

from .app import Session

# --- the forms of each command's output: `render.emit` prints them ---------------------------


class ListFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


class TableFormat(StrEnum):
    """`tag list` and `check`: a table, plain lines or JSON."""

    table = "table"
    plain = "plain"
    json = "json"


class StatsFormat(StrEnum):
    chart = "chart"
    plain = "plain"
    json = "json"


class ShowFormat(StrEnum):
    page = "page"
    json = "json"


# --- which file a name means -------------------------------------------------------------------


def locate_file(s: Session, ident: str) -> str:
    """The file a name means (identity.resolve), readable or not: `edit` and `path` open a
    broken article too."""
    catalog = s.catalog()
    path = catalog.file(ident)
    catalog.done()
    return path


def writable_file(s: Session, ident: str) -> str:
    """The file a name means, for a command that writes it (`tag`, `publish`): refused when the
    file has errors, naming the first; never another file in its place."""
    catalog = s.catalog()
    path = catalog.file(ident)
    errors = catalog.errors_of(path)
    catalog.done()
    if errors:
        from actueel_cli.changes import refused  # start-up: it loads fmedit, for edits only

        raise refused(path, errors)
    return path


# --- one article ---------------------------------------------------------------------------------


def show_article(
    s: Session,
    article: Article,
    catalog: Catalog,
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
        older, newer = catalog.neighbours(article, s.today)
        if fmt is not ShowFormat.json:  # JSON gives the body as written
            from actueel_cli.markup import link_title, prepare  # start-up: only pages need it

            # the site's template language, its links between articles titled as they are
            body = prepare(body, s.config.generator, lambda t: link_title(t, catalog.named))
        catalog.done()

        def record() -> object:
            found = render.article_dict(article, s.today)
            found.update(body=body, previous=_slug(older), next=_slug(newer))
            return found

        render.emit(
            fmt or ShowFormat.page,
            picture=lambda: render.article_page(
                article, body, older, newer, s.config.locale, s.today
            ),
            data=record,
            pager=pager,
        )
    # where `next` and `prev` step from: kept in the user's state folder, per articles folder
    save_last_shown(s.state, s.config.articles_dir, article.path)


def _slug(article: Article | None) -> str | None:
    return article.slug if article else None


def edit_file(s: Session, rel: str) -> None:
    """Open the article in the editor, then read it again and report its problems as `check`
    does. A broken article is reported (exit 1), never repaired."""
    archive = s.archive
    before = archive.read_bytes(rel)
    command = render.editor_command(s.env)
    status = render.run_editor(command, str(archive.root / rel))
    after = archive.read_bytes(rel)
    parsed = parse(after, rel, archive.site)
    problems = parsed.problems
    name = parsed.article.slug if parsed.article is not None else archive.slug(rel)
    for problem in problems:
        render.note(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    if status != 0:
        raise ActueelError(f"the editor {command[0]!r} exited with status {status}")
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise ArticleProblem(
            f"{rel} has {len(errors)} {noun}; run `actueel edit {name}` again to fix it"
        )
    render.note(f"{'Saved' if after != before else 'No changes to'} {rel}")
