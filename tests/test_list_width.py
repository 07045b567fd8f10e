"""`list` and the other tables on a terminal of any width (issue 17): one line per article from
60 columns, nothing broken over lines, the slug always whole; text cut with "…" at a word
boundary; below 60 columns two lines per article. Checked on the shipped articles and on
articles made to be hard (long words, long slugs, wide characters)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article
from rich.cells import cell_len

from actueel_cli.render import clean

REPO = Path(__file__).resolve().parent.parent
SHIPPED = str(REPO / "articles")
CLOCK = ("--clock", "2024-01-01")


def terminal(run: Any, width: int, *args: str, code: int = 0) -> tuple[list[str], str]:
    result = run(*args, env={"TTY_COMPATIBLE": "1", "COLUMNS": str(width), "LINES": "500"})
    assert result.exit_code == code, result.stderr
    return [line.rstrip() for line in clean(result.stdout).splitlines()], result.stderr


def records(run: Any, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(run(*args, "list", "--drafts", "--format", "json").stdout))


def words_of(record: dict[str, Any]) -> set[str]:
    text = " ".join([record["title"], record["author"], *record["tags"]])
    return set(text.split()) | {record["slug"], record["date"][:10]}


def check_words(lines: list[str], known: set[str]) -> None:
    """Every word on screen is a word of the articles (or a header or marker), or the start of
    one cut with "…": none is broken over two lines."""
    for line in lines:
        for word in line.split():
            if word.endswith("…"):
                start = word[:-1]
                assert any(k.startswith(start) for k in known), (word, line)
            else:
                assert word in known, (word, line)


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_shipped_articles_fit_one_line_each_with_whole_slugs(run: Any, width: int) -> None:
    found = records(run, "--dir", SHIPPED, *CLOCK)
    lines, stderr = terminal(run, width, "--dir", SHIPPED, *CLOCK, "list", "--drafts")
    assert stderr == f"{len(found)} articles\n"
    assert all(cell_len(line) <= width for line in lines), lines
    for record in found:  # every slug whole, on one line, once
        assert sum(record["slug"] in line.split() for line in lines) == 1, record["slug"]
    header = {"date", "title", "author", "tags", "slug", "draft", "scheduled"}
    check_words(lines, set().union(header, *map(words_of, found)))
    if width >= 80:  # the longest shipped slug leaves a title room from 80 columns
        assert len(lines) == 1 + len(found)
    if width >= 160:
        assert lines[0].split() == ["date", "title", "author", "tags", "slug"]


def test_at_80_columns_the_title_gives_way_to_the_slug(run: Any) -> None:
    lines, _ = terminal(run, 80, "--dir", SHIPPED, *CLOCK, "list", "--tag", "ondermijning")
    assert lines == [
        "date        title                                                           slug",
        "2022-05-18  Café-eigenaren en de Wet Bibob        cafe-eigenaren-en-de-wet-bibob",
        "2019-09-10  Naïeve…          naieve-ondernemers-ondermijning-in-het-buitengebied",
        "2017-07-17  Burgemeesters over veiligheid          burgemeesters-over-veiligheid",
        "2016-06-14  Ondermijning: de…      ondermijning-de-onderwereld-in-de-bovenwereld",
    ]


def test_the_readme_shows_the_80_column_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ actueel list --tag ondermijning\n", 1)[1].split("```", 1)[0]
    assert shown.splitlines()[2] == (
        "2019-09-10  Naïeve…          naieve-ondernemers-ondermijning-in-het-buitengebied"
    )
    assert max(map(len, shown.splitlines())) == 80


def test_below_60_columns_each_article_takes_two_lines(run: Any) -> None:
    found = records(run, "--dir", SHIPPED, *CLOCK)
    lines, _ = terminal(run, 56, "--dir", SHIPPED, *CLOCK, "list", "--drafts")
    assert len(lines) == 2 * len(found)
    for record, (first, second) in zip(found, zip(lines[::2], lines[1::2], strict=True),
                                       strict=True):  # fmt: skip
        assert first.startswith(record["date"][:10])
        assert second.strip() == record["slug"] and second.startswith(" ")
        assert cell_len(first) <= 56


@pytest.fixture
def hard(articles: Path) -> Path:
    """Articles made to be hard to lay out."""
    write_article(articles, "een-heel-lang-stuk-over-de-aanpak-van-ondermijning-in-zuid",
                  "Een heel lang stuk over de gemeentelijke aanpak van ondermijning in Zuid",
                  "2024-01-02", author="Maria Goeppert-Mayer van den Broek",
                  tags=["ondermijning", "gemeentebeleid", "burgerparticipatie"])  # fmt: skip
    write_article(articles, "kort", "Arbeidsongeschiktheidsverzekeringsmaatschappijen",
                  "2024-01-03", tags=["verzekeringsmaatschappijen"])  # fmt: skip
    write_article(articles, "wide", "東京の警察と地域の安全についての長い記事", "2024-01-04",
                  author="山田 太郎", tags=["東京"])  # fmt: skip
    write_article(articles, "concept", "Nog niet af", "2024-01-05", draft=True)
    return articles


@pytest.mark.parametrize("width", [60, 72, 80, 100, 120, 160, 240])
def test_hard_articles_never_break_a_word_or_a_slug(run: Any, hard: Path, width: int) -> None:
    found = records(run, *CLOCK)
    lines, _ = terminal(run, width, *CLOCK, "list", "--drafts")
    assert all(cell_len(line) <= width for line in lines)
    for record in found:
        assert sum(record["slug"] in line.split() for line in lines) == 1
    header = {"date", "title", "author", "tags", "slug", "draft", "scheduled"}
    check_words(lines, set().union(header, *map(words_of, found)))
    assert any("draft" in line for line in lines)


def test_tag_list_on_a_narrow_terminal_breaks_no_tag(run: Any, articles: Path) -> None:
    long_tag = "verzekeringsmaatschappijen-en-arbeidsongeschiktheid"
    write_article(articles, "a", "A", "2020-01-01", tags=[long_tag, "Kort", "kort"])
    lines, _ = terminal(run, 40, "tag", "list")
    assert all(cell_len(line) <= 40 for line in lines)
    check_words(lines, {"tag", "articles", "variants", "1", "(also:", "Kort)", "kort", long_tag})


def test_check_on_a_narrow_terminal_wraps_between_words(run: Any, articles: Path) -> None:
    (articles / "kapot.md").write_text("---\ntitle: Kapot\ndate: 2020-02-30\n---\nTekst\n")
    wide, _ = terminal(run, 200, "check", code=1)
    narrow, _ = terminal(run, 50, "check", code=1)
    assert all(cell_len(line) <= 50 for line in narrow)
    known = set(" ".join(wide).split())
    check_words(narrow, known)


def test_stats_lists_on_a_narrow_terminal_keep_slugs_whole(run: Any, articles: Path) -> None:
    write_article(articles, "een-concept-met-een-behoorlijk-lange-naam-voor-de-test",
                  "Een concept met een behoorlijk lange titel die niet past", "2024-01-01",
                  draft=True, tags=["burgerparticipatie-in-de-wijk"])  # fmt: skip
    write_article(articles, "b", "B", "2023-01-01", tags=["burgerparticipatie-in-de-wijk"])
    lines, _ = terminal(run, 60, *CLOCK, "stats")
    assert all(cell_len(line) <= 60 for line in lines), lines
    assert any(line.strip() == "een-concept-met-een-behoorlijk-lange-naam-voor-de-test"
               for line in lines)  # fmt: skip
    assert any("Een concept met een behoorlijk lange titel…" in line for line in lines)
    assert not any(re.search(r"burgerparticipatie-in-de-wij$", line) for line in lines)
