"""`edit`, `new --edit` and `path`, driven with fake editors: small scripts set through
$EDITOR / $VISUAL that change the file as a person would."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article


def fake_editor(tmp_path: Path, name: str, code: str) -> str:
    """An executable Python script; `path` is the file it was asked to edit, `args` the
    arguments before it. It records its arguments in <name>.args."""
    script = tmp_path / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        "args, path = sys.argv[1:-1], pathlib.Path(sys.argv[-1])\n"
        f"pathlib.Path({str(tmp_path / (name + '.args'))!r}).write_text(repr(sys.argv[1:]))\n"
        + code,
        encoding="utf-8",
    )
    script.chmod(0o755)
    return shlex.quote(str(script))


APPEND = "path.write_bytes(path.read_bytes() + b'Een nieuwe alinea.\\n')\n"
BREAK = "path.write_bytes(b'---\\ntitle: [niet gesloten\\n---\\nTekst\\n')\n"


def test_edit_runs_the_editor_and_reports_the_save(
    run: Any, articles: Path, tmp_path: Path
) -> None:
    file = write_article(articles, "burgemeesters-over-veiligheid", "Burgemeesters", "2017-07-17")
    before = file.read_bytes()
    editor = fake_editor(tmp_path, "ed", APPEND)
    result = run("edit", "burgemeesters", env={"EDITOR": editor})
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Saved burgemeesters-over-veiligheid.md\n"
    assert file.read_bytes() == before + b"Een nieuwe alinea.\n"
    assert eval((tmp_path / "ed.args").read_text()) == [str(file)]


def test_a_broken_article_is_reported_and_left_as_the_editor_wrote_it(
    run: Any, articles: Path, tmp_path: Path
) -> None:
    file = write_article(articles, "stuk", "Stuk", "2020-01-01", sub="2020")
    editor = fake_editor(tmp_path, "breaker", BREAK)
    result = run("edit", "stuk", env={"EDITOR": editor})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "2020/stuk.md:2:22: error: front matter is not valid YAML: "
        "did not find expected ',' or ']'",
        "Error: 2020/stuk.md has 1 problem; run `actueel edit stuk` again to fix it",
    ]
    assert file.read_bytes() == b"---\ntitle: [niet gesloten\n---\nTekst\n"

    # the broken article can still be opened by its slug, and fixed
    fix = "path.write_text('---\\ntitle: Heel\\ndate: 2020-01-01\\n---\\nTekst\\n')\n"
    result = run("edit", "stuk", env={"EDITOR": fake_editor(tmp_path, "fixer", fix)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Saved 2020/stuk.md\n"
    assert run("list").stdout == "2020-01-01\tstuk\tHeel\n"


def test_unchanged_file_and_warnings(run: Any, articles: Path, tmp_path: Path) -> None:
    file = write_article(articles, "rustig", "Rustig", "2020-01-01")
    before = file.read_bytes()
    result = run("edit", "rustig", env={"EDITOR": fake_editor(tmp_path, "noop", "")})
    assert result.exit_code == 0
    assert result.stderr == "No changes to rustig.md\n"
    assert file.read_bytes() == before


def test_visual_wins_over_editor_and_arguments_are_split(
    run: Any, articles: Path, tmp_path: Path
) -> None:
    file = write_article(articles, "stuk", "Stuk", "2020-01-01")
    visual = fake_editor(tmp_path, "visual", "") + " --wait '--two words'"
    editor = fake_editor(tmp_path, "editor", "")
    result = run("edit", "stuk", env={"VISUAL": visual, "EDITOR": editor})
    assert result.exit_code == 0
    assert eval((tmp_path / "visual.args").read_text()) == ["--wait", "--two words", str(file)]
    assert not (tmp_path / "editor.args").exists()


def test_editor_that_fails_or_is_missing(run: Any, articles: Path, tmp_path: Path) -> None:
    file = write_article(articles, "stuk", "Stuk", "2020-01-01")
    before = file.read_bytes()
    result = run("edit", "stuk", env={"EDITOR": str(tmp_path / "geen-editor")})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot start the editor ")
    assert result.stderr.count("\n") == 1
    failing = fake_editor(tmp_path, "fails", "sys.exit(3)\n")
    result = run("edit", "stuk", env={"EDITOR": failing})
    assert result.exit_code == 1
    assert result.stderr.endswith("exited with status 3\n")
    assert file.read_bytes() == before
    result = run("edit", "stuk", env={"EDITOR": "'unclosed"})
    assert result.exit_code == 1
    assert result.stderr == 'Error: $EDITOR is not a valid command: "\'unclosed"\n'


def test_unknown_slug(run: Any, articles: Path) -> None:
    write_article(articles, "stuk", "Stuk", "2020-01-01")
    result = run("edit", "stukk", env={"EDITOR": "true"})
    assert result.exit_code == 1
    assert result.stderr == "Error: no article 'stukk'; did you mean stuk?\n"


def test_new_with_edit_opens_the_new_file(run: Any, articles: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "ed", APPEND)
    result = run("--clock", "2024-03-01", "new", "Verse tekst", "--author", "Ries", "--edit",
                 env={"EDITOR": editor})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    file = articles / "verse-tekst.md"
    assert result.stdout == "articles/verse-tekst.md\n"
    assert result.stderr == "Saved verse-tekst.md\n"
    assert file.read_text(encoding="utf-8") == (
        "---\ntitle: Verse tekst\ndate: 2024-03-01\nauthor: Ries\ntags: []\ndraft: false\n---\n\n"
        "Een nieuwe alinea.\n"
    )


def test_path_prints_the_file(run: Any, articles: Path) -> None:
    write_article(articles, "oud", "Oud", "2015-01-01", sub="archief/2015")
    result = run("path", "oud")
    assert result.exit_code == 0
    assert result.stdout == f"{articles / 'archief/2015/oud.md'}\n"
    assert run("path", "archief/2015/oud.md").stdout == result.stdout
    missing = run("path", "nieuw")
    assert missing.exit_code == 1
    assert missing.stdout == ""


def test_installed_actueel_edit(articles: Path, tmp_path: Path) -> None:
    """Through a real process, with the editor attached to the same terminal streams."""
    file = write_article(articles, "echt", "Echt", "2020-01-01")
    env = {**os.environ, "EDITOR": fake_editor(tmp_path, "ed", APPEND)}
    done = subprocess.run(
        [Path(sys.executable).parent / "actueel", "edit", "echt"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "Saved echt.md\n")
    assert file.read_bytes().endswith(b"Een korte tekst.\nEen nieuwe alinea.\n")


SECTION = "a section page (_index), not an article: it introduces the articles of its folder"


@pytest.mark.parametrize("name", ["_index.md", "_index", "2024/_index.md"])
def test_a_section_page_is_named_as_one_not_as_a_missing_article(
    run: Any, articles: Path, name: str
) -> None:
    """A name that is exactly a file the walk leaves out says why, instead of `no article`."""
    write_article(articles, "alpha", "Alpha", "2024-01-01")
    page = "---\ntitle: Nieuws\n---\nWelkom.\n"
    (articles / "_index.md").write_text(page, encoding="utf-8")
    (articles / "2024").mkdir()
    (articles / "2024" / "_index.md").write_text(page, encoding="utf-8")
    where = name if name.endswith(".md") else f"{name}.md"
    for args in (["path", name], ["edit", name], ["tag", "add", name, "x"], ["show", name]):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert result.stderr == f"Error: {where}: {SECTION}\n", args
    assert (articles / "_index.md").read_text(encoding="utf-8") == page


def test_a_file_whose_name_is_not_utf8_is_refused_by_name_not_given_a_wrong_path(
    run: Any, articles: Path
) -> None:
    """`path caf` found `caf\\xe9.md` by the escaped name the walk gives it, and printed a path
    that does not exist; every command that opens the file by its path now refuses it, saying
    how to rename it."""
    write_article(articles, "goed", "Goed", "2020-01-01")
    with open(os.fsencode(articles) + b"/caf\xe9.md", "wb") as handle:
        handle.write(b"---\ntitle: Caf\n---\nTekst\n")
    problem = (
        "Error: caf\\xe9.md: error: the file name is not UTF-8 (byte 0xe9); rename it, e.g. "
        "`mv $'caf\\xe9.md' 'café.md'`\n"
    )
    for args in (["path", "caf"], ["edit", "caf"], ["tag", "add", "caf", "x"], ["publish", "caf"]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", problem), args
    assert sorted(os.listdir(os.fsencode(articles))) == [b"caf\xe9.md", b"goed.md"]
