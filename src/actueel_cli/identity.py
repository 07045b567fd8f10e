"""An article's name: the one function that gives a file its slug, and the one that decides which
file a name typed on the command line means. Pure: what exists is passed in.

A slug is what the site publishes the article under (see `slug_of`); a command takes the slug, a
unique start of one, the file's name, or its path in the articles folder. A name that is exactly
a file's path or name is that file, readable or not; slugs and their starts come after.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from .errors import NotFound
from .generators import Rules, markdown_stem, without_name_date
from .model import Article, slug_key


class _HasName(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def slug(self) -> str: ...


T = TypeVar("T", bound=_HasName)

SHOWN = 8  # candidates an ambiguous name lists


def slug_of(path: str, rules: Rules, slug: str | None = None, url: str | None = None) -> str:
    """The slug the site publishes the file at `path` under (relative to the articles folder):
    its `slug:` key (where the generator reads one); else the last part of its `url:` (Hugo);
    else the folder of a page bundle (`name/index.md`); else the file name, without a
    `YYYY-MM-DD-` prefix for Jekyll, Hexo and Eleventy. Files that cannot be read are named
    by their path alone (no `slug`, no `url`)."""
    if slug and rules.slug_key:
        return slug
    if url and rules.url_key:
        last = url.strip().rstrip("/").rsplit("/", 1)[-1]
        last = last.rsplit(".", 1)[0] if last.endswith((".html", ".htm")) else last
        if last:
            return last
    folder, _, name = path.rpartition("/")
    stem = markdown_stem(name) or name
    if rules.bundles and stem == "index" and folder:
        return folder.rsplit("/", 1)[-1]
    return without_name_date(stem) if rules.strip_name_date else stem


def address(path: str, slug: str, day: date | None, generator: str) -> str:
    """Where the site publishes an article, as far as telling two of one slug apart needs:
    Hugo, Eleventy and Astro by folder and slug; Jekyll and Hexo (whose default permalinks
    hold the date) by day and slug; actueel by slug alone. Case is ignored."""
    key = slug_key(slug)
    if generator in ("hugo", "eleventy", "astro"):
        folder = posixpath.dirname(path)
        if posixpath.basename(path).startswith("index.") and generator != "eleventy":
            folder = posixpath.dirname(folder)
        return f"{folder}/{key}"
    if generator in ("jekyll", "hexo"):
        return f"{day.isoformat() if day else ''}/{key}"
    return key


# --- which file a name means -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A file as names see it: its path and slug (a file that cannot be read has the slug
    its path gives)."""

    path: str
    slug: str


def name_keys(ident: str) -> tuple[str, str]:
    """(the slug key a name may be, the key of the file name it may be): what an index needs to
    fetch every file `resolve` could pick for this name, and no others."""
    wanted = _clean(ident)
    last = wanted.rsplit("/", 1)[-1]
    return slug_key(wanted), slug_key(markdown_stem(last) or last)


class NameIndex(Generic[T]):
    """Files (or articles) by every name that names one exactly: its path (also without the
    extension), its file name (with or without the extension, case ignored), its slug (case
    and Unicode normalisation ignored)."""

    def __init__(self, items: Iterable[T]) -> None:
        self.by_path: dict[str, list[T]] = {}
        self.by_name: dict[str, list[T]] = {}
        self.by_slug: dict[str, list[T]] = {}
        for item in items:
            folder, _, name = item.path.rpartition("/")
            stem = markdown_stem(name)
            self.by_path.setdefault(item.path, []).append(item)
            if stem is not None:
                self.by_path.setdefault(f"{folder}/{stem}" if folder else stem, []).append(item)
            for key in dict.fromkeys((slug_key(name), slug_key(stem or name))):
                self.by_name.setdefault(key, []).append(item)
            self.by_slug.setdefault(slug_key(item.slug), []).append(item)

    def exact(self, ident: str) -> list[T]:
        """What a name names exactly: the file at its path (also written with the folders above
        the articles folder: the longest path it ends in), else the files of that name (a name
        without `/`), else those of that slug."""
        wanted = _clean(ident)
        parts = wanted.split("/")
        for start in range(len(parts)):
            found = self.by_path.get("/".join(parts[start:]))
            if found:
                return list(found)
        key = slug_key(wanted)
        if "/" not in wanted and key in self.by_name:
            return list(self.by_name[key])
        return list(self.by_slug.get(key, ())) if key else []


def exact(ident: str, files: Iterable[Named]) -> list[Named]:
    """The files a name names exactly (see NameIndex.exact)."""
    return NameIndex(files).exact(ident)


class Names:
    """Readable articles by exact name, for the links between articles (every link of a
    build): the one article a link's target names exactly, as `resolve` reads a name but
    taking no start of a slug and giving no hints; None when none or several do."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.index = NameIndex(articles)

    def named(self, ident: str) -> Article | None:
        found = self.index.exact(ident)
        return found[0] if len(found) == 1 else None


def named(articles: Iterable[Article], ident: str) -> Article | None:
    """The article `ident` names exactly (Names.named)."""
    return Names(articles).named(ident)


def resolve(ident: str, files: Sequence[Named], all_slugs: Iterable[str] | None = None) -> Named:
    """The one file a name means: see `exact`; else the one slug it starts. Raises NotFound
    when none or more than one file fit, listing them. `files` must hold every file the name
    could mean (an index gives those `name_keys` asks for); `all_slugs` gives "did you mean"
    hints when nothing fits (default: the slugs of `files`)."""
    wanted = _clean(ident)
    found = NameIndex(files).exact(wanted)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ambiguous(wanted, found, "names")
    key = slug_key(wanted)
    started = [f for f in files if key and slug_key(f.slug).startswith(key)]
    if len(started) == 1:
        return started[0]
    if started:
        raise ambiguous(wanted, started, "starts the slugs of")
    slugs = list(all_slugs) if all_slugs is not None else [f.slug for f in files]
    raise not_found(wanted, slugs)


def ambiguous(wanted: str, found: Sequence[Named], how: str) -> NotFound:
    """`'kubecon-na' names 4 articles; name one by its path:` and the paths, a few lines."""
    ordered = sorted(found, key=lambda f: f.path)
    lines = [f"{f.path}  ({f.slug})" if f.slug != _stem(f.path) else f.path for f in ordered]
    if len(lines) > SHOWN:
        lines = [*lines[: SHOWN - 1], f"... and {len(lines) - SHOWN + 1} more"]
    return NotFound(f"{wanted!r} {how} {len(found)} articles; name one by its path:",
                    details=tuple(lines))  # fmt: skip


def not_found(wanted: str, slugs: Iterable[str]) -> NotFound:
    """The error for a name that matches no file, with the closest slugs as a hint."""
    close = difflib.get_close_matches(slug_key(wanted), list(slugs), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `actueel list`"
    return NotFound(f"no article {wanted!r}{hint}")


def _clean(ident: str) -> str:
    wanted = ident.strip().replace("\\", "/")
    while wanted.startswith("./"):
        wanted = wanted[2:]
    return wanted


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return markdown_stem(name) or name
