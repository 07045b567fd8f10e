"""`edit` and `path`: open an article in the user's editor, or name its file for other tools."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError, ArticleProblem, ConfigError, NotFound
from actueel_cli.model import slug_key
from actueel_cli.parse import parse

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
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    problems = parse(after, rel, slug).problems
    for problem in problems:
        render.note(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    if done.returncode != 0:
        raise ActueelError(f"the editor {command[0]!r} exited with status {done.returncode}")
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise ArticleProblem(
            f"{rel} has {len(errors)} {noun}; run `actueel edit {slug}` again to fix it"
        )
    render.note(f"{'Saved' if after != before else 'No changes to'} {rel}")


def locate_file(s: Session, ident: str) -> str:
    """The file for a slug, prefix or path; also a broken article's, which `find` cannot see."""
    scan = s.scan()
    try:
        return scan.find(ident).path
    except NotFound:
        wanted = ident.strip().replace("\\", "/")
        key = slug_key(wanted.rsplit("/", 1)[-1].removesuffix(".md"))
        broken = sorted({p.path for p in scan.problems if p.path.endswith(".md")})
        exact = [p for p in broken if p == wanted or _slug_key_of(p) == key]
        if len(exact) == 1:
            return exact[0]
        prefixed = [p for p in broken if key and _slug_key_of(p).startswith(key)]
        taken = any(slug_key(a.slug).startswith(key) for a in scan.articles)
        if not exact and len(prefixed) == 1 and not taken:
            return prefixed[0]
        raise


def _slug_key_of(rel: str) -> str:
    return slug_key(rel.rsplit("/", 1)[-1].removesuffix(".md"))


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
