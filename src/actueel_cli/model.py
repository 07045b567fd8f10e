"""The article and the pure rules about articles: slugs, tags, dates, order, filters, neighbours.

Nothing here reads the disk, the clock or the terminal; `today` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .errors import InvalidInput, NotFound

ArticleDate = date | datetime

MAX_SLUG = 80
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)


@dataclass(frozen=True, slots=True)
class Article:
    """One article's front matter, as the list, the index and JSON output know it.

    `path` is relative to the articles folder, with `/` separators; the body is not held here
    (50,000 bodies do not fit the memory budget) but read on demand.
    """

    slug: str
    path: str
    title: str
    date: ArticleDate
    author: str = ""
    tags: tuple[str, ...] = ()
    image: str | None = None
    draft: bool = False

    @property
    def instant(self) -> float:
        """Seconds since the epoch: date-times by instant, dates and naive times as UTC."""
        return instant(self.date)

    def is_scheduled(self, today: dt.date) -> bool:
        """Published (not a draft) but dated after today: the site does not show it yet."""
        return not self.draft and day_of(self.date) > today

    def is_live(self, today: dt.date) -> bool:
        return not self.draft and not self.is_scheduled(today)


Heading = tuple[str, str, str]  # (day as YYYY-MM-DD, slug, title): a line of a plain listing


def heading(article: Article) -> Heading:
    return (day_of(article.date).isoformat(), article.slug, article.title)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file, reported as `path:line:column: severity: message`."""

    path: str
    message: str
    severity: str = "error"  # "error" or "warning"
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"


# --- dates -------------------------------------------------------------------------------------


def parse_date(value: object) -> ArticleDate:
    """A front matter date: `YYYY-MM-DD` or an ISO 8601 date-time, as text or as TOML gives it.

    Raises ValueError with a message for the user.
    """
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be YYYY-MM-DD or an ISO 8601 date-time, not {value!r}")
    text = value.strip()
    if DATE_RE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"date {text!r} is not a real calendar date") from None
    if DATETIME_RE.fullmatch(text):
        try:
            return datetime.fromisoformat(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"date {text!r} is not a real date and time") from None
    raise ValueError(f"date {text!r} is not YYYY-MM-DD or an ISO 8601 date-time")


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` given on the command line."""
    if not DATE_RE.fullmatch(text.strip()):
        raise InvalidInput(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2017-07-17")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a real calendar date") from None


def day_of(value: ArticleDate) -> date:
    """The calendar day as written (a date-time's own day, not converted to another zone)."""
    return value.date() if isinstance(value, datetime) else value


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def instant(value: ArticleDate) -> float:
    if not isinstance(value, datetime):
        # Midnight UTC, without building a datetime: sorting 50,000 articles asks this often.
        return float((value.toordinal() - _EPOCH_ORDINAL) * 86400)
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return moment.timestamp()


def iso(value: ArticleDate) -> str:
    return value.isoformat()


# --- text --------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text to compare as people do: case and accents ignored (`Geïnspireerd` ~ `geinspireerd`).

    The same as NFKD, dropping every combining mark, then casefold; done character by character
    (each step maps one character on its own), so that folding a whole body for the search index
    costs microseconds: the ASCII part is lowered by bytes.lower(), and each distinct non-ASCII
    character is replaced once. Correct because folding is idempotent on what it yields (a test
    checks every code point).
    """
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    folded = data.lower().decode("utf-8", "surrogatepass")  # bytes.lower() touches ASCII only
    for char in set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
        folded = folded.replace(char, fold_char(char))
    return folded


_ASCII = bytes(range(128))


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def make_slug(title: str) -> str:
    """The slug for a title: lower-case ASCII, accents transliterated, other runs one hyphen,
    at most 80 characters cut at a word boundary. Raises InvalidInput when nothing is left."""
    from slugify import slugify  # imported here: only `new` needs it

    if not title.strip():
        raise InvalidInput("the title is empty; give the article a title")
    slug = slugify(title, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not SLUG_RE.fullmatch(slug):
        raise InvalidInput(
            f"the title {title!r} gives no usable slug (no letters or digits); "
            "choose one with --slug, e.g. --slug mijn-artikel"
        )
    return slug


def check_slug(slug: str) -> str:
    if not SLUG_RE.fullmatch(slug) or len(slug) > MAX_SLUG:
        raise InvalidInput(
            f"slug {slug!r} is not valid: use lower-case letters, digits and single hyphens, "
            f"at most {MAX_SLUG} characters, e.g. burgemeesters-over-veiligheid"
        )
    return slug


def slug_key(slug: str) -> str:
    """Slugs that differ only in case or Unicode normalisation are the same article."""
    return unicodedata.normalize("NFC", slug).casefold()


def clean_tag(raw: str) -> str:
    """A tag as typed by a user: surrounding spaces and a leading `#` dropped."""
    tag = raw.strip()
    if tag.startswith("#"):
        tag = tag[1:].strip()
    if not tag:
        raise InvalidInput(f"tag {raw!r} is empty")
    if "," in tag or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in tag):
        raise InvalidInput(f"tag {raw!r} holds a comma, a line break or a control character")
    return tag


def has_tag(tags: Iterable[str], tag: str) -> bool:
    wanted = fold(tag)
    return any(fold(t) == wanted for t in tags)


# Tag edits compare tags as `list --tag` does: `fold`, so case and accents are ignored. Each
# returns the new list, equal to the old one when there is nothing to do, so that the caller can
# leave the file alone. Spellings already in the file are kept as they are.


def add_tags(current: Sequence[str], new: Sequence[str]) -> list[str]:
    """`current` with each of `new` appended that it does not hold yet."""
    result = list(current)
    seen = {fold(t.strip()) for t in current}
    for tag in new:
        if fold(tag) not in seen:
            result.append(tag)
            seen.add(fold(tag))
    return result


def remove_tags(current: Sequence[str], gone: Sequence[str]) -> list[str]:
    """`current` without any spelling of the tags in `gone`."""
    folded = {fold(t) for t in gone}
    return [t for t in current if fold(t.strip()) not in folded]


def rename_tag(current: Sequence[str], old: str, new: str) -> list[str]:
    """`current` with `old` (any spelling) renamed to `new`; where `new` is already there the
    two merge into one `new`, at the place of the first of them. Unchanged without `old`."""
    if not has_tag((t.strip() for t in current), old):
        return list(current)
    result: list[str] = []
    placed = False
    for tag in current:
        if fold(tag.strip()) in (fold(old), fold(new)):
            if not placed:
                result.append(new)
                placed = True
        else:
            result.append(tag)
    return result


@dataclass(frozen=True, slots=True)
class TagCount:
    """One tag in `tag list`: its most used spelling, how many articles carry it, and the
    other spellings that differ from it only in case or accents."""

    tag: str
    count: int
    variants: tuple[str, ...] = ()


def tag_counts(articles: Iterable[Article]) -> list[TagCount]:
    """Every tag with the number of articles carrying it (drafts and scheduled ones included:
    the tag is in their files), most used first, then by name. Spellings that fold to the same
    text count as one tag; an article with two of them counts once."""
    return tag_list_counts((article.tags, 1) for article in articles)


def tag_list_counts(lists: Iterable[tuple[tuple[str, ...], int]]) -> list[TagCount]:
    """`tag_counts` from (tag list, number of articles with exactly that list) pairs."""
    groups: dict[str, dict[str, int]] = {}
    counts: dict[str, int] = {}
    for tags, n in lists:
        seen: set[str] = set()
        for tag in tags:
            key = fold(tag)
            spellings = groups.setdefault(key, {})
            spellings[tag] = spellings.get(tag, 0) + n
            if key not in seen:
                counts[key] = counts.get(key, 0) + n
                seen.add(key)
    result: list[TagCount] = []
    for key, spellings in groups.items():
        # the spelling most articles use; on a tie the lower-case one, then code point order
        ranked = sorted(spellings, key=lambda t: (-spellings[t], t != t.lower(), t))
        result.append(TagCount(ranked[0], counts[key], tuple(ranked[1:])))
    result.sort(key=lambda c: (-c.count, fold(c.tag), c.tag))
    return result


# --- order, filters, lookup --------------------------------------------------------------------


def sort_key(article: Article) -> tuple[float, str, str]:
    """Oldest first: by instant, then slug, then path (two files may share a slug), so that the
    order is total and every way of reading the archive gives the same one. `list` shows this
    order reversed."""
    return (article.instant, article.slug, article.path)


def newest_first(articles: Iterable[Article]) -> list[Article]:
    return sorted(articles, key=sort_key, reverse=True)


@dataclass(frozen=True)
class Filter:
    tags: tuple[str, ...] = ()
    author: str | None = None
    year: int | None = None
    since: date | None = None
    until: date | None = None
    drafts: bool = False
    matches_search: frozenset[str] | None = field(default=None)  # paths, when searching
    # whether it asks more of an article than not being a draft (unless drafts are wanted)
    narrows: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        narrows = bool(self.tags) or any(
            value is not None
            for value in (self.author, self.year, self.since, self.until, self.matches_search)
        )
        object.__setattr__(self, "narrows", narrows)  # frozen: set once, here

    def accepts(self, article: Article) -> bool:
        if article.draft and not self.drafts:
            return False
        if not self.narrows:  # the usual `list`: asked of every article, so kept short
            return True
        day = day_of(article.date)
        if self.year is not None and day.year != self.year:
            return False
        if self.since is not None and day < self.since:
            return False
        if self.until is not None and day > self.until:
            return False
        if self.author is not None and fold(self.author) not in fold(article.author):
            return False
        if any(not has_tag(article.tags, t) for t in self.tags):
            return False
        return self.matches_search is None or article.path in self.matches_search


def search_key(text: str) -> str:
    """Text as `--search` compares it: case, accents, Markdown emphasis and line breaks ignored:
    `[*_`]+` removed, every run of whitespace (`\\s+`) one space, no space at either end.

    Every body goes through here when the index is built, so it is done with str methods that
    scan in C (a regular expression, or split and join, costs several times more)."""
    folded = fold(text)
    for mark in "*_`":
        if mark in folded:
            folded = folded.replace(mark, "")
    for space in _ASCII_SPACES if folded.isascii() else _SPACES:
        if space in folded:
            folded = folded.replace(space, " ")
    while "  " in folded:
        folded = folded.replace("  ", " ")
    return folded.strip(" ")


# What str.isspace() and `\s` call whitespace, besides the space itself (a test checks the list).
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_SPACES = (
    _ASCII_SPACES
    + "\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)


def search_text(title: str, body: str) -> str:
    """What `--search` looks in, prepared once so that a search is a plain substring test."""
    return search_key(title + "\n" + body)


def on_the_walk(article: Article, today: date, tag: str | None = None) -> bool:
    """Whether `next` and `prev` stop at this article: live (no draft, nothing scheduled) and,
    when walking one tag, carrying it."""
    return article.is_live(today) and (tag is None or has_tag(article.tags, tag))


def neighbours(
    articles: Sequence[Article], current: Article, today: date, tag: str | None = None
) -> tuple[Article | None, Article | None]:
    """(older, newer) around `current` among live articles: no drafts, nothing scheduled."""
    key = sort_key(current)
    older = newer = None
    older_key = newer_key = key
    # One pass, each article's key made once: `show` asks this of 50,000 articles.
    for article in articles:
        if not on_the_walk(article, today, tag):
            continue
        this = sort_key(article)
        if this < key:
            if older is None or this > older_key:
                older, older_key = article, this
        elif this > key and (newer is None or this < newer_key):
            newer, newer_key = article, this
    return older, newer


def neighbours_of_all(
    articles: Sequence[Article], today: date
) -> dict[str, tuple[Article | None, Article | None]]:
    """`neighbours(articles, a, today)` for every article `a`, keyed by path, in one sort
    instead of one pass per article (a site build asks it of 50,000). The same rule: live
    articles only, strictly older and strictly newer by `sort_key` (a test compares both)."""
    import bisect

    walk = sorted((a for a in articles if on_the_walk(a, today)), key=sort_key)
    keys = [sort_key(a) for a in walk]
    found: dict[str, tuple[Article | None, Article | None]] = {}
    for article in articles:
        key = sort_key(article)
        before = bisect.bisect_left(keys, key)
        after = bisect.bisect_right(keys, key)
        older = walk[before - 1] if before > 0 else None
        newer = walk[after] if after < len(walk) else None
        found[article.path] = (older, newer)
    return found


def find_keys(ident: str) -> tuple[str, list[str]]:
    """How `find` reads a name: the slug it stands for (the file name's, for a path), and the
    paths it may be (none for a plain slug). An index asks for just the articles these name."""
    wanted = ident.strip()
    if not (wanted.endswith(".md") or "/" in wanted):
        return wanted, []
    parts = wanted.replace("\\", "/").split("/")
    # the path itself and each shorter one it ends in: `site/articles/x.md`, `articles/x.md`...
    return parts[-1].removesuffix(".md"), ["/".join(parts[i:]) for i in range(len(parts))]


def find(articles: Sequence[Article], ident: str) -> Article:
    """The article named by a slug, a unique prefix of one, or its path in the articles folder."""
    wanted, paths = find_keys(ident)
    if paths:  # the file itself, else the longest path that ends the name given
        named = set(paths)
        by_path = [a for a in articles if a.path in named]
        if by_path:
            return max(by_path, key=lambda a: len(a.path))
    key = slug_key(wanted)
    exact = [a for a in articles if slug_key(a.slug) == key]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        files = ", ".join(sorted(a.path for a in exact))
        raise NotFound(f"slug {wanted!r} is used by more than one file: {files}; name the path")
    prefixed = [a for a in articles if slug_key(a.slug).startswith(key)] if key else []
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        shown = ", ".join(sorted(a.slug for a in prefixed)[:8])
        more = f" and {len(prefixed) - 8} more" if len(prefixed) > 8 else ""
        raise NotFound(f"{wanted!r} matches {len(prefixed)} articles: {shown}{more}")
    raise not_found(wanted, [a.slug for a in articles])


def named(articles: Iterable[Article], ident: str) -> Article | None:
    """The article `ident` names exactly, as `find` reads a name but taking no prefix and giving
    no hints: for links between articles, where a miss is no error."""
    return Names(articles).named(ident)


class Names:
    """Articles by path and by slug, for many `named` lookups (every link of a build)."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.by_path: dict[str, Article] = {}
        self.by_slug: dict[str, list[Article]] = {}
        for article in articles:
            self.by_path[article.path] = article
            self.by_slug.setdefault(slug_key(article.slug), []).append(article)

    def named(self, ident: str) -> Article | None:
        wanted, paths = find_keys(ident)
        for path in paths:  # the longest first: `find_keys` gives the whole path first
            if path in self.by_path:
                return self.by_path[path]
        exact = self.by_slug.get(slug_key(wanted), [])
        return exact[0] if len(exact) == 1 else None


def not_found(wanted: str, slugs: list[str]) -> NotFound:
    """The error for a name that matches no article, with the closest of `slugs` as a hint."""
    import difflib  # only when nothing matched

    close = difflib.get_close_matches(slug_key(wanted), slugs, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `actueel list`"
    return NotFound(f"no article {wanted!r}{hint}")
