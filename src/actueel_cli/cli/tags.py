"""`tag`: list the tags, and add, remove or rename them without disturbing a byte.

Every edit goes through `Archive.edit`/`plan_edit`: the file is read under a lock, only the tags
entry is rewritten (fmedit), and the file is replaced atomically, or left alone entirely when
there is nothing to change.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Annotated

import typer

from actueel_cli import render
from actueel_cli.errors import ActueelError, Interrupted, Terminated, WriteFailed
from actueel_cli.generators import Site
from actueel_cli.model import (
    Filter,
    add_tags,
    clean_tag,
    has_tag,
    remove_tags,
    rename_tag,
    tag_counts,
)
from actueel_cli.store import Archive, Edit, HeldSignals

from .app import Session, app, session, stdout_is_terminal
from .complete import Slug, complete_tag
from .editing import readable, writable_file


class TagFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"


Format = Annotated[
    TagFormat | None,
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


def _list(s: Session, output: TagFormat | None) -> None:
    scan = s.scan()
    render.problems_brief(scan.problems, len(scan.broken()))
    counts = tag_counts(scan.articles)
    fmt = output or (TagFormat.table if stdout_is_terminal() else TagFormat.plain)
    if fmt is TagFormat.json:
        print(render.dump_json(render.tag_dicts(counts)))
    elif fmt is TagFormat.plain:
        render.print_lines(render.tag_lines(counts))
    else:
        render.print_out(render.tag_table(counts))


# --- editing one article's tags -------------------------------------------------------------


class TagEdit:
    """The change of one file's tags entry, remembering the lists it saw last. The entry is the
    one the site reads tags from: `[fields] tags`, as the file spells it (`Tags` in Hugo)."""

    def __init__(self, compute: Callable[[list[str]], list[str]], site: Site) -> None:
        self.compute = compute
        self.site = site
        self.before: list[str] = []
        self.after: list[str] = []

    def __call__(self, text: str, rel: str = "") -> str:
        from actueel_cli.fmedit import get_list  # only the commands that edit need it

        parsed = readable(text, rel, self.site)  # a file with errors is not written
        key = (parsed.keys or {}).get("tags", self.site.keys("tags")[0])
        # a string of tags is edited as the generator reads it (Jekyll: words; one tag)
        string_as = self.site.rules.tag_text
        self.before = get_list(text, key, string_as) or []
        self.after = self.compute(self.before)
        if self.after == self.before:
            return text
        from actueel_cli.fmedit import set_list

        return set_list(text, key, self.after, string_as)

    def on(self, rel: str) -> Callable[[str], str]:
        """The change of the file at `rel`."""
        return lambda text: self(text, rel)


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
    s = session(ctx)
    old_tag, new_tag = clean_tag(old), clean_tag(new)
    scan = s.scan()
    render.problems_brief(scan.problems, len(scan.broken()))
    archive = s.archive
    # the index tells which articles carry the tag: only those files are read again
    carrying, _ = scan.select(Filter(tags=(old_tag,), drafts=True, expired=True))
    candidates = sorted(a.path for a in carrying)
    change = TagEdit(lambda current: rename_tag(current, old_tag, new_tag), s.config.site)
    with render.progress("Renaming tag") as step:
        total = len(candidates) * (1 if dry_run else 2)
        try:
            plans = _plan_all(archive, candidates, change, lambda done: step(done, total))
        except (KeyboardInterrupt, Terminated) as err:
            signum = _signum(err)
            raise Interrupted(
                f"interrupted ({signal.Signals(signum).name}) before any file was written; "
                "nothing was changed",
                signum,
            ) from None
        if dry_run:
            _print_paths(p.rel for p in plans)
            render.note(f"{_files(len(plans))} would change; nothing was written (dry run)")
            return
        if not plans:
            if candidates:
                render.note(
                    f"The {_files(len(candidates))} with tag {old_tag!r} already have it as "
                    f"{new_tag!r}; nothing changed"
                )
            else:
                render.note(f"No article has tag {old_tag!r}; nothing changed")
            return
        written = _write_all(archive, plans, change, lambda done: step(len(plans) + done, total))
    _print_paths(e.rel for e in written)
    render.note(f"Renamed tag {old_tag!r} to {new_tag!r} in {_files(len(written))}")


def _plan_all(
    archive: Archive, paths: list[str], change: TagEdit, step: Callable[[int], None]
) -> list[Edit]:
    """Every file's new bytes, worked out before anything is written; any file that cannot be
    read, edited or written stops the whole rename."""
    plans: list[Edit] = []
    failed = 0
    for done, rel in enumerate(paths, 1):
        try:
            planned = archive.plan_edit(rel, change.on(rel))
        except ActueelError as err:
            render.note(str(err))
            failed += 1
        else:
            if planned is not None:
                plans.append(planned)
        step(done)
    if failed:
        raise WriteFailed(f"{_files(failed)} cannot be changed (see above); nothing was changed")
    return plans


def _write_all(
    archive: Archive, plans: list[Edit], change: TagEdit, step: Callable[[int], None]
) -> list[Edit]:
    """Write the planned files; if one fails after all, or Ctrl-C or SIGTERM comes, finish the
    file in hand and put back the ones already written. (Signals are held meanwhile: one that
    stopped the loop between a file's replacement and its note in `written` would leave that
    file renamed and unmentioned.)"""
    written: list[Edit] = []
    with HeldSignals() as held:
        for done, planned in enumerate(plans, 1):
            try:
                edit = archive.commit(planned, change.on(planned.rel))
            except ActueelError as err:
                if not written:
                    raise
                failure = str(err).removesuffix("; nothing was changed")
                message = f"{failure}; {_put_back(archive, written)}"
                held.take()  # a signal meanwhile: the command is stopping anyway
                raise WriteFailed(message) from None
            if edit is not None:
                written.append(edit)
            step(done)
            signum = held.take()
            if signum is not None:
                name = signal.Signals(signum).name
                message = (
                    f"interrupted ({name}) after {_files(len(written))} of {len(plans)}; "
                    f"{_put_back(archive, written)}"
                )
                held.take()
                raise Interrupted(message, signum)
    return written


def _put_back(archive: Archive, written: list[Edit]) -> str:
    """Undo the files written, newest first, and say what came of it: all put back (bytes and
    modification times), or which could not be and why."""
    failed = [(e.rel, why) for e in reversed(written) if (why := archive.undo(e)) is not None]
    if not failed:
        return f"the {_files(len(written))} already renamed were put back; nothing was changed"
    back = len(written) - len(failed)
    were = "was" if back == 1 else "were"
    reasons = "; ".join(f"{rel} ({why})" for rel, why in reversed(failed))
    return (
        f"{back} of the {_files(len(written))} already renamed {were} put back; "
        f"not put back: {reasons}"
    )


def _signum(err: BaseException) -> int:
    return Terminated.signum if isinstance(err, Terminated) else signal.SIGINT


def _print_paths(paths: Iterable[str]) -> None:
    render.print_lines(render.one_line(p, name=True) for p in paths)


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
