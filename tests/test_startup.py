"""Start-up stays light: commands convert their options without importing Pydantic, exactly as
Typer's own conversion would, and plain output imports no Rich."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import write_article
from typer import _coercion

from actueel_cli.cli import app
from actueel_cli.cli.quick import _Quick

SAMPLES = ["", "0", "1", "20", "007", "-3", "+4", " 5", "1_000", "٣", "x", "plain", "PLAIN", "json",
           "page", "date", "title", "2017-07-17", ".", "..", "/tmp", "articles", "é"]  # fmt: skip


def _params() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    found = [("", p) for p in group.params]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found += [(name, p) for p in command.params]
    return [(name, p) for name, p in found if hasattr(p, "type_descriptor")]


def _outcome(runtime: Any, value: Any, param: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=None)
    except Exception as err:  # noqa: BLE001 - comparing what each side raises
        return "error", (type(err).__name__, str(getattr(err, "message", err)))


@pytest.mark.parametrize(("command", "param"), _params(), ids=lambda x: getattr(x, "name", x))
def test_quick_conversion_equals_typers_own(command: str, param: Any, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    descriptor = param.type_descriptor
    quick = _Quick(descriptor, *_helpers())
    typers = _coercion.build_runtime_param(descriptor)
    multi = param.multiple or param.nargs == -1
    values: list[Any] = [None, *SAMPLES, str(tmp_path / "a-file"), str(tmp_path)]
    if multi:
        values = [None, [], *([v] for v in SAMPLES), ["a", "b"], ("a",)]
    for value in values:
        assert _outcome(quick, value, param) == _outcome(typers, value, param), (command, value)


def _helpers() -> tuple[Any, Any, Any]:
    from typer import _param_types

    return (
        _coercion.build_runtime_param,
        _param_types.coerce_cli_choice,
        _param_types.coerce_cli_path,
    )


def test_a_command_imports_neither_pydantic_nor_rich_for_plain_output(articles: Path) -> None:
    write_article(articles, "alpha", "Alpha", "2020-01-01", tags=["veiligheid"], body="Vuurwerk\n")
    script = (
        "import sys\n"
        "from actueel_cli.cli import main\n"
        "sys.argv = ['actueel', '--dir', 'articles', '--clock', '2024-01-01', 'list', '--tag',"
        " 'veiligheid', '--limit', '20', '--year', '2020', '--search', 'vuurwerk',"
        " '--format', 'plain', '--sort', 'title']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted(m for m in ('pydantic', 'rich') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.stderr == ""
    assert done.stdout == "2020-01-01\talpha\tAlpha\n[]\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--limit", "0"], "--limit"),
        (["list", "--limit", "twee"], "--limit"),
        (["list", "--format", "html"], "html"),
        (["list", "--year", "vorig"], "--year"),
        (["--dir", "README.md", "list"], "--dir"),
    ],
)
def test_bad_option_values_still_get_typers_usage_errors(
    run: Any, isolated: Path, args: list[str], message: str
) -> None:
    (isolated / "README.md").write_text("", encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
