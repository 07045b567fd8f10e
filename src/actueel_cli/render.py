"""Everything the user sees: tables, plain lines, JSON, CSV, the article page, messages.

The only module that imports Rich, and it does so inside the functions that draw, so that plain
and JSON output (what scripts use) start fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from .model import Article, Heading, Problem, TagCount, day_of

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .summary import Summary

_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_IN_NAME = re.compile(f"[\t\n{_CONTROLS}]")  # what a name shows as an escape
_LINE_BREAKS = re.compile(r"[\t\n\r]+")

LABELS = {
    "nl": {"by": "door", "older": "Vorig artikel", "newer": "Volgend artikel", "draft": "concept",
           "scheduled": "gepland", "image": "Headerfoto", "tags": "tags"},
    "en": {"by": "by", "older": "Previous article", "newer": "Next article", "draft": "draft",
           "scheduled": "scheduled", "image": "Header photo", "tags": "tags"},
}  # fmt: skip


def labels(locale: str) -> dict[str, str]:
    return LABELS.get(locale.split("_")[0].split("-")[0], LABELS["en"])


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
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


# --- messages on stderr --------------------------------------------------------------------


def error(message: str) -> None:
    print(f"Error: {one_line(message)}", file=sys.stderr)


def note(message: str) -> None:
    print(one_line(message), file=sys.stderr)


def problems_brief(problems: Sequence[Problem], left_out: Iterable[str] = ()) -> None:
    """What `list` and friends say about the files' errors, on stderr: one line each, then how
    many files were left out (`left_out`: those that gave no article) and how many were used
    all the same (an error that does not stop an article, such as `author: 12`)."""
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors:
        print(one_line(str(problem)), file=sys.stderr)
    if not errors:
        return
    with_errors = {p.path for p in errors}
    out = len(with_errors & set(left_out))
    parts = []
    if out:
        parts.append(f"{out} {'file was' if out == 1 else 'files were'} left out")
    if len(with_errors) > out:
        used = len(with_errors) - out
        parts.append(f"{used} {'file has' if used == 1 else 'files have'} errors but "
                     f"{'is' if used == 1 else 'are'} used")  # fmt: skip
    print(f"{' and '.join(parts)}; `actueel check` lists every problem", file=sys.stderr)


# --- problems, for `check` -------------------------------------------------------------------


def problem_lines(problems: Iterable[Problem]) -> Iterable[str]:
    """`path:line:column: severity: message`, one a line, as compilers and editors know it."""
    for p in problems:
        yield f"{one_line(p.location(), name=True)}: {p.severity}: {one_line(p.message)}"


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "column": problem.column,
            "severity": problem.severity, "message": problem.message}  # fmt: skip


def problem_table(problems: Sequence[Problem]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, expand=False)
    table.add_column("where", no_wrap=True, overflow="fold")
    table.add_column("", no_wrap=True)
    table.add_column("problem")
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        table.add_row(
            Text(one_line(problem.location(), name=True)),
            Text(problem.severity, style=style),
            Text(one_line(problem.message)),
        )
    return table


def problem_summary(problems: Sequence[Problem], files: int) -> str:
    """`2 errors and 1 warning in 3 files (of 14 checked)`, or that nothing was found."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked = f"{files} file{'s' if files != 1 else ''} checked"
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
        "date": article.date.isoformat(),
        "author": article.author,
        "tags": list(article.tags),
        "image": article.image,
        "draft": article.draft,
        "path": article.path,
    }
    if today is not None:
        record["scheduled"] = article.is_scheduled(today)
    return record


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
    import csv

    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for article in articles:
        row = article_dict(article, today)
        row["tags"] = ", ".join(row["tags"])
        row["image"] = row["image"] or ""
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
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("tag", style="cyan", overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("variants", style="dim", overflow="fold")
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


# CLDR's month names (wide, format context) for the site's own language and English, as Babel
# gives them (a test compares): Babel loads 75 ms of locale data to say the same on every `show`.
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def long_date(value: date, locale: str) -> str:
    """`17 juli 2017` for nl, `17 July 2017` for en; Babel's `d MMMM y` for any locale."""
    months = _MONTHS.get(locale)
    if months is not None:
        return f"{value.day} {months[value.month - 1]} {value.year}"
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return str(format_date(value, "d MMMM y", locale=locale))
    except (UnknownLocaleError, ValueError):
        return str(format_date(value, "d MMMM y", locale="en"))


def article_table(articles: Sequence[Article], today: date) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("title", ratio=4, overflow="fold")
    table.add_column("author", ratio=2, overflow="fold")
    table.add_column("tags", ratio=3, style="cyan", overflow="fold")
    table.add_column("slug", ratio=4, style="dim", overflow="fold")
    for a in articles:
        when = Text(day_of(a.date).isoformat())
        if a.draft:
            when.append(" draft", style="yellow")
        elif a.is_scheduled(today):
            when.append(" scheduled", style="magenta")
        table.add_row(
            when,
            Text(one_line(a.title), style="bold"),
            Text(one_line(a.author)),
            Text(" ".join(one_line(t) for t in a.tags)),
            Text(one_line(a.slug, name=True)),
        )
    return table


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
    from rich.console import Group
    from rich.markdown import Markdown
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    words = labels(locale)
    parts: list[RenderableType] = [Text(one_line(article.title), style="bold underline")]
    byline = Text(long_date(day_of(article.date), locale))
    if article.author:
        byline.append(f", {words['by']} {one_line(article.author)}")
    if article.draft:
        byline.append(f"  [{words['draft']}]", style="yellow")
    elif article.is_scheduled(today):
        byline.append(f"  [{words['scheduled']}]", style="magenta")
    parts += [byline, Text("")]
    if article.image:
        parts += [Text(f"{words['image']}: {one_line(article.image)}", style="dim"), Text("")]
    parts.append(Markdown(clean_body(body)))
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
    from rich.console import Console

    Console(file=stream or sys.stdout, highlight=False).print(renderable)


# --- long output through a pager -------------------------------------------------------------


def print_paged(renderable: RenderableType, use_pager: bool = True) -> bool:
    """Print to stdout; on a terminal, output taller than the screen goes through the pager
    ($PAGER, else `less`, else `more`). Returns whether the output was taller than the screen."""
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


def pager_command(env: dict[str, str] | os._Environ[str]) -> list[str] | None:
    """$PAGER split as a shell would (an empty $PAGER means no pager), else less or more."""
    import shlex
    import shutil

    if "PAGER" in env:
        try:
            command = shlex.split(env["PAGER"], posix=os.name != "nt")
        except ValueError:
            note(f"$PAGER is not a valid command ({env['PAGER']!r}); printing without a pager")
            return None
        return command or None
    for candidate in (["less"], ["more"]):
        if shutil.which(candidate[0]):
            return candidate
    return None


def _run_pager(command: list[str], text: str) -> bool:
    """Feed `text` to the pager; False when the pager cannot be started."""
    import subprocess

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


# --- progress on stderr -----------------------------------------------------------------------

MANY_FILES = 500  # below this, work is quick enough that a bar would only flicker


@contextlib.contextmanager
def progress(label: str, threshold: int = MANY_FILES) -> Iterator[Callable[[int, int], None]]:
    """A callback `(done, total)` for work on many files. On a terminal, when `total` exceeds
    `threshold`, it draws a Rich progress bar on stderr (gone when the work ends); piped, or for
    a few files, it draws nothing.

        with render.progress("Checking articles") as step:
            for done, path in enumerate(paths, 1):
                ...
                step(done, len(paths))
    """
    bar: Any = None
    task: Any = None
    show = is_terminal(sys.stderr)

    def step(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if not show or total <= threshold:
                return
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


def _short(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _bars(rows: Sequence[tuple[str, int]], style: str) -> RenderableType:
    from rich.text import Text

    if not rows:
        return Text("  (none)", style="dim")
    labels_width = max(len(label) for label, _ in rows)
    count_width = max(len(str(count)) for _, count in rows)
    largest = max(count for _, count in rows)
    text = Text()
    for i, (label, count) in enumerate(rows):
        if i:
            text.append("\n")
        text.append(f"  {label:<{labels_width}}  ")
        text.append(f"{bar(count, largest):<{BAR_WIDTH}}", style=style)
        text.append(f"  {count:>{count_width}}")
    return text


def _waiting(articles: Sequence[Article], what: str) -> RenderableType:
    from rich.text import Text

    text = Text(f"  {len(articles)} {what}{'' if len(articles) == 1 else 's'}")
    for a in articles[:LIST_WAITING]:
        text.append(f"\n    {day_of(a.date).isoformat()}  ")
        text.append(_short(a.title, 70), style="bold")
        text.append(
            f"\n                {one_line(a.slug, name=True)}", style="dim"
        )  # under the title
    if len(articles) > LIST_WAITING:
        text.append(f"\n    … and {len(articles) - LIST_WAITING} more", style="dim")
    return text


def stats_chart(summary: Summary) -> RenderableType:
    """The archive at a glance: articles per year (or month) as bars, the most used tags and
    authors, and the drafts and scheduled articles waiting."""
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
    tags = [(_short(t, 24), n) for t, n in summary.tags]
    authors = [(_short(a or "(no author)", 24), n) for a, n in summary.authors]
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
        return {"slug": a.slug, "title": a.title, "date": a.date.isoformat(), "path": a.path}

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
                f"{kind}\t{day_of(a.date).isoformat()}\t{one_line(a.slug, name=True)}"
                f"\t{one_line(a.title)}"
            )
