"""The package's own templates written out as Python: the same text, made in a fraction of the
time Jinja takes. A build of 10,000 articles makes 10,000 article pages and entries, some 2,000
list pages and a sitemap of 12,000 addresses; Jinja spent some 55 us on each article page and
entry, 45 us on each list page and 50 ms on the sitemap, most of it on contexts, attribute
look-ups and escaping labels that are the same on every page. With the tags page and the feed
written out too, a site with none of its own templates does not load Jinja at all (30 ms).

`Pages` uses these only while the templates in use are the package's own, unchanged: a site's
own template of the same name (`templates/base.html`, `article.html`...), or a package template
whose text no longer has the digest recorded in `SOURCES`, goes through Jinja as before. A
property test renders random pages both ways and compares them byte for byte; another fails
when a template is changed without this module (then update both, and the digest).

Every value goes in as Jinja's autoescape puts it (`escape`: Markup as it is, anything else as
text with & < > ' " replaced), with the templates' whitespace control (trim_blocks,
lstrip_blocks) worked out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

try:  # markupsafe's own escaping in C, without the Markup object `escape` wraps it in
    from markupsafe._speedups import _escape_inner
except ImportError:  # (markupsafe without its C part, or a later one without this name)

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


def e(value: Any) -> str:
    """A value as Jinja's autoescape writes it: Markup as it is, text escaped."""
    if type(value) is str:
        return _escape_inner(value)
    if isinstance(value, Markup):
        return str(value)
    return str(escape(value))


# the digest (`source_digest`) of each template's text, as this module lays it out
SOURCES = {
    "base.html": "f385b5583a952b80f48c141b8f454823",
    "article.html": "f7ca0dd99893439a68161e381b513bea",
    "entry.html": "9b89f7b92687c969f2ae41e5478b0649",
    "list.html": "7b7434e819244d4c2b3921d1f633947c",
    "sitemap.xml": "ef38f08da2baebc4a53a154381640e3a",
    "tags.html": "372917f3bfb87b65c20b1dfd60219d77",
    "feed.xml": "48a689d0e4aeaaf7f1ab9141a0a833db",
}
ARTICLE = ("base.html", "article.html")
ENTRY = ("entry.html",)
LIST = ("base.html", "list.html")
SITEMAP = ("sitemap.xml",)
TAGS = ("base.html", "tags.html")
FEED = ("feed.xml",)


def source_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def matches(source: Callable[[str], str], names: tuple[str, ...]) -> bool:
    """Whether the templates `names` (their text, by `source`) are the ones written out here."""
    return all(source_digest(source(name)) == SOURCES[name] for name in names)


class Frame:
    """What base.html puts around a page of a list or an article, as text made once for every
    root (`site` and `t`, the labels, as the templates see them)."""

    __slots__ = ("head", "style", "body", "back", "foot", "by", "tags", "older", "newer")

    def __init__(self, site: Any, t: Any) -> None:
        self.head = (f'<!doctype html>\n<html lang="{e(site.lang)}">\n<head>\n'
                     '<meta charset="utf-8">\n'
                     '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                     "<title>")  # fmt: skip
        feed = link = ""
        if site.feed:
            feed = (f'<link rel="alternate" type="application/atom+xml" title="{e(site.title)}" '
                    f'href="{e(site.feed)}">\n')  # fmt: skip
            link = f'<a href="{e(site.feed)}">{e(t.feed)}</a>\n'
        # after the page's title: the stylesheet and the feed (then the head block)
        self.style = f'</title>\n<link rel="stylesheet" href="{e(site.style)}">\n{feed}'
        # after the head block: the site's header (then the main block)
        self.body = (f'</head>\n<body>\n<header class="site-header"><a class="site-name" '
                     f'href="{e(site.home)}">{e(site.title)}</a></header>\n<main>\n')  # fmt: skip
        self.back = (f'<p class="back"><a href="{e(site.home)}">'
                     f"{e(t.back.format(title=site.title))}</a></p>\n")  # fmt: skip
        self.foot = (f'</main>\n<footer class="site-footer">\n<a href="{e(site.home)}">'
                     f"{e(site.title)}</a>\n"
                     f'<a href="{e(site.tags)}">{e(t.all_tags)}</a>\n{link}'
                     "</footer>\n</body>\n</html>\n")  # fmt: skip
        # labels of an article's page, escaped once
        self.by, self.tags, self.older, self.newer = e(t.by), e(t.tags), e(t.older), e(t.newer)


def tag_link(link: Any) -> str:
    """A tag's link on an article's page, as `article` writes each of `article.tags` (made
    once for every tag and page depth: `article` takes them made)."""
    return f'<a href="{e(link.href)}" rel="tag">{e(link.text)}</a>\n'


def article(
    frame: Frame,
    t: Any,
    page_title: str,
    article: Any,
    body: bytes,
    image_alt: str,
    older: Any,
    newer: Any,
    tags: list[str],
) -> bytes:
    """base.html with article.html's blocks, as `Pages.article` renders it, in UTF-8. `body`:
    the body's HTML, in UTF-8 already (the largest part of the page: not decoded and encoded
    again with the rest, which a curly quote in a title would make text of two bytes a
    character). `tags`: the article's tags as `tag_link` writes them (`article.tags` is not
    looked at)."""
    parts = [frame.head, e(page_title), frame.style]
    if article.summary:
        parts += ['<meta name="description" content="', e(article.summary), '">\n']
    parts += [frame.body, '<article class="article">\n', frame.back, "<h1>", e(article.title),
              '</h1>\n<p class="byline"><time datetime="', e(article.date_iso), '">',
              e(article.date_text), "</time>"]  # fmt: skip
    if article.author:
        parts += [", ", frame.by, ' <span class="author">', e(article.author), "</span>"]
    if article.status:
        parts += [' <span class="status">[', e(article.status), "]</span>"]
    parts.append("</p>\n")
    if article.image:
        parts += ['<figure class="header-image"><img src="', e(article.image), '" alt="',
                  e(image_alt), '"></figure>\n']  # fmt: skip
    parts.append('<div class="body">\n')
    before = "".join(parts).encode("utf-8", "surrogatepass")
    parts = ["\n</div>\n"]
    if tags:
        parts += ['<p class="tags">', frame.tags, ":\n", *tags, "</p>\n"]
    parts.append("</article>\n")
    if older or newer:
        parts.append('<nav class="neighbours">\n')
        if older:
            parts += ['<p class="older"><span class="label">', frame.older, '</span>\n<a href="',
                      e(older.href), '" rel="prev">', e(older.text), "</a></p>\n"]  # fmt: skip
        if newer:
            parts += ['<p class="newer"><span class="label">', frame.newer, '</span>\n<a href="',
                      e(newer.href), '" rel="next">', e(newer.text), "</a></p>\n"]  # fmt: skip
        parts.append("</nav>\n")
    parts.append(frame.foot)
    return b"".join((before, body, "".join(parts).encode("utf-8", "surrogatepass")))


def entry(t: Any, entry: Any) -> str:
    """entry.html, as `Pages.entry` renders it."""
    parts = ['<li class="entry">\n']
    if entry.image:
        parts += ['<img class="thumb" src="', e(entry.image), '" alt="" loading="lazy">\n']
    parts += ['<h2><a href="', e(entry.href), '">', e(entry.title),
              '</a></h2>\n<p class="byline"><time datetime="', e(entry.date_iso), '">',
              e(entry.date_text), "</time>"]  # fmt: skip
    if entry.author:
        parts += [", ", e(t.by), " ", e(entry.author)]
    if entry.status:
        parts += [' <span class="status">[', e(entry.status), "]</span>"]
    parts.append("</p>\n")
    if entry.summary:
        parts += ['<p class="summary">', e(entry.summary), "</p>\n"]
    parts.append("</li>\n")
    return "".join(parts)


def list_page(
    frame: Frame,
    t: Any,
    page_title: str,
    heading: str,
    tag: Any,
    entries: bytes,
    number: int,
    pages: int,
    newer_page: str | None,
    older_page: str | None,
) -> bytes:
    """base.html with list.html's main block, as `Pages.list_page` renders it, in UTF-8
    (`entries`: the entries' HTML one after the other, as entry.html made them, with this
    page's addresses, in UTF-8)."""
    parts = [frame.head, e(page_title), frame.style, frame.body]
    if tag:
        parts.append(frame.back)
    parts += ["<h1>", e(heading), "</h1>\n"]
    if not entries:
        parts += ['<p class="empty">', e(t.empty), "</p>\n"]
    parts.append('<ol class="entries">\n')
    before = "".join(parts).encode("utf-8", "surrogatepass")
    parts = ["</ol>\n"]
    if pages > 1:
        parts.append('<nav class="pagination">\n')
        if newer_page:
            parts += ['<a href="', e(newer_page), '" rel="prev">', e(t.newer_page), "</a>"]
        parts += ["<span>", e(t.page.format(number=number, pages=pages)), "</span>\n"]
        if older_page:
            parts += ['<a href="', e(older_page), '" rel="next">', e(t.older_page), "</a>"]
        parts.append("</nav>\n")
    parts.append(frame.foot)
    return b"".join((before, entries, "".join(parts).encode("utf-8", "surrogatepass")))


def sitemap(urls: list[tuple[str, str | None]]) -> str:
    """sitemap.xml, as `Pages.sitemap` renders it (`urls`: address, day of the last change)."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']  # fmt: skip
    for loc, lastmod in urls:
        if lastmod:
            parts += ["<url><loc>", e(loc), "</loc><lastmod>", e(lastmod), "</lastmod></url>\n"]
        else:
            parts += ["<url><loc>", e(loc), "</loc></url>\n"]
    parts.append("</urlset>\n")
    return "".join(parts)


def tags_page(frame: Frame, t: Any, page_title: str, tags: list[tuple[Any, int]]) -> str:
    """base.html with tags.html's main block, as `Pages.tags_page` renders it (`tags`: each
    tag's link, text and href, and its number of articles)."""
    parts = [frame.head, e(page_title), frame.style, frame.body, frame.back, "<h1>",
             e(t.tags_heading), "</h1>\n"]  # fmt: skip
    if not tags:
        parts += ['<p class="empty">', e(t.empty), "</p>\n"]
    parts.append('<ul class="tag-list">\n')
    for link, count in tags:
        parts += ['<li><a href="', e(link.href), '" rel="tag">', e(link.text),
                  '</a> <span class="count">', e(count), "</span></li>\n"]  # fmt: skip
    parts += ["</ul>\n", frame.foot]
    return "".join(parts)


def feed(site: Any, base: str, updated: str, entries: list[dict[str, Any]]) -> str:
    """feed.xml, as `Pages.feed` renders it (`site` as the templates see it from the root)."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{e(site.lang)}">\n'
             f"<title>{e(site.title)}</title>\n<id>{e(base)}</id>\n"
             f'<link rel="alternate" type="text/html" href="{e(base)}"/>\n'
             f'<link rel="self" type="application/atom+xml" href="{e(base)}feed.xml"/>\n'
             f"<updated>{e(updated)}</updated>\n"
             f"<author><name>{e(site.title)}</name></author>\n"
             "<generator>actueel</generator>\n"]  # fmt: skip
    for entry in entries:
        url = e(entry["url"])
        parts += ["<entry>\n<title>", e(entry["title"]), "</title>\n<id>", url,
                  '</id>\n<link rel="alternate" type="text/html" href="', url,
                  '"/>\n<published>', e(entry["updated"]), "</published>\n<updated>",
                  e(entry["updated"]), "</updated>\n"]  # fmt: skip
        if entry["author"]:
            parts += ["<author><name>", e(entry["author"]), "</name></author>\n"]
        for tag in entry["tags"]:
            parts += ['<category term="', e(tag), '"/>\n']
        parts += ["<summary>", e(entry["summary"]), '</summary>\n<content type="html" xml:base="',
                  url, '">', e(entry["content"]), "</content>\n</entry>\n"]  # fmt: skip
    parts.append("</feed>\n")
    return "".join(parts)
