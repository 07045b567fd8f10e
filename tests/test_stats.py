"""`stats`: the chart on a terminal, plain lines when piped, JSON for scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import write_article

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TERMINAL = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "100"}


def site(articles: Path) -> None:
    write_article(articles, "a", "Een", "2019-05-01", author="Anne", tags=["Veiligheid", "wijk"])
    write_article(articles, "b", "Twee", "2021-02-01", author="Bert", tags=["veiligheid"])
    write_article(articles, "c", "Drie", "2021-03-15T10:00:00+01:00", author="Anne",
                  tags=["véiligheid", "jeugd"])  # fmt: skip
    write_article(articles, "d", "Concept", "2021-04-01", author="Anne", tags=["wijk"], draft=True)
    write_article(articles, "e", "Straks", "2021-06-01", author="Cees", tags=["wijk"])


def test_chart_on_a_terminal(run: Any, articles: Path) -> None:
    site(articles)
    result = run("--clock", "2021-05-01", "stats", env=TERMINAL)
    assert result.exit_code == 0
    assert result.stderr == ""
    full, half = "█" * 40, "█" * 20
    assert ANSI.sub("", result.stdout) == (
        "Articles per year  3 published\n"
        f"  2019  {half:<40}  1\n"
        f"  2020  {'':<40}  0\n"
        f"  2021  {full}  2\n"
        "\n"
        "Most used tags\n"
        f"  Veiligheid  {full}  3\n"
        f"  jeugd       {'█' * 13}▍{'':<26}  1\n"
        f"  wijk        {'█' * 13}▍{'':<26}  1\n"
        "\n"
        "Most used authors\n"
        f"  Anne  {full}  2\n"
        f"  Bert  {half:<40}  1\n"
        "\n"
        "Waiting\n"
        "  1 draft\n"
        "    2021-04-01  Concept\n"
        "                d\n"
        "  1 scheduled article\n"
        "    2021-06-01  Straks\n"
        "                e\n"
    )


def test_per_month_within_a_year_and_filters(run: Any, articles: Path) -> None:
    site(articles)
    result = run("--clock", "2021-12-31", "stats", "--since", "2021-01-01", "--tag", "#wijk",
                 env=TERMINAL)  # fmt: skip
    text = ANSI.sub("", result.stdout)
    assert text.startswith(
        "Articles per month  1 published (tag wijk, since 2021-01-01)\n"
        f"  2021-06  {'█' * 40}  1\n\n"
    )
    assert "  1 draft\n" in text
    assert "  0 scheduled articles\n" in text


def test_plain_when_piped(run: Any, articles: Path) -> None:
    site(articles)
    result = run("--clock", "2021-05-01", "stats")
    assert result.stdout == (
        "year\t2019\t1\nyear\t2020\t0\nyear\t2021\t2\n"
        "tag\tVeiligheid\t3\ntag\tjeugd\t1\ntag\twijk\t1\n"
        "author\tAnne\t2\nauthor\tBert\t1\n"
        "draft\t2021-04-01\td\tConcept\n"
        "scheduled\t2021-06-01\te\tStraks\n"
    )


def test_json(run: Any, articles: Path) -> None:
    site(articles)
    data = json.loads(run("--clock", "2021-05-01", "stats", "--format", "json").stdout)
    assert data == {
        "published": 3,
        "since": None,
        "tag": None,
        "period": "year",
        "counts": [{"year": "2019", "articles": 1}, {"year": "2020", "articles": 0},
                   {"year": "2021", "articles": 2}],
        "tags": [{"tag": "Veiligheid", "articles": 3}, {"tag": "jeugd", "articles": 1},
                 {"tag": "wijk", "articles": 1}],
        "authors": [{"author": "Anne", "articles": 2}, {"author": "Bert", "articles": 1}],
        "drafts": [{"slug": "d", "title": "Concept", "date": "2021-04-01", "path": "d.md"}],
        "scheduled": [{"slug": "e", "title": "Straks", "date": "2021-06-01", "path": "e.md"}],
    }  # fmt: skip
    later = json.loads(run("--clock", "2021-06-01", "stats", "-f", "json").stdout)
    assert later["scheduled"] == []
    assert later["counts"][-1] == {"year": "2021", "articles": 3}


def test_empty_archive_and_broken_files(run: Any, articles: Path) -> None:
    (articles / "kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = run("stats", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"] == []
    assert result.stderr.endswith("1 file was left out; `actueel check` lists every problem\n")
    chart = ANSI.sub("", run("stats", env=TERMINAL).stdout)
    assert chart.startswith("Articles per year  0 published\n  (none)\n")


def test_bad_since(run: Any, articles: Path) -> None:
    result = run("stats", "--since", "gisteren")
    assert result.exit_code == 1
    assert result.stderr == "Error: 'gisteren' is not a date; use YYYY-MM-DD, e.g. 2017-07-17\n"
