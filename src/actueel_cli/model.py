"""The article and the pure rules about articles: slugs, tags, dates, order, filters, neighbours.

Nothing here reads the disk, the clock or the terminal; `today` is always passed in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .errors import InvalidInput

ArticleDate = date | datetime

MAX_SLUG = 80
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)
# The date of an article that has none anywhere (front matter, file name): listed, oldest of
# all, as Hugo dates such a page (0001-01-01); `check` warns about it.
UNDATED = date.min


@dataclass(frozen=True, slots=True)
class Article:
    """One article's front matter, as the list, the index and JSON output know it.

    `path` is relative to the articles folder, with `/` separators; the body is not held here
    (50,000 bodies do not fit the memory budget) but read on demand. `publish` is a later day
    from which the site shows it (Hugo's publishDate), `expires` the day it goes (Hugo's
    expiryDate); `date` is UNDATED when there is none.
    """

    slug: str
    path: str
    title: str
    date: ArticleDate
    author: str = ""
    tags: tuple[str, ...] = ()
    image: str | None = None
    draft: bool = False
    summary: str = ""
    publish: ArticleDate | None = None
    expires: ArticleDate | None = None

    @property
    def instant(self) -> float:
        """Seconds since the epoch: date-times by instant, dates and naive times as UTC."""
        return instant(self.date)

    @property
    def undated(self) -> bool:
        return self.date == UNDATED

    @property
    def shown_from(self) -> dt.date:
        """The day the site starts to show it: its publish date, else its date."""
        return day_of(self.publish if self.publish is not None else self.date)

    def is_scheduled(self, today: dt.date) -> bool:
        """Published (not a draft) but dated after today: the site does not show it yet."""
        return not self.draft and self.shown_from > today

    def is_expired(self, today: dt.date) -> bool:
        """Past its expiry day (from that day on): the site no longer shows it."""
        return self.expires is not None and day_of(self.expires) <= today

    def is_live(self, today: dt.date) -> bool:
        """THE rule for "on the site today": no draft, not scheduled, not expired."""
        return not self.draft and not self.is_scheduled(today) and not self.is_expired(today)


Heading = tuple[str, str, str]  # (day as YYYY-MM-DD, or "" undated; slug; title): a plain line


def heading(article: Article) -> Heading:
    return (day_text(article.date), article.slug, article.title)


def day_text(value: ArticleDate) -> str:
    """The day as `YYYY-MM-DD`, or empty for an undated article."""
    return "" if value == UNDATED else day_of(value).isoformat()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file, reported as `path:line:column: severity: message`.

    A "note" is no problem with the site, only a word on why a file is not read as an article
    (a section page `_index.md`, a template)."""

    path: str
    message: str
    severity: str = "error"  # "error", "warning" or "note"
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

    @property
    def kind(self) -> str:
        """The message without what differs from file to file (quoted values, paths, numbers):
        what `list` and `build` group many problems by."""
        return _KIND_PARTS.sub("…", self.message)


_KIND_PARTS = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|[^\s()]*/[^\s();,]*|\b\d[\w.:-]*")


# --- dates -------------------------------------------------------------------------------------
#
# The forms the generators document and write: ISO 8601 and RFC 3339 (`2017-07-17`,
# `2017-07-17T10:00:00+02:00`, `Z`), Jekyll's `2017-07-17 10:00:00 +0200`, Hexo's
# `2013/7/13 20:46:25` and `2019-01-11 22:13`, and English month names as Astro and Eleventy
# sites write them (`Oct 8, 2024`, `Jun 19 2024`, `8 October 2024`, RFC 1123's
# `Tue, 08 Oct 2024 10:00:00 +0000`). Day-first numbers (`17-07-2017`) are refused: in them the
# day and the month cannot be told apart.

_NUMERIC = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?",
    re.I,
)
_MONTH_NAMES = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
)  # fmt: skip
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_WORDS = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?P<m1>[a-z]+)\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]+)\.?,?\s+(?P<y2>\d{4}))"
    r"(?:,?\s+(?:at\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>am|pm)?"
    r"(?:\s*(?P<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?",
    re.I,
)
_DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s.*)?")


def parse_date(value: object) -> ArticleDate:
    """A front matter date in any form the generators document (see above), as text or as
    TOML gives it. Raises ValueError with a message for the user."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be YYYY-MM-DD or an ISO 8601 date-time, not {value!r}")
    text = value.strip()
    if DATE_RE.fullmatch(text):  # the usual forms first: they are most of 50,000 files
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"date {text!r} is not a real calendar date") from None
    if DATETIME_RE.fullmatch(text):
        try:
            return datetime.fromisoformat(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"date {text!r} is not a real date and time") from None
    found = _NUMERIC.fullmatch(text)
    if found is not None:
        month, day = found["m"], found["d"]
        return _made(text, found["y"], month, day, found["H"], found["M"], found["S"],
                     found["f"], found["z"])  # fmt: skip
    found = _WORDS.fullmatch(text)
    month_name = (found["m1"] or found["m2"]).lower() if found else ""
    if found is not None and month_name in _MONTHS:
        hour = found["H"]
        if hour is not None and found["ampm"]:
            hour = str(int(hour) % 12 + (12 if found["ampm"].lower() == "pm" else 0))
        return _made(text, found["y1"] or found["y2"], str(_MONTHS[month_name]),
                     found["d1"] or found["d2"], hour, found["M"], found["S"], None,
                     found["z"])  # fmt: skip
    if _DAY_FIRST.fullmatch(text):
        raise ValueError(
            f"date {text!r} is not YYYY-MM-DD: put the year first, e.g. 2017-07-17 "
            "(with the day first, 03-04-2017 could be March or April)"
        )
    raise ValueError(
        f"date {text!r} is not YYYY-MM-DD or a date and time (2017-07-17T10:00:00+02:00, "
        "2017-07-17 10:00:00 +0200, Jul 17, 2017)"
    )


def _made(
    text: str,
    year: str,
    month: str,
    day: str,
    hour: str | None,
    minute: str | None,
    second: str | None,
    fraction: str | None,
    zone: str | None,
) -> ArticleDate:
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"date {text!r} is not a real calendar date") from None
    tz: dt.tzinfo | None = None
    if zone is not None:
        if zone.upper() in ("Z", "UTC", "GMT"):
            tz = UTC
        else:
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
            if minutes >= 24 * 60:
                raise ValueError(f"date {text!r} has a time zone beyond 24 hours")
            tz = dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute or 0),
                        int(second or 0), micro, tzinfo=tz)  # fmt: skip
    except ValueError:
        raise ValueError(f"date {text!r} is not a real date and time") from None


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


# --- text --------------------------------------------------------------------------------------


def count(n: int, noun: str) -> str:
    """`1 file`, `3 files`: a number of things, for a message."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


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
    from slugify import slugify  # start-up: only `new` needs it

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


# What a terminal acts on rather than shows: C0 and C1 control codes (escape sequences start
# with one), zero-width and direction marks, the line and paragraph separators, bidirectional
# embeddings and isolates. A title, author or tag that holds one (or a tab or a line break) is
# refused; render removes them from any text it shows.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069"
_UNFIT = re.compile(f"[\t\n{CONTROLS}]")


def has_control(text: str) -> bool:
    """Whether `text` holds a tab, a line break or a control character (see CONTROLS)."""
    return not text.isprintable() and _UNFIT.search(text) is not None


def checked_text(what: str, value: str, empty_ok: bool = False) -> str:
    """A title, author or image path as typed, without surrounding spaces. InvalidInput when it
    is not UTF-8 (a command-line argument may hold any bytes), is empty (unless `empty_ok`),
    or holds a tab, a line break or a control character."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"the {what} is not valid UTF-8 text") from None
    text = value.strip()
    if not text and not empty_ok:
        raise InvalidInput(f"the {what} is empty")
    if has_control(text):
        raise InvalidInput(f"the {what} holds a line break, a tab or a control character")
    return text


def clean_tag(raw: str) -> str:
    """A tag as typed by a user: surrounding spaces and a leading `#` dropped."""
    tag = raw.strip()
    if tag.startswith("#"):
        tag = tag[1:].strip()
    if not tag:
        raise InvalidInput(f"tag {raw!r} is empty")
    if "," in tag or has_control(tag):
        raise InvalidInput(f"tag {raw!r} holds a comma, a line break or a control character")
    return tag


def unique_tags(raw: Iterable[str]) -> list[str]:
    """Tags as typed, each checked (checked_text) and cleaned (clean_tag), without a second
    spelling of one already there (case and accents ignored)."""
    tags: list[str] = []
    for item in raw:
        tag = clean_tag(checked_text("tag", item, empty_ok=True))
        if fold(tag) not in {fold(t) for t in tags}:
            tags.append(tag)
    return tags


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


ORDERS = ("date", "title", "author", "updated")  # what `list --sort` takes


def sorted_by(newest: Iterable[Article], order: str, mtimes: Mapping[str, int]) -> list[Article]:
    """Articles given newest first, sorted (stably) by `order` (ORDERS): ties stay newest first.
    "date" keeps them as given; "title" and "author" A to Z, case and accents ignored;
    "updated" latest edit first (`mtimes`: path -> modification time)."""
    found = list(newest)
    if order == "title":
        found.sort(key=lambda a: fold(a.title))
    elif order == "author":
        found.sort(key=lambda a: fold(a.author))
    elif order == "updated":
        found.sort(key=lambda a: mtimes.get(a.path, 0), reverse=True)
    return found


@dataclass(frozen=True)
class Filter:
    tags: tuple[str, ...] = ()
    author: str | None = None
    year: int | None = None
    since: date | None = None
    until: date | None = None
    drafts: bool = False
    matches_search: frozenset[str] | None = field(default=None)  # paths, when searching
    expired: bool = False  # expired articles too (left out otherwise, when `today` is given)
    today: date | None = None  # what "expired" is judged by; None: nothing counts as expired
    # whether it asks more of an article than not being a draft or expired (unless wanted)
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
        if not self.expired and self.today is not None and article.is_expired(self.today):
            return False
        if not self.narrows:  # the usual `list`: asked of every article, so kept short
            return True
        day = day_of(article.date)
        if article.undated and (self.year, self.since, self.until) != (None, None, None):
            return False  # no date is within any span of dates
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
    run in C (a regular expression, or split and join, costs more: benchmarks/bench.py)."""
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
    """Whether `next` and `prev` stop at this article: live (no draft, nothing scheduled or
    expired) and, when walking one tag, carrying it."""
    return article.is_live(today) and (tag is None or has_tag(article.tags, tag))


def neighbours(
    articles: Sequence[Article], current: Article, today: date, tag: str | None = None
) -> tuple[Article | None, Article | None]:
    """(older, newer) around `current` among live articles: no drafts, nothing scheduled or
    expired."""
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
