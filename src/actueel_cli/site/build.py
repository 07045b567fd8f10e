"""`build`: the archive as a static news section. Reads through the store, plans with `plan`,
lays out with `pages`, writes through `store.Output` (the one place that writes the site).

One pass over the articles, newest first: each body is read, turned into HTML, its images
copied, its page written; only a short brief (title, date, summary...) is kept of it for the
lists, and the bodies of the newest few for the feed, so memory stays small at 50,000 articles.
Every page is a function of explicit inputs (the article, its neighbours' titles and addresses,
the list it is on, the settings, the templates), so the same archive gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from actueel_cli.checks import image_candidates, is_relative, relative_candidates
from actueel_cli.errors import ArticleProblem
from actueel_cli.generators import DEFAULT_SITE
from actueel_cli.identity import Names
from actueel_cli.markup import link_title, prepare
from actueel_cli.model import Article, Problem, fold
from actueel_cli.parse import locate_key
from actueel_cli.store import Archive, Catalog
from actueel_cli.store.output import Output

from .pages import (
    ArticleInput,
    Brief,
    Pages,
    Settings,
    first_paragraph,
    image_sources,
    markdown,
    replace_images,
    shorten,
)
from .plan import Plan, plan_site, root_of

MEDIA = "media/"

Progress = Callable[[int, int], None]


@dataclass
class Report:
    """What a build did: files written, articles left out (errors) and warnings."""

    pages: int = 0
    images: int = 0
    left_out: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    feed: bool = False

    def summary(self, folder: str, seconds: float) -> str:
        """`Built 14 files and 1 image in public/ (0.3 s); 1 article left out`."""
        parts = [f"Built {_count(self.pages, 'file')}"]
        if self.images:
            parts.append(f" and {_count(self.images, 'image')}")
        parts.append(f" in {folder} ({seconds:.1f} s)")
        if self.removed:
            parts.append(f"; removed {_count(len(self.removed), 'file')} of the last build")
        if self.left_out:
            files = len({p.path for p in self.left_out})
            parts.append(f"; {_count(files, 'file')} left out (see above)")
        if not self.feed:
            parts.append("; no feed.xml or sitemap.xml without base_url (set it in actueel.toml "
                         "or give --base-url)")  # fmt: skip
        return "".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def prepared_body(body: str, generator: str, title_for: Callable[[str], str | None]) -> str:
    """The body pre-pass of `show` (shortcodes, Liquid, ... of the site's generator, turned
    into CommonMark): one pre-pass, two outputs. The only place `build` calls it."""
    return prepare(body, generator, title_for)


def summary_of(article: Article, body_html: str) -> str:
    """The article's own summary (the `summary` front matter field, branch i10) when it has
    one, else the text of the body's first paragraph. The only place `build` decides it."""
    own = getattr(article, "summary", None)  # an Article field once branch i10 lands
    if isinstance(own, str) and own.strip():
        return shorten(" ".join(own.split()))
    return first_paragraph(body_html)


def build_site(
    archive: Archive,
    scan: Catalog,
    output: Output,
    settings: Settings,
    templates: Path | None,
    today: date,
    drafts: bool = False,
    progress: Progress | None = None,
) -> Report:
    report = Report()
    pages = Pages(settings, templates)
    pages.check()  # a template with a mistake stops the build before anything is written
    broken = {p.path for p in scan.problems if p.severity == "error"}
    report.left_out += [p for p in scan.problems if p.severity == "error"]
    report.warnings += [p for p in scan.problems if p.severity != "error"]
    # An article with an error is left out everywhere: its page, the lists, and its
    # neighbours' links, which go to the next article the site holds.
    usable = [a for a in scan.articles if a.path not in broken]
    plan = plan_site(usable, today, drafts)
    report.warnings += plan.warnings
    names = Names(usable)

    def title_for(target: str) -> str | None:
        return link_title(target, names.named)

    with output.session():
        writer = _Writer(archive, output, report)
        briefs: dict[str, Brief] = {}
        feed_bodies: dict[str, str] = {}
        in_feed = {a.path for a in plan.feed}
        words = settings.words()
        total = len(plan.articles)
        for done, article in enumerate(plan.articles, 1):
            made = _article(article, plan, pages, writer, settings, title_for, today, words)
            if made is not None:
                brief, body_html = made
                briefs[article.path] = brief
                if article.path in in_feed:
                    feed_bodies[article.path] = body_html
            if progress is not None:
                progress(done, total)
        for page in plan.index:
            shown = [a.path for a in page.articles if a.path in briefs]
            writer.page(page.address, pages.list_page(page, briefs, shown))
        writer.page("tags/", pages.tags_page(plan.tags))
        for page in plan.tag_pages:
            shown = [a.path for a in page.articles if a.path in briefs]
            writer.page(page.address, pages.list_page(page, briefs, shown))
        if settings.base_url is not None:
            entries = [(briefs[a.path], feed_bodies[a.path]) for a in plan.feed if a.path in briefs]
            writer.file("feed.xml", pages.feed(entries))
            writer.file("sitemap.xml", pages.sitemap(plan, briefs))
            report.feed = True
        writer.file("style.css", pages.stylesheet())
    report.removed = sorted(set(output.previous) - output.written)
    return report


class _Writer:
    """Pages and images into the output, counted; each image copied once."""

    def __init__(self, archive: Archive, output: Output, report: Report) -> None:
        self.archive = archive
        self.output = output
        self.report = report
        self.copied: dict[str, str | None] = {}  # image path in the articles folder -> address

    def page(self, address: str, data: bytes) -> None:
        self.file(address + "index.html", data)

    def file(self, rel: str, data: bytes) -> None:
        self.output.write(rel, data)
        self.report.pages += 1

    def image(self, candidates: list[str]) -> str | None:
        """The site address of the first candidate that is an image in the articles folder
        (copied into media/ the first time); None when there is none."""
        for rel in candidates:
            if rel in self.copied:
                found = self.copied[rel]
            else:
                source = self.archive.asset(rel)
                found = None
                if source is not None:
                    found = MEDIA + rel
                    self.output.copy(found, source)
                    self.report.images += 1
                self.copied[rel] = found
            if found is not None:
                return found
        return None


def _article(
    article: Article,
    plan: Plan,
    pages: Pages,
    writer: _Writer,
    settings: Settings,
    title_for: Callable[[str], str | None],
    today: date,
    words: dict[str, str],
) -> tuple[Brief, str] | None:
    """Write one article's page; its brief and body HTML, or None when it could not be read."""
    try:
        text, body, body_line = writer.archive.source(article)
    except ArticleProblem as err:
        writer.report.left_out.append(Problem(article.path, str(err).split(": ", 1)[-1]))
        return None
    address = plan.addresses[article.path]
    root = root_of(address)
    body_html = markdown(prepared_body(body, settings.generator, title_for), settings.allow_html)
    body_html = _body_images(article, body, body_line, body_html, root, writer)
    image = _header_image(article, text, writer)
    summary = summary_of(article, body_html)
    status = _status(article, today, words)
    older, newer = plan.neighbours[article.path]
    tags = _each_tag_once(article.tags)
    page = ArticleInput(
        article=article,
        body_html=body_html,
        summary=summary,
        image=image,
        address=address,
        older=(older.title, plan.addresses[older.path]) if older is not None else None,
        newer=(newer.title, plan.addresses[newer.path]) if newer is not None else None,
        tags=tuple((tag, plan.tag_of[fold(tag)].address) for tag in tags),
        status=status,
    )
    writer.page(address, pages.article(page))
    brief = Brief(
        title=article.title,
        address=address,
        date=article.date,
        author=article.author,
        summary=summary,
        image=image,
        status=status,
        tags=tags,
    )
    return brief, body_html


def _each_tag_once(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Tags as written, without a second spelling of one (`Politie` after `politie`)."""
    first: dict[str, str] = {}
    for tag in tags:
        first.setdefault(fold(tag), tag)
    return tuple(first.values())


def _status(article: Article, today: date, words: dict[str, str]) -> str | None:
    """What a page says of an article that is not live (built with --drafts)."""
    if article.is_live(today):
        return None
    if article.draft:
        return words["draft"]
    return words["expired"] if article.is_expired(today) else words["scheduled"]


def _header_image(article: Article, text: str, writer: _Writer) -> str | None:
    """The header image's address relative to the site's root (copied into media/), the image
    as written for a URL or an absolute path, or None (with a warning) when it is missing."""
    if not article.image:
        return None
    if not is_relative(article.image):
        return article.image
    candidates = image_candidates(article)
    found = writer.image(candidates)
    if found is None:
        line = locate_key(text.encode("utf-8"), DEFAULT_SITE.keys("image"))
        writer.report.warnings.append(
            Problem(
                article.path,
                f"the header image {article.image!r} is not in the articles folder (looked for "
                f"{' and '.join(candidates)}); the page is built without it",
                "warning",
                line,
            )
        )
    return found


def _body_images(
    article: Article, body: str, body_line: int, body_html: str, root: str, writer: _Writer
) -> str:
    """Images the body names by a relative path: copied into media/, their addresses made
    relative to the article's page; a missing one is a warning at its line, left as written."""
    new_src: dict[str, str] = {}
    for src in image_sources(body_html):
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path or not is_relative(src):
            continue  # a URL, an absolute path, data: or a fragment: not ours to copy
        ref = unquote(parts.path)
        candidates = relative_candidates(article.path, ref)
        found = writer.image(candidates)
        if found is not None:
            new_src[src] = root + quote(found)
            continue
        writer.report.warnings.append(
            Problem(
                article.path,
                f"the image {ref!r} is not in the articles folder (looked for "
                f"{' and '.join(candidates)})",
                "warning",
                _line_of(body, body_line, (src, ref, parts.path)),
            )
        )
    return replace_images(body_html, new_src)


def _line_of(body: str, body_line: int, spellings: tuple[str, ...]) -> int:
    """The file line where the body first names one of `spellings` (the body's first line if
    none is found as written)."""
    for spelling in spellings:
        at = body.find(spelling)
        if at >= 0:
            return body_line + body.count("\n", 0, at)
    return body_line
