"""`actueel check`: every problem in the archive, errors first, with the exit code scripts need."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import dedent, write_article

from actueel_cli import checks
from actueel_cli.identity import Named
from actueel_cli.model import Article, Problem

SHIPPED = Path(__file__).resolve().parents[1] / "articles"
Run = Callable[..., object]


def test_shipped_articles_have_only_the_draft_warning(articles: Path, run: Run) -> None:
    shutil.copytree(SHIPPED, articles, dirs_exist_ok=True)
    result = run("--clock", "2026-01-01", "check")
    assert result.exit_code == 0
    assert result.stdout == (
        "jongeren-als-geldezel-wat-kan-de-gemeente-doen.md:3:1: warning: a draft dated "
        "2025-09-15, in the past; give it the day it is published when you publish it\n"
    )
    assert result.stderr == "1 warning in 1 file; 13 files checked\n"


def test_a_clean_archive(articles: Path, run: Run) -> None:
    write_article(articles, "a", "A", "2020-01-01", tags=["x"])
    result = run("--clock", "2020-06-01", "check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No problems; 1 file checked\n"


def broken_archive(articles: Path) -> None:
    write_article(articles, "goed", "Goed", "2020-01-01", tags=["Ondermijning"])
    write_article(articles, "ook-goed", "Ook goed", "2020-02-01", tags=["ondermijning"])
    write_article(articles, "derde", "Derde", "2020-03-01", tags=["ondermijning"])
    (articles / "kapot.md").write_text(
        dedent("""
        ---
        title: Kapot
        date: 2020-02-30
        tags: yes, no
        ---
        """),
        encoding="utf-8",
    )
    write_article(articles, "goed", "Dubbel", "2019-01-01", sub="archief")
    write_article(articles, "foto", "Foto", "2020-04-01", image="images/weg.jpg")
    write_article(articles, "concept", "Concept", "2020-01-01", draft=True)
    write_article(articles, "later", "Later", "2021-01-01")


EXPECTED_PLAIN = """\
archief/goed.md: error: the slug 'goed' is also used by goed.md; rename one
foto.md:5:1: error: the image 'images/weg.jpg' does not exist (looked for images/weg.jpg in the \
articles folder)
kapot.md:3:1: error: date '2020-02-30' is not a real calendar date
kapot.md:4:1: error: tags must be a list, e.g. tags: [yes, no], not one piece of text
concept.md:3:1: warning: a draft dated 2020-01-01, in the past; give it the day it is published \
when you publish it
goed.md:5:1: warning: tag 'Ondermijning' is written 'ondermijning' in 2 articles; use one spelling
later.md:3:1: warning: dated 2021-01-01, after today: the site will show it only from then (make \
it a draft if it is not ready)
"""


def test_every_problem_errors_first(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "check")
    assert result.exit_code == 1
    assert result.stdout == EXPECTED_PLAIN
    assert result.stderr == "4 errors and 3 warnings in 6 files; 8 files checked\n"


def test_json_for_scripts(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "check", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found[2] == {
        "path": "kapot.md",
        "line": 3,
        "column": 1,
        "severity": "error",
        "message": "date '2020-02-30' is not a real calendar date",
    }
    assert [p["severity"] for p in found] == ["error"] * 4 + ["warning"] * 3


def test_table_on_a_terminal(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "check", env={"TTY_COMPATIBLE": "1", "COLUMNS": "200"})
    assert result.exit_code == 1
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
    assert lines[0].split() == ["where", "problem"]
    assert "kapot.md:3:1" in lines[3] and "error" in lines[3] and "not a real calendar" in lines[3]


def test_only_warnings_exit_zero(articles: Path, run: Run) -> None:
    write_article(articles, "concept", "Concept", "2020-01-01", draft=True)
    result = run("--clock", "2020-06-01", "check")
    assert result.exit_code == 0
    assert "warning: a draft dated 2020-01-01" in result.stdout


def test_named_articles_only(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "check", "kapot", "foto.md", "goed")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "foto.md",
        "goed.md",
        "kapot.md",
        "kapot.md",
        "goed.md",
    ]
    assert result.stderr.endswith("; 3 files checked\n")


def test_a_named_article_without_problems(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "check", "ook-goed")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No problems; 1 file checked\n"


def test_an_unknown_name(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("check", "bestaat-niet")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no article 'bestaat-niet'")


def test_list_reports_briefly_and_shows_the_rest(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("--clock", "2020-06-01", "list")
    assert result.exit_code == 0
    assert "\tfoto\tFoto" in result.stdout and "kapot" not in result.stdout
    assert result.stderr == (
        "kapot.md:3:1: error: date '2020-02-30' is not a real calendar date\n"
        "kapot.md:4:1: error: tags must be a list, e.g. tags: [yes, no], not one piece of text\n"
        "1 file was left out; `actueel check` lists every problem\n"
    )


# --- the archive-wide checks on their own ------------------------------------------------


def art(path: str, **fields: object) -> Article:
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    values: dict[str, object] = {"title": slug, "date": date(2020, 1, 1)}
    values.update(fields)
    return Article(slug=slug, path=path, **values)  # type: ignore[arg-type]


def test_duplicate_slugs_by_case_and_normalisation() -> None:
    nfc = unicodedata.normalize("NFC", "café.md")
    nfd = unicodedata.normalize("NFD", "café.md")
    paths = ["a/Nieuws.md", "nieuws.md", nfc, f"b/{nfd}", "uniek.md"]
    files = [Named(path, path.rsplit("/", 1)[-1].removesuffix(".md")) for path in paths]
    found = checks.duplicate_slugs([], files, "actueel")
    # one line per group, at the first of its files, naming the others
    assert [(p.path, p.severity) for p in found] == [
        ("a/Nieuws.md", "error"),
        (f"b/{nfd}", "error"),
    ]
    assert found[0].message == "the slug 'Nieuws' is also used by nieuws.md; rename one"
    assert found[1].message.endswith(f"is also used by {nfc}; rename one")


def test_tag_spellings_ignore_case_and_accents() -> None:
    found = checks.tag_spellings(
        [
            art("a.md", tags=("Geïnspireerd",)),
            art("b.md", tags=("geinspireerd",)),
            art("c.md", tags=("geinspireerd", "los")),
        ]  # fmt: skip
    )
    assert found == [
        Problem(
            "a.md",
            "tag 'Geïnspireerd' is written 'geinspireerd' in 2 articles; use one spelling",
            "warning",
        )
    ]


def test_images_relative_to_the_article_or_the_folder() -> None:
    articles = [
        art("a.md", image="images/a.jpg"),
        art("2015/b.md", image="images/b.jpg"),  # from the articles folder
        art("2015/c.md", image="c.jpg"),  # next to the article
        art("d.md", image="https://example.org/d.jpg"),  # not checked
        art("e.md", image="/static/e.jpg"),  # not checked
        art("f.md", image="../f.jpg"),
    ]
    assert checks.image_paths(articles) == {
        "images/a.jpg", "2015/images/b.jpg", "images/b.jpg", "2015/c.jpg", "c.jpg", "../f.jpg"
    }  # fmt: skip
    existing = {"images/a.jpg", "images/b.jpg", "2015/c.jpg"}
    assert [p.path for p in checks.missing_images(articles, existing)] == ["f.md"]


def test_image_existence_is_asked_of_the_disk(articles: Path, run: Run) -> None:
    (articles / "images").mkdir()
    (articles / "images" / "a.jpg").write_bytes(b"\xff\xd8")
    write_article(articles, "a", "A", "2020-01-01", image="images/a.jpg", sub="2015")
    write_article(articles, "b", "B", "2020-01-01", image="images", sub="2015")  # a folder
    result = run("--clock", "2020-06-01", "check")
    assert result.stdout.splitlines() == [
        "2015/b.md:5:1: error: the image 'images' does not exist (looked for 2015/images and "
        "images in the articles folder)"
    ]


def test_date_warnings_use_the_given_day() -> None:
    from datetime import datetime

    articles = [
        art("oud-concept.md", draft=True, date=date(2020, 5, 31)),
        art("nieuw-concept.md", draft=True, date=date(2020, 6, 1)),
        art("vandaag.md", date=datetime(2020, 6, 1, 23, 0)),
        art("morgen.md", date=date(2020, 6, 2)),
    ]
    found = checks.date_warnings(articles, date(2020, 6, 1))
    assert [p.path for p in found] == ["oud-concept.md", "morgen.md"]
    assert {p.severity for p in found} == {"warning"}


def test_order_is_errors_then_warnings_by_place() -> None:
    problems = [
        Problem("b.md", "w", "warning", 1, 1),
        Problem("b.md", "e2", "error", 9, 1),
        Problem("a.md", "w", "warning"),
        Problem("b.md", "e1", "error", 2, 1),
    ]
    assert [p.message for p in checks.ordered(problems)] == ["e1", "e2", "w", "w"]


def test_show_names_the_problem_of_a_broken_file(articles: Path, run: Run) -> None:
    broken_archive(articles)
    for ident in ("kapot", "kapot.md"):
        result = run("show", ident)
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: kapot.md:3:1: error: date '2020-02-30' is not a real calendar date; "
            "`actueel check` lists every problem\n"
        )


def test_a_broken_file_by_a_prefix_of_its_slug(articles: Path, run: Run) -> None:
    broken_archive(articles)
    result = run("check", "kap")
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"kapot.md"}


def test_a_folder_named_like_an_article_is_read_with_a_warning(articles: Path, run: Run) -> None:
    write_article(articles, "binnen", "Binnen", "2020-01-01", sub="2020.md")
    listed = run("list", "--format", "json")
    assert json.loads(listed.stdout)[0]["path"] == "2020.md/binnen.md"
    checked = run("--clock", "2020-06-01", "check")
    assert checked.exit_code == 0
    assert checked.stdout == (
        "2020.md: warning: a folder named like an article file; the articles in it are read\n"
    )


def test_the_installed_command_never_blocks_on_a_named_pipe(articles: Path) -> None:
    """A real process: a FIFO named x.md must be reported, not opened for a blocking read."""
    write_article(articles, "goed", "Goed", "2020-01-01")
    os.mkfifo(articles / "pijp.md")
    done = subprocess.run(
        [sys.executable, "-m", "actueel_cli", "--clock", "2020-06-01", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == "pijp.md: error: is a named pipe (FIFO), not an article file\n"
    assert done.stderr == "1 error in 1 file; 2 files checked\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(articles: Path, run: Run) -> None:
    path = write_article(articles, "dicht", "Dicht", "2020-01-01")
    path.chmod(0)
    result = run("check")
    assert result.stdout == "dicht.md: error: cannot read: Permission denied\n"


def test_an_error_that_leaves_the_article_usable_is_not_counted_as_left_out(
    articles: Path, run: Run
) -> None:
    """issue 11, 15: an article with a problem that does not stop it (then `author: 12`, read
    as text since issue 10; `draft: misschien` here) is listed, but the count said '1 file was
    left out'."""
    (articles / "vlag.md").write_text(
        "---\ntitle: Vlag\ndate: 2020-01-01\ndraft: misschien\n---\n", encoding="utf-8"
    )
    (articles / "kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    for env in (None, {"ACTUEEL_NO_INDEX": "1"}):
        result = run("list", "--drafts", "--format", "plain", env=env)
        assert result.stdout == "2020-01-01\tvlag\tVlag\n"
        assert result.stderr.splitlines()[-1] == (
            "1 file was left out; `actueel check` lists every problem"
        )
    (articles / "kapot.md").unlink()
    result = run("list", "--drafts", "--format", "plain")
    assert result.stderr == (
        "vlag.md:4:1: error: draft must be true or false, not 'misschien'; treated as a draft\n"
        "1 file has errors; `actueel check` lists every problem\n"
    )
