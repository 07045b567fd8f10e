"""`tag`: list the tags, and add, remove or rename them without disturbing a byte.

Every edit is a change of the tags entry only (changes.TagEdit), made by the store under the
file's lock and written atomically, or not at all when there is nothing to change; a rename is
one edit across many files (store.edit_many).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.model import (
    Filter,
    add_tags,
    clean_tag,
    count,
    has_tag,
    remove_tags,
    rename_tag,
    tag_counts,
)
from actueel_cli.store import edit_many

from .app import Session, app, session
from .common import TableFormat, writable_file
from .complete import Slug, complete_tag

Format = Annotated[
    TableFormat | None,
    typer.Option("--format", "-f", help="Default: table on a terminal, plain when piped."),
]

tag_app = typer.Typer(no_args_is_help=False)
app.add_typer(tag_app, name="tag")


@tag_app.callback(invoke_without_command=True)
def tag(ctx: typer.Context, output: Format = None) -> None:
    """List, add, remove or rename tags; on its own, `tag` lists them.

    Example: actueel tag add burgemeesters-over-veiligheid politie
    """
    if ctx.invoked_subcommand is None:
        _list(session(ctx), output)


@tag_app.command("list")
def list_tags(ctx: typer.Context, output: Format = None) -> None:
    """Every tag with the number of articles carrying it, most used first.

    Tags that differ only in case or accents count as one; their other spellings are shown as
    variants. Drafts and scheduled articles count too: the tags are in their files.

    Example: actueel tag list --format json
    """
    _list(session(ctx), output)


def _list(s: Session, output: TableFormat | None) -> None:
    catalog = s.catalog()
    render.problems_brief(catalog.problems, len(catalog.broken()))
    counts = tag_counts(catalog.articles)
    render.emit(
        output,
        picture=lambda: render.tag_table(counts),
        lines=lambda: render.tag_lines(counts),
        data=lambda: render.tag_dicts(counts),
    )


# --- editing one article's tags -------------------------------------------------------------


@tag_app.command("add")
def add(
    ctx: typer.Context,
    ident: Slug,
    tags: Annotated[list[str], typer.Argument(metavar="TAG", help="Tags to add.")],
) -> None:
    """Add tags to an article and print its tags.

    A tag it has already (in any case or accents) is not added twice; a leading `#` and
    surrounding spaces are dropped. Only the tags entry of the file changes.

    Example: actueel tag add burgemeesters-over-veiligheid politie "openbare orde"
    """
    from actueel_cli.changes import TagEdit  # start-up: only the commands that edit load fmedit

    s = session(ctx)
    wanted = [clean_tag(t) for t in tags]
    rel = writable_file(s, ident)
    change = TagEdit(lambda current: add_tags(current, wanted), s.config.site)
    written = s.archive.edit(rel, change.on(rel))
    _print_tags(change.after)
    there = _unique(t for t in wanted if has_tag(change.before, t))
    if written:
        added = change.after[len(change.before) :]
        render.note(f"Added {_names(added)} to {rel}")
        if there:
            render.note(f"Already there: {_names(there)}")
    else:
        render.note(f"{rel} already has {_names(there)}; nothing changed")


@tag_app.command("remove")
def remove(
    ctx: typer.Context,
    ident: Slug,
    tags: Annotated[
        list[str],
        typer.Argument(metavar="TAG", help="Tags to remove.", autocompletion=complete_tag),
    ],
) -> None:
    """Remove tags from an article and print its tags.

    Every spelling of a tag goes (case and accents are ignored). Only the tags entry of the file
    changes.

    Example: actueel tag remove burgemeesters-over-veiligheid burgemeesters
    """
    from actueel_cli.changes import TagEdit  # start-up: only the commands that edit load fmedit

    s = session(ctx)
    wanted = [clean_tag(t) for t in tags]
    rel = writable_file(s, ident)
    change = TagEdit(lambda current: remove_tags(current, wanted), s.config.site)
    written = s.archive.edit(rel, change.on(rel))
    _print_tags(change.after)
    missing = _unique(t for t in wanted if not has_tag(change.before, t))
    if written:
        gone = [t for t in change.before if t not in change.after]
        render.note(f"Removed {_names(gone)} from {rel}")
        if missing:
            render.note(f"Not there: {_names(missing)}")
    else:
        render.note(f"{rel} has no tag {_names(missing, 'or')}; nothing changed")


def _print_tags(tags: list[str]) -> None:
    render.print_lines(render.one_line(t) for t in tags)


def _unique(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for t in tags:
        if t not in seen:
            seen.append(t)
    return seen


def _names(tags: list[str], joiner: str = "and") -> str:
    quoted = [repr(t) for t in tags]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {joiner} {quoted[-1]}"


# --- renaming across the archive ---------------------------------------------------------------


@tag_app.command("rename")
def rename(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(help="The tag to rename (any spelling).", autocompletion=complete_tag)
    ],
    new: Annotated[str, typer.Argument(help="Its new name.", autocompletion=complete_tag)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List the files that would change; write none.")
    ] = False,
) -> None:
    """Rename a tag in every article; where an article has both, they merge.

    Every file that would change is read, edited in memory and checked for write access before
    any is written, so a read-only or unreadable file stops it with nothing changed. Prints the
    files it changed; running it again changes nothing. Stopped halfway (a full disk, Ctrl-C,
    SIGTERM), it puts back the files it renamed and says which it could not.

    Example: actueel tag rename Politie politie --dry-run
    """
    from actueel_cli.changes import TagEdit  # start-up: only the commands that edit load fmedit

    s = session(ctx)
    old_tag, new_tag = clean_tag(old), clean_tag(new)
    catalog = s.catalog()
    render.problems_brief(catalog.problems, len(catalog.broken()))
    # the index tells which articles carry the tag: only those files are read again
    carrying, _ = catalog.select(Filter(tags=(old_tag,), drafts=True, expired=True))
    catalog.done()
    candidates = sorted(a.path for a in carrying)
    change = TagEdit(lambda current: rename_tag(current, old_tag, new_tag), s.config.site)
    with render.progress("Renaming tag") as step:
        edits = edit_many(s.archive, candidates, change.on, step, render.note, dry_run)
    if dry_run:
        _print_paths(e.rel for e in edits)
        render.note(f"{count(len(edits), 'file')} would change; nothing was written (dry run)")
    elif edits:
        _print_paths(e.rel for e in edits)
        render.note(f"Renamed tag {old_tag!r} to {new_tag!r} in {count(len(edits), 'file')}")
    elif candidates:
        render.note(
            f"The {count(len(candidates), 'file')} with tag {old_tag!r} already have it as "
            f"{new_tag!r}; nothing changed"
        )
    else:
        render.note(f"No article has tag {old_tag!r}; nothing changed")


def _print_paths(paths: Iterable[str]) -> None:
    render.print_lines(render.one_line(p, name=True) for p in paths)
