"""Pages as bytes: Markdown to HTML (cmark-gfm), and the Jinja2 templates that lay pages out.

Every function here is a pure function of what it is given (the article, its body, its
neighbours, the list it is on, the settings) and of the templates: the same input gives the same
bytes, so a later build can tell which pages changed. Nothing here reads articles or writes
files; templates are read by Jinja's loaders, the package's own defaults under a `templates/`
folder of the site's that overrides them by name.

Titles, authors, tags and summaries are always escaped (autoescape); only the body's HTML, made
by cmark-gfm, goes in as it is. cmark-gfm leaves raw HTML out (`<!-- raw HTML omitted -->`, as
Hugo does) and drops `javascript:` links unless `allow_html` is set; with it, GFM's tag filter
still disarms `<script>`, `<iframe>` and the like.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from actueel_cli.checks import is_relative
from actueel_cli.errors import ConfigError
from actueel_cli.labels import labels, long_date
from actueel_cli.model import Article, day_of, day_text, instant

from . import compiled
from .cmark import Renderer
from .plan import ListPage, Plan, TagInfo, href, root_of

TEMPLATE_NAMES = ("base.html", "article.html", "list.html", "entry.html", "tags.html",
                  "feed.xml", "sitemap.xml", "style.css")  # fmt: skip
SUMMARY_CHARS = 300
# The way back to the site's root in an entry (entry.html), which is rendered once per article
# and shown on every list page it is on, each page putting its own way in (`ListEntry`). A
# control character: no text of an article holds one (`xml_safe`), no address (`href`).
ROOT_MARK = "\x01"
_ROOT_MARK_UTF8 = ROOT_MARK.encode()

SITE_WORDS = {
    "nl": {"back": "Terug naar {title}", "page": "Pagina {number} van {pages}",
           "newer_page": "Nieuwere artikelen", "older_page": "Oudere artikelen",
           "tag_heading": "Artikelen met tag ‘{tag}’", "all_tags": "Alle tags",
           "tags_heading": "Tags", "empty": "Nog geen artikelen.", "feed": "Feed",
           "articles": "artikelen", "article": "artikel"},
    "en": {"back": "Back to {title}", "page": "Page {number} of {pages}",
           "newer_page": "Newer articles", "older_page": "Older articles",
           "tag_heading": "Articles tagged ‘{tag}’", "all_tags": "All tags",
           "tags_heading": "Tags", "empty": "No articles yet.", "feed": "Feed",
           "articles": "articles", "article": "article"},
}  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """What a page depends on besides its own content. Part of every page's inputs."""

    title: str = "Actueel"
    locale: str = "nl"
    base_url: str | None = None  # absolute, ending in `/`; without it no feed and no sitemap
    allow_html: bool = False
    generator: str = "actueel"  # the site generator whose body syntax the pre-pass knows

    @property
    def lang(self) -> str:
        return self.locale.replace("_", "-")

    def words(self) -> dict[str, str]:
        """The page's labels: those shared with `show` ("Vorig artikel", "door"...) and the
        site's own, in the site's language (English for a language not known here)."""
        language = self.locale.split("_")[0].split("-")[0]
        return {**labels(self.locale), **SITE_WORDS.get(language, SITE_WORDS["en"])}


# --- bodies ----------------------------------------------------------------------------------


def markdown(text: str, allow_html: bool = False) -> str:
    """CommonMark with GitHub's extensions (tables, strikethrough, autolinks, task lists,
    footnotes) to HTML, by cmark-gfm: the C library GitHub renders with, about ten times
    faster than the pure-Python renderers on a large archive."""
    return markdown_and_utf8(text, allow_html)[0]


def markdown_and_utf8(text: str, allow_html: bool = False) -> tuple[str, bytes | None]:
    """`markdown`, and the same HTML in UTF-8 as cmark-gfm wrote it when that is what it is
    (None when the pre-pass's spans were put back into it): a page that shows the HTML as it
    is takes these bytes, and need not encode 5 KB again (`xml_safe_utf8`)."""
    if allow_html:
        return _renderer(True).html_and_utf8(text)
    if _OUR_SPAN_START not in text and "\uf8f0" not in text and "\uf8f1" not in text:
        return _renderer(False).html_and_utf8(text)  # (most bodies: no pass over them by re)
    # The pre-pass's own spans (markup.py: placeholders, template code shown as written) are
    # HTML that cmark would omit with the writer's: kept aside as text, put back afterwards.
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\uf8f0{len(kept) - 1}\uf8f1"

    text = _OUR_SPAN.sub(keep, _OUR_MARKS.sub("", text))
    rendered, data = _renderer(False).html_and_utf8(text)
    if not kept:
        return rendered, data
    return _KEPT.sub(lambda m: kept[int(m.group(1))], rendered), None


_OUR_SPAN_START = '<span class="actueel-'
_OUR_SPAN = re.compile(r'<span class="(?:actueel-placeholder|actueel-verbatim)">[^<>]*</span>')
_OUR_MARKS = re.compile("[\uf8f0\uf8f1]")
_KEPT = re.compile("\uf8f0(\\d+)\uf8f1")


@functools.lru_cache(maxsize=2)
def _renderer(allow_html: bool) -> Renderer:
    return Renderer(allow_html)


_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")', re.IGNORECASE)


def image_sources(body_html: str) -> list[str]:
    """The `src` of every image in a body's HTML, unescaped, each once, in order."""
    return list(dict.fromkeys(html.unescape(m.group(2)) for m in _IMG_SRC.finditer(body_html)))


def replace_images(body_html: str, new_src: dict[str, str]) -> str:
    """The body's HTML with each image `src` in `new_src` (unescaped, as `image_sources` gives
    them) replaced by its new address."""
    if not new_src:
        return body_html

    def swap(match: re.Match[str]) -> str:
        found = new_src.get(html.unescape(match.group(2)))
        if found is None:
            return match.group(0)
        return f"{match.group(1)}{html.escape(found)}{match.group(3)}"

    return _IMG_SRC.sub(swap, body_html)


_TAG = re.compile(r"<[^>]*>")


def first_paragraph(body_html: str, limit: int = SUMMARY_CHARS) -> str:
    """The text of the body's first paragraph that has any, at most `limit` characters (cut
    at a word, with an ellipsis): the summary of an article that has none of its own.

    Each `<p>` up to the next `</p>` (by str.find: a lazy pattern over the paragraph costs
    ten times as much; a test compares the two)."""
    start = 0
    while (at := body_html.find("<p>", start)) >= 0:
        end = body_html.find("</p>", at + 3)
        if end < 0:
            break
        inner = body_html[at + 3 : end]
        text = " ".join(html.unescape(_TAG.sub("", inner) if "<" in inner else inner).split())
        if text:
            return shorten(text, limit)
        start = end + 4
    return ""


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


# --- what the templates see ------------------------------------------------------------------


@dataclass(slots=True)
class Link:
    text: str
    href: str


@dataclass(slots=True)
class Entry:
    """An article as a list shows it, and as its own page does (`body` only there)."""

    title: str
    href: str
    date_text: str  # "17 juli 2017"
    date_iso: str  # for <time datetime>
    author: str
    summary: str
    image: str | None  # the header image's address, from the page it is shown on
    status: str | None  # "concept", "gepland", "verlopen": not live (built with --drafts)
    tags: tuple[Link, ...] = ()
    body: Any = None  # Markup: the body's HTML


@dataclass(slots=True)
class ArticleInput:
    """Everything an article's page is made from, apart from the settings and templates."""

    article: Article
    body_html: str  # image addresses relative to the article's page (../media/...)
    summary: str
    image: str | None  # the header image: media/... (copied), or a URL or absolute path
    address: str
    older: tuple[str, str] | None  # (title, address) of the older neighbour
    newer: tuple[str, str] | None
    tags: tuple[tuple[str, str], ...]  # (tag as written, its page's address)
    status: str | None = None
    body_utf8: bytes | None = None  # body_html in UTF-8, when it is known (markdown_and_utf8)


@dataclass(frozen=True, slots=True)
class Brief:
    """What a list needs of an article: kept for every article while the site is built."""

    title: str
    address: str
    date: date | datetime
    author: str
    summary: str
    image: str | None  # as in ArticleInput
    status: str | None = None
    tags: tuple[str, ...] = field(default=())


_LOADED: dict[str, Any] = {}  # the last templates compiled in this process, and their key


class Pages:
    """The templates, loaded once, and a function per kind of page."""

    def __init__(
        self, settings: Settings, overrides: Path | None, same: str = "", written: bool = True
    ) -> None:
        """`same`: a digest of the templates (`inputs_digest`); when the last Pages of this
        process had the same, its compiled templates are used again (`serve` builds often).
        `written`: article pages and entries made by `compiled` while their templates are the
        package's own (False: always by Jinja, as tests compare)."""
        self.settings = settings
        self.words = Words(settings.words())
        self.title = xml_safe(settings.title)
        self._markup = Markup
        self._sites: dict[str, SiteLinks] = {}
        self._globals: dict[Any, dict[str, Any]] = {}  # template -> its globals, as a dict
        self._dates: dict[date, str] = {}
        self._frames: dict[str, compiled.Frame] = {}
        self._tag_links: dict[tuple[str, str, str], str] = {}  # (tag, address, root) -> link
        self._written_article = written and _own(overrides, compiled.ARTICLE)
        self._written_entry = written and _own(overrides, compiled.ENTRY)
        self._written_list = written and _own(overrides, compiled.LIST)
        self._written_sitemap = written and _own(overrides, compiled.SITEMAP)
        self._written_tags = written and _own(overrides, compiled.TAGS)
        self._written_feed = written and _own(overrides, compiled.FEED)
        self._overrides = overrides
        self._same = same
        # Jinja, loaded when a template is first rendered by it (a site's own templates)
        self._env: Any = None
        self._templates: dict[str, Any] = {}
        self._error: Any = ()  # jinja2.TemplateError, once loaded (`except ()` catches none)

    @property
    def env(self) -> Any:
        """The Jinja environment: the site's templates folder before the package's own."""
        if self._env is None:
            import jinja2  # start-up: Jinja only for a site with templates of its own

            self._error = jinja2.TemplateError
            overrides, same = self._overrides, self._same
            known = (str(overrides), same)
            if same and _LOADED.get("key") == known:
                self._env, self._templates = _LOADED["env"], _LOADED["templates"]
                return self._env
            loaders: list[jinja2.BaseLoader] = []
            if overrides is not None and overrides.is_dir():
                loaders.append(jinja2.FileSystemLoader(overrides))
            loaders.append(jinja2.PackageLoader("actueel_cli.site", "templates"))
            self._env = jinja2.Environment(
                loader=jinja2.ChoiceLoader(loaders),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                auto_reload=False,
            )
            if same:
                _LOADED.update(key=known, env=self._env, templates=self._templates)
        return self._env

    def template(self, name: str) -> Any:
        found = self._templates.get(name)
        if found is None:
            env = self.env
            try:
                found = env.get_template(name)
            except self._error as err:
                raise ConfigError(self._where(name, err)) from None
            self._templates[name] = found
        return found

    def check(self) -> None:
        """Load every template (and the stylesheet): ConfigError naming the first mistake. The
        package's own templates that are written out (`compiled`) are not compiled by Jinja."""
        written = {
            *(compiled.ARTICLE[1:] if self._written_article else ()),
            *(compiled.ENTRY if self._written_entry else ()),
            *(compiled.LIST[1:] if self._written_list else ()),
            *(compiled.SITEMAP if self._written_sitemap else ()),
            *(compiled.TAGS[1:] if self._written_tags else ()),
            *(compiled.FEED if self._written_feed else ()),
        }
        if self._written_article and self._written_list and self._written_tags:
            written.add("base.html")  # (no page left that Jinja would make with it)
        for name in TEMPLATE_NAMES:
            if name.endswith(".css"):
                self.stylesheet()
            elif name not in written:
                self.template(name)

    def _where(self, name: str, err: Exception) -> str:
        """`template templates/article.html:12: message`: the file and line of a mistake, a
        syntax error's from Jinja, a mistake found while rendering from the traceback (Jinja
        gives its frames the template's file and line)."""
        shown = getattr(err, "filename", None)
        line = getattr(err, "lineno", None)
        if shown is None:
            trace = err.__traceback__
            while trace is not None:
                code = trace.tb_frame.f_code.co_filename
                if not code.endswith(".py") and not code.startswith("<"):  # a template's
                    shown, line = code, trace.tb_lineno
                trace = trace.tb_next
        shown = _relative(shown or name)
        at = f":{line}" if line else ""
        return f"template {shown}{at}: {getattr(err, 'message', None) or err}"

    def _render(self, name: str, **context: Any) -> bytes:
        template = self.template(name)
        try:
            text = self._run(template, site=self._site(context.get("root", "./")), t=self.words,
                             **context)  # fmt: skip
        except self._error as err:
            raise ConfigError(self._where(name, err)) from None
        return text.encode("utf-8", "surrogatepass")

    def _run(self, template: Any, **context: Any) -> str:
        """`template.render(**context)`, without making the template's globals into a dict
        twice for every page (Jinja walks a ChainMap of them in Python: 15 us a page)."""
        found = self._globals.get(template)
        if found is None:
            found = self._globals[template] = dict(template.globals)
        env = self.env
        ctx = env.context_class(env, {**found, **context}, template.name, template.blocks,
                                globals=found)  # fmt: skip
        try:
            return str(env.concat(template.root_render_func(ctx)))
        except Exception:
            env.handle_exception()  # raises the error with the template's file and line
            raise  # (not reached)

    def _site(self, root: str) -> SiteLinks:
        found = self._sites.get(root)
        if found is None:
            found = self._sites[root] = SiteLinks(
                title=self.title,
                lang=self.settings.lang,
                feed=root + "feed.xml" if self.settings.base_url else None,
                home=root,
                tags=root + "tags/",
                style=root + "style.css",
            )
        return found

    # the pages

    def article(self, page: ArticleInput) -> bytes:
        return self._article(page)[0]

    def article_and_entry(self, page: ArticleInput) -> tuple[bytes, bytes]:
        """The article's page, and its entry as `entry` makes it of its brief (title, address,
        date, author, summary, image, status): made together, the text they share worked out
        once (a build makes both for every article)."""
        made, shown = self._article(page)
        listed = Entry(shown.title, ROOT_MARK + href(page.address), shown.date_text,
                       shown.date_iso, shown.author, shown.summary,
                       _image_href(page.image, ROOT_MARK), shown.status)  # fmt: skip
        return made, self._entry_made(listed)

    def _article(self, page: ArticleInput) -> tuple[bytes, Entry]:
        root = root_of(page.address)
        a = page.article
        words = self.words
        brief = Brief(a.title, page.address, a.date, a.author, page.summary, page.image,
                      page.status)  # fmt: skip
        entry = self._entry(brief, root)  # as the lists show it, with its tags and body
        title = entry.title
        older = Link(xml_safe(page.older[0]), root + href(page.older[1])) if page.older else None
        newer = Link(xml_safe(page.newer[0]), root + href(page.newer[1])) if page.newer else None
        if self._written_article:
            made = compiled.article(self._frame(root), words, f"{title} - {self.title}", entry,
                                    xml_safe_utf8(page.body_html, page.body_utf8),
                                    f"{words['image']} {title}", older, newer,
                                    [self._tag_link(tag, address, root)
                                     for tag, address in page.tags])  # fmt: skip
            return made, entry
        entry.tags = tuple(self._link(tag, address, root) for tag, address in page.tags)
        entry.body = self._markup(xml_safe(page.body_html))
        made = self._render(
            "article.html",
            root=root,
            page_title=f"{title} - {self.title}",
            article=entry,
            image_alt=f"{words['image']} {title}",
            older=older,
            newer=newer,
        )
        return made, entry

    @staticmethod
    def _link(tag: str, address: str, root: str) -> Link:
        return Link(xml_safe(tag), root + href(address))

    def _tag_link(self, tag: str, address: str, root: str) -> str:
        """A tag's link on an article's page (`compiled.tag_link`): a site has a few hundred
        tags, and each is on thousands of pages."""
        found = self._tag_links.get((tag, address, root))
        if found is None:
            found = compiled.tag_link(self._link(tag, address, root))
            self._tag_links[(tag, address, root)] = found
        return found

    def _frame(self, root: str) -> compiled.Frame:
        found = self._frames.get(root)
        if found is None:
            found = self._frames[root] = compiled.Frame(self._site(root), self.words)
        return found

    def _date(self, value: date | datetime) -> str:
        """`17 juli 2017`; nothing for an undated article (the model's UNDATED). The same few
        thousand days over and over, so each made once."""
        day = day_of(value)
        found = self._dates.get(day)
        if found is None:
            found = long_date(day, self.settings.locale) if day_text(value) else ""
            self._dates[day] = found
        return found

    @property
    def list_needs_briefs(self) -> bool:
        """Whether `list_page` needs each article's brief besides its entry (a site's own
        list.html): the written-out list page needs the entries only."""
        return not self._written_list

    def list_page(self, page: ListPage, entries: Sequence[tuple[Brief | None, bytes]]) -> bytes:
        """The index, or a tag's page: `entries` are its articles, newest first, each with its
        brief (None will do unless `list_needs_briefs`) and its entry as `entry` made it."""
        root = root_of(page.address)
        words = self.words
        if page.tag is not None:
            heading = words["tag_heading"].format(tag=xml_safe(page.tag.name))
        else:
            heading = self.title
        title = heading if page.number == 1 else f"{heading} ({page.number})"
        page_title = title if page.tag is None else f"{title} - {self.title}"
        newer_page = root + href(page.previous) if page.previous is not None else None
        older_page = root + href(page.next) if page.next is not None else None
        if self._written_list:
            shown = b"".join(made for _, made in entries).replace(_ROOT_MARK_UTF8, root.encode())
            return compiled.list_page(self._frame(root), words, page_title, heading, page.tag,
                                      shown, page.number, page.pages, newer_page,
                                      older_page)  # fmt: skip
        markup = self._markup
        briefed = [(brief, made) for brief, made in entries if brief is not None]
        if len(briefed) != len(entries):
            raise ValueError("list.html needs every entry's brief")
        return self._render(
            "list.html",
            root=root,
            page_title=page_title,
            heading=heading,
            tag=page.tag,
            entries=[
                ListEntry(markup(_text(made).replace(ROOT_MARK, root)), brief, root, self)
                for brief, made in briefed
            ],  # fmt: skip
            number=page.number,
            pages=page.pages,
            newer_page=newer_page,
            older_page=older_page,
        )

    def entry(self, brief: Brief) -> bytes:
        """An article as the lists show it (entry.html), made once for every list page it is
        on: its addresses start with ROOT_MARK, which `list_page` fills in for each page.
        UTF-8: a build keeps one for every article (str would take two or four bytes a
        character for a title with a curly quote)."""
        return self._entry_made(self._entry(brief, ROOT_MARK))

    def _entry_made(self, entry: Entry) -> bytes:
        if self._written_entry:
            return compiled.entry(self.words, entry).encode("utf-8", "surrogatepass")
        template = self.template("entry.html")
        try:
            text = self._run(template, site=self._site(ROOT_MARK), t=self.words, root=ROOT_MARK,
                             entry=entry)  # fmt: skip
        except self._error as err:
            raise ConfigError(self._where("entry.html", err)) from None
        return text.encode("utf-8", "surrogatepass")

    def _entry(self, brief: Brief, root: str) -> Entry:
        return Entry(
            title=xml_safe(brief.title),
            href=root + href(brief.address),
            date_text=self._date(brief.date),
            date_iso=day_text(brief.date) and brief.date.isoformat(),
            author=xml_safe(brief.author),
            summary=xml_safe(brief.summary),
            image=_image_href(brief.image, root),
            status=brief.status,
        )

    def tags_page(self, tags: Sequence[TagInfo]) -> bytes:
        root = root_of("tags/")
        links = [(Link(xml_safe(t.name), root + href(t.address)), t.count) for t in tags]
        if self._written_tags:
            title = f"{self.words['tags_heading']} - {self.title}"
            text = compiled.tags_page(self._frame(root), self.words, title, links)
            return text.encode("utf-8", "surrogatepass")
        return self._render(
            "tags.html",
            root=root,
            page_title=f"{self.words['tags_heading']} - {self.title}",
            tags=links,
        )

    def feed(self, entries: Sequence[tuple[Brief, str]]) -> bytes:
        """Atom: the newest articles, with their bodies' HTML (`entries`: brief and body HTML
        as on the article's page, which each entry's xml:base names); every link absolute."""
        base = self.settings.base_url
        assert base is not None
        items = []
        for brief, body_html in entries:
            url = base + href(brief.address)
            items.append(
                {
                    "title": xml_safe(brief.title),
                    "url": url,
                    "updated": atom_date(brief.date),
                    "author": xml_safe(brief.author),
                    "tags": tuple(map(xml_safe, brief.tags)),
                    "summary": xml_safe(brief.summary),
                    "content": xml_safe(body_html),
                }
            )
        updated = max((b.date for b, _ in entries), key=_instant, default=None)
        when = atom_date(updated) if updated is not None else "1970-01-01T00:00:00Z"
        if self._written_feed:
            text = compiled.feed(self._site("./"), base, when, items)
            return text.encode("utf-8", "surrogatepass")
        return self._render("feed.xml", base=base, updated=when, entries=items)

    def sitemap(
        self, plan: Plan, built: Sequence[tuple[str, date | datetime, str | None]]
    ) -> bytes:
        """Every page's address: the index's, each built article's (`built`: its address, date
        and status, in the plan's order; a draft's page is never announced), the tags'."""
        base = self.settings.base_url
        assert base is not None
        urls: list[tuple[str, str | None]] = [(base + href(p.address), None) for p in plan.index]
        urls += [(base + href(address), day_text(day) or None)
                 for address, day, status in built if status is None]  # fmt: skip
        urls.append((base + "tags/", None))
        urls += [(base + href(p.address), None) for p in plan.tag_pages]
        if self._written_sitemap:
            return compiled.sitemap(urls).encode("utf-8", "surrogatepass")
        return self._render("sitemap.xml", urls=urls)

    def stylesheet(self) -> bytes:
        """style.css as it is (a `templates/style.css` of the site's own replaces it)."""
        own = self._overrides / "style.css" if self._overrides is not None else None
        path = own if own is not None and own.is_file() else _PACKAGE_TEMPLATES / "style.css"
        try:
            return path.read_text(encoding="utf-8").encode("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            why = err.strerror if isinstance(err, OSError) else "not UTF-8"
            raise ConfigError(f"template {_relative(str(path))}: cannot read: {why}") from None


_PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def _own(overrides: Path | None, names: tuple[str, ...]) -> bool:
    """Whether the templates `names` are the package's own (none in the site's templates
    folder, which Jinja would load instead) as `compiled` writes them out."""
    if overrides is not None and any((overrides / name).is_file() for name in names):
        return False
    try:
        return compiled.matches(
            lambda name: (_PACKAGE_TEMPLATES / name).read_text(encoding="utf-8"), names
        )
    except OSError:
        return False


def _text(made: bytes) -> str:
    return made.decode("utf-8", "surrogatepass")


def _relative(path: str) -> str:
    """A template's path as the user would type it: relative to the working folder if inside."""
    try:
        return str(Path(path).relative_to(Path.cwd())) if Path(path).is_absolute() else path
    except ValueError:
        return path


def _image_href(image: str | None, root: str) -> str | None:
    """An image's address from a page: one in the site (media/...) through `root`, a URL or an
    absolute path as written."""
    if not image:
        return None
    return root + href(image) if is_relative(image) else xml_safe(image)


def atom_date(value: date | datetime) -> str:
    """RFC 3339, as Atom wants it: a day is its midnight in UTC, as the model orders it; a time
    without a zone is UTC too."""
    if not isinstance(value, datetime):
        return f"{value.isoformat()}T00:00:00Z"
    if value.tzinfo is None:
        return value.isoformat() + "Z"
    return value.isoformat()


def _instant(value: date | datetime) -> float:
    return instant(value)


# Characters XML 1.0 forbids (and HTML calls errors): control codes but tab, line feed and
# carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# The same, in UTF-8 (surrogatepass): a control code is a byte below 0x20, a surrogate starts
# with ED, U+FFFE and U+FFFF with EF (as do U+D000-U+D7FF and U+E000-U+FFFD, rare in text:
# those are looked at by the pattern). One byte is looked for by memchr; two or three by a
# slower search.
_NOT_XML_BYTES = bytes(c for c in range(0x20) if c not in b"\t\n\r")
_BY_BYTES_FROM = 200  # characters: a body's HTML (isprintable stops at its first line's end)


def xml_safe(text: str) -> str:
    """Text of an article (a title, a body...) without what XML cannot hold, as every page
    gets it: a title with a stray control code must not make the feed unreadable."""
    if text.isprintable():  # (a quick C loop: a title, a name)
        return text
    if len(text) >= _BY_BYTES_FROM and _xml_safe_bytes(text.encode("utf-8", "surrogatepass")):
        return text  # a body: its bytes looked at in C, twice as fast
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub("", text)


def xml_safe_utf8(text: str, data: bytes | None = None) -> bytes:
    """`xml_safe(text)` in UTF-8: a body, encoded once for both the look and the page (`data`:
    `text` in UTF-8 already, when it is known)."""
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    if _xml_safe_bytes(data):
        return data
    return xml_safe(text).encode("utf-8", "surrogatepass")


def _xml_safe_bytes(data: bytes) -> bool:
    """Whether UTF-8 `data` holds nothing XML cannot (True may only be said when it is so;
    False means: look at the text)."""
    return (
        len(data.translate(None, _NOT_XML_BYTES)) == len(data)
        and b"\xed" not in data
        and b"\xef" not in data
    )


class ListEntry:
    """An article on a list page (`entries` in list.html): `html`, the article as entry.html
    lays it out, with this page's addresses; and the fields of `Entry` (title, href...) for a
    list.html that lays its entries out itself, made when first asked for."""

    __slots__ = ("html", "_brief", "_root", "_pages", "_fields")

    def __init__(self, html: Any, brief: Brief, root: str, pages: Pages) -> None:
        self.html = html
        self._brief = brief
        self._root = root
        self._pages = pages
        self._fields: Entry | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._fields is None:
            self._fields = self._pages._entry(self._brief, self._root)
        return getattr(self._fields, name)


class Words(dict[str, str]):
    """The labels (`t` in the templates): `t.older` and `t['older']` alike."""

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class SiteLinks:
    """`site` in the templates: the site's title and language, and the addresses of its main
    pages from the page being made."""

    title: str
    lang: str
    feed: str | None
    home: str
    tags: str
    style: str
