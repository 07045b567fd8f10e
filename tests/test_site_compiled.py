"""site.compiled: the package's article and entry templates written out as Python give, byte for
byte, what Jinja renders of the templates themselves; a site's own templates, or a package
template changed without it, go through Jinja."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actueel_cli.model import UNDATED, Article
from actueel_cli.site import compiled
from actueel_cli.site.pages import ArticleInput, Brief, Pages, Settings
from actueel_cli.site.plan import ListPage, TagInfo, plan_site

TEMPLATES = Path(compiled.__file__).parent / "templates"

# text as articles hold it, with what escaping and the layout's conditions turn on
TEXT = st.lists(
    st.sampled_from(["a", "Zeë", " ", "&", "<b>", '"', "'", ">", "\u2019", "{{ x }}", "%", "/"]),
    max_size=6,
).map("".join)
ADDRESS = st.lists(st.sampled_from(["nieuws", "a b", "é", "x&y", "2017"]), min_size=1,
                   max_size=3).map(lambda parts: "/".join(parts) + "/")  # fmt: skip
DAY = st.one_of(
    st.just(UNDATED),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.just(timezone(timedelta(hours=2))),
    ),
)
NEIGHBOUR = st.none() | st.tuples(TEXT, ADDRESS)
SETTINGS = st.builds(
    Settings,
    title=TEXT,
    locale=st.sampled_from(["nl", "en", "de_DE", "nl-BE"]),
    base_url=st.sampled_from([None, "https://actueel.example.nl/", "https://x.nl/a&b/"]),
)


@settings(max_examples=examples(300))
@given(
    site=SETTINGS,
    title=TEXT,
    author=TEXT,
    summary=TEXT,
    day=DAY,
    tags=st.lists(TEXT, max_size=4),
    image=st.none() | st.sampled_from(["media/a b.jpg", "https://x.nl/f.jpg?a=1&b=2", "/abs.png"]),
    status=st.sampled_from([None, "concept", "gepland", "<verlopen>"]),
    older=NEIGHBOUR,
    newer=NEIGHBOUR,
    address=ADDRESS,
    body=st.sampled_from(
        [
            "",
            "<p>Tekst &amp; meer</p>\n",
            "<p>a</p>\n<p>b<br />\nc</p>\n",
            "<p>a\x01b\uffff \ud800 \uf8f0 é \u2019</p>\n" * 20,
        ]
    ),  # fmt: skip
)
@example(site=Settings(), title="Titel", author="", summary="", day=UNDATED, tags=[], image=None,
         status=None, older=None, newer=None, address="a/", body="")  # fmt: skip
def test_written_out_article_page_and_entry_are_what_jinja_renders(
    site: Settings,
    title: str,
    author: str,
    summary: str,
    day: date | datetime,
    tags: list[str],
    image: str | None,
    status: str | None,
    older: tuple[str, str] | None,
    newer: tuple[str, str] | None,
    address: str,
    body: str,
) -> None:
    written, jinja = Pages(site, None), Pages(site, None, written=False)
    article = Article(slug="s", path="s.md", title=title, date=day, author=author,
                      tags=tuple(tags))  # fmt: skip
    links = tuple((tag, f"tags/{tag}/") for tag in tags)
    page = ArticleInput(article=article, body_html=body, summary=summary, image=image,
                        address=address, older=older, newer=newer, tags=links,
                        status=status)  # fmt: skip
    assert written.article(page) == jinja.article(page)
    brief = Brief(title, address, day, author, summary, image, status, tuple(tags))
    assert written.entry(brief) == jinja.entry(brief)
    for pages in (written, jinja):  # made together, the same as each on its own
        assert pages.article_and_entry(page) == (pages.article(page), pages.entry(brief))


BRIEF = st.builds(
    Brief,
    title=TEXT,
    address=ADDRESS,
    date=DAY,
    author=TEXT,
    summary=TEXT,
    image=st.none() | st.sampled_from(["media/a b.jpg", "https://x.nl/f.jpg?a=1&b=2"]),
    status=st.sampled_from([None, "concept"]),
)


@settings(max_examples=examples(200))
@given(
    site=SETTINGS,
    address=ADDRESS,
    number=st.integers(1, 3),
    pages=st.integers(1, 3),
    previous=st.none() | ADDRESS,
    following=st.none() | ADDRESS,
    tag=st.none()
    | st.builds(TagInfo, key=TEXT, name=TEXT, address=ADDRESS, count=st.integers(1, 9)),
    briefs=st.lists(BRIEF, max_size=3),
)
def test_written_out_list_page_is_what_jinja_renders(
    site: Settings,
    address: str,
    number: int,
    pages: int,
    previous: str | None,
    following: str | None,
    tag: TagInfo | None,
    briefs: list[Brief],
) -> None:
    written, jinja = Pages(site, None), Pages(site, None, written=False)
    page = ListPage(address, number, pages, (), previous, following, tag)
    entries = [(brief, written.entry(brief)) for brief in briefs]
    assert written.list_page(page, entries) == jinja.list_page(page, entries)


@settings(max_examples=examples(100))
@given(
    titles=st.lists(TEXT, max_size=5),
    days=st.lists(DAY, min_size=5, max_size=5),
    drafts=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_written_out_sitemap_is_what_jinja_renders(
    titles: list[str], days: list[date | datetime], drafts: list[bool]
) -> None:
    site = Settings(base_url="https://x.nl/a&b/")
    rows = enumerate(zip(titles, days, drafts, strict=False))
    articles = [Article(slug=f"a-{n}", path=f"a {n}.md", title=title, date=day, draft=draft,
                        tags=(title,) if title else ())
                for n, (title, day, draft) in rows]  # fmt: skip
    plan = plan_site(articles, date(2026, 1, 1), drafts=True)
    built = [(plan.addresses[a.path], a.date, "concept" if a.draft else None)
             for a in plan.articles]  # fmt: skip
    written, jinja = Pages(site, None), Pages(site, None, written=False)
    assert written.sitemap(plan, built) == jinja.sitemap(plan, built)


@settings(max_examples=examples(100))
@given(
    site=SETTINGS,
    tags=st.lists(
        st.builds(TagInfo, key=TEXT, name=TEXT, address=ADDRESS, count=st.integers(1, 999)),
        max_size=4,
    ),  # fmt: skip
    briefs=st.lists(st.tuples(BRIEF, st.lists(TEXT, max_size=2), TEXT), max_size=3),
)
def test_written_out_tags_page_and_feed_are_what_jinja_renders(
    site: Settings, tags: list[TagInfo], briefs: list[tuple[Brief, list[str], str]]
) -> None:
    written, jinja = Pages(site, None), Pages(site, None, written=False)
    assert written.tags_page(tags) == jinja.tags_page(tags)
    if site.base_url is not None:
        entries = [(Brief(b.title, b.address, b.date, b.author, b.summary, b.image, b.status,
                          tuple(more)), body) for b, more, body in briefs]  # fmt: skip
        assert written.feed(entries) == jinja.feed(entries)


def test_a_site_without_templates_of_its_own_does_not_load_jinja() -> None:
    """Every page of the package's own templates is written out: Jinja (30 ms to import and
    compile) is loaded only for a site's own templates."""
    site = Settings(base_url="https://x.nl/")
    pages = Pages(site, None)
    pages.check()
    article = Article(slug="s", path="s.md", title="T", date=date(2017, 7, 17), tags=("t",))
    plan = plan_site([article], date(2026, 1, 1))
    brief = Brief("T", "s/", article.date, "", "", None, None, ("t",))
    pages.article(ArticleInput(article=article, body_html="<p>x</p>\n", summary="",
                               image=None, address="s/", older=None, newer=None,
                               tags=(("t", "tags/t/"),)))  # fmt: skip
    pages.list_page(plan.index[0], [(brief, pages.entry(brief))])
    pages.tags_page(plan.tags)
    pages.feed([(brief, "<p>x</p>\n")])
    pages.sitemap(plan, [("s/", article.date, None)])
    pages.stylesheet()
    assert pages._env is None


def test_the_package_templates_are_the_ones_written_out() -> None:
    """A template changed without site/compiled.py: update both (and SOURCES) or the build
    quietly falls back to Jinja for every page."""
    names = (*compiled.ARTICLE, *compiled.ENTRY, *compiled.LIST, *compiled.SITEMAP,
             *compiled.TAGS, *compiled.FEED)  # fmt: skip
    for name in names:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert compiled.source_digest(text) == compiled.SOURCES[name], name
    assert Pages(Settings(), None)._written_article
    assert Pages(Settings(), None)._written_entry
    assert Pages(Settings(), None)._written_list
    assert Pages(Settings(), None)._written_sitemap
    assert Pages(Settings(), None)._written_tags
    assert Pages(Settings(), None)._written_feed


def test_a_site_template_of_the_same_name_is_rendered_by_jinja(tmp_path: Path) -> None:
    """A site's own base.html changes every article page; its own entry.html every entry; the
    other templates stay written out."""
    (tmp_path / "base.html").write_text(
        (TEMPLATES / "base.html").read_text(encoding="utf-8").replace("<main>", "<main id=m>"),
        encoding="utf-8",
    )
    pages = Pages(Settings(), tmp_path)
    assert not pages._written_article and not pages._written_list and pages._written_entry
    article = Article(slug="s", path="s.md", title="T", date=date(2017, 7, 17))
    page = ArticleInput(article=article, body_html="", summary="", image=None, address="s/",
                        older=None, newer=None, tags=())  # fmt: skip
    assert b"<main id=m>" in pages.article(page)
    (tmp_path / "entry.html").write_text("<li>{{ entry.title }}</li>\n", encoding="utf-8")
    pages = Pages(Settings(), tmp_path)
    assert not pages._written_entry
    assert pages.entry(Brief("T", "s/", date(2017, 7, 17), "", "", None)) == b"<li>T</li>\n"


def test_a_changed_package_template_is_rendered_by_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template whose text no longer has the recorded digest is not written out (here: as if
    base.html had been edited)."""
    monkeypatch.setitem(compiled.SOURCES, "base.html", "0" * 32)
    pages = Pages(Settings(), None)
    assert not pages._written_article and pages._written_entry
