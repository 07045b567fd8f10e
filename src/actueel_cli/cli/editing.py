"""`edit` and `path`: open an article in the user's editor, or name its file for other tools."""

from __future__ import annotations

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError, ArticleProblem
from actueel_cli.parse import parse

from .app import Session, app, session
from .complete import Slug


def edit_file(s: Session, rel: str) -> None:
    """Open the article in the editor, then read it again and report its problems as `check`
    does. A broken article is reported (exit 1), never repaired."""
    archive = s.archive
    path = archive.root / rel
    before = archive.read_bytes(rel)
    command = render.editor_command(s.env)
    status = render.run_editor(command, str(path))
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


def locate_file(s: Session, ident: str) -> str:
    """The file a name means (identity.resolve), readable or not: `edit` and `path` open a
    broken article too."""
    catalog = s.catalog()
    path, _ = catalog.resolve(ident)
    catalog.done()
    return path


def writable_file(s: Session, ident: str) -> str:
    """The file a name means, for a command that writes it (`tag`, `publish`): refused when the
    file has errors, naming the first; never another file in its place."""
    catalog = s.catalog()
    path, _ = catalog.resolve(ident)
    errors = catalog.errors_of(path)
    catalog.done()
    if errors:
        from actueel_cli.changes import refused  # start-up: it loads fmedit, for edits only

        raise refused(path, errors)
    return path


@app.command()
def edit(
    ctx: typer.Context,
    ident: Slug,
) -> None:
    """Open an article in your editor ($VISUAL, $EDITOR), then check it.

    Afterwards the file is read again and its problems are reported as `check` does: a broken
    article gives exit code 1 and is left exactly as the editor wrote it.

    Example: actueel edit burgemeesters-over-veiligheid
    """
    s = session(ctx)
    edit_file(s, locate_file(s, ident))


@app.command()
def path(
    ctx: typer.Context,
    ident: Slug,
) -> None:
    """Print the path of an article's file, for other tools.

    Example: actueel path burgemeesters-over-veiligheid
    """
    s = session(ctx)
    render.print_lines([render.one_line(str(s.archive.root / locate_file(s, ident)), name=True)])
