"""Links in a body's HTML that name another article, pointed at that article's page.

A body links to another article the way its site's generator has it written: `[x](other.md)`,
`[x](../2017/other.md#kop)`, `[x](other/)`, and what the pre-pass (markup.prepare) made of
`relref` and `post_url`, which keeps the target as written. On the built site those would be
broken links; `build` points each one that names an article (by the rule `show` uses for a
link's title: markup.link_names over identity.Names) at that article's page. Links to anything
else (other sites, files, pages of the site that are no articles) are left as they are.

Pure: HTML in, HTML out; which article a target names is asked of the caller.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

# cmark-gfm writes every link as `<a href="...">` (double quotes, href first); raw HTML kept with
# allow_html may put other attributes before it
_A_HREF = re.compile(r'(<a\b[^>]*?)(\shref=")([^"]*)(")', re.IGNORECASE)


def link_targets(body_html: str) -> list[str]:
    """The `href` of every link in the body that may name an article (no scheme, no host, not
    only a fragment), unescaped, each once, in order."""
    found: dict[str, None] = {}
    for match in _A_HREF.finditer(body_html):
        href = html.unescape(match.group(3))
        if target_path(href) is not None:
            found[href] = None
    return list(found)


def target_path(href: str) -> str | None:
    """What an `href` names in the site's own files, decoded (`caf%C3%A9.md` -> `café.md`), or
    None for a link to another site, a `mailto:`, or a fragment of the same page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def fragment(href: str) -> str:
    """`#kop` of `other.md#kop`, as written; empty without one."""
    found = urlsplit(href).fragment
    return f"#{found}" if found else ""


def point_links(body_html: str, new_href: Mapping[str, str | None]) -> str:
    """The body's HTML with every link whose `href` (unescaped) is in `new_href` pointed at its
    new address; a link mapped to None loses its `href` and reads as plain text."""
    if not new_href:
        return body_html

    def swap(match: re.Match[str]) -> str:
        href = html.unescape(match.group(3))
        if href not in new_href:
            return match.group(0)
        address = new_href[href]
        if address is None:
            return match.group(1)
        return f"{match.group(1)}{match.group(2)}{html.escape(address)}{match.group(4)}"

    return _A_HREF.sub(swap, body_html)
