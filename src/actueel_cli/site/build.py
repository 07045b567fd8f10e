"""`build`: the archive as a static news section, written again only where something changed.

Reads through the store, plans with `plan`, lays out with `pages`, writes through `store.Output`
(the one place that writes the site). Every file is a function of explicit inputs, and its key
is a digest of all of them:

- an article's page: the article (its front matter, as the index holds it, and a digest of its
  file), its address and status, its neighbours' titles and addresses, its tags' pages, what
  each link in its body names (that article's title and address, or nothing) and which of each
  image's possible places holds it;
- a list page (the index, a tag's pages): its place among the pages and the brief (title, date,
  summary...) of each article on it; the tags page: every tag with its count; the feed: the
  briefs and page keys of its articles; the sitemap: every brief; an image: its file's stamp;
- every file: the settings, the templates and the code that lays pages out (`base`).

The manifest (`Output`) keeps each file's key and, for each article, notes: a digest of its
file with the file's stamp, the brief, and what its body links to and shows. So a build works
out every key without reading the articles whose files did not change, and renders only the
files whose key differs from the one they were made with, or that are not as the last build left
them. What it writes is byte for byte what a build from scratch writes (a property test drives
random edits and compares the two).

Many pages to render are shared by this process and worker processes, one for each other core
(forked, so they start with the plan and templates in memory), a chunk at a time (`_spread`):
each reads, renders and writes its pages and gives back what the lists and the manifest need
of them (the entry, the brief's manifest line, the note). Memory stays small at 50,000
articles: no body is kept but the feed's.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import itertools
import sys
from collections import deque
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from json.encoder import encode_basestring as _json_text  # (json's, in C: ensure_ascii=False)
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

from actueel_cli.checks import image_candidates, is_relative, relative_candidates
from actueel_cli.errors import ArticleProblem
from actueel_cli.identity import Names
from actueel_cli.markup import link_title, linked_article, prepare
from actueel_cli.model import Article, Problem, fold
from actueel_cli.parse import locate_key_in
from actueel_cli.store import Archive, Catalog, Config, settings_text
from actueel_cli.store.output import Made, Output
from actueel_cli.store.parsing import cores, worker_pool
from actueel_cli.store.sync import any_fresh, clock, fingerprint, fresh
from actueel_cli.store.templates import inputs_digest
from actueel_cli.store.walk import Stamp

from .links import fragment, link_targets, point_links, target_path
from .pages import (
    ArticleInput,
    Brief,
    Pages,
    Settings,
    first_paragraph,
    image_sources,
    markdown_and_utf8,
    replace_images,
    shorten,
)
from .plan import ListPage, Plan, href, plan_site, root_of
from .plan import base_url as checked_url

MEDIA = "media/"
PARALLEL_FROM = 150  # pages to render from which worker processes share the work

Progress = Callable[[int, int], None]
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Report:
    """What a build did: files written (of all the site has), articles left out (errors),
    warnings, and the files of the last build it removed."""

    written: int = 0
    files: int = 0
    left_out: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    feed: bool = False
    # the address of an article's page (by its path), None when it is not on the site
    address: Callable[[str], str | None] = field(default=lambda path: None, repr=False)

    def summary(self, folder: str, seconds: float) -> str:
        """`12 of 11,788 files written to public in 0.4 s; 1 file left out (see above)`."""
        parts = [f"{self.written:,} of {_count(self.files, 'file')} written to {folder} "
                 f"in {seconds:.1f} s"]  # fmt: skip
        if not self.written and not self.removed:
            parts.append(" (nothing changed)")
        if self.removed:
            parts.append(f"; {_count(len(self.removed), 'file')} of the last build removed")
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


def digest(*parts: object) -> str:
    """A key: the digest of `parts` (str, numbers, dates, tuples and lists of them, Articles,
    the plan's dataclasses), whose repr is the same for equal values in every process."""
    text = repr(parts).encode("utf-8", "surrogatepass")
    return _hash(text)


def _hash(data: bytes) -> str:
    """128 bits of SHA-256: the CPU's SHA instructions make it faster than BLAKE2 here (2.6
    against 4.4 us for an article of 4 KB), and a key only has to tell inputs apart."""
    return hashlib.sha256(data).hexdigest()[:32]


# --- the build -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How to build: the site's folder (None: output_dir), drafts too, the site's address
    (None: base_url), from scratch."""

    out: Path | None = None
    drafts: bool = False
    base_url: str | None = None
    clean: bool = False


def build(
    archive: Archive,
    config: Config,
    options: Options,
    today: date,
    catalog: Callable[[], Catalog],
    progress: Progress | None = None,
) -> tuple[Output, Report]:
    """One build as `build` makes it (`serve` and `preview` make one for every change): the
    output folder checked before the archive is read (`catalog` reads it), then the site
    built. Returns the folder and what was done."""
    url = options.base_url if options.base_url is not None else config.base_url
    settings = Settings(
        title=config.site_title,
        locale=config.locale,
        base_url=checked_url(url) if url else None,
        allow_html=config.allow_html,
        generator=config.generator,
    )
    folder = options.out if options.out is not None else config.site_dir / config.output_dir
    output = Output(folder, config.articles_dir)  # refused before the archive is read
    if options.clean:
        output.forget()
    with _no_collections():
        found = catalog()
        try:
            report = build_site(archive, found, output, settings, config.site_dir / "templates",
                                today, options.drafts, progress, settings_text(config))  # fmt: skip
        finally:
            found.done()
    return output, report


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Python's cyclic garbage collector off while a site is built (and in the worker processes
    forked meanwhile): a build makes some 100,000 objects that live until its end (articles,
    plan, briefs), and the collector went over them again and again (with its youngest
    threshold at 10,000: 40-60 ms of this process's time at 10,000 articles, 17 of them after
    the last page). What a page leaves behind is freed by reference counting: a whole build of
    10,000 articles leaves 35 objects in cycles, a page made by Jinja none (measured with
    gc.collect() after them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_site(
    archive: Archive,
    catalog: Catalog,
    output: Output,
    settings: Settings,
    templates: Any,
    today: date,
    drafts: bool = False,
    progress: Progress | None = None,
    unseen: str = "",
) -> Report:
    """Build the site into `output`: every file whose inputs changed since the last build (all
    of them after `output.forget()`), and remove what the last build made and this one does
    not. `templates` is a site's own templates folder (which need not exist); `unseen` is
    anything else the articles are read with (the settings file's text)."""
    report = Report()
    errors = [p for p in catalog.problems if p.severity == "error"]
    report.left_out += errors
    report.warnings += [p for p in catalog.problems if p.severity != "error"]
    base = digest("actueel build", inputs_digest(templates), settings)
    last = output.last
    images: dict[str, Stamp | None] = {}  # image path -> its stamp: each looked at once
    state = _state(archive, catalog, (base, today, drafts, unseen), last.get("images"), images)
    # An article with an error is left out everywhere: its page, the lists, and its
    # neighbours' links, which go to the next article the site holds.
    broken = {p.path for p in errors}
    usable = [a for a in catalog.articles if a.path not in broken]
    site: _Site | None = None
    if last.get("base") != base:  # new templates (or a new site): checked before anything is
        site = _site(archive, output, settings, templates, usable, today, drafts, base, images)
        site.pages  # noqa: B018  (written, or the folder made)
    with output.session():
        if state is not None and state == last.get("state") and output.as_left():
            # nothing the site is made from changed, and the site is as the last build left it
            output.record = last
            report.left_out += _problems(last.get("left_out"))
            report.warnings += _problems(last.get("warnings"))
            report.address = partial(_noted_address, output)
        else:
            if site is None:
                site = _site(archive, output, settings, templates, usable, today, drafts, base,
                             images)  # fmt: skip
            report.warnings += site.plan.warnings
            report.address = site.plan.addresses.get
            # every usable article, as the plan is made of them (worked out once, while the
            # worker processes start when there are many pages to render)
            articles = functools.cache(lambda: _articles_digest(usable, broken))
            context = None
            if last.get("context") is not None:
                context = _context(archive, (base, today, drafts, articles()),
                                   last.get("images"), images)  # fmt: skip
            build = _Build(site, dict(catalog.found), report, progress)
            build.same_context = context is not None and context == last.get("context")
            build.idle = articles
            build.run()
            looked = sorted(build.looked)
            output.record = {
                "base": base,
                "state": _state(archive, catalog, (base, today, drafts, unseen), looked, images),
                "context": _context(archive, (base, today, drafts, articles()), looked, images),
                "images": looked,
                "left_out": [_noted(p) for p in report.left_out[len(errors) :]],
                "warnings": [
                    _noted(p) for p in report.warnings[len(catalog.problems) - len(errors) :]
                ],
            }
    report.feed = settings.base_url is not None
    report.removed = sorted(set(output.previous) - set(output.made))
    report.files = len(output.made)
    report.written = len(output.written)
    return report


def _site(
    archive: Archive,
    output: Output,
    settings: Settings,
    templates: Any,
    usable: list[Article],
    today: date,
    drafts: bool,
    base: str,
    images: dict[str, Stamp | None],
) -> _Site:
    plan = plan_site(usable, today, drafts)
    site = _Site(archive, output, settings, templates, plan, partial(Names, usable), today, base)
    site.stamps = images
    return site


def _state(
    archive: Archive,
    catalog: Catalog,
    given: tuple[object, ...],
    images: object,
    stamps: dict[str, Stamp | None],
) -> str | None:
    """A digest of everything a build is made from: every article file's stamp, what it is
    `given` (the base: templates, code, settings; the day, drafts or not, the settings file),
    and the stamp of every image the last build looked for; None when a file is too fresh to
    vouch for (it may change again unseen)."""
    if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
        return None
    now = clock()  # a file this fresh may change again unseen (store.sync.fresh)
    seen = []
    for rel in images:
        if rel not in stamps:
            stamps[rel] = archive.asset_stamp(rel)
        seen.append(stamps[rel])
    if any(s is not None and fresh(s, now) for s in seen):
        return None
    if any_fresh([stamp for _, stamp in catalog.found], now):
        return None
    return digest(fingerprint(catalog.found), given, images, seen)


def _articles_digest(usable: list[Article], broken: set[str]) -> str:
    """A digest of every usable article as the index has it (and of those left out), one
    article at a time (not one string of them all: 8 MB at 10,000)."""
    found = hashlib.blake2b(repr(sorted(broken)).encode("utf-8", "surrogatepass"), digest_size=16)
    for article in usable:
        found.update(repr(article).encode("utf-8", "surrogatepass"))
    return found.hexdigest()


def _context(
    archive: Archive, given: tuple[object, ...], images: object, stamps: dict[str, Stamp | None]
) -> str | None:
    """A digest of what every page's key is made of besides the page's own article file: the
    base, the day, drafts or not, every usable article as the index has it (the plan, the
    neighbours, the tags and what links name follow from them) and which of the images the
    last build looked for exist. When a build's context is the last build's, an article whose
    file did not change has the key it had (`_Build._keep`)."""
    if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
        return None
    for rel in images:
        if rel not in stamps:
            stamps[rel] = archive.asset_stamp(rel)
    return digest(given, images, [stamps[rel] is not None for rel in images])


def _noted_address(output: Output, path: str) -> str | None:
    """An article's address as the last build's brief of it has it."""
    try:
        return brief_from(output.detail(path)).address
    except (TypeError, ValueError):
        return None


def _noted(problem: Problem) -> list[Any]:
    return [problem.path, problem.message, problem.severity, problem.line]


def _problems(noted: object) -> list[Problem]:
    """Problems as the manifest's record keeps them (nothing of what is not in its shape)."""
    found: list[Problem] = []
    for item in noted if isinstance(noted, list) else []:
        if isinstance(item, list) and len(item) == 4:
            path, message, severity, line = item
            if isinstance(path, str) and isinstance(message, str) and isinstance(severity, str):
                found.append(Problem(path, message, severity, line if type(line) is int else None))
    return found


@dataclass
class Rendered:
    """An article's page, rendered and written (by a worker process, perhaps): what the lists,
    the feed and the manifest need of it. `problem` when its file could not be read."""

    path: str
    problem: Problem | None = None
    key: str = ""
    made: Made | None = None
    note: list[Any] = field(default_factory=list)
    brief: Brief | None = None  # (not kept, nor sent from a worker process: `detail` has it)
    detail: bytes = b""  # the manifest's line of its brief (brief_line)
    body_html: str | None = None  # for the feed only
    entry: bytes = b""  # its entry on the list pages (Pages.entry)
    media: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # the stamps of the images it looked for, as the process that rendered it found them
    stamps: list[tuple[str, Stamp | None]] = field(default_factory=list)


@dataclass(eq=False)
class _Waiting:
    """A file made from the briefs of some articles (a page of the index or a tag's, the feed),
    made by `make` once the last of them is rendered; `pending` of them are not in yet."""

    make: Callable[[], None]
    pending: int = 0


class _Build:
    """One build: which files are current, rendering the others, the manifest's notes."""

    def __init__(
        self, site: _Site, stamps: dict[str, Stamp], report: Report, progress: Progress | None
    ) -> None:
        self.site = site
        self.output = site.output
        self.stamps = stamps
        self.report = report
        self.progress = progress
        self.started = clock()  # what is fresh is judged by this moment (store.sync.fresh)
        # (most builds: none is, and no stamp needs a look of its own)
        self.none_fresh = not any_fresh(list(stamps.values()), self.started)
        self.keys: dict[str, str] = {}  # article path -> its page's key
        self.brief_keys: dict[str, str] = {}  # article path -> its brief's digest
        self.briefs: dict[str, Brief] = {}  # those asked for (_brief), from manifest lines
        self.bodies: dict[str, str] = {}  # the feed's, rendered this time
        self.media: dict[str, None] = {}  # images the pages show, in the articles folder
        self.warnings: dict[str, list[Problem]] = {}
        self.left_out: dict[str, Problem] = {}  # articles whose files could not be read
        self.looked: dict[str, None] = {}  # every place an image was looked for
        self.notes = self.output.notes
        self.new_notes: dict[str, Any] = {}
        self.output.new_notes = self.new_notes
        self.done = 0
        self.total = 0
        # the last build's context (_context) holds: each page's inputs besides its article's
        # own file are as they were, so the key it was made with is its key if that is unchanged
        self.same_context = False
        self.rendered: set[str] = set()  # articles rendered this time
        self.idle: Callable[[], object] = lambda: None  # work for while the workers start

    def run(self) -> None:
        site, plan = self.site, self.site.plan
        jobs: list[int] = []
        for number, article in enumerate(plan.articles):
            if not self._keep(article):
                jobs.append(number)
                self.rendered.add(article.path)
        self.total = len(jobs) + len(plan.index) + len(plan.tag_pages)
        addresses = site.plan.addresses
        # Each list page (and the feed) is made here as soon as the last of its articles is
        # rendered (by the worker processes, newest first, so they come in all along): not in
        # a round of their own after them, with the worker processes forked again for it.
        started = []
        expected = self.brief_keys.keys() | self.rendered

        def idle() -> None:
            started.append(True)
            ready, _ = self._lists
            self.idle()
            self._file("tags/index.html", digest(site.base, "tags", plan.tags),
                       lambda: site.pages.tags_page(plan.tags))  # fmt: skip
            for file in ready:
                file.make()
            if site.settings.base_url is not None:  # as if every article renders (most builds)
                self._sitemap(expected)

        def folders(numbers: list[int]) -> list[str]:
            return [addresses[plan.articles[n].path].rstrip("/") for n in numbers]

        # closed however the loop ends: a Ctrl-C while a page is taken in stops the workers
        # (after the chunk in hand) before the site's folder is cleaned up, not at exit
        spread = _spread(site, _articles, _articles_here, jobs, self._step, idle, folders)
        with contextlib.closing(spread) as made:
            for done in made:
                rendered = done if isinstance(done, Rendered) else _unpacked(done)
                self._rendered(rendered)
                for file in self._lists[1].pop(rendered.path, ()):
                    file.pending -= 1
                    if not file.pending:
                        file.make()
        if not started:  # (few pages: rendered here, with nothing to wait for)
            idle()
        # the pages came in as they were done: what is told and noted goes in the site's order
        told = self.left_out
        self.report.left_out += [told[a.path] for a in plan.articles if a.path in told]
        self.report.warnings += [w for a in plan.articles for w in self.warnings.get(a.path, [])]
        notes = self.new_notes
        self.new_notes = {a.path: notes[a.path] for a in plan.articles if a.path in notes}
        self.output.new_notes = self.new_notes
        if site.settings.base_url is not None and self.brief_keys.keys() != expected:
            self._sitemap(self.brief_keys.keys())  # made again: an article was left out
        self._file("style.css", digest(site.base, "style"), lambda: site.pages.stylesheet())
        self._images()

    def _step(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    # articles

    def _keep(self, article: Article) -> bool:
        """Whether the article's page is current: then what the lists need of it comes from the
        manifest's note, and the note is kept."""
        site = self.site
        note = _Note.read(self.notes.get(article.path))
        stamp = self.stamps.get(article.path)
        if note is None or stamp is None:
            return False
        if note.stamp != stamp:  # changed, or only touched (a checkout): is the text the same?
            try:
                data = site.archive.source(article)[3]
            except ArticleProblem:
                return False  # rendered, and left out with its error
            if source_digest(data) != note.source:
                return False
        rel = site.plan.addresses[article.path] + "index.html"
        if self.same_context:
            last = self.output.previous.get(rel)
            key = last.key if last is not None else ""
        else:
            key = site.article_key(article, note.source, note.titles, note.hrefs, note.images)
        if not key or not self.output.current(rel, key):
            return False
        path = article.path
        self.keys[path] = key
        self.brief_keys[path] = note.brief_key
        if note.images:  # (most articles have none: each step skipped counts, 10,000 times)
            self.media.update(dict.fromkeys(f for c in note.images if (f := site.image(c))))
            self.looked.update(dict.fromkeys(c for candidates in note.images for c in candidates))
        if note.warnings:
            self.warnings[path] = [Problem(path, m, "warning", line) for m, line in note.warnings]
        raw = note.raw
        trusted = self._trusted(stamp)
        self.new_notes[path] = raw if raw[0] == trusted else [trusted, *raw[1:]]
        return True

    def _rendered(self, rendered: Rendered) -> None:
        path = rendered.path
        if rendered.problem is not None or rendered.made is None:
            if rendered.problem is not None:
                self.left_out[path] = rendered.problem
            return
        site = self.site
        self.output.adopt(site.plan.addresses[path] + "index.html", rendered.made)
        self.keys[path] = rendered.key
        self.brief_keys[path] = rendered.note[5]
        self.site.entries[path] = rendered.entry
        if rendered.body_html is not None:
            self.bodies[path] = rendered.body_html
        if rendered.media:  # (most articles show no image: each step skipped counts)
            self.media.update(dict.fromkeys(rendered.media))
        if rendered.note[4]:
            self.looked.update(dict.fromkeys(c for cs in rendered.note[4] for c in cs))
            stamps = self.site.stamps  # (not looked at again here: _state, _images)
            for rel, stamp in rendered.stamps:
                stamps.setdefault(rel, stamp)
        if rendered.warnings:
            self.warnings[path] = rendered.warnings
        self.new_notes[path] = [self._trusted(self.stamps.get(path)), *rendered.note[1:]]
        self.output.set_detail_line(path, rendered.detail)

    def _trusted(self, stamp: Stamp | None) -> list[int] | None:
        """A file's stamp as the note keeps it: None for one too fresh to vouch for (it may
        change again within its clock's tick), so that the next build reads it again."""
        if stamp is None or (not self.none_fresh and fresh(stamp, self.started)):
            return None
        return list(stamp)

    def _brief(self, path: str) -> Brief | None:
        """An article's brief: as this build's manifest line or the last one keeps it (an
        article whose brief is not there in its shape is rendered again)."""
        found = self.briefs.get(path)
        if found is None:
            try:
                found = self.briefs[path] = brief_from(self.output.detail(path))
            except (TypeError, ValueError):
                rendered = self.site.render_article(self.site.by_path[path])
                self._rendered(rendered)
                found = rendered.brief
                if found is not None:
                    self.briefs[path] = found
        return found

    # the lists, the feed, the sitemap, the images

    @functools.cached_property
    def _lists(self) -> tuple[list[_Waiting], dict[str, list[_Waiting]]]:
        """The pages of the index and the tags, and the feed: those whose articles are all in
        already (none to render), and for each article to render, the files waiting for it.
        Worked out when first asked: while the workers start (11 ms at 10,000 articles), or at
        the first result when there are too few pages for workers."""
        plan, rendered = self.site.plan, self.rendered
        files = [_Waiting(partial(self._list, which, number, page))
                 for which, pages in (("index", plan.index), ("tag", plan.tag_pages))
                 for number, page in enumerate(pages)]  # fmt: skip
        shown = [page.articles for page in (*plan.index, *plan.tag_pages)]
        if self.site.settings.base_url is not None:
            files.append(_Waiting(self._feed))
            shown.append(plan.feed)
        ready: list[_Waiting] = []
        waiting: dict[str, list[_Waiting]] = {}
        for file, articles in zip(files, shown, strict=True):
            for article in articles:
                if article.path in rendered:
                    file.pending += 1
                    waiting.setdefault(article.path, []).append(file)
            if not file.pending:
                ready.append(file)
        return ready, waiting

    def _list(self, which: str, number: int, page: ListPage) -> None:
        """Render one page of the index or a tag's pages (the `number`th of `which`, "index" or
        "tag") unless it is current; its articles are all in (rendered, kept, or left out)."""
        site = self.site
        shown = [a.path for a in page.articles if a.path in self.brief_keys]
        entries = self.site.entries
        rel = page.address + "index.html"
        last = self.output.previous.get(rel)
        if (
            self.same_context
            and last is not None
            and self.rendered.isdisjoint(a.path for a in page.articles)
        ):
            key = last.key  # its place and its articles are as they were
        else:
            key = digest(site.base, "list", page.address, page.number, page.pages,
                         page.previous, page.next, page.tag,
                         [self.brief_keys[p] for p in shown])  # fmt: skip
        if not self.output.current(rel, key):
            # (an article rendered this time has its entry; a kept one needs its brief)
            shown = [p for p in shown if p in entries or self._brief(p)]
            site.render_list(which, number, shown, key, self._brief)
        self._step(1)

    def _feed(self) -> None:
        site = self.site
        feed = [a for a in site.plan.feed if a.path in self.keys]
        key = digest(
            site.base, "feed", [(self.brief_keys[a.path], self.keys[a.path]) for a in feed]
        )

        def make() -> bytes:
            entries = [(b, self._body(a)) for a in feed if (b := self._brief(a.path)) is not None]
            return site.pages.feed(entries)

        self._file("feed.xml", key, make)

    def _sitemap(self, built: Collection[str]) -> None:
        """sitemap.xml, with the pages of the articles `built` (paths): all of them from the plan
        (each one's address, date and status is its brief's)."""
        site, plan = self.site, self.site.plan
        shown = [(plan.addresses[a.path], a.date, site.status(a))
                 for a in plan.articles if a.path in built]  # fmt: skip
        key = digest(site.base, "sitemap", shown, [p.address for p in plan.index],
                     [p.address for p in plan.tag_pages])  # fmt: skip
        self._file("sitemap.xml", key, lambda: site.pages.sitemap(plan, shown))

    def _body(self, article: Article) -> str:
        found = self.bodies.get(article.path)
        return found if found is not None else self.site.feed_body(article)

    def _images(self) -> None:
        """Copy every image a page shows into media/, unless it is there as copied before."""
        site = self.site
        for rel in self.media:
            stamp = site.image_stamp(rel)
            if stamp is None:
                continue
            source = site.archive.asset(rel)
            if source is None:
                continue
            if not fresh(stamp, self.started):
                key = digest("media", stamp)
            else:  # a fresh image may change again unseen: its bytes say whether it did
                data = site.archive.asset_bytes(rel)
                if data is None:
                    continue
                key = digest("media", hashlib.blake2b(data, digest_size=16).hexdigest())
            if not self.output.current(MEDIA + rel, key):
                self.output.copy(MEDIA + rel, source, key)

    def _file(self, rel: str, key: str, make: Callable[[], bytes]) -> None:
        if not self.output.current(rel, key):
            self.output.write(rel, make(), key)


# --- what every page of a build is made from ----------------------------------------------------


class _Site:
    """The plan and everything else the pages of one build are made from; shared with the
    worker processes (they are forked with it). Renders an article's page and works out its
    key, from a rendering or from the manifest's note, in the same way."""

    def __init__(
        self,
        archive: Archive,
        output: Output,
        settings: Settings,
        templates: Any,
        plan: Plan,
        names: Callable[[], Names],
        today: date,
        base: str,
    ) -> None:
        self.archive = archive
        self.output = output
        self.settings = settings
        self.templates = templates
        self.plan = plan
        self._names = names  # made when a link is first looked up (30 MB at 50,000 articles)
        self.today = today
        self.base = base
        self.words = settings.words()
        self.in_feed = {a.path for a in plan.feed}
        self.by_path = {a.path: a for a in plan.articles}
        self._pages: Pages | None = None
        self.stamps: dict[str, Stamp | None] = {}  # image path -> its stamp, None: not there
        self._titles: dict[str, str | None] = {}
        self._links: dict[str, tuple[str | None, str | None]] = {}
        self._tags: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
        self.entries: dict[str, bytes] = {}  # article path -> its entry (Pages.entry)

    @property
    def pages(self) -> Pages:
        """The templates, loaded and checked when the first file is rendered: a template with
        a mistake stops the build before anything is written (a changed template makes every
        page again, so it is loaded before the first page is written)."""
        if self._pages is None:
            pages = Pages(self.settings, self.templates, self.base)
            pages.check()
            self._pages = pages
        return self._pages

    # what an article's page depends on besides its own file

    @functools.cached_property
    def names(self) -> Names:
        """Every usable article by path and by slug, for what links name."""
        return self._names()

    def title_for(self, target: str) -> str | None:
        if target not in self._titles:
            self._titles[target] = link_title(target, self.names.named)
        return self._titles[target]

    def link(self, href_: str) -> tuple[str | None, str | None]:
        """(path, address) of the article a link's href names (address None when it is not on
        the site), or (None, None) when it names no article."""
        found = self._links.get(href_)
        if found is None:
            path = target_path(href_)
            article = linked_article(path, self.names.named) if path is not None else None
            if article is None:
                found = (None, None)
            else:
                found = (article.path, self.plan.addresses.get(article.path))
            self._links[href_] = found
        return found

    def image_stamp(self, rel: str) -> Stamp | None:
        if rel not in self.stamps:
            self.stamps[rel] = self.archive.asset_stamp(rel)
        return self.stamps[rel]

    def image(self, candidates: Sequence[str]) -> str | None:
        """The first of `candidates` that is an image file in the articles folder."""
        return next((rel for rel in candidates if self.image_stamp(rel) is not None), None)

    def status(self, article: Article) -> str | None:
        """What a page says of an article that is not live (built with --drafts)."""
        if article.is_live(self.today):
            return None
        if article.draft:
            return self.words["draft"]
        return self.words["expired" if article.is_expired(self.today) else "scheduled"]

    def tags(self, article: Article) -> tuple[tuple[str, str], ...]:
        """(tag as written, its page's address), each tag once."""
        found = self._tags.get(article.tags)  # articles share their lists of tags (the index)
        if found is None:
            of = self.plan.tag_of
            found = tuple((t, of[fold(t)].address) for t in _each_tag_once(article.tags))
            self._tags[article.tags] = found
        return found

    def neighbours(self, article: Article) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """(title, address) of the older and the newer neighbour (None where there is none)."""
        older, newer = self.plan.neighbours[article.path]
        addresses = self.plan.addresses
        return (
            (older.title, addresses[older.path]) if older is not None else None,
            (newer.title, addresses[newer.path]) if newer is not None else None,
        )

    def article_key(
        self,
        article: Article,
        source: str,
        titles: Sequence[str],
        hrefs: Sequence[str],
        images: Sequence[Sequence[str]],
        around: tuple[object, object, object] | None = None,
    ) -> str:
        """The key of an article's page: everything it is made from (see the module's notes);
        `titles`, `hrefs` and `images` are what its body asked and showed, as rendering it
        found them or the manifest noted them; `around`, its status, neighbours and tags when
        the caller has them already."""
        if around is None:
            around = (self.status(article), self.neighbours(article), self.tags(article))
        parts = (
            self.base,
            article,
            source,
            self.plan.addresses[article.path],
            *around,
            [(t, self.title_for(t)) for t in titles] if titles else None,
            [(h, self.link(h)) for h in hrefs] if hrefs else None,
            [self.image(c) for c in images] if images else None,
        )
        return digest(*parts)

    # rendering

    def render_article(self, article: Article) -> Rendered:
        """Render and write one article's page."""
        path = article.path
        try:
            text, body, body_line, data = self.archive.source(article)
        except ArticleProblem as err:
            return Rendered(path, Problem(path, str(err).split(": ", 1)[-1]))
        address = self.plan.addresses[path]
        warnings: list[Problem] = []
        body_html, titles, hrefs, images, utf8 = self.body(article, body, body_line,
                                                           root_of(address), warnings)  # fmt: skip
        # (the front matter is enough to find the image's line in)
        image, header = self._header_image(article, text[: len(text) - len(body)], warnings)
        if header is not None:
            images.insert(0, header)
        summary = summary_of(article, body_html)
        status = self.status(article)
        older, newer = self.neighbours(article)
        tags = self.tags(article)
        page = ArticleInput(
            article=article,
            body_html=body_html,
            summary=summary,
            image=image,
            address=address,
            older=older,
            newer=newer,
            tags=tags,
            status=status,
            body_utf8=utf8,
        )
        source = source_digest(data)
        key = self.article_key(article, source, titles, hrefs, images,
                               (status, (older, newer), tags))  # fmt: skip
        made_page, entry = self.pages.article_and_entry(page)
        made = self.output.write(address + "index.html", made_page, key)
        brief = Brief(
            title=article.title,
            address=address,
            date=article.date,
            author=article.author,
            summary=summary,
            image=image,
            status=status,
            tags=article.tags if len(tags) == len(article.tags) else tuple(t for t, _ in tags),
        )
        # the note: [its file's stamp (set by the build), a digest of the file, link targets,
        # link hrefs, images' possible places, the brief's digest, the warnings]; the
        # manifest's line of the brief is made here, where the page is rendered, and its digest
        # is the brief's key
        detail = brief_line(path, brief)
        told = tuple((w.message, w.line) for w in warnings) if warnings else ()
        note = [None, source, tuple(titles), tuple(hrefs), tuple(map(tuple, images)),
                _hash(detail), told]  # fmt: skip
        # (tuples: 50,000 notes are kept until the manifest is written; () is one object)
        return Rendered(
            path=path,
            key=key,
            made=made,
            note=note,
            brief=brief,
            detail=detail,
            body_html=body_html if path in self.in_feed else None,
            entry=entry,
            media=[found for c in images if (found := self.image(c)) is not None],
            warnings=warnings,
            stamps=[(c, self.stamps[c]) for cs in images for c in cs if c in self.stamps],
        )

    def feed_body(self, article: Article) -> str:
        """An article's body as its page has it, for the feed (read again: bodies are not kept)."""
        _, body, body_line, _ = self.archive.source(article)
        root = root_of(self.plan.addresses[article.path])
        return self.body(article, body, body_line, root, [])[0]

    def body(
        self, article: Article, body: str, body_line: int, root: str, warnings: list[Problem]
    ) -> tuple[str, list[str], list[str], list[list[str]], bytes | None]:
        """The body's HTML as the page shows it, with links to other articles and images
        pointed at their places in the site; what it asked for: link titles (targets), link
        addresses (hrefs) and images (each one's possible places); and the HTML in UTF-8 when
        that is as cmark-gfm wrote it (no link or image pointed elsewhere), else None."""
        titles: dict[str, None] = {}

        def title_for(target: str) -> str | None:
            titles[target] = None
            return self.title_for(target)

        prepared = prepared_body(body, self.settings.generator, title_for)
        written, utf8 = markdown_and_utf8(prepared, self.settings.allow_html)
        body_html = written
        hrefs = link_targets(body_html)
        pointed: dict[str, str | None] = {}
        for target in hrefs:
            linked, address = self.link(target)
            if linked is None:
                continue  # no article: a file, a page of the site, left as written
            if address is None:
                pointed[target] = None
                warnings.append(
                    Problem(
                        article.path,
                        f"links to {target!r}, an article that is not on the site (a draft, or "
                        "not yet published); the link is left out",
                        "warning",
                        _line_of(body, body_line, (target, target_path(target) or target)),
                    )
                )
            else:
                pointed[target] = root + href(address) + fragment(target)
        body_html = point_links(body_html, pointed)
        body_html, images = self._body_images(article, body, body_line, body_html, root, warnings)
        return body_html, list(titles), hrefs, images, utf8 if body_html is written else None

    def _header_image(
        self, article: Article, front: str, warnings: list[Problem]
    ) -> tuple[str | None, list[str] | None]:
        """The header image's address relative to the site's root (in media/), the image as
        written for a URL or an absolute path, or None (with a warning) when it is missing;
        and the places it was looked for."""
        if not article.image:
            return None, None
        if not is_relative(article.image):
            return article.image, None
        candidates = image_candidates(article)
        found = self.image(candidates)
        if found is None:
            line = locate_key_in(front, self.archive.site.keys("image"))
            warnings.append(
                Problem(
                    article.path,
                    f"the header image {article.image!r} is not in the articles folder (looked "
                    f"for {' and '.join(candidates)}); the page is built without it",
                    "warning",
                    line,
                )
            )
            return None, candidates
        return MEDIA + found, candidates

    def _body_images(
        self,
        article: Article,
        body: str,
        body_line: int,
        body_html: str,
        root: str,
        warnings: list[Problem],
    ) -> tuple[str, list[list[str]]]:
        """Images the body names by a relative path, their addresses made relative to the
        article's page (in media/); a missing one is a warning at its line, left as written."""
        new_src: dict[str, str] = {}
        looked: list[list[str]] = []
        for src in image_sources(body_html):
            parts = urlsplit(src)
            if parts.scheme or parts.netloc or not parts.path or not is_relative(src):
                continue  # a URL, an absolute path, data: or a fragment: not ours to copy
            ref = unquote(parts.path)
            candidates = relative_candidates(article.path, ref)
            looked.append(candidates)
            found = self.image(candidates)
            if found is not None:
                new_src[src] = root + quote(MEDIA + found)
                continue
            warnings.append(
                Problem(
                    article.path,
                    f"the image {ref!r} is not in the articles folder (looked for "
                    f"{' and '.join(candidates)})",
                    "warning",
                    _line_of(body, body_line, (src, ref, parts.path)),
                )
            )
        return replace_images(body_html, new_src), looked

    def render_list(
        self,
        which: str,
        number: int,
        paths: list[str],
        key: str,
        brief: Callable[[str], Brief | None],
    ) -> tuple[str, Made]:
        """Render and write a page of the index or of a tag (`paths`: its articles, in order,
        each with an entry in `entries` or a brief `brief` gives)."""
        page = (self.plan.index if which == "index" else self.plan.tag_pages)[number]
        rel = page.address + "index.html"
        needs = self.pages.list_needs_briefs  # (a site's own list.html)
        entries = [(brief(p) if needs else None, self.entry(p, brief)) for p in paths]
        return rel, self.output.write(rel, self.pages.list_page(page, entries), key)

    def entry(self, path: str, brief: Callable[[str], Brief | None]) -> bytes:
        """An article's entry on the lists: as its page's rendering made it, or made now from
        its brief."""
        found = self.entries.get(path)
        if found is None:
            made = brief(path)
            assert made is not None  # (the lists show only articles with a brief)
            found = self.entries[path] = self.pages.entry(made)
        return found


# --- the manifest's notes on an article ---------------------------------------------------------


class _Note:
    """What the last build noted of an article (see `_Site.render_article`), as read back from
    the manifest: anything not in its shape is no note at all, and the page is rendered."""

    __slots__ = ("raw", "stamp", "source", "titles", "hrefs", "images", "brief_key", "warnings")

    def __init__(self, raw: list[Any]) -> None:
        self.raw = raw
        stamp, self.source, self.titles, self.hrefs, self.images, self.brief_key, warnings = raw
        self.stamp = tuple(stamp) if type(stamp) is list else None
        self.warnings = [(m, line if type(line) is int else None) for m, line in warnings]

    @classmethod
    def read(cls, raw: object) -> _Note | None:
        if type(raw) is not list or len(raw) != 7:
            return None
        _, source, titles, hrefs, images, brief_key, warnings = raw
        if type(source) is not str or type(brief_key) is not str:
            return None
        if not all(type(x) is list for x in (titles, hrefs, images, warnings)):
            return None
        if titles or hrefs or images or warnings:  # most articles have none of these
            strings = [*titles, *hrefs]
            for item in (*images, *warnings):
                if type(item) is not list:
                    return None
            strings += [c for candidates in images for c in candidates]
            strings += [w[0] for w in warnings if len(w) == 2]
            if len(strings) != len(titles) + len(hrefs) + sum(map(len, images)) + len(warnings):
                return None
            if not all(type(x) is str for x in strings):
                return None
        return cls(raw)


def brief_line(path: str, brief: Brief) -> bytes:
    """The manifest's line of an article's brief (Output.set_detail_line): the JSON of `[path,
    [title, address, date (ISO), author, summary, image, status, [tags]]]` as json.dumps writes
    it without spaces or escapes of non-ASCII text, in UTF-8. Made by hand with json's own
    escaping of text: json's encoder, set up for each of 10,000 small lists, took twice as
    long (a test compares the two)."""
    q = _json_text
    image = "null" if brief.image is None else q(brief.image)
    status = "null" if brief.status is None else q(brief.status)
    line = (f"[{q(path)},[{q(brief.title)},{q(brief.address)},{q(brief.date.isoformat())},"
            f"{q(brief.author)},{q(brief.summary)},{image},{status},"
            f"[{','.join(map(q, brief.tags))}]]]")  # fmt: skip
    return line.encode("utf-8", "surrogatepass")


def brief_from(note: Any) -> Brief:
    """The brief a note keeps; ValueError (or TypeError) when it is not one."""
    title, address, when, author, summary, image, status, tags = note
    for text in (title, address, when, author, summary):
        if not isinstance(text, str):
            raise ValueError("not a brief")
    day: date | datetime = (
        date.fromisoformat(when) if len(when) == 10 else datetime.fromisoformat(when)
    )
    if not all(isinstance(v, str | None) for v in (image, status)) or not isinstance(tags, list):
        raise ValueError("not a brief")
    return Brief(title, address, day, author, summary, image, status, tuple(map(str, tags)))


def source_digest(data: bytes) -> str:
    """The digest of an article file's bytes, as the manifest's note keeps it."""
    return _hash(data)


# --- rendering on every core ---------------------------------------------------------------------

_SITE: _Site | None = None  # in a worker process: the build it works for (inherited by fork)


def _articles(site: _Site, numbers: list[int]) -> list[Rendered | tuple[Any, ...]]:
    """In a worker process: these pages rendered, packed to be sent."""
    return [_packed(site.render_article(site.plan.articles[n])) for n in numbers]


def _articles_here(site: _Site, numbers: list[int]) -> list[Rendered | tuple[Any, ...]]:
    """In the main process: these pages rendered."""
    return [site.render_article(site.plan.articles[n]) for n in numbers]


def _packed(r: Rendered) -> tuple[Any, ...]:
    """A rendering as tuples: a worker process sends it to the parent in a third of the time a
    dataclass takes (pickle; build_bench.py). Not its brief: its manifest line has it."""
    m = r.made
    made = None if m is None else (m.key, m.size, m.mtime_ns)
    return (r.path, r.problem, r.key, made, r.note, r.detail, r.body_html, r.entry, r.media,
            [(w.message, w.line) for w in r.warnings], r.stamps)  # fmt: skip


def _unpacked(packed: tuple[Any, ...]) -> Rendered:
    path, problem, key, made, note, detail, body_html, entry, media, warnings, stamps = packed
    return Rendered(
        path,
        problem,
        key,
        None if made is None else Made(*made),
        note,
        None,
        detail,
        body_html,
        entry,
        media,
        [Problem(path, message, "warning", line) for message, line in warnings],
        stamps,
    )


def _in_worker(
    work: Callable[[_Site, list[T]], list[R]], chunk: list[T], folders: list[str]
) -> list[R]:
    assert _SITE is not None
    _SITE.output.made_folders(folders)
    return work(_SITE, chunk)


def _spread(
    site: _Site,
    work: Callable[[_Site, list[T]], list[R]],
    here: Callable[[_Site, list[T]], list[R]],
    items: list[T],
    step: Callable[[int], None],
    idle: Callable[[], object] = lambda: None,
    folders: Callable[[list[T]], list[str]] = lambda chunk: [],
) -> Generator[R, None, None]:
    """`work` done on every item, a chunk at a time: when there are many, by worker processes
    (forked with `site`, so that they start with everything it holds) and by this process
    (`here`: the same work, its results not packed to be sent), one core each; else here, in
    order. This process takes the chunks the workers have done
    as they come, and does the next chunk itself whenever none has come: its own work on the
    results (the lists) fills the gaps, and the chunks it does are not sent between processes.
    (With a worker on every core besides, this process took cores from the workers, and every
    page went through pickle: 3% longer at 10,000 pages on two cores.)

    `idle` is called once, while the workers do their first items. `folders` names the site's
    folders the items write into: this process makes them for each chunk just before it hands
    the chunk out, while the workers render the chunks before it (two processes making folders
    in one folder wait on each other's lock, and a folder on a disk costs some 100 us: a second
    at 10,000)."""
    workers = cores()
    if not items:
        return
    site.pages  # noqa: B018  (loaded and checked before anything is written, and before a fork)
    if len(items) < PARALLEL_FROM or workers < 2 or sys.platform != "linux":
        for start in range(0, len(items), 50):
            done = here(site, items[start : start + 50])
            yield from done
            step(len(done))
        return
    from concurrent.futures import Future  # start-up: the pool only for many pages

    global _SITE
    chunks = iter(_chunks(len(items), workers))
    _SITE = site
    gc.freeze()  # what the workers inherit stays shared: the collector does not write to it
    pool = worker_pool(workers - 1)  # (and this process)
    pending: deque[Future[list[R]]] = deque()

    def submit(span: tuple[int, int]) -> None:
        chunk = items[span[0] : span[1]]
        made = folders(chunk)
        site.output.folders(made)
        pending.append(pool.submit(_in_worker, work, chunk, made))

    try:
        for span in itertools.islice(chunks, (workers - 1) * 3):
            submit(span)
        idle()
        while True:
            if pending and pending[0].done():
                done = pending.popleft().result()
                for span in itertools.islice(chunks, 1):
                    submit(span)
            elif (mine := next(chunks, None)) is not None:
                done = here(site, items[mine[0] : mine[1]])
            elif pending:
                done = pending.popleft().result()
            else:
                break
            yield from done
            step(len(done))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _SITE = None
        gc.unfreeze()


def _chunks(count: int, workers: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the chunks `count` items are handed out in: up to 400 at first, smaller
    towards the end (a share of what is left), so that the workers finish together and the
    last results, which the last list pages wait for, come soon after the others. (Each chunk
    a worker does costs it about a millisecond between chunks, sending its pages and taking
    the next: chunks of up to 100 made a build of 10,000 articles 2% longer.)"""
    start = 0
    while start < count:
        size = max(10, min(400, (count - start) // (workers * 4)))
        yield start, min(start + size, count)
        start += size


# --- small rules -------------------------------------------------------------------------------


def _each_tag_once(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Tags as written, without a second spelling of one (`Politie` after `politie`)."""
    first: dict[str, str] = {}
    for tag in tags:
        first.setdefault(fold(tag), tag)
    return tuple(first.values())


def _line_of(body: str, body_line: int, spellings: tuple[str, ...]) -> int:
    """The file line where the body first names one of `spellings` (the body's first line if
    none is found as written)."""
    for spelling in spellings:
        at = body.find(spelling)
        if at >= 0:
            return body_line + body.count("\n", 0, at)
    return body_line
