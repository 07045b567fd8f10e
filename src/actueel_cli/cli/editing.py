"""`edit` and `path`: open an article in the user's editor, or name its file for other tools."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Sequence

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError, ArticleProblem, ConfigError
from actueel_cli.generators import Site
from actueel_cli.model import Problem
from actueel_cli.parse import Parsed, parse

from .app import Session, app, session
from .complete import Slug

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")


def editor_command(env: dict[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR (either may hold arguments, e.g. `code --wait`), else an editor
    found on PATH (notepad on Windows)."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                command = shlex.split(value, posix=os.name != "nt")
            except ValueError:
                raise ConfigError(f"${name} is not a valid command: {value!r}") from None
            if command:
                return command
    if os.name == "nt":
        return ["notepad"]
    for candidate in FALLBACK_EDITORS:
        if shutil.which(candidate):
            return [candidate]
    raise ConfigError("no editor found; set $EDITOR, e.g. export EDITOR=nano")


def edit_file(s: Session, rel: str) -> None:
    """Open the article in the editor, then read it again and report its problems as `check`
    does. A broken article is reported (exit 1), never repaired."""
    archive = s.archive
    path = archive.root / rel
    before = archive.read_bytes(rel)
    command = editor_command(s.env)
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError as err:
        raise ConfigError(
            f"cannot start the editor {command[0]!r}: {err.strerror}; set $VISUAL or $EDITOR"
        ) from None
    after = archive.read_bytes(rel)
    parsed = parse(after, rel, archive.site)
    problems = parsed.problems
    name = parsed.article.slug if parsed.article is not None else archive.slug(rel)
    for problem in problems:
        render.note(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    if done.returncode != 0:
        raise ActueelError(f"the editor {command[0]!r} exited with status {done.returncode}")
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise ArticleProblem(
            f"{rel} has {len(errors)} {noun}; run `actueel edit {name}` again to fix it"
        )
    render.note(f"{'Saved' if after != before else 'No changes to'} {rel}")


def locate_file(s: Session, ident: str) -> str:
    """The file a name means (identity.resolve), readable or not: `edit` and `path` open a
    broken article too."""
    scan = s.scan()
    path, _ = scan.resolve(ident)
    scan.done()
    return path


def writable_file(s: Session, ident: str) -> str:
    """The file a name means, for a command that writes it (`tag`, `publish`): refused when the
    file has errors, naming the first; never another file in its place."""
    scan = s.scan()
    path, _ = scan.resolve(ident)
    errors = scan.errors_of(path)
    scan.done()
    if errors:
        raise refused(path, errors)
    return path


def refused(rel: str, errors: Sequence[Problem]) -> ArticleProblem:
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ArticleProblem(
        f"{errors[0]}{more}; nothing was changed: fix it first with `actueel edit {rel}`"
    )


def readable(text: str, rel: str, site: Site) -> Parsed:
    """The file's text read as an article, for an edit: refused (ArticleProblem) when it has
    errors, as they are now (the file may have changed since the command looked)."""
    parsed = parse(text.encode("utf-8"), rel, site)
    errors = [p for p in parsed.problems if p.severity == "error"]
    if errors or parsed.article is None:
        raise refused(rel, errors or list(parsed.problems))
    return parsed


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
