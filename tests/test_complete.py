"""Shell completion through Typer's completion machinery: `actueel` run as the shells run it
(the _ACTUEEL_COMPLETE variable plus what each shell passes), on a real archive; in-process
(conftest.complete), and once through the installed command, for its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import complete, completion_env, lines, write_article
from typer.testing import CliRunner

from actueel_cli.cli import app

ACTUEEL = str(Path(sys.executable).parent / "actueel")


@pytest.fixture
def archive(articles: Path) -> Path:
    write_article(articles, "burgemeesters-over-veiligheid", "Burgemeesters over veiligheid",
                  "2017-07-17", tags=["burgemeesters", "veiligheid"])  # fmt: skip
    write_article(articles, "buurtwhatsapp-in-coronatijd", "Buurtwhatsapp in coronatijd",
                  "2021-03-09", tags=["buurtwhatsapp", "veiligheid"], sub="2021")  # fmt: skip
    write_article(articles, "bijna-klaar", "Bijna klaar", "2024-01-01", draft=True,
                  tags=["Ondermijning"])  # fmt: skip
    (articles / "bu-kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    return articles


def test_the_installed_command_completes_as_the_shell_runs_it(archive: Path) -> None:
    """The entry point (which builds only the command it runs, but all of them when asked to
    complete) in a real process, as bash's completion script calls it."""
    env = {**os.environ, **completion_env("bash", "actueel show bu")}
    done = subprocess.run([ACTUEEL], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split() == [
        "buurtwhatsapp-in-coronatijd",
        "burgemeesters-over-veiligheid",
        "bu-kapot",
    ]


@pytest.mark.parametrize("command", ["show", "edit", "path"])
def test_bash_completes_slugs_newest_first(archive: Path, command: str) -> None:
    assert lines(complete("bash", f"actueel {command} bu")) == [
        "buurtwhatsapp-in-coronatijd",
        "burgemeesters-over-veiligheid",
        "bu-kapot",  # a broken file last: it is there, and `edit` is how it gets fixed
    ]
    assert lines(complete("bash", f"actueel {command} b")) == [
        "bijna-klaar",  # drafts too: they are the ones being edited
        "buurtwhatsapp-in-coronatijd",
        "burgemeesters-over-veiligheid",
        "bu-kapot",
    ]
    assert lines(complete("bash", f"actueel {command} x")) == []


def test_zsh_and_fish_show_titles(archive: Path) -> None:
    assert lines(complete("zsh", "actueel show bur")) == [
        '_arguments \'*: :(("burgemeesters-over-veiligheid":"Burgemeesters over veiligheid"))\''
    ]
    assert lines(complete("fish", "actueel edit bur")) == [
        "burgemeesters-over-veiligheid\tBurgemeesters over veiligheid"
    ]


def test_tags_complete_most_used_first(archive: Path) -> None:
    assert lines(complete("bash", "actueel list --tag ")) == [
        "veiligheid", "burgemeesters", "buurtwhatsapp", "Ondermijning",
    ]  # fmt: skip
    assert lines(complete("bash", "actueel list -t bu")) == ["burgemeesters", "buurtwhatsapp"]
    assert lines(complete("bash", "actueel stats --tag v")) == ["veiligheid"]


def test_dir_on_the_command_line_is_used(archive: Path, tmp_path: Path) -> None:
    other = tmp_path / "elders"
    write_article(other, "elders-artikel", "Elders", "2020-01-01")
    assert lines(complete("bash", f"actueel --dir {other} show e")) == ["elders-artikel"]
    assert lines(complete("bash", f"actueel -d {other} show bu")) == []


def test_completion_is_silent_when_the_archive_cannot_be_read(tmp_path: Path) -> None:
    """No articles folder, a bad actueel.toml: no suggestions, and never an error or traceback."""
    assert lines(complete("bash", f"actueel --dir {tmp_path / 'nergens'} show b")) == []
    Path("actueel.toml").write_text("articles_dir = [", encoding="utf-8")
    assert lines(complete("bash", "actueel show b")) == []
    assert lines(complete("zsh", "actueel list --tag ")) == ["_files"]


def test_commands_and_options_complete_too(archive: Path) -> None:
    names = lines(complete("bash", "actueel "))
    assert {"edit", "path", "show", "stats", "list", "new"} <= set(names)
    assert "--sort" in lines(complete("bash", "actueel list --s"))
    assert lines(complete("bash", "actueel list --sort ")) == ["date", "title", "author", "updated"]


@pytest.mark.parametrize(
    ("shell", "installed"),
    [("bash", ".bash_completions/actueel.sh"), ("zsh", ".zfunc/_actueel"),
     ("fish", ".config/fish/completions/actueel.fish")],
)  # fmt: skip
def test_completion_scripts_show_and_install(
    shell: str, installed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--show-completion SHELL` prints the script, `--install-completion SHELL` puts it in
    the (test's own) home folder. The variable makes Typer take the shell as given, as Typer's
    own tests do, instead of detecting the shell that runs the tests; Typer reads it when it
    makes the command from the app, before the runner sets its own variables."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    runner = CliRunner()
    done = runner.invoke(app, ["--show-completion", shell], prog_name="actueel")
    assert done.exit_code == 0
    assert f"_ACTUEEL_COMPLETE=complete_{shell}" in done.stdout
    done = runner.invoke(app, ["--install-completion", shell], prog_name="actueel")
    assert done.exit_code == 0, done.stderr
    script = Path(os.environ["HOME"]) / installed
    assert f"_ACTUEEL_COMPLETE=complete_{shell}" in script.read_text(encoding="utf-8")
