"""Everything the user sees: tables, plain lines, JSON, CSV, the article page, messages; and
the programs that take over the terminal (the pager, the editor).

With render_body and render_html (the article's body), the only code that imports Rich, and it
does so inside the functions that draw, so that plain and JSON output (what scripts use) start
fast. `emit` prints a command's result in the form asked for or the one that suits stdout.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from .errors import ConfigError
from .labels import labels, long_date
from .model import CONTROLS, Article, Heading, Problem, TagCount, day_of, day_text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .summary import Summary

_CONTROL = re.compile(f"[{CONTROLS}]")  # the one definition: model.CONTROLS
_IN_NAME = re.compile(f"[\t\n{CONTROLS}]")  # what a name shows as an escape
_LINE_BREAKS = re.compile(r"[\t\n\r]+")

# whole escape sequences, so that no `[31m` is left behind: CSI (ESC [ ... final byte),
# OSC/DCS/APC/PM strings (ESC ] ... BEL or ESC \), and two-character escapes
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P_^X]|[\x9d\x90\x9f\x9e\x98])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)


def clean(text: str) -> str:
    """Article text made safe for a terminal: control codes and escape sequences removed."""
    return _CONTROL.sub("", _ESCAPES.sub("", text))


def one_line(text: str, name: bool = False) -> str:
    """Text for one line of a terminal or of a record: escape sequences and control codes go,
    and tabs and line breaks become a space. A `name` (a slug, a path) keeps every character in
    sight instead: each control code, tab or line break is written as an escape (`\\x1b`,
    `\\t`), so that the name shown still says which file it is, not another's."""
    if text.isprintable():  # nothing to remove (the usual case): skip two regex passes
        return text
    if name:
        return _IN_NAME.sub(_escaped, text)
    return clean(_LINE_BREAKS.sub(" ", text))


def _escaped(found: re.Match[str]) -> str:
    return found[0].encode("unicode_escape").decode("ascii")


def is_terminal(stream: TextIO) -> bool:
    """As Rich decides it (TTY_COMPATIBLE, FORCE_COLOR, then isatty), without importing Rich."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def console(stderr: bool = False) -> Console:
    # start-up: Rich only when drawing
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


# --- messages on stderr --------------------------------------------------------------------


def error(message: str, details: Sequence[str] = ()) -> None:
    print(f"Error: {one_line(message)}", file=sys.stderr)
    for line in details:
        print(f"  {one_line(line)}", file=sys.stderr)


def note(message: str) -> None:
    print(one_line(message), file=sys.stderr)


BRIEF_LINES = 10  # stderr lines `list` gives the files it could not use, at most


def problems_brief(problems: Sequence[Problem], left_out: int) -> None:
    """What `list` and friends say about the errors in the files (`left_out` of which could
    not be read at all), on stderr, in at most ten lines: each error on its own line when they
    fit; else grouped by kind, most first, with the count and one example; then the pointer to
    `actueel check`."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    if left_out:
        noun = "file was" if left_out == 1 else "files were"
        pointer = f"{left_out} {noun} left out; `actueel check` lists every problem"
    else:
        files = len({p.path for p in errors})
        noun = "file has" if files == 1 else "files have"
        pointer = f"{files} {noun} errors; `actueel check` lists every problem"
    if len(errors) < BRIEF_LINES:
        lines = [one_line(str(problem)) for problem in errors]
    else:
        lines = [one_line(line) for line in problem_groups(errors, BRIEF_LINES - 1)]
    print("\n".join([*lines, pointer]), file=sys.stderr)


def problems_told(problems: Sequence[Problem], every: bool = False) -> list[str]:
    """What `build` says on stderr about the articles it left out and its warnings: one line
    each (`path:line: severity: message`) when there are fewer than ten or `every`; else at
    most ten lines, errors first, grouped by kind with a count and one example, and how to see
    them all. (A site whose 3,000 articles miss their header image gets ten lines, not 3,000.)"""
    if every or len(problems) < BRIEF_LINES:
        return list(problem_lines(problems))
    present = [[p for p in problems if p.severity == s] for s in ("error", "warning", "note")]
    present = [found for found in present if found]
    room = BRIEF_LINES - 1
    lines: list[str] = []
    for number, found in enumerate(present):
        told = problem_groups(found, max(1, room - (len(present) - number - 1)), severity=True)
        lines += [one_line(line) for line in told]
        room -= len(told)
    files = len({p.path for p in problems})
    lines.append(f"{len(problems):,} problems in {files:,} files; --verbose names every one")
    return lines


def problem_groups(problems: Sequence[Problem], most: int, severity: bool = False) -> list[str]:
    """`12 files: the title is missing or empty (e.g. a.md:2:1)`: one line per kind of
    problem, most common first, at most `most` lines (with `severity`, `12 files: error: ...`)."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.kind, []).append(problem)
    ranked = sorted(groups.values(), key=lambda group: (-len(group), group[0].kind))
    lines = []
    for group in ranked[: most if len(ranked) <= most else most - 1]:
        count = len({p.path for p in group})
        example = group[0]
        said = f"{example.severity}: {example.message}" if severity else example.message
        lines.append(
            f"{count:,} file{'s' if count != 1 else ''}: {said} (e.g. {example.location()})"
            if count > 1
            else str(example)
        )
    if len(ranked) > most:
        rest = ranked[most - 1 :]
        count = len({p.path for group in rest for p in group})
        lines.append(f"{count:,} more file{'s' if count != 1 else ''} with {len(rest)} other kinds "
                     "of problem")  # fmt: skip
    return lines


# --- problems, for `check` -------------------------------------------------------------------


def problem_lines(problems: Iterable[Problem]) -> Iterable[str]:
    """`path:line:column: severity: message`, one a line, as compilers and editors know it."""
    for p in problems:
        yield f"{one_line(p.location(), name=True)}: {p.severity}: {one_line(p.message)}"


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "column": problem.column,
            "severity": problem.severity, "message": problem.message}  # fmt: skip


def problem_table(problems: Sequence[Problem]) -> RenderableType:
    # start-up: Rich only when drawing
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, expand=False)
    table.add_column("where", no_wrap=True, overflow="ellipsis")  # the message gives way first
    table.add_column("", no_wrap=True)
    table.add_column("problem", overflow="ellipsis")  # wraps between words, never inside one
    for problem in problems:
        style = {"error": "red", "warning": "yellow"}.get(problem.severity, "dim")
        table.add_row(
            Text(one_line(problem.location(), name=True)),
            Text(problem.severity, style=style),
            Text(one_line(problem.message)),
        )
    return table


def problem_summary(problems: Sequence[Problem], files: int) -> str:
    """`2 errors and 1 warning in 3 files; 14 files checked`, or that nothing was found; files
    that are not articles (notes) are counted apart: `; 2 files are not articles`."""
    notes = {p.path for p in problems if p.severity == "note"}
    problems = [p for p in problems if p.severity != "note"]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked = f"{files - len(notes)} file{'s' if files - len(notes) != 1 else ''} checked"
    if notes:
        noun = "file is not an article" if len(notes) == 1 else "files are not articles"
        checked += f"; {len(notes)} {noun}"
    if not problems:
        return f"No problems; {checked}"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    with_problems = len({p.path for p in problems})
    noun = "file" if with_problems == 1 else "files"
    return f"{' and '.join(parts)} in {with_problems} {noun}; {checked}"


# --- records -------------------------------------------------------------------------------


def article_dict(article: Article, today: date | None = None) -> dict[str, Any]:
    """The one shape of an article in JSON and CSV output."""
    record: dict[str, Any] = {
        "slug": article.slug,
        "title": article.title,
        "date": None if article.undated else article.date.isoformat(),
        "author": article.author,
        "tags": list(article.tags),
        "image": article.image,
        "draft": article.draft,
        "path": article.path,
        "summary": article.summary,
    }
    if today is not None:
        record["scheduled"] = article.is_scheduled(today)
        record["expired"] = article.is_expired(today)
    return record


PICTURES = ("table", "chart", "page")  # the --format values that draw a picture


def form(chosen: str | None) -> str:
    """The form of a command's output: the one asked for (`--format`), else a table on a
    terminal and plain lines when piped."""
    return chosen or ("table" if is_terminal(sys.stdout) else "plain")


def emit(
    chosen: str | None,
    *,
    picture: Callable[[], RenderableType | None] | None = None,
    lines: Callable[[], Iterable[str]] | None = None,
    data: Callable[[], object] | None = None,
    csv: Callable[[], str] | None = None,
    pager: bool | None = None,
) -> bool:
    """Print a command's result on stdout in its form (see `form`): a picture (table, chart,
    page) drawn by Rich, plain lines, JSON, or CSV. Each is made only when it is the one
    printed; a picture that is None prints nothing. With `pager` (whether it may be used), a
    picture taller than the screen goes through the pager; returns whether it was taller."""
    kind = form(chosen)
    if kind == "json" and data is not None:
        print(dump_json(data()))
    elif kind == "csv" and csv is not None:
        sys.stdout.write(csv())
    elif kind == "plain" and lines is not None:
        print_lines(lines())
    elif kind in PICTURES and picture is not None:
        shown = picture()
        if shown is not None:
            if pager is not None:
                return print_paged(shown, pager)
            print_out(shown)
    else:
        raise ValueError(f"no {kind} output")  # a command offers only the forms it has
    return False


def print_lines(lines: Iterable[str]) -> None:
    """Plain output: one record a line on stdout, for pipes and scripts."""
    sys.stdout.write("".join(line + "\n" for line in lines))


def dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def plain_lines(headings: Iterable[Heading]) -> Iterable[str]:
    """`day<TAB>slug<TAB>title`, one article a line."""
    for day, slug, title in headings:
        yield f"{day}\t{one_line(slug, name=True)}\t{one_line(title)}"


def csv_text(articles: Iterable[Article], today: date) -> str:
    """CSV for a spreadsheet: each text cleaned as on a terminal (names with their escapes), and
    a cell that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
    carriage return) made text with a leading `'`, as OWASP recommends against CSV injection."""
    out = io.StringIO()
    fields = list(article_dict(Article("", "", "", today), today))
    # start-up: only --format csv
    import csv

    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for article in articles:
        row = article_dict(article, today)
        row["tags"] = ", ".join(row["tags"])
        row["image"] = row["image"] or ""
        row["date"] = row["date"] or ""
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = _cell(one_line(value, name=key in ("slug", "path")))
        writer.writerow(row)
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


# --- tags --------------------------------------------------------------------------------------


def tag_table(counts: Sequence[TagCount]) -> RenderableType:
    """`ondermijning  12  (also: Ondermijning, óndermijning)`, one tag a row."""
    # start-up: Rich only when drawing
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("tag", style="cyan", no_wrap=True, overflow="ellipsis")
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("variants", style="dim", overflow="ellipsis")  # wraps between words
    for c in counts:
        also = f"(also: {', '.join(one_line(v) for v in c.variants)})" if c.variants else ""
        table.add_row(Text(one_line(c.tag)), str(c.count), Text(also))
    return table


def tag_lines(counts: Iterable[TagCount]) -> Iterable[str]:
    """Piped: `tag<TAB>count`, then one field for each other spelling."""
    for c in counts:
        yield "\t".join([one_line(c.tag), str(c.count), *(one_line(v) for v in c.variants)])


def tag_dicts(counts: Iterable[TagCount]) -> list[dict[str, Any]]:
    return [{"tag": c.tag, "articles": c.count, "variants": list(c.variants)} for c in counts]


# --- pictures for a terminal ----------------------------------------------------------------


def cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells: whole, or cut at a word boundary where it can
    be (a single long word is cut where it must), with "…" where text was left out."""
    # start-up: Rich only when drawing
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…" if width == 1 else ""
    kept = text
    while kept and cell_len(kept) > width - 1:
        kept = kept[:-1]
    space = kept.rfind(" ")
    if space > 0 and (text[len(kept)] != " " or kept.endswith(" ")):
        kept = kept[:space]  # the last word did not fit whole
    return kept.rstrip(" ,;:-–—") + "…"


LIST_TWO_LINES = 60  # below this many columns, `list` gives each article two lines
_MARK_STYLES = {"draft": "yellow", "expired": "red", "scheduled": "magenta"}
_GAP = 2
_MINIMUM = {"title": 20, "tags": 12}
_TITLE_LEAST = 8  # a title narrower than this says nothing: its slug then goes on a line below


class ArticleList:
    """`list` on a terminal: one line per article at any width from 60 columns, nothing broken
    over lines. Columns date, title, (author), (tags), slug: where the width runs short the
    author goes first, then the tags, then the title gives way; text is cut with "…" at a word
    boundary; a slug is never cut (where even a short title leaves it no room, it goes on the
    line below, as every slug does below 60 columns)."""

    def __init__(self, articles: Sequence[Article], today: date) -> None:
        self.rows = []
        for a in articles:
            mark = (
                " draft" if a.draft
                else " expired" if a.is_expired(today)
                else " scheduled" if a.is_scheduled(today)
                else ""
            )  # fmt: skip
            self.rows.append(
                {
                    "date": (day_text(a.date) or "undated") + mark,
                    "title": one_line(a.title),
                    "author": one_line(a.author),
                    "tags": " ".join(one_line(t) for t in a.tags),
                    "slug": one_line(a.slug, name=True),
                }
            )

    def layout(self, width: int) -> tuple[list[str], dict[str, int]]:
        """The columns shown between date and slug, and their widths. A title narrower than
        its minimum means the slugs are too long for aligned columns: then every row's title
        takes the room its own slug leaves ("title": 0)."""
        # start-up: Rich only when drawing
        from rich.cells import cell_len

        def natural(key: str) -> int:
            return max([cell_len(key), *(cell_len(r[key]) for r in self.rows)])

        widths = {"date": natural("date"), "slug": natural("slug")}
        if width < LIST_TWO_LINES:
            return [], widths
        # a column of tags that cannot show one whole tag says little: it goes before the title
        longest_tag = max((cell_len(t) for r in self.rows for t in r["tags"].split()), default=0)
        least = {**_MINIMUM, "tags": max(_MINIMUM["tags"], longest_tag + 1)}
        least["author"] = natural("author")  # shown whole or not at all: it goes first
        for middle in (["title", "author", "tags"], ["title", "tags"], ["title"]):
            room = width - widths["date"] - widths["slug"] - _GAP * (len(middle) + 1)
            wanted = {k: natural(k) for k in middle}
            given = {k: min(wanted[k], least[k]) for k in middle}
            if sum(given.values()) > room:
                continue
            room -= sum(given.values())
            for key in middle:  # what is left: the title first, then the tags, then the author
                more = min(room, wanted[key] - given[key])
                given[key] += more
                room -= more
            return middle, {**widths, **given}
        return ["title"], {**widths, "title": 0}

    def lines(self, width: int) -> Iterator[Any]:
        # start-up: Rich only when drawing
        from rich.cells import cell_len
        from rich.text import Text

        middle, widths = self.layout(width)
        ragged = widths.get("title") == 0
        styles = {"title": "bold", "author": "", "tags": "cyan", "slug": "dim"}
        if middle:
            header = Text(style="bold", end="")
            for key in ["date", *middle]:
                room = widths[key] or width - widths["date"] - 2 * _GAP - 4
                header.append(key.ljust(room + _GAP))
            yield header.append("slug".rjust(width - header.cell_len) if ragged else "slug")
        indent = widths["date"] + _GAP
        for row in self.rows:
            line = Text(end="")
            date, _, mark = row["date"].partition(" ")
            line.append(date)
            line.append(f" {mark}" if mark else "", _MARK_STYLES.get(mark, ""))
            line.append(" " * (indent - cell_len(row["date"])))
            slug = cell_len(row["slug"])
            if not middle or (ragged and width - indent - _GAP - slug < _TITLE_LEAST):
                line.append(cut(row["title"], width - indent), styles["title"])
                yield line
                yield Text(" " * max(min(indent, width - slug), 0) + row["slug"], styles["slug"])
                continue
            for key in middle:
                room = widths[key] or width - indent - _GAP - slug
                shown = cut(row[key], room)
                line.append(shown, styles[key])
                line.append(" " * (room - cell_len(shown) + _GAP))
            if not ragged:  # the slug column starts where the others end
                line.append(" " * (indent + sum(widths[k] + _GAP for k in middle) - line.cell_len))
            yield line.append(row["slug"], styles["slug"])

    def __rich_console__(self, console: Console, options: Any) -> Iterator[Any]:
        # start-up: Rich only when drawing
        from rich.text import Text

        for line in self.lines(options.max_width):
            line.no_wrap = True
            line.overflow = "ignore"  # a slug wider than the terminal stays whole
            line.end = "\n"
            yield line if isinstance(line, Text) else Text(str(line))


def article_table(articles: Sequence[Article], today: date) -> RenderableType:
    return ArticleList(articles, today)


def article_page(
    article: Article,
    body: str,
    older: Article | None,
    newer: Article | None,
    locale: str,
    today: date,
) -> RenderableType:
    """The article laid out as the published page: title, date and author, photo, body, tags,
    then the older and newer neighbours."""
    # start-up: Rich only when drawing
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    words = labels(locale)
    parts: list[RenderableType] = [Text(one_line(article.title), style="bold underline")]
    byline = Text(words["undated"] if article.undated else long_date(day_of(article.date), locale))
    if article.author:
        byline.append(f", {words['by']} {one_line(article.author)}")
    if article.draft:
        byline.append(f"  [{words['draft']}]", style="yellow")
    elif article.is_expired(today):
        byline.append(f"  [{words['expired']}]", style="red")
    elif article.is_scheduled(today):
        byline.append(f"  [{words['scheduled']}]", style="magenta")
    parts += [byline, Text("")]
    if article.image:
        parts += [Text(f"{words['image']}: {one_line(article.image)}", style="dim"), Text("")]
    from .render_body import Body  # start-up: Rich's Markdown only for a page

    parts.append(Body(clean_body(body)))
    if article.tags:
        tags = Text(f"\n{words['tags']}: ", style="dim")
        tags.append(" ".join(one_line(t) for t in article.tags), style="cyan")
        parts.append(tags)
    parts.append(Rule(style="dim"))
    for label, neighbour in ((words["older"], older), (words["newer"], newer)):
        if neighbour is None:
            continue
        parts.append(Text(label, style="bold"))
        line = Text(one_line(neighbour.title))
        line.append(f"  ({one_line(neighbour.slug, name=True)})", style="dim")
        parts.append(Padding(line, (0, 0, 1, 2)))
    return Group(*parts)


def clean_body(body: str) -> str:
    """Markdown keeps its line breaks and tabs; every other control code goes."""
    return clean(body.replace("\r\n", "\n"))


def print_out(renderable: RenderableType, stream: TextIO | None = None) -> None:
    # start-up: Rich only when drawing
    from rich.console import Console

    Console(file=stream or sys.stdout, highlight=False).print(renderable)


# --- long output through a pager -------------------------------------------------------------


def print_paged(renderable: RenderableType, use_pager: bool = True) -> bool:
    """Print to stdout; on a terminal, output taller than the screen goes through the pager
    ($PAGER, else `less`, else `more`). Returns whether the output was taller than the screen."""
    # start-up: Rich only when drawing
    from rich.console import Console

    out = Console(file=sys.stdout, highlight=False)
    if not out.is_terminal:
        out.print(renderable)
        return False
    with out.capture() as captured:
        out.print(renderable)
    text = captured.get()
    too_long = text.count("\n") > max(out.height - 1, 1)
    command = pager_command(os.environ) if too_long and use_pager else None
    if command is None or not _run_pager(command, text):
        sys.stdout.write(text)
        sys.stdout.flush()
    return too_long


def pager_command(env: Mapping[str, str]) -> list[str] | None:
    """$PAGER (an empty $PAGER means no pager), else less or more."""
    if "PAGER" in env:
        try:
            return command_in(env, "PAGER")
        except ConfigError as err:
            note(f"{err}; printing without a pager")
            return None
    for candidate in (["less"], ["more"]):
        if shutil.which(candidate[0]):
            return candidate
    return None


def _run_pager(command: list[str], text: str) -> bool:
    """Feed `text` to the pager; False when the pager cannot be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # keep colours, quit at the end of a short text, no clear screen
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError as err:
        note(f"cannot start the pager {command[0]!r} ({err.strerror}); printing without it")
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        pager.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit early: nothing more to show
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs
    return True


# --- the programs the user names: the editor, the pager --------------------------------------

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")


def command_in(env: Mapping[str, str], name: str) -> list[str] | None:
    """The command an environment variable names ($VISUAL, $EDITOR, $PAGER), split as a shell
    would (it may hold arguments: `code --wait`, `less -R`); None when it is unset or blank.
    ConfigError when it is not a command (an unclosed quote)."""
    value = env.get(name, "").strip()
    try:
        return shlex.split(value, posix=os.name != "nt") or None
    except ValueError:
        raise ConfigError(f"${name} is not a valid command: {value!r}") from None


def editor_command(env: Mapping[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR, else an editor found on PATH (notepad on Windows)."""
    for name in ("VISUAL", "EDITOR"):
        command = command_in(env, name)
        if command:
            return command
    if os.name == "nt":
        return ["notepad"]
    for candidate in FALLBACK_EDITORS:
        if shutil.which(candidate):
            return [candidate]
    raise ConfigError("no editor found; set $EDITOR, e.g. export EDITOR=nano")


def run_editor(command: list[str], path: str) -> int:
    """Open `path` in the editor and wait for it; its exit status. ConfigError when it cannot
    be started."""
    try:
        return subprocess.run([*command, path], check=False).returncode
    except OSError as err:
        raise ConfigError(
            f"cannot start the editor {command[0]!r}: {err.strerror}; set $VISUAL or $EDITOR"
        ) from None


# --- progress on stderr -----------------------------------------------------------------------

MANY_FILES = 500  # below this, work is quick enough that a bar would only flicker


@contextlib.contextmanager
def progress(
    label: str, threshold: int = MANY_FILES, after: float = 0.0
) -> Iterator[Callable[[int, int], None]]:
    """A callback `(done, total)` for work on many files. On a terminal, when `total` exceeds
    `threshold` (and, with `after`, once the work has taken that many seconds), it draws a Rich
    progress bar on stderr (gone when the work ends); piped, or for a few files, it draws
    nothing.

        with render.progress("Checking articles") as step:
            for done, path in enumerate(paths, 1):
                ...
                step(done, len(paths))
    """
    bar: Any = None
    task: Any = None
    show = is_terminal(sys.stderr)
    start = time.monotonic()

    def step(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if not show or total <= threshold or done >= total:
                return
            if after and time.monotonic() - start < after:
                return
            # start-up: Rich only when drawing
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task(one_line(label), total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield step
    finally:
        if bar is not None:
            bar.stop()


# --- stats -------------------------------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 40
LIST_WAITING = 10


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `width` cells at most, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / largest))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


class Fitted:
    """A picture drawn for the width it gets (Rich asks at render time): for lists that cut
    their text at a word boundary to fit, rather than let a narrow terminal break words."""

    def __init__(self, draw: Callable[[int], RenderableType]) -> None:
        self.draw = draw

    def __rich_console__(self, console: Console, options: Any) -> Iterator[RenderableType]:
        yield self.draw(options.max_width)


def _bars(rows: Sequence[tuple[str, int]], style: str) -> RenderableType:
    # start-up: Rich only when drawing
    from rich.cells import cell_len
    from rich.text import Text

    if not rows:
        return Text("  (none)", style="dim")

    def draw(width: int) -> RenderableType:
        labels = [cut(one_line(label), 24) for label, _ in rows]
        labels_width = max(cell_len(label) for label in labels)
        count_width = max(len(str(count)) for _, count in rows)
        bar_width = max(min(BAR_WIDTH, width - labels_width - count_width - 6), 1)
        largest = max(count for _, count in rows)
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, (label, (_, count)) in enumerate(zip(labels, rows, strict=True)):
            if i:
                text.append("\n")
            text.append(f"  {label}{' ' * (labels_width - cell_len(label))}  ")
            text.append(f"{bar(count, largest, bar_width):<{bar_width}}", style=style)
            text.append(f"  {count:>{count_width}}")
        return text

    return Fitted(draw)


def _waiting(articles: Sequence[Article], what: str) -> RenderableType:
    # start-up: Rich only when drawing
    from rich.cells import cell_len
    from rich.text import Text

    def draw(width: int) -> RenderableType:
        text = Text(f"  {len(articles)} {what}{'' if len(articles) == 1 else 's'}", no_wrap=True)
        text.overflow = "ignore"  # a slug stays whole, even on a terminal narrower than it
        for a in articles[:LIST_WAITING]:
            text.append(f"\n    {day_text(a.date) or 'undated':<10}  ")
            text.append(cut(one_line(a.title), width - 16), style="bold")
            slug = one_line(a.slug, name=True)
            under = max(min(16, width - cell_len(slug)), 0)
            text.append("\n" + " " * under + slug, style="dim")  # under the title
        if len(articles) > LIST_WAITING:
            text.append(f"\n    … and {len(articles) - LIST_WAITING} more", style="dim")
        return text

    return Fitted(draw)


def stats_chart(summary: Summary) -> RenderableType:
    """The archive at a glance: articles per year (or month) as bars, the most used tags and
    authors, and the drafts and scheduled articles waiting."""
    # start-up: Rich only when drawing
    from rich.console import Group
    from rich.text import Text

    scope = []
    if summary.tag is not None:
        scope.append(f"tag {one_line(summary.tag)}")
    if summary.since is not None:
        scope.append(f"since {summary.since.isoformat()}")
    heading = Text("Articles per " + summary.period, style="bold")
    heading.append(f"  {summary.published} published", style="dim")
    if scope:
        heading.append(f" ({', '.join(scope)})", style="dim")
    tags = list(summary.tags)
    authors = [(a or "(no author)", n) for a, n in summary.authors]
    return Group(
        heading,
        _bars(summary.counts, "green"),
        Text(""),
        Text("Most used tags", style="bold"),
        _bars(tags, "cyan"),
        Text(""),
        Text("Most used authors", style="bold"),
        _bars(authors, "blue"),
        Text(""),
        Text("Waiting", style="bold"),
        _waiting(summary.drafts, "draft"),
        _waiting(summary.scheduled, "scheduled article"),
    )


def stats_dict(summary: Summary) -> dict[str, Any]:
    def brief(a: Article) -> dict[str, Any]:
        date = None if a.undated else a.date.isoformat()
        return {"slug": a.slug, "title": a.title, "date": date, "path": a.path}

    return {
        "published": summary.published,
        "since": summary.since.isoformat() if summary.since else None,
        "tag": summary.tag,
        "period": summary.period,
        "counts": [{summary.period: p, "articles": n} for p, n in summary.counts],
        "tags": [{"tag": t, "articles": n} for t, n in summary.tags],
        "authors": [{"author": a, "articles": n} for a, n in summary.authors],
        "drafts": [brief(a) for a in summary.drafts],
        "scheduled": [brief(a) for a in summary.scheduled],
    }


def stats_lines(summary: Summary) -> Iterable[str]:
    """Piped: one fact a line, tab-separated, the kind first."""
    for period, n in summary.counts:
        yield f"{summary.period}\t{period}\t{n}"
    for tag, n in summary.tags:
        yield f"tag\t{one_line(tag)}\t{n}"
    for author, n in summary.authors:
        yield f"author\t{one_line(author)}\t{n}"
    for kind, waiting in (("draft", summary.drafts), ("scheduled", summary.scheduled)):
        for a in waiting:
            yield (
                f"{kind}\t{day_text(a.date)}\t{one_line(a.slug, name=True)}\t{one_line(a.title)}"
            )
