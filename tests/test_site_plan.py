"""The site's plan, pure: safe addresses, pagination, tag pages, and the model's neighbours."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actueel_cli.errors import InvalidInput
from actueel_cli.model import Article
from actueel_cli.site.plan import (
    base_url,
    paginate,
    plan_site,
    root_of,
    segment,
    segment_by_character,
)

TODAY = date(2024, 1, 1)
SAFE = re.compile(r"[^\W_][\w-]*", re.UNICODE)


def art(slug: str, day: date | datetime, **kw: object) -> Article:
    return Article(slug=slug, path=kw.pop("path", f"{slug}.md"), title=slug.title(), date=day,
                   **kw)  # type: ignore[arg-type]  # fmt: skip


@settings(max_examples=examples(300))
@given(text=st.text())
@example(text="..")
@example(text=".")
@example(text="../../etc/passwd")
@example(text="a/b\\c")
@example(text='"><img src=x onerror=alert(1)>')
@example(text="Café Ünïcode 日本")
@example(text="  ")
@example(text="x" * 300)
def test_any_text_becomes_one_safe_path_part(text: str) -> None:
    part = segment(text)
    assert part not in ("", ".", "..")
    assert "/" not in part and "\\" not in part and "." not in part
    assert SAFE.fullmatch(part) or part == "x", part
    assert len(part) <= 80
    assert segment(part) == part  # stable: an address made from an address stays


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=120))
def test_the_ascii_shortcut_of_segment_is_the_rule_itself(text: str) -> None:
    assert segment(text) == segment_by_character(text)


def test_segments_keep_letters_of_any_script_and_lower_them() -> None:
    assert segment("Café Bibob") == "café-bibob"
    assert segment("Indonesische politie(academie)") == "indonesische-politie-academie"
    assert segment("1000 jaar politie!") == "1000-jaar-politie"
    assert segment("../../etc") == "etc"


def test_addresses_are_unique_oldest_first_and_avoid_the_sites_own() -> None:
    old = art("a-b", date(2020, 1, 1))
    new = art("a b", date(2021, 1, 1), path="sub/a b.md")
    tags = art("tags", date(2019, 1, 1))
    plan = plan_site([new, old, tags], TODAY)
    assert plan.addresses == {"a-b.md": "a-b/", "sub/a b.md": "a-b-2/", "tags.md": "tags-2/"}
    assert sorted(w.path for w in plan.warnings) == ["sub/a b.md", "tags.md"]
    assert "a-b-2/" in next(w.message for w in plan.warnings if w.path == "sub/a b.md")


def test_pages_of_twenty_newest_first() -> None:
    many = [art(f"a{i:02}", date(2020, 1, 1) + timedelta(days=i)) for i in range(45)]
    pages = list(paginate(sorted(many, key=lambda a: a.date, reverse=True), ""))
    assert [p.address for p in pages] == ["", "page/2/", "page/3/"]
    assert [len(p.articles) for p in pages] == [20, 20, 5]
    assert pages[0].articles[0].slug == "a44"
    assert (pages[0].previous, pages[0].next) == (None, "page/2/")
    assert (pages[1].previous, pages[1].next) == ("", "page/3/")
    assert (pages[2].previous, pages[2].next) == ("page/2/", None)
    assert [p.pages for p in pages] == [3, 3, 3]
    assert [p.address for p in paginate([], "tags/x/")] == ["tags/x/"]


def test_case_and_accent_variants_of_a_tag_share_one_page_named_as_most_write_it() -> None:
    arts = [
        art("a", date(2020, 1, 1), tags=("Politie",)),
        art("b", date(2020, 1, 2), tags=("politie", "Veiligheid")),
        art("c", date(2020, 1, 3), tags=("pólitie",)),
        art("d", date(2020, 1, 4), tags=("politie",)),
        art("e", date(2020, 1, 5), tags=('"><img src=x onerror=alert(1)>',)),
    ]
    plan = plan_site(arts, TODAY)
    names = {t.name: (t.address, t.count) for t in plan.tags}
    assert names["politie"] == ("tags/politie/", 4)
    assert names["Veiligheid"] == ("tags/veiligheid/", 1)
    assert names['"><img src=x onerror=alert(1)>'] == ("tags/img-src-x-onerror-alert-1/", 1)
    pages = {p.address: [a.slug for a in p.articles] for p in plan.tag_pages}
    assert pages["tags/politie/"] == ["d", "c", "b", "a"]


def test_only_live_articles_unless_drafts() -> None:
    live = art("live", date(2020, 1, 1))
    draft = art("draft", date(2020, 1, 2), draft=True)
    later = art("later", date(2025, 1, 1))
    assert [a.slug for a in plan_site([live, draft, later], TODAY).articles] == ["live"]
    everything = plan_site([live, draft, later], TODAY, drafts=True)
    assert [a.slug for a in everything.articles] == ["later", "draft", "live"]
    assert [a.slug for a in everything.feed] == ["live"]  # a feed announces only what is live
    # a draft's page links to the live articles around it, as `show` does; no page links to it
    assert everything.neighbours["draft.md"] == (live, None)
    assert everything.neighbours["live.md"] == (None, None)


def test_the_way_back_to_the_root() -> None:
    assert root_of("") == "./"
    assert root_of("x/") == "../"
    assert root_of("tags/x/page/2/") == "../../../../"


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [("https://www.example.nl/actueel", "https://www.example.nl/actueel/"),
     ("http://localhost:8000/", "http://localhost:8000/")],
)  # fmt: skip
def test_base_url_ends_in_a_slash(given_url: str, expected: str) -> None:
    assert base_url(given_url) == expected


@pytest.mark.parametrize(
    "bad", ["www.example.nl", "/actueel/", "ftp://x.nl/", "https://", "javascript:alert(1)"]
)
def test_base_url_must_be_absolute_http(bad: str) -> None:
    with pytest.raises(InvalidInput, match="absolute http"):
        base_url(bad)


@settings(max_examples=examples(200))
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 3),  # day: many on the same one
            st.sampled_from(["a", "b", "c"]),  # slugs shared by files in sub-folders
            st.sampled_from(["", "x/", "y/"]),
            st.sampled_from(["live", "draft", "later", "expired"]),
        ),
        max_size=12,
    ),
    drafts=st.booleans(),
)
def test_a_page_s_neighbours_are_the_model_s_as_show_next_and_prev_give_them(
    rows: list[tuple[int, str, str, str]], drafts: bool
) -> None:
    """The plan's neighbours (adjacent on the site when it holds only live articles, looked up
    among the live ones with --drafts) are `model.neighbours` of each article."""
    from actueel_cli.model import neighbours

    articles: list[Article] = []
    for n, (day, slug, folder, state) in enumerate(rows):
        when = date(2020, 1, 1 + day) if state != "later" else date(2030, 1, 1 + day)
        extra: dict[str, object] = {"draft": state == "draft"}
        if state == "expired":
            extra["expires"] = date(2021, 1, 1)
        articles.append(art(slug, when, path=f"{folder}{slug}-{n}.md", **extra))
    plan = plan_site(articles, TODAY, drafts=drafts)
    for article in plan.articles:
        assert plan.neighbours[article.path] == neighbours(articles, article, TODAY)
