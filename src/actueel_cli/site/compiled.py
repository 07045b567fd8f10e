"""The package's own article and entry templates (base.html with article.html, and entry.html)
written out as Python: the same text, made in a fraction of the time Jinja takes. A build of
10,000 articles makes 10,000 of each; Jinja spent some 55 us on each pair, most of it on
contexts, attribute look-ups and escaping labels that are the same on every page.

`Pages` uses these only while the templates in use are the package's own, unchanged: a site's
own `templates/base.html`, `article.html` or `entry.html`, or a package template whose text no
longer has the digest recorded in `SOURCES`, goes through Jinja as before. A property test
renders random pages both ways and compares them byte for byte; another fails when a template
is changed without this module (then update both, and the digest).

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
}
ARTICLE = ("base.html", "article.html")
ENTRY = ("entry.html",)


def source_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def matches(source: Callable[[str], str], names: tuple[str, ...]) -> bool:
    """Whether the templates `names` (their text, by `source`) are the ones written out here."""
    return all(source_digest(source(name)) == SOURCES[name] for name in names)


class Frame:
    """What base.html puts around an article's page, as text made once for every root (`site`
    and `t`, the labels, as the templates see them)."""

    __slots__ = ("head", "style", "body", "back", "foot")

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
        self.style = f'</title>\n<link rel="stylesheet" href="{e(site.style)}">\n{feed}'
        self.body = (f'</head>\n<body>\n<header class="site-header"><a class="site-name" '
                     f'href="{e(site.home)}">{e(site.title)}</a></header>\n<main>\n')  # fmt: skip
        self.back = (f'<article class="article">\n<p class="back"><a href="{e(site.home)}">'
                     f"{e(t.back.format(title=site.title))}</a></p>\n<h1>")  # fmt: skip
        self.foot = (f'</main>\n<footer class="site-footer">\n<a href="{e(site.home)}">'
                     f"{e(site.title)}</a>\n"
                     f'<a href="{e(site.tags)}">{e(t.all_tags)}</a>\n{link}'
                     "</footer>\n</body>\n</html>\n")  # fmt: skip


def article(
    frame: Frame,
    t: Any,
    page_title: str,
    article: Any,
    image_alt: str,
    older: Any,
    newer: Any,
) -> str:
    """base.html with article.html's blocks, as `Pages.article` renders it."""
    parts = [frame.head, e(page_title), frame.style]
    if article.summary:
        parts += ['<meta name="description" content="', e(article.summary), '">\n']
    parts += [frame.body, frame.back, e(article.title), '</h1>\n<p class="byline"><time datetime="',
              e(article.date_iso), '">', e(article.date_text), "</time>"]  # fmt: skip
    if article.author:
        parts += [", ", e(t.by), ' <span class="author">', e(article.author), "</span>"]
    if article.status:
        parts += [' <span class="status">[', e(article.status), "]</span>"]
    parts.append("</p>\n")
    if article.image:
        parts += ['<figure class="header-image"><img src="', e(article.image), '" alt="',
                  e(image_alt), '"></figure>\n']  # fmt: skip
    parts += ['<div class="body">\n', e(article.body), "\n</div>\n"]
    if article.tags:
        parts += ['<p class="tags">', e(t.tags), ":\n"]
        for tag in article.tags:
            parts += ['<a href="', e(tag.href), '" rel="tag">', e(tag.text), "</a>\n"]
        parts.append("</p>\n")
    parts.append("</article>\n")
    if older or newer:
        parts.append('<nav class="neighbours">\n')
        if older:
            parts += ['<p class="older"><span class="label">', e(t.older), '</span>\n<a href="',
                      e(older.href), '" rel="prev">', e(older.text), "</a></p>\n"]  # fmt: skip
        if newer:
            parts += ['<p class="newer"><span class="label">', e(t.newer), '</span>\n<a href="',
                      e(newer.href), '" rel="next">', e(newer.text), "</a></p>\n"]  # fmt: skip
        parts.append("</nav>\n")
    parts.append(frame.foot)
    return "".join(parts)


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
