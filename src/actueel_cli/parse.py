"""Turn one file's bytes into an Article, its body and the problems found. No disk access.

Front matter is split here by hand (so line numbers are the file's own) and read with
python-frontmatter handlers of our own: YAML without YAML 1.1's date guessing and with duplicate
keys refused, TOML on the standard library's tomllib. Which keys mean what, and where a missing
date or slug comes from, is the site generator's rule (generators.py); the slug is
identity.slug_of's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .generators import (
    DEFAULT_SITE,
    Rules,
    Site,
    date_in_name,
    has_dated_name,
    title_from_name,
)
from .identity import slug_of
from .model import UNDATED, Article, ArticleDate, Problem, parse_date

MAX_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
MAX_VALUES = 100_000  # front matter values after aliases are expanded
# The one rule for where front matter starts and ends: a line that is a fence, `---` (YAML) or
# `+++` (TOML), with nothing after it but spaces and tabs before its line ending (`\n`, `\r\n`,
# or the end of the file). fmedit finds the block by the same rule.
FENCES = {"---": "yaml", "+++": "toml"}
_CLOSERS = {f: re.compile(rf"^{re.escape(f)}[ \t]*(?=\r?\n|\Z)", re.M) for f in FENCES}


def fence(line: str) -> str | None:
    """The fence a line is (`---` or `+++`), or None; `line` without its line ending."""
    found = line.rstrip(" \t")
    return found if found in FENCES else None


@dataclass(frozen=True)
class Parsed:
    """What one file holds. `article` is None when the file cannot be used as an article."""

    article: Article | None
    problems: tuple[Problem, ...]
    body: str = ""
    fm_format: str | None = None  # "yaml" or "toml"
    metadata: dict[str, Any] | None = None
    # field -> the key it was read from, as the file writes it (`Tags`, `categories`, `pubDate`;
    # `published` when `published: false` made it a draft): what an edit must change
    keys: dict[str, str] | None = None
    # the entries that make it a draft (`draft: true`, `published: false`), keys as the file
    # writes them, each with the value that would publish it: what `publish` drops
    marks: tuple[tuple[str, bool], ...] = ()


class Located(Exception):
    """A front matter error at a line and column of the file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def parse(data: bytes, path: str, site: Site = DEFAULT_SITE) -> Parsed:
    try:
        text = decode(data, path)
        fm_format, fm_text, fm_line, body = split(text)
        metadata = load(fm_format, fm_text, fm_line)
    except Located as err:
        return Parsed(None, (Problem(path, err.message, "error", err.line, err.column),))
    article, problems, keys, marks = validate(metadata, fm_format, fm_text, fm_line, path, site)
    return Parsed(article, tuple(problems), body, fm_format, metadata, keys, marks)


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
    first = fence(text if first_end < 0 else text[:first_end].removesuffix("\r"))
    if first is None:
        raise Located("no front matter: the file must start with a line `---` (or `+++`)", 1, 1)
    start = len(text) if first_end < 0 else first_end + 1
    closer = _CLOSERS[first].search(text, start)
    if closer is None:
        raise Located(f"the front matter opened on line 1 is not closed with `{first}`", 1, 1)
    after = text.find("\n", closer.end())
    body = "" if after < 0 else text[after + 1 :].lstrip("\r\n")
    return FENCES[first], text[start : closer.start()], 2, body


def load(fm_format: str, fm_text: str, fm_line: int) -> dict[str, Any]:
    from . import handlers  # start-up: YAML and python-frontmatter only for files read anew

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


def key_line(fm_text: str, key: str, fm_line: int, ignore_case: bool = False) -> int:
    """The file line where a top-level key is written (the block's first line if not found)."""
    flags = re.M | (re.I if ignore_case else 0)
    found = re.search(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", fm_text, flags)
    return fm_line + (fm_text.count("\n", 0, found.start()) if found else 0)


class _Keys:
    """Front matter keys as a generator looks them up: exactly, or regardless of case (Hugo).
    An empty value (`date:`) counts as no key, as the generators read it."""

    def __init__(self, metadata: dict[str, Any], ignore_case: bool) -> None:
        self.metadata = metadata
        self.lower: dict[str, str] | None = None
        if ignore_case:  # the first key written wins
            self.lower = {}
            for key in metadata:
                if isinstance(key, str):
                    self.lower.setdefault(key.lower(), key)

    def find(self, keys: tuple[str, ...]) -> tuple[str, Any] | None:
        for key in keys:
            written = key if key in self.metadata else None
            if written is None and self.lower is not None:
                written = self.lower.get(key.lower())
            if written is not None and self.metadata[written] is not None:
                return written, self.metadata[written]
        return None


def validate(
    metadata: dict[str, Any], fm_format: str, fm_text: str, fm_line: int, path: str, site: Site
) -> tuple[Article | None, list[Problem], dict[str, str], tuple[tuple[str, bool], ...]]:
    rules = site.rules
    problems: list[Problem] = []
    written: dict[str, str] = {}
    keys = _Keys(metadata, rules.ignore_case)

    def report(key: str, message: str, severity: str = "error") -> None:
        line = key_line(fm_text, key, fm_line, rules.ignore_case)
        problems.append(Problem(path, message, severity, line, 1))

    def get(name: str) -> tuple[str, Any] | None:
        found = keys.find(site.keys(name))
        if found is not None:
            written[name] = found[0]
        return found

    for key in metadata:
        if not isinstance(key, str):
            problems.append(Problem(path, f"key {key!r} is not text; quote it", "error", fm_line))

    left_out = False
    if rules.dated_names_only and not has_dated_name(path):
        name = path.rsplit("/", 1)[-1]
        problems.append(Problem(path, f"{site.name} reads only posts named YYYY-MM-DD-title.md, so "
                                f"the site leaves this one out; rename it, e.g. 2017-07-17-{name}",
                                "error", 1, 1))  # fmt: skip
        left_out = True

    title = _title(get("title"), path, site, fm_format, report)
    when = _date(get("date"), path, site, fm_format, report)
    publish = _other_date(keys.find(rules.publish_keys), fm_format, report)
    expires = _other_date(keys.find(rules.expiry_keys), fm_format, report)
    author = _author(get("author"), site, fm_format, report)
    found = get("tags")
    tags = _tags(found[1], fm_format, lambda m: report(found[0], m), rules) if found else ()
    image = _image(get("image"), report)
    summary = _summary(get("summary"), report)
    draft, marks = _draft(get("draft"), keys.find(("published",)) if rules.published_key else None,
                          written, report)  # fmt: skip
    slug_found = keys.find(("slug",)) if rules.slug_key else None
    url_found = keys.find(("url",)) if rules.url_key else None
    slug = slug_of(
        path,
        rules,
        _text(slug_found[1]) if slug_found else None,
        _text(url_found[1]) if url_found else None,
    )
    if title is None or when is None or left_out:
        return None, problems, written, marks
    article = Article(
        slug=slug.strip() or slug_of(path, rules),
        path=path,
        title=title,
        date=when,
        author=author,
        tags=tags,
        image=image,
        draft=draft,
        summary=summary,
        publish=publish,
        expires=expires,
    )
    return article, problems, written, marks


Report = Callable[..., None]


def _text(value: object) -> str | None:
    """A value as the text it was written as: text, or a number YAML or TOML read from digits
    that give it back unchanged (`title: 300`, a tag `2011`). None for anything else: yes/no,
    and numbers that lost how they were written (`1.10` is 1.1, `10:00` is 600)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    text = str(value)
    source = getattr(value, "source", None)  # how the YAML loader saw it written
    return text if source is None or source == text else None


def _title(
    found: tuple[str, Any] | None, path: str, site: Site, fm_format: str, report: Report
) -> str | None:
    if found is not None:
        key, value = found
        text = _text(value)
        if text is None:
            report(key, f"the title must be text, not {_kind(value)}{_hint(value, fm_format)}")
            return None
        if text.strip():
            return text.strip()
    named = title_from_name(path, site.rules)
    if named:
        return named
    key = found[0] if found else site.keys("title")[0]
    if site.rules.untitled_ok:
        report(key, f"no title: {site.name} publishes the page without one", "warning")
        return ""
    report(key, "the title is missing or empty")
    return None


def _date(
    found: tuple[str, Any] | None, path: str, site: Site, fm_format: str, report: Report
) -> ArticleDate | None:
    """The article's date; UNDATED (with a warning) when it has none anywhere; None (with an
    error) when it is not a date."""
    rules = site.rules
    key = found[0] if found else site.keys("date")[0]
    if found is not None:
        value = found[1]
        if isinstance(value, str) and value.strip().lower() in rules.date_words:
            report(key, f"date {value.strip()!r}: {site.name} takes it from the file system, which "
                   "a git checkout resets; actueel lists the article undated (oldest); write the "
                   "day instead, e.g. date: 2017-07-17", "warning")  # fmt: skip
            return UNDATED
        return _date_value(key, value, fm_format, report)
    from_name = date_in_name(path, rules)
    if from_name is not None:
        return from_name
    if rules.file_time:
        why = (f"{rules.file_time}, which a git checkout resets; actueel lists it undated "
               "(oldest)")  # fmt: skip
    else:
        why = "listed undated (oldest)"
    report(key, f"no date in the front matter or the file name: {why}; add e.g. "
           "`date: 2017-07-17`", "warning")  # fmt: skip
    return UNDATED


def _date_value(key: str, value: object, fm_format: str, report: Report) -> ArticleDate | None:
    if isinstance(value, time):
        report(key, f"the {key} is a time of day without a day; write e.g. 2017-07-17T10:00")
        return None
    if not isinstance(value, str | date):
        report(key, f"the {key} must be YYYY-MM-DD or an ISO 8601 date-time, not "
               f"{_kind(value)}{_hint(value, fm_format)}")  # fmt: skip
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        report(key, str(err))
        return None


def _other_date(
    found: tuple[str, Any] | None, fm_format: str, report: Report
) -> ArticleDate | None:
    """A publish or expiry date (Hugo's); an error when it is not a date."""
    return _date_value(found[0], found[1], fm_format, report) if found is not None else None


def _author(found: tuple[str, Any] | None, site: Site, fm_format: str, report: Report) -> str:
    """`author: A`, `authors: [A, B]` (joined: `A en B`), or Hugo's `author: {name: A}`."""
    if found is None:
        return ""
    key, value = found
    if isinstance(value, dict):
        value = value.get("name", value)
    items = value if isinstance(value, list) else [value]
    names = [_text(item) for item in items]
    if any(name is None for name in names):
        wrong = next(item for item, name in zip(items, names, strict=True) if name is None)
        report(key, f"the author must be text, not {_kind(wrong)}{_hint(wrong, fm_format)}")
    shown = [name.strip() for name in names if name is not None and name.strip()]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} {site.conjunction()} {shown[-1]}"


def _image(found: tuple[str, Any] | None, report: Report) -> str | None:
    """A path; the first of a list (Hugo's `images`); `image` or `src` of a mapping (`cover:`
    as some themes write it)."""
    if found is None:
        return None
    key, value = found
    if isinstance(value, list):
        value = value[0] if value else None
    elif isinstance(value, dict):
        value = value.get("image", value.get("src"))
    if value is None:
        return None
    if not isinstance(value, str):
        report(key, f"{key} must be a path, not {_kind(value)}")
        return None
    return value.strip() or None


def _summary(found: tuple[str, Any] | None, report: Report) -> str:
    if found is None:
        return ""
    text = _text(found[1])
    if text is None:
        report(found[0], f"{found[0]} is {_kind(found[1])}, not text; it is not used", "warning")
        return ""
    return text.strip()


def _draft(
    found: tuple[str, Any] | None,
    published: tuple[str, Any] | None,
    written: dict[str, str],
    report: Report,
) -> tuple[bool, tuple[tuple[str, bool], ...]]:
    """`draft: true`; and where the generator reads it (Jekyll, Hexo), `published: false`. With
    the entries that make it one (Parsed.marks)."""
    marks: list[tuple[str, bool]] = []
    if found is not None:
        key, value = found
        if not isinstance(value, bool):
            report(key, f"{key} must be true or false, not {_short(value)}; treated as a draft")
            return True, ()
        if value:
            marks.append((key, False))
    if published is not None:
        key, value = published
        if not isinstance(value, bool):
            report(key, f"{key} must be true or false, not {_short(value)}; treated as a draft")
            return True, ()
        if value is False:
            written["published"] = key
            marks.append((key, True))
    return bool(marks), tuple(marks)


def _tags(
    value: object, fm_format: str, report: Callable[[str], None], rules: Rules
) -> tuple[str, ...]:
    """A list of tags. One string is read as the generator reads it: Jekyll splits it at
    spaces (`tags: a b` is two tags), the others take it as one tag; actueel's own rules ask
    for a list."""
    if value is None:
        return ()
    if isinstance(value, str):
        if rules.tag_text == "words":
            return tuple(value.split())
        if rules.tag_text == "one":
            return (value.strip(),) if value.strip() else ()
        report(f"tags must be a list, e.g. tags: [{value}], not one piece of text")
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if not isinstance(value, list):
        text = _text(value)
        if text is not None and rules.tag_text != "error":
            return (text,)
        report(f"tags must be a list of words, not {_kind(value)}{_hint(value, fm_format)}")
        return ()
    kept: list[str] = []
    for item in value:
        text = _text(item)
        if text is not None and text.strip():
            kept.append(text.strip())
        elif isinstance(item, bool) and fm_format == "yaml":
            report(f'a tag is read as {_kind(item)} by YAML (yes/no/on/off); quote it, e.g. "no"')
        elif text is None:
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


def locate_key(data: bytes, keys: tuple[str, ...], ignore_case: bool = False) -> int | None:
    """The file line of the first of these top-level front matter keys the file has (else the
    block's first line), for reports made after parsing."""
    try:
        return locate_key_in(decode(data, ""), keys, ignore_case)
    except Located:
        return None


def locate_key_in(text: str, keys: tuple[str, ...], ignore_case: bool = False) -> int | None:
    """`locate_key` in a file's text (or the start of it that holds the front matter)."""
    try:
        _, fm_text, fm_line, _ = split(text)
    except Located:
        return None
    for key in keys:
        line = key_line(fm_text, key, fm_line, ignore_case)
        if line != fm_line or re.match(rf"[\"']?{re.escape(key)}", fm_text, re.I):
            return line
    return fm_line
