"""The store on its own: what a walk finds, and what parsing makes of any bytes."""

from __future__ import annotations

from pathlib import Path

from conftest import examples, write_article
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actueel_cli.parse import parse
from actueel_cli.store import Archive


def test_names_lists_what_walk_finds_without_stat(articles: Path) -> None:
    write_article(articles, "alpha", "Alpha", "2020-01-01")
    write_article(articles, "beta", "Beta", "2020-01-02", sub="2020/05")
    write_article(articles, "gamma", "Gamma", "2020-01-03", sub="_drafts")
    write_article(articles, "delta", "Delta", "2020-01-04", sub=".git")
    (articles / "_template.md").write_text("---\n---\n", encoding="utf-8")
    (articles / ".hidden.md").write_text("", encoding="utf-8")
    (articles / "notes.txt").write_text("", encoding="utf-8")
    (articles / "images").mkdir()
    archive = Archive(articles)
    entries, _ = archive.walk()
    assert sorted(archive.names()) == sorted(path for path, _ in entries) == ["2020/05/beta.md",
                                                                            "alpha.md"]  # fmt: skip


FRONT_MATTER = st.builds(
    lambda opener, body, closer, rest: opener + body + closer + rest,
    st.sampled_from(["---\n", "+++\n", "---\r\n", "\ufeff---\n", ""]),
    st.text(max_size=200)
    | st.from_regex(
        r"(title|date|tags|draft|image|author|<<|\? )[:=] ?[ -~\n&*!\[\]{}]{0,40}\n", fullmatch=True
    ),
    st.sampled_from(["---\n", "+++\n", "---", ""]),
    st.text(max_size=50),
)
FILES = st.binary(max_size=2000) | FRONT_MATTER.map(lambda t: t.encode("utf-8", "surrogatepass"))


@settings(max_examples=examples(300))
@given(data=FILES)
@example(data=b"---\ntitle: &a [*a]\ndate: 2020-01-01\n---\n")
@example(data=b"---\ntitle: !!binary aGVsbG8=\ndate: 2020-01-01\n---\n")
@example(data=b"---\ntitle: !!set {a, b}\ndate: 2020-01-01\n---\n")
@example(data=b"---\ntitle: A\ndate: 2020-01-01\n? !!binary aGk=\n: x\n---\n")
@example(data=b"---\ntitle: A\ndate: 2020-01-01\ntags: !!omap [a: 1]\n---\n")
@example(data=b"+++\ntitle = 'A'\ndate = 0001-01-01T00:00:00-23:59\n+++\n")
@example(data=b"---\ntitle: A\ndate: 9999-12-31T23:59:59-23:59\n---\n")
def test_parse_gives_an_article_or_a_problem(data: bytes) -> None:
    parsed = parse(data, "x.md")
    if parsed.article is None:
        assert any(p.severity == "error" for p in parsed.problems)
    else:
        assert parsed.article.title.strip() and parsed.article.slug == "x"
        parsed.article.instant  # noqa: B018 - sorting must work on every article
    for problem in parsed.problems:
        assert problem.path == "x.md" and str(problem).startswith("x.md")
