"""Turn one file's bytes into an Article, its body and the problems found. No disk access.

Front matter is split here by hand (so line numbers are the file's own) and read with
python-frontmatter handlers of our own: YAML without YAML 1.1's date guessing and with duplicate
keys refused, TOML on the standard library's tomllib.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .model import Article, Problem, parse_date

MAX_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
MAX_VALUES = 100_000  # front matter values after aliases are expanded
KNOWN_KEYS = ("title", "date", "author", "tags", "image", "draft")
_CLOSERS = {
    "---": re.compile(r"^---[ \t]*\r?$", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.M),
}


@dataclass(frozen=True)
class Parsed:
    """What one file holds. `article` is None when the file cannot be used as an article."""

    article: Article | None
    problems: tuple[Problem, ...]
    body: str = ""
    fm_format: str | None = None  # "yaml" or "toml"
    metadata: dict[str, Any] | None = None


class Located(Exception):
    """A front matter error at a line and column of the file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def parse(data: bytes, path: str, slug: str) -> Parsed:
    try:
        text = decode(data, path)
        fm_format, fm_text, fm_line, body = split(text)
        metadata = load(fm_format, fm_text, fm_line)
    except Located as err:
        return Parsed(None, (Problem(path, err.message, "error", err.line, err.column),))
    article, problems = validate(metadata, fm_format, fm_text, fm_line, path, slug)
    return Parsed(article, tuple(problems), body, fm_format, metadata)


def decode(data: bytes, path: str) -> str:
    if not data:
        raise Located("the file is empty; an article needs front matter with a title and a date")
    if len(data) > MAX_BYTES:
        raise Located("the file is larger than 4 MiB, too large for an article; is it one?")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Located(
            f"the file is UTF-16, not UTF-8; convert it, e.g. "
            f"`iconv -f utf-16 -t utf-8 {path} > tmp && mv tmp {path}`"
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise Located("the file is not text (it holds NUL bytes)", line)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise Located(
            f"not UTF-8 (byte 0x{data[err.start]:02x}); convert it, e.g. "
            f"`iconv -f latin1 -t utf-8 {path} > tmp && mv tmp {path}`",
            line,
            column,
        ) from None


def split(text: str) -> tuple[str, str, int, str]:
    """(format, front matter text, its first line number in the file, body)."""
    if "\r" in text and "\n" not in text:
        raise Located(
            "the lines end in a carriage return only (an old Mac format); convert them, "
            "e.g. with `mac2unix`",
            1,
        )
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip(" \t\r")
    if first not in _CLOSERS:
        raise Located("no front matter: the file must start with a line `---` (or `+++`)", 1, 1)
    start = len(text) if first_end < 0 else first_end + 1
    closer = _CLOSERS[first].search(text, start)
    if closer is None:
        raise Located(f"the front matter opened on line 1 is not closed with `{first}`", 1, 1)
    after = text.find("\n", closer.end())
    body = "" if after < 0 else text[after + 1 :].lstrip("\r\n")
    return ("yaml" if first == "---" else "toml"), text[start : closer.start()], 2, body


def load(fm_format: str, fm_text: str, fm_line: int) -> dict[str, Any]:
    from . import handlers

    handler = handlers.YAML if fm_format == "yaml" else handlers.TOML
    try:
        metadata = handler.load(fm_text)
    except handlers.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        context = getattr(err, "context", None)
        message = f"{context} {problem}" if context and "duplicate" in str(context) else problem
        if mark is None:
            raise Located(f"front matter is not valid YAML: {message}") from None
        line, column = mark.line, mark.column + 1
        lines = fm_text.splitlines()
        if lines and line >= len(lines):  # noticed at the end: point at the block's last line
            line, column = len(lines) - 1, len(lines[-1].rstrip("\r")) + 1
        raise Located(
            f"front matter is not valid YAML: {message}", line + fm_line, column
        ) from None
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        message = re.sub(r"\s*\(at line.*\)$", "", str(err)) or "invalid TOML"
        if found is None:
            raise Located(f"front matter is not valid TOML: {message}") from None
        line, column = int(found[1]) + fm_line - 1, int(found[2])
        raise Located(f"front matter is not valid TOML: {message}", line, column) from None
    except RecursionError:
        raise Located("front matter is nested too deeply to read", fm_line) from None
    except ValueError:  # Python refuses to read a number of more than 4300 digits
        raise Located("front matter holds a number too long to read", fm_line) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        kind = type(metadata).__name__
        raise Located(f"front matter must be a mapping of keys to values, not a {kind}", fm_line)
    if _expanded_size(metadata) > MAX_VALUES:
        raise Located(
            "front matter uses aliases (*name) that expand to more than "
            f"{MAX_VALUES:,} values or refer to themselves; write the values out",
            fm_line,
        )
    return metadata


def _expanded_size(value: object) -> int:
    """How many values the front matter holds once every YAML alias is written out.

    Aliases share objects, so a few lines can stand for billions of values (`billion laughs`);
    sizes are memoised per object, so this costs one visit per distinct object."""
    sizes: dict[int, int] = {}

    def size(item: object) -> int:
        if not isinstance(item, list | dict):
            return 1
        known = sizes.get(id(item))
        if known is not None:
            return known
        sizes[id(item)] = MAX_VALUES + 1  # a cycle counts as too much
        children = item.values() if isinstance(item, dict) else item
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_VALUES:
                break
        sizes[id(item)] = total
        return total

    try:
        return size(value)
    except RecursionError:
        return MAX_VALUES + 1


def key_line(fm_text: str, key: str, fm_line: int) -> int:
    """The file line where a top-level key is written (the block's first line if not found)."""
    found = re.search(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", fm_text, re.M)
    return fm_line + (fm_text.count("\n", 0, found.start()) if found else 0)


def validate(
    metadata: dict[str, Any], fm_format: str, fm_text: str, fm_line: int, path: str, slug: str
) -> tuple[Article | None, list[Problem]]:
    problems: list[Problem] = []

    def report(key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, message, severity, key_line(fm_text, key, fm_line), 1))

    for key in metadata:
        if not isinstance(key, str):
            problems.append(Problem(path, f"key {key!r} is not text; quote it", "error", fm_line))

    title = metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        if title is None or (isinstance(title, str) and not title.strip()):
            report("title", "the title is missing or empty")
        else:
            report("title", f"the title must be text, not {_kind(title)}{_hint(title, fm_format)}")
        title = None

    when: date | datetime | None = None
    if "date" not in metadata or metadata["date"] is None:
        report("date", "the date is missing; add e.g. `date: 2017-07-17`")
    elif isinstance(metadata["date"], time):
        report("date", "the date is a time of day without a day; write e.g. 2017-07-17T10:00")
    elif not isinstance(metadata["date"], str | date):
        report(
            "date",
            f"the date must be YYYY-MM-DD or an ISO 8601 date-time, not {_kind(metadata['date'])}"
            + _hint(metadata["date"], fm_format),
        )
    else:
        try:
            when = parse_date(metadata["date"])
        except ValueError as err:
            report("date", str(err))

    author = metadata.get("author")
    if author is not None and not isinstance(author, str):
        report("author", f"the author must be text, not {_kind(author)}{_hint(author, fm_format)}")
        author = str(author)

    tags = _tags(metadata.get("tags"), fm_format, lambda m: report("tags", m))

    image = metadata.get("image")
    if image is not None and not isinstance(image, str):
        report("image", f"image must be a path, not {_kind(image)}")
        image = None

    draft = metadata.get("draft", False)
    if draft is None:
        draft = False
    if not isinstance(draft, bool):
        report("draft", f"draft must be true or false, not {_short(draft)}; treated as a draft")
        draft = True

    if title is None or when is None:
        return None, problems
    article = Article(
        slug=slug,
        path=path,
        title=title.strip(),
        date=when,
        author=(author or "").strip(),
        tags=tags,
        image=image or None,
        draft=draft,
    )
    return article, problems


def _tags(value: object, fm_format: str, report: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        report(f"tags must be a list, e.g. tags: [{value}], not one piece of text")
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if not isinstance(value, list):
        report(f"tags must be a list of words, not {_kind(value)}")
        return ()
    kept: list[str] = []
    for item in value:
        if isinstance(item, str) and item.strip():
            kept.append(item.strip())
        elif isinstance(item, bool) and fm_format == "yaml":
            report(f'a tag is read as {_kind(item)} by YAML (yes/no/on/off); quote it, e.g. "no"')
        else:
            report(f"a tag is {_kind(item)}, not text{_hint(item, fm_format)}")
    return tuple(kept)


def _hint(value: object, fm_format: str) -> str:
    """How to get text where a number or yes/no value was read."""
    if not isinstance(value, bool | int | float):
        return ""
    if fm_format == "yaml":
        return "; put it in quotes (YAML reads unquoted no, yes, 1.10 and 10:00 as other values)"
    return "; put it in quotes"


def _short(value: object) -> str:
    """A value for a message: its repr, cut short (a value may be huge)."""
    try:
        text = repr(value) if not isinstance(value, list | dict) else _kind(value)
    except ValueError:  # an int too long to write out
        return "a very long number"
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        short = _short(value)
        return f"the number {short}" if short[0] != "a" else short
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    return type(value).__name__


def locate_key(data: bytes, key: str) -> int | None:
    """The file line of a top-level front matter key, for reports made after parsing."""
    try:
        _, fm_text, fm_line, _ = split(decode(data, ""))
    except Located:
        return None
    return key_line(fm_text, key, fm_line)
