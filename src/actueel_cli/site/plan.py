"""The site's plan: which pages there are, where they go, and what each one lists.

Pure: articles in, plan out; no disk, no clock (`today` is passed in), no templates. Every
address is relative to the site's root, with `/` separators and a trailing `/` for a page
(`burgemeesters-over-veiligheid/`, `tags/politie/page/2/`); the file that serves it is that
address plus `index.html`. Pages link each other through `root` (`./`, `../`, ...), so the site
works from any base path.

    index.html, page/2/index.html ...     the index ("Actueel"), newest first, 20 a page
    <slug>/index.html                     one page per article
    tags/index.html                       every tag with its count
    tags/<tag>/index.html, .../page/2/    the articles with a tag, 20 a page
    media/<path in the articles folder>   header images and images in bodies
    feed.xml, sitemap.xml, style.css
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from actueel_cli.errors import InvalidInput
from actueel_cli.model import (
    Article,
    Problem,
    fold,
    neighbours_of_all,
    newest_first,
    tag_list_counts,
)

PER_PAGE = 20
FEED_SIZE = 20
MAX_SEGMENT = 80
# First parts of the site's own addresses: an article or tag may not take them.
RESERVED = frozenset({"page", "tags", "media"})


# --- safe addresses --------------------------------------------------------------------------


_NOT_WORD = re.compile("[^a-z0-9_]+")


def segment(text: str) -> str:
    """One part of a URL path, safe on every file system and in every browser: letters and
    digits of any script kept (lower-case, NFC), every other run of characters one hyphen, at
    most 80 characters. Never empty, never `.` or `..`, never holds `/` or `\\`."""
    if text.isascii():  # the same rule done by re, in C: most slugs and tags are ASCII
        return _cut(_NOT_WORD.sub("-", text.lower()))
    return segment_by_character(text)


def segment_by_character(text: str) -> str:
    """`segment`, one character at a time (for any text; a test compares the two on ASCII)."""
    normal = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    hyphen = False
    for char in normal:
        if char.isalnum() or char == "_":
            out.append(char)
            hyphen = False
        elif not hyphen and out:
            out.append("-")
            hyphen = True
    return _cut("".join(out))


def _cut(made: str) -> str:
    made = made.strip("-_")
    if len(made) > MAX_SEGMENT:
        made = made[:MAX_SEGMENT].rstrip("-_")
    return made or "x"


def _unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is free; then taken."""
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}-{n}"
    taken.add(name)
    return name


@functools.lru_cache(maxsize=1 << 17)  # each address is linked from several pages
def href(address: str) -> str:
    """A site address as it goes in an `href`: each part percent-encoded (UTF-8)."""
    return quote(address, safe="/")


def root_of(address: str) -> str:
    """The way from the page at `address` back to the site's root: `./`, `../`, `../../`."""
    depth = address.count("/")
    return "../" * depth if depth else "./"


def base_url(text: str) -> str:
    """The site's absolute address, as feed.xml and sitemap.xml need it: http(s), with a host,
    ending in `/`."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidInput(
            f"base_url {text!r} is not an absolute http(s) address; "
            "give one like https://www.example.nl/actueel/"
        )
    return url if url.endswith("/") else url + "/"


# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagInfo:
    key: str  # fold(tag): case and accents ignored, as `list --tag` compares
    name: str  # the spelling most articles use
    address: str  # tags/<segment>/
    count: int


@dataclass(frozen=True)
class ListPage:
    """A page of a list (the index, or one tag's articles): 20 articles, newest first."""

    address: str
    number: int
    pages: int
    articles: tuple[Article, ...]
    previous: str | None  # the address of the page before (newer articles), if any
    next: str | None
    tag: TagInfo | None = None


@dataclass(frozen=True)
class Plan:
    articles: tuple[Article, ...]  # every article built, newest first
    addresses: dict[str, str]  # article path -> its page's address
    neighbours: dict[str, tuple[Article | None, Article | None]]  # path -> (older, newer)
    index: tuple[ListPage, ...]
    tags: tuple[TagInfo, ...]  # A to Z
    tag_pages: tuple[ListPage, ...]
    tag_of: dict[str, TagInfo]  # fold(tag) -> its page
    feed: tuple[Article, ...]  # the newest live articles, at most 20
    warnings: tuple[Problem, ...]  # addresses that had to be changed


def plan_site(articles: Sequence[Article], today: date, drafts: bool = False) -> Plan:
    """What the site holds: the live articles (with `drafts`, every article: drafts, scheduled
    and expired ones too), their addresses, neighbours, the index and the tag pages.

    `articles` is every usable article of the archive: neighbours are worked out among all of
    them by the model's rule, exactly as `show`, `next` and `prev` give them."""
    chosen = newest_first(a for a in articles if drafts or a.is_live(today))
    addresses, warnings = _addresses(chosen[::-1])
    if drafts:  # pages of articles off the walk too: each one's place among the live ones
        around = neighbours_of_all(articles, today)
        neighbours = {a.path: around[a.path] for a in chosen}
    else:  # the site's articles are the walk itself (the live ones, in order, each key once)
        newer, older = [None, *chosen[:-1]], [*chosen[1:], None]
        neighbours = {a.path: (o, n) for n, a, o in zip(newer, chosen, older, strict=False)}
    # articles share their tuples of tags (the index makes equal ones one): each distinct list
    # is looked at once, not 10,000 times
    lists = Counter(a.tags for a in chosen)
    tags, tag_of = _tags(lists)
    keys = {tags: tuple(dict.fromkeys(fold(t) for t in tags)) for tags in lists}
    with_tag: dict[str, list[Article]] = {info.key: [] for info in tags}
    for article in chosen:  # newest first, so each tag's list is too
        for key in keys[article.tags]:
            with_tag[key].append(article)
    tag_pages: list[ListPage] = []
    for info in tags:
        tag_pages.extend(paginate(with_tag[info.key], info.address, info))
    return Plan(
        articles=tuple(chosen),
        addresses=addresses,
        neighbours=neighbours,
        index=tuple(paginate(chosen, "")),
        tags=tuple(tags),
        tag_pages=tuple(tag_pages),
        tag_of=tag_of,
        feed=tuple(itertools.islice((a for a in chosen if a.is_live(today)), FEED_SIZE)),
        warnings=tuple(warnings),
    )


def _addresses(oldest_first: Sequence[Article]) -> tuple[dict[str, str], list[Problem]]:
    """Each article's page address from its slug. Oldest first, so that an address once given
    stays when newer articles come; a slug whose safe form is taken (by an older article, or
    by the site's own pages) gets `-2`, `-3`, with a warning."""
    taken = set(RESERVED)
    owner: dict[str, str] = {}
    addresses: dict[str, str] = {}
    warnings: list[Problem] = []
    for article in oldest_first:
        wanted = segment(article.slug)
        name = _unique(wanted, taken)
        if name != wanted:
            why = f"the page of {owner[wanted]}" if wanted in owner else "a page of the site"
            warnings.append(
                Problem(
                    article.path,
                    f"its address {wanted}/ is taken by {why}; built at {name}/ instead "
                    "(rename the file to choose)",
                    "warning",
                )
            )
        owner[name] = article.path
        addresses[article.path] = f"{name}/"
    return addresses, warnings


def _tags(lists: Counter[tuple[str, ...]]) -> tuple[list[TagInfo], dict[str, TagInfo]]:
    """One page per tag, spellings that differ only in case or accents together, named as most
    articles write it (the model's `tag_counts`, from each list of tags and how many of the
    site's articles have it)."""
    counts = sorted(tag_list_counts(lists.items()), key=lambda c: (fold(c.tag), c.tag))
    taken: set[str] = set()
    tags: list[TagInfo] = []
    for count in counts:
        key = fold(count.tag)
        name = _unique(segment(key), taken)
        tags.append(TagInfo(key, count.tag, f"tags/{name}/", count.count))
    return tags, {t.key: t for t in tags}


def paginate(
    articles: Sequence[Article], base: str, tag: TagInfo | None = None
) -> Iterable[ListPage]:
    """Pages of 20: the first at `base`, the others at `base` + `page/N/`. One (empty) page
    when there are no articles."""
    pages = max(1, -(-len(articles) // PER_PAGE))

    def address(number: int) -> str:
        return base if number == 1 else f"{base}page/{number}/"

    for number in range(1, pages + 1):
        chunk = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
        yield ListPage(
            address=address(number),
            number=number,
            pages=pages,
            articles=tuple(chunk),
            previous=address(number - 1) if number > 1 else None,
            next=address(number + 1) if number < pages else None,
            tag=tag,
        )
