"""What the index answers through SQL (a Catalog with an index) equals what the model answers
over every article in memory (a Catalog without one, as without an index): selections with
every filter, counts, the order, neighbours and lookups by name, on generated archives."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from conftest import examples, write_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actueel_cli.errors import NotFound
from actueel_cli.generators import Site
from actueel_cli.model import Filter
from actueel_cli.store import Archive, Catalog, open_catalog

TAGS = ["veiligheid", "Veiligheid", "véiligheid", "politie", "jeugd", "Jeugd ", "a\x1fb", "ö"]
AUTHORS = ["Anne de Vries", "Ries van Dam", "René Smit", ""]
DATES = [
    "2017-07-17",
    "2017-07-17T09:30:00",
    "2017-07-17T09:30:00+02:00",
    "2017-07-16T23:00:00-05:00",
    "2018-01-01",
    "2030-05-05",
    "2016-12-31",
]
TODAY = date(2026, 12, 1)

articles_strategy = st.lists(
    st.tuples(
        st.sampled_from(["alpha", "beta", "gamma", "delta", "alpha-2", "epsilon"]),
        st.sampled_from(DATES),
        st.lists(st.sampled_from(TAGS), max_size=3),
        st.sampled_from(AUTHORS),
        st.booleans(),
        st.sampled_from(["", "2017", "archief/2015"]),
    ),
    min_size=1,
    max_size=10,
)
filters = st.builds(
    Filter,
    tags=st.lists(
        st.sampled_from(["veiligheid", "VEILIGHEID", "jeugd", "a", "b", "ö"]), max_size=2
    ).map(tuple),  # fmt: skip
    author=st.none() | st.sampled_from(["anne", "RENE", "van", "", "x"]),
    year=st.none() | st.sampled_from([2016, 2017, 2018, 2030, 0, 10000]),
    since=st.none() | st.sampled_from([date(2017, 7, 17), date(2018, 1, 1)]),
    until=st.none() | st.sampled_from([date(2017, 7, 16), date(2017, 7, 17)]),
    drafts=st.booleans(),
    expired=st.booleans(),
    today=st.none() | st.sampled_from([date(2017, 7, 17), date(2026, 12, 1)]),
)


def _write(folder: Path, spec: list[tuple[str, str, list[str], str, bool, str]]) -> None:
    for i, (slug, day, tags, author, draft, sub) in enumerate(spec):
        name = f"{slug}-{i}" if i % 3 else slug  # the same slug in several folders, sometimes
        tag_list = [t.replace("\x1f", "\\x1f") for t in tags]  # YAML's own escape
        write_article(folder, name, f"Titel {i}", day, author=author or "''", tags=tag_list,
                      draft=draft, sub=sub)  # fmt: skip


def _scans(folder: Path, cache: Path) -> tuple[Catalog, Catalog]:
    indexed = open_catalog(Archive(folder), cache)
    assert indexed.index is not None
    memory = open_catalog(Archive(folder), None)
    assert memory.index is None
    assert indexed.problems == memory.problems
    return indexed, memory


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(spec=articles_strategy, rules=filters, limit=st.none() | st.integers(1, 4))
def test_selections_and_counts_are_the_models(spec: list, rules: Filter, limit: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _write(folder, spec)
        indexed, memory = _scans(folder, Path(tmp) / "cache")
        assert indexed.articles == memory.articles
        for newest in (True, False):
            assert indexed.select(rules, newest, limit, count=True) == memory.select(
                rules, newest, limit, count=True
            )
            assert indexed.headings(rules, newest, limit) == memory.headings(rules, newest, limit)


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(spec=articles_strategy, tag=st.none() | st.sampled_from(["veiligheid", "JEUGD", "x"]))
def test_neighbours_and_lookups_are_the_models(spec: list, tag: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _write(folder, spec)
        indexed, memory = _scans(folder, Path(tmp) / "cache")
        for article in memory.articles:
            assert indexed.neighbours(article, TODAY, tag) == memory.neighbours(article, TODAY, tag)
            assert indexed.at(article.path) == article
        for ident in ["alpha", "ALPHA", "alp", "beta-1", "2017/gamma-2.md", "x/2017/gamma-2.md",
                      "archief/2015/alpha.md", "nergens", "", "-"]:  # fmt: skip
            assert _found(indexed, ident) == _found(memory, ident)


def _found(scan: Catalog, ident: str) -> str:
    try:
        path, article = scan.resolve(ident)
    except NotFound as err:
        return f"NotFound: {err} {err.details}"
    return f"{path} {article is not None}"


# --- a Hugo site: publish and expiry dates, undated pages, slug keys, bundles, broken files ---

HUGO_DATES = ["", "2017-07-17", "2017-07-17T09:30:00+02:00", "2030-05-05", "2016-12-31"]
hugo_strategy = st.lists(
    st.tuples(
        st.sampled_from(["alpha", "beta", "gamma", "kubecon-na", "index"]),
        st.sampled_from(["", "2022", "2023", "2023/bundel"]),
        st.sampled_from(HUGO_DATES),  # date ("" none)
        st.sampled_from(HUGO_DATES),  # publishDate
        st.sampled_from(HUGO_DATES),  # expiryDate
        st.booleans(),  # draft
        st.sampled_from(["", "eigen-naam", "Alpha"]),  # slug key
        st.sampled_from(["ok", "ok", "ok", "broken", "Title"]),  # how the title is written
        st.lists(st.sampled_from(TAGS[:5]), max_size=2),
    ),
    min_size=1,
    max_size=9,
)
HUGO = Site("hugo")


def _write_hugo(folder: Path, spec: list[tuple[Any, ...]]) -> None:
    for i, (name, sub, day, publish, expiry, draft, slug, title, tags) in enumerate(spec):
        key = "Title" if title == "Title" else "title"  # Hugo reads keys regardless of case
        lines = ["---", "title: [kapot" if title == "broken" else f"{key}: Titel {i}"]
        for key, value in (("date", day), ("publishDate", publish), ("expiryDate", expiry),
                           ("slug", slug)):  # fmt: skip
            if value:
                lines.append(f"{key}: {value}")
        lines += [f"draft: {str(draft).lower()}", f"tags: [{', '.join(tags)}]", "---", ""]
        path = folder / sub / (f"{name}-{i}.md" if i % 3 and name != "index" else f"{name}.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text("\n".join(lines), encoding="utf-8")


def _hugo_scans(folder: Path, cache: Path) -> tuple[Catalog, Catalog]:
    indexed = open_catalog(Archive(folder, HUGO), cache)
    assert indexed.index is not None
    memory = open_catalog(Archive(folder, HUGO), None)
    assert memory.index is None
    assert indexed.problems == memory.problems
    assert indexed.articles == memory.articles
    return indexed, memory


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(spec=hugo_strategy, rules=filters, limit=st.none() | st.integers(1, 4))
def test_hugo_states_select_as_the_model(spec: list, rules: Filter, limit: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _write_hugo(folder, spec)
        indexed, memory = _hugo_scans(folder, Path(tmp) / "cache")
        for newest in (True, False):
            assert indexed.select(rules, newest, limit, count=True) == memory.select(
                rules, newest, limit, count=True
            )
            assert indexed.headings(rules, newest, limit) == memory.headings(rules, newest, limit)


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(spec=hugo_strategy, today=st.sampled_from([date(2017, 7, 17), date(2026, 12, 1)]))
def test_hugo_neighbours_and_names_as_the_model(spec: list, today: date) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _write_hugo(folder, spec)
        indexed, memory = _hugo_scans(folder, Path(tmp) / "cache")
        for article in memory.articles:
            assert indexed.neighbours(article, today) == memory.neighbours(article, today)
        idents = ["alpha", "ALPHA", "alp", "eigen-naam", "eigen", "kubecon-na", "bundel",
                  "2023/bundel", "2023/bundel/index.md", "index", "index.md", "2022/alpha.md",
                  "beta-1", "beta-1.md", "x/2023/kubecon-na.md", "nergens", "", "-"]  # fmt: skip
        for ident in idents:
            assert _found(indexed, ident) == _found(memory, ident)
            assert indexed.taken(ident) == memory.taken(ident)
            assert indexed.named(ident) == memory.named(ident)  # links between articles
