"""Turn one file's bytes into an Article, its body and the problems found. No disk access.

Front matter is split here by hand (so line numbers are the file's own) and read with
python-frontmatter handlers of our own: YAML without YAML 1.1's date guessing and with duplicate
keys refused, TOML on the standard library's tomllib.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .model import Article, Problem, parse_date

MAX_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
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


class _Located(Exception):
    """A front matter error at a line and column of the file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def parse(data: bytes, path: str, slug: str) -> Parsed:
    try:
        text = decode(data, path)
        fm_format, fm_text, fm_line, body = split(text)
        metadata = load(fm_format, fm_text, fm_line)
    except _Located as err:
        return Parsed(None, (Problem(path, err.message, "error", err.line, err.column),))
    article, problems = validate(metadata, fm_format, fm_text, fm_line, path, slug)
    return Parsed(article, tuple(problems), body, fm_format, metadata)


def decode(data: bytes, path: str) -> str:
    if not data:
        raise _Located("the file is empty; an article needs front matter with a title and a date")
    if len(data) > MAX_BYTES:
        raise _Located(f"the file is {len(data) // 1024 // 1024} MiB; an article is at most 4 MiB")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _Located("the file is not text (it holds NUL bytes)", line)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise _Located(
            f"not UTF-8 (byte 0x{data[err.start]:02x}); convert it, e.g. "
            f"`iconv -f latin1 -t utf-8 {path} > tmp && mv tmp {path}`",
            line,
            column,
        ) from None


def split(text: str) -> tuple[str, str, int, str]:
    """(format, front matter text, its first line number in the file, body)."""
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip(" \t\r")
    if first not in _CLOSERS:
        raise _Located("no front matter: the file must start with a line `---` (or `+++`)", 1, 1)
    start = len(text) if first_end < 0 else first_end + 1
    closer = _CLOSERS[first].search(text, start)
    if closer is None:
        raise _Located(f"the front matter opened on line 1 is not closed with `{first}`", 1, 1)
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
            raise _Located(f"front matter is not valid YAML: {message}") from None
        raise _Located(
            f"front matter is not valid YAML: {message}", mark.line + fm_line, mark.column + 1
        ) from None
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        message = re.sub(r"\s*\(at line.*\)$", "", str(err)) or "invalid TOML"
        if found is None:
            raise _Located(f"front matter is not valid TOML: {message}") from None
        line, column = int(found[1]) + fm_line - 1, int(found[2])
        raise _Located(f"front matter is not valid TOML: {message}", line, column) from None
    except RecursionError:
        raise _Located("front matter is nested too deeply to read", fm_line) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        kind = type(metadata).__name__
        raise _Located(f"front matter must be a mapping of keys to values, not a {kind}", fm_line)
    return metadata


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
            report("title", f"the title must be text, not {_kind(title)}; quote it")
        title = None

    when: date | datetime | None = None
    if "date" not in metadata or metadata["date"] is None:
        report("date", "the date is missing; add e.g. `date: 2017-07-17`")
    else:
        try:
            when = parse_date(metadata["date"])
        except ValueError as err:
            report("date", str(err))

    author = metadata.get("author")
    if author is not None and not isinstance(author, str):
        report("author", f"the author must be text, not {_kind(author)}; quote it")
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
        report("draft", f"draft must be true or false, not {draft!r}; treated as a draft")
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
            report(f'tag {item!r} is read as a yes/no value by YAML; quote it, e.g. "no"')
        else:
            report(f"tag {item!r} is not text; quote it")
    return tuple(kept)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
