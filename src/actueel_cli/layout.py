"""Where a new article goes: the site's `new_path` pattern, given or read off the archive. Pure.

A pattern is a path in the articles folder with placeholders: `{slug}`, `{year}`, `{month}`,
`{day}` (two digits) and `{date}` (`YYYY-MM-DD`): `{slug}.md` (actueel, Astro), `{date}-{slug}.md`
(Jekyll's `_posts`, Hexo's `new_post_name`), `{year}/{slug}.md` (year folders),
`{slug}/index.md` (Hugo page bundles), `{year}/{slug}/index.md`, ... When actueel.toml sets
none, `detect` reads it off the paths of the articles already there: the shape most of them have.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable
from datetime import date

from .generators import MARKDOWN_EXTENSIONS, markdown_stem

PLACEHOLDERS = ("slug", "year", "month", "day", "date")
_DATED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-.")
_YEAR = re.compile(r"(?:19|20)\d\d")
_TWO = re.compile(r"\d\d")
_WHEN = re.compile(r"(?:19|20)\d\d(?:[-/]\d\d(?:[-/]\d\d)?)?")


def check_pattern(pattern: str) -> str | None:
    """What is wrong with a `new_path` pattern, said for the user; None when it is fine."""
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(pattern) if f is not None]
        specs = [(spec, conv) for _, f, spec, conv in string.Formatter().parse(pattern) if f]
    except ValueError:
        return f"new_path {pattern!r} has an unmatched {{ or }}"
    unknown = [f for f in fields if f not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        return f"new_path {pattern!r} has {{{unknown[0]}}}; it may hold {known}"
    if any(spec or conv for spec, conv in specs):
        return f"new_path {pattern!r}: write placeholders as {{slug}}, without a format"
    if "slug" not in fields:
        return f"new_path {pattern!r} must hold {{slug}}, e.g. {{year}}/{{slug}}.md"
    parts = pattern.split("/")
    if pattern.startswith("/") or "\\" in pattern or any(p in ("", ".", "..") for p in parts):
        return f"new_path {pattern!r} must be a plain path inside the articles folder"
    if parts[-1].startswith((".", "_")):
        return f"new_path {pattern!r}: a file whose name starts with . or _ is not an article"
    if not pattern.endswith(MARKDOWN_EXTENSIONS):
        return f"new_path {pattern!r} must end in a Markdown extension, e.g. .md"
    return None


def path_for(pattern: str, slug: str, day: date) -> str:
    """The path a new article with this slug and day gets under `pattern` (a checked one)."""
    return pattern.format(
        slug=slug,
        year=f"{day.year:04d}",
        month=f"{day.month:02d}",
        day=f"{day.day:02d}",
        date=day.isoformat(),
    )


def detect(paths: Iterable[str], dated_names: bool = False) -> str:
    """The pattern most of `paths` (Markdown files, relative to the articles folder) follow;
    a tie goes to the shape of the newest article (by the year or date in its path).
    With no paths: `{slug}.md`, or `{date}-{slug}.md` for a generator that reads only dated
    names (Jekyll), which also gets the date in front of its name if the archive lacks it."""
    counts: Counter[str] = Counter()
    last: dict[str, tuple[str, str]] = {}
    for path in paths:
        found = shape(path)
        if found is not None:
            counts[found] += 1
            when = _WHEN.search(path)
            last[found] = max(last.get(found, ("", "")), (when[0] if when else "", path))
    if not counts:
        return "{date}-{slug}.md" if dated_names else "{slug}.md"
    most = max(counts.values())
    pattern = max((p for p, n in counts.items() if n == most), key=lambda p: last[p])
    if dated_names and "{date}" not in pattern.rsplit("/", 1)[-1]:
        folder, _, name = pattern.rpartition("/")
        pattern = f"{folder}/{{date}}-{name}" if folder else f"{{date}}-{name}"
    return pattern


def shape(path: str) -> str | None:
    """The pattern one article's path follows: `2023/kubecon/index.md` -> `{year}/{slug}/index.md`,
    `_posts/2017-07-17-x.md` -> `_posts/{date}-{slug}.md`. None for a name that is not an
    article's (not Markdown)."""
    parts = path.split("/")
    name = parts[-1]
    stem = markdown_stem(name)
    if stem is None:
        return None
    ext = name[len(stem) :]
    folders = parts[:-1]
    if stem == "index" and folders:
        tail = "{slug}/index" + ext
        folders = folders[:-1]
    elif _DATED.match(stem):
        tail = "{date}-{slug}" + ext
    else:
        tail = "{slug}" + ext
    shaped: list[str] = []
    for folder in folders:
        before = shaped[-1] if shaped else ""
        if _YEAR.fullmatch(folder):
            shaped.append("{year}")
        elif _TWO.fullmatch(folder) and before in ("{year}", "{month}"):
            shaped.append("{month}" if before == "{year}" else "{day}")
        else:
            shaped.append(folder.replace("{", "{{").replace("}", "}}"))
    return "/".join([*shaped, tail])
