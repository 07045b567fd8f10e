"""`list --sort/--reverse`, paging of long output on a terminal, and scheduled articles."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from conftest import write_article

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def three(articles: Path) -> None:
    """Dates, titles, authors and modification times in three different orders."""
    files = [
        write_article(articles, "bravo", "Charlie gaat", "2021-01-01", author="Anne"),
        write_article(articles, "alfa", "alfa eerst", "2019-01-01", author="Zoë"),
        write_article(articles, "charlie", "Éénmaal", "2020-01-01", author="bert"),
    ]
    for file, mtime in zip(files, (3_000_000, 1_000_000, 2_000_000), strict=True):
        os.utime(file, (mtime, mtime))


def slugs(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [line.split("\t")[1] for line in result.stdout.splitlines()]


def test_sort_orders(run: Any, articles: Path) -> None:
    three(articles)
    assert slugs(run("list")) == ["bravo", "charlie", "alfa"]
    assert slugs(run("list", "--sort", "date")) == ["bravo", "charlie", "alfa"]
    assert slugs(run("list", "--sort", "title")) == ["alfa", "bravo", "charlie"]  # É as E
    assert slugs(run("list", "--sort", "author")) == ["bravo", "charlie", "alfa"]  # case ignored
    assert slugs(run("list", "--sort", "updated")) == ["bravo", "charlie", "alfa"]
    assert slugs(run("list", "--sort", "date", "--reverse")) == ["alfa", "charlie", "bravo"]
    assert slugs(run("list", "--sort", "title", "-r")) == ["charlie", "bravo", "alfa"]
    assert slugs(run("list", "--sort", "title", "--limit", "2")) == ["alfa", "bravo"]


def test_sort_updated_follows_the_files(run: Any, articles: Path) -> None:
    three(articles)
    os.utime(articles / "alfa.md", (9_000_000, 9_000_000))
    assert slugs(run("list", "--sort", "updated")) == ["alfa", "bravo", "charlie"]
    assert slugs(run("list", "--sort", "updated", "--reverse")) == ["charlie", "bravo", "alfa"]
    json_order = [
        a["slug"] for a in json.loads(run("list", "--sort", "updated", "-f", "json").stdout)
    ]
    assert json_order == ["alfa", "bravo", "charlie"]


def test_sort_ties_keep_newest_first(run: Any, articles: Path) -> None:
    write_article(articles, "oud", "Zelfde", "2010-01-01")
    write_article(articles, "nieuw", "Zelfde", "2012-01-01")
    assert slugs(run("list", "--sort", "title")) == ["nieuw", "oud"]


def test_unknown_sort_is_a_usage_error(run: Any, articles: Path) -> None:
    result = run("list", "--sort", "size")
    assert result.exit_code == 2
    assert "'size' is not one of" in result.stderr


# --- paging ---------------------------------------------------------------------------------


def recording_pager(tmp_path: Path) -> tuple[str, Path]:
    """A $PAGER that stores what it is given, so a test can see what was paged."""
    out = tmp_path / "paged.txt"
    script = tmp_path / "pager"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script), out


def terminal(pager: str, lines: int) -> dict[str, str]:
    return {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "160", "LINES": str(lines),
            "PAGER": pager}  # fmt: skip


def many(articles: Path, count: int) -> None:
    for i in range(count):
        write_article(articles, f"stuk-{i:02d}", f"Stuk {i:02d}", f"2020-01-{i + 1:02d}")


def test_a_long_list_on_a_terminal_goes_through_the_pager(
    run: Any, articles: Path, tmp_path: Path
) -> None:
    many(articles, 20)
    pager, paged = recording_pager(tmp_path)
    result = run("list", env=terminal(pager, 10))
    assert result.exit_code == 0
    assert result.stdout == ""
    text = ANSI.sub("", paged.read_text(encoding="utf-8"))
    assert text.count("\n") == 21  # heading and 20 rows
    assert "Stuk 19" in text.splitlines()[1]
    assert result.stderr == (
        "20 articles\nToo many to read? Narrow with --limit N, --tag, --year or --search\n"
    )


def test_a_short_list_or_no_pager_prints_directly(run: Any, articles: Path, tmp_path: Path) -> None:
    many(articles, 5)
    pager, paged = recording_pager(tmp_path)
    result = run("list", env=terminal(pager, 10))
    assert "Stuk 04" in result.stdout
    assert result.stderr == "5 articles\n"
    assert not paged.exists()
    many(articles, 20)
    result = run("list", "--no-pager", env=terminal(pager, 10))
    assert ANSI.sub("", result.stdout).count("\n") == 21
    assert not paged.exists()
    assert result.stderr.endswith("Narrow with --limit N, --tag, --year or --search\n")
    assert run("list", "--limit", "3", env=terminal(pager, 10)).stderr == "3 articles (of 20)\n"
    assert not paged.exists()


def test_piped_list_never_pages(run: Any, articles: Path, tmp_path: Path) -> None:
    many(articles, 20)
    pager, paged = recording_pager(tmp_path)
    result = run("list", env={"PAGER": pager, "LINES": "5"})
    assert result.stdout.count("\n") == 20
    assert result.stderr == ""
    assert not paged.exists()


def test_show_pages_a_long_article(run: Any, articles: Path, tmp_path: Path) -> None:
    body = "".join(f"Alinea {i}.\n\n" for i in range(30))
    write_article(articles, "lang", "Een lang verhaal", "2020-01-01", body=body)
    write_article(articles, "kort", "Kort", "2020-02-01")
    pager, paged = recording_pager(tmp_path)
    result = run("show", "lang", env=terminal(pager, 20))
    assert result.exit_code == 0
    assert result.stdout == ""
    text = ANSI.sub("", paged.read_text(encoding="utf-8"))
    assert text.startswith("Een lang verhaal\n1 januari 2020, door Anne de Vries\n")
    assert "Alinea 29." in text
    paged.unlink()
    result = run("show", "lang", "--no-pager", env=terminal(pager, 20))
    assert "Alinea 29." in result.stdout
    assert not paged.exists()
    result = run("show", "kort", env=terminal(pager, 20))
    assert "Kort" in result.stdout
    assert not paged.exists()
    raw = run("show", "lang", "--raw", env=terminal(pager, 20))  # --raw is data: never paged
    assert raw.stdout.endswith("Alinea 29.\n\n")
    assert not paged.exists()


def test_a_missing_pager_falls_back_to_printing(run: Any, articles: Path, tmp_path: Path) -> None:
    many(articles, 20)
    result = run("list", env=terminal(str(tmp_path / "geen-pager"), 10))
    assert result.exit_code == 0
    assert ANSI.sub("", result.stdout).count("\n") == 21
    assert result.stderr.startswith("cannot start the pager ")
    empty = run("list", env=terminal("", 10))  # an empty $PAGER means: no pager
    assert ANSI.sub("", empty.stdout).count("\n") == 21


# --- scheduled articles -----------------------------------------------------------------------


def scheduled_site(articles: Path) -> None:
    write_article(articles, "oud", "Oud", "2024-01-10")
    write_article(articles, "vandaag", "Vandaag", "2024-03-01")
    write_article(articles, "morgen", "Morgen", "2024-03-02")
    write_article(articles, "concept", "Concept", "2024-02-01", draft=True)


def test_list_marks_future_articles_as_scheduled(run: Any, articles: Path) -> None:
    scheduled_site(articles)
    result = run("--clock", "2024-03-01", "list", "-f", "json")
    flags = {a["slug"]: (a["draft"], a["scheduled"]) for a in json.loads(result.stdout)}
    assert flags == {"morgen": (False, True), "vandaag": (False, False), "oud": (False, False)}
    env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "160"}
    table = ANSI.sub("", run("--clock", "2024-03-01", "list", env=env).stdout).splitlines()
    assert table[1].startswith("2024-03-02 scheduled  Morgen")
    assert table[2].startswith("2024-03-01            Vandaag")
    # a day later it is live; ACTUEEL_TODAY does the same as --clock
    later = ANSI.sub("", run("list", env={**env, "ACTUEEL_TODAY": "2024-03-02"}).stdout)
    assert "scheduled" not in later
    assert json.loads(run("--clock", "2024-03-02", "list", "-f", "json").stdout)[0] == {
        "slug": "morgen", "title": "Morgen", "date": "2024-03-02", "author": "Anne de Vries",
        "tags": [], "image": None, "draft": False, "path": "morgen.md", "summary": "",
        "scheduled": False, "expired": False,
    }  # fmt: skip


def test_show_and_neighbours_follow_the_clock(run: Any, articles: Path) -> None:
    scheduled_site(articles)
    page = run("--clock", "2024-03-01", "show", "morgen").stdout
    assert page.splitlines()[1] == "2 maart 2024, door Anne de Vries  [gepland]"
    today = json.loads(run("--clock", "2024-03-01", "show", "vandaag", "-f", "json").stdout)
    assert (today["previous"], today["next"]) == ("oud", None)  # morgen not yet, no drafts
    assert "Volgend artikel" not in run("--clock", "2024-03-01", "show", "vandaag").stdout
    tomorrow = json.loads(
        run("show", "vandaag", "-f", "json", env={"ACTUEEL_TODAY": "2024-03-02"}).stdout
    )
    assert (tomorrow["previous"], tomorrow["next"]) == ("oud", "morgen")
    assert "[gepland]" not in run("--clock", "2024-03-02", "show", "morgen").stdout


def test_bad_clock_is_a_usage_error(run: Any, articles: Path) -> None:
    result = run("--clock", "1-3-2024", "list")
    assert result.exit_code == 2
    assert "'1-3-2024' is not a date; use YYYY-MM-DD" in result.stderr
    bad_env = run("list", env={"ACTUEEL_TODAY": "morgen"})
    assert bad_env.exit_code == 1
    assert bad_env.stderr == "Error: 'morgen' is not a date; use YYYY-MM-DD, e.g. 2017-07-17\n"
