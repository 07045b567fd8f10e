"""Store-level behaviour the speed work relies on."""

from __future__ import annotations

from pathlib import Path

from conftest import write_article

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


def test_new_refuses_a_slug_taken_in_a_sub_folder(run: object, articles: Path) -> None:
    write_article(articles, "burgemeesters-over-veiligheid", "B", "2020-01-01", sub="2020")
    result = run("new", "Burgemeesters over veiligheid")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "exists" in result.stderr and "2020/burgemeesters-over-veiligheid.md" in result.stderr
    assert sorted(p.name for p in articles.rglob("*.md")) == ["burgemeesters-over-veiligheid.md"]
