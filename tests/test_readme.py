"""Every command registered on the app is documented in README.md with an example, and its
`--help` has a one-line summary and an example."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from actueel_cli.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def commands() -> Iterator[tuple[str, Any]]:
    """("tag add", command) for every command, sub-commands of groups included."""

    def walk(prefix: str, group: Any) -> Iterator[tuple[str, Any]]:
        for name, command in group.commands.items():
            full = f"{prefix} {name}".strip()
            yield full, command
            if hasattr(command, "commands"):
                yield from walk(full, command)

    yield from walk("", typer.main.get_command(app))


NAMES = [name for name, _ in commands()]


def test_the_app_has_the_commands_of_this_issue() -> None:
    assert {"init", "new", "list", "show", "edit", "path", "stats"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_command_is_in_the_readme_with_an_example(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert f"actueel {name}" in text, f"README.md has no example of `actueel {name}`"
    # a section whose code block runs it: a `$ actueel NAME` line
    assert f"$ actueel {name}" in text or f"$ uv run actueel {name}" in text, (
        f"README.md shows no run of `actueel {name}`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_help_has_a_summary_and_an_example(run: Any, name: str) -> None:
    result = run(*name.split(), "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    command = dict(commands())[name]
    summary = (command.help or "").strip().splitlines()
    assert summary and summary[0].endswith("."), f"{name}: no one-line summary"
    assert "Example: actueel " in result.stdout, f"`actueel {name} --help` shows no example"
