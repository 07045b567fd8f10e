"""Start-up stays light: a command imports no Pydantic (Typer 0.29 and later would), and plain
output imports no Rich."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article


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


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["list", "--tag", "x"], "list"),
        (["--dir", "list", "show", "x"], "show"),  # a folder named like a command
        (["-d", "a", "--clock", "2024-01-01", "tag", "add", "x", "y"], "tag"),
        (["--version"], None),
        (["--help"], None),
        ([], None),
        (["--", "next"], "next"),
        (["lsit"], "lsit"),  # unknown: build_only then keeps them all
    ],
)
def test_the_command_asked_for_is_read_past_the_global_options(
    args: list[str], name: str | None
) -> None:
    from actueel_cli.cli.app import command_asked_for

    assert command_asked_for(args, {}) == name
    assert command_asked_for(args, {"_ACTUEEL_COMPLETE": "bash_complete"}) is None


def _top_level_names() -> list[str]:
    import typer

    from actueel_cli.cli import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@contextlib.contextmanager
def only_the_command_asked_for(args: list[str]) -> Iterator[None]:
    """The app as `main` leaves it for `args` (build_only), and whole again afterwards."""
    from actueel_cli.cli import app
    from actueel_cli.cli.app import build_only, command_asked_for

    commands, groups = app.registered_commands[:], app.registered_groups[:]
    try:
        build_only(command_asked_for(args, {}))
        yield
    finally:
        app.registered_commands[:], app.registered_groups[:] = commands, groups


def test_building_only_the_command_asked_for_changes_no_help() -> None:
    """For every command (and for a mistyped one), the app that `main` builds only that command
    of prints what the whole app prints. In-process: the same runner, the same width, for each."""
    from typer.testing import CliRunner

    from actueel_cli.cli import app

    runner = CliRunner()
    cases = [[name, "--help"] for name in _top_level_names()]
    for args in [*cases, ["tag", "add", "--help"], ["lsit"], ["--help"]]:
        with only_the_command_asked_for(args):
            built = runner.invoke(app, args, prog_name="actueel")
            kept = len(app.registered_commands) + len(app.registered_groups)
        assert kept == (len(cases) if args[0] in ("lsit", "--help") else 1), args  # (it did)
        whole = runner.invoke(app, args, prog_name="actueel")
        assert built.stdout.startswith("Usage: actueel") or built.stderr.startswith("Usage:")
        assert (built.exit_code, built.stdout, built.stderr) == (
            whole.exit_code,
            whole.stdout,
            whole.stderr,
        ), args


def test_the_installed_command_builds_only_what_it_runs_and_helps_as_the_whole_app() -> None:
    """The entry point itself (main: command_asked_for, then build_only) in a real process,
    for a command of a group, against the whole app in another."""
    whole = [sys.executable, "-c", "from actueel_cli.cli import app; app(prog_name='actueel')"]
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": os.pathsep.join(sys.path)}
    args = ["tag", "add", "--help"]
    done = subprocess.run(["actueel", *args], capture_output=True, text=True, env=env)
    expected = subprocess.run([*whole, *args], capture_output=True, text=True, env=env)
    assert done.stdout.startswith("Usage: actueel tag add")
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )


def test_show_on_a_terminal_loads_no_yaml_frontmatter_or_babel(articles: Path) -> None:
    """The page's front matter comes from the index and its date from our own month names: a
    `show` reads only the body of its file."""
    for path in (
        write_article(
            articles, "alpha", "Alpha", "2020-01-01", tags=["veiligheid"], body="Tekst\n"
        ),
        write_article(articles, "beta", "Beta", "2020-02-01"),
    ):
        os.utime(path, ns=(1_600_000_000 * 10**9,) * 2)  # settled: the index vouches for them
    # ... and, as their change time is now, an hour later by the clock the index goes by
    later = (
        "import time\nimport actueel_cli.store.sync as s\n"
        "s.time_ns = lambda: time.time_ns() + 3600 * 10**9\n"
    )
    script = (
        later + "import sys\n"
        "from actueel_cli.cli import main\n"
        "sys.argv = ['actueel', '--dir', 'articles', 'list', '--format', 'plain']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"  # the index, built (with YAML)
    )
    show = (
        later + "import sys\n"
        "from actueel_cli.cli import main\n"
        "sys.argv = ['actueel', '--dir', 'articles', 'show', 'alpha']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted(m for m in ('yaml', 'frontmatter', 'babel') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TTY_COMPATIBLE": "1",
           "COLUMNS": "80", "LINES": "100"}  # fmt: skip
    subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True)
    done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env)
    assert done.stderr == ""
    assert "1 januari 2020" in done.stdout and "Volgend artikel" in done.stdout
    assert done.stdout.rstrip().endswith("[]")


def _modules_after_show(articles: Path, slug: str) -> set[str]:
    script = (
        "import sys\n"
        "from actueel_cli.cli import main\n"
        f"sys.argv = ['actueel', '--dir', 'articles', 'show', {slug!r}, '--no-pager']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TTY_COMPATIBLE": "1",
           "COLUMNS": "80", "LINES": "100"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


# what only some bodies need: footnotes, HTML blocks, code of a language (issue 14)
CONSTRUCT_MODULES = (
    "mdit_py_plugins",
    "html.parser",
    "actueel_cli.render_html",
    "pygments.lexers.ruby",
)


def test_show_of_a_plain_article_imports_nothing_the_constructs_need(articles: Path) -> None:
    """The pre-pass and the body's drawing cost a plain article nothing: its show loads no
    footnote plugin, no HTML parser, no lexer; an article with them loads them (so this test
    can fail)."""
    write_article(articles, "gewoon", "Gewoon", "2020-01-01", body="Tekst met *nadruk*.\n")
    body = "Noot[^1].\n\n<div><p>Blok</p></div>\n\n```ruby\nx = 1\n```\n\n[^1]: Bron.\n"
    write_article(articles, "rijk", "Rijk", "2020-01-02", body=body)
    plain = _modules_after_show(articles, "gewoon")
    assert [m for m in CONSTRUCT_MODULES if m in plain] == []
    rich = _modules_after_show(articles, "rijk")
    assert [m for m in CONSTRUCT_MODULES if m in rich] == list(CONSTRUCT_MODULES)


def test_every_import_inside_a_function_says_it_waits_for_start_up() -> None:
    """STYLE.md: no import inside a function (one that only dodges a cycle says the seam is
    wrong) except the deliberate lazy imports for start-up, each saying so (`start-up` on its
    line, or above the block of imports it begins)."""
    import ast

    import actueel_cli

    root = Path(actueel_cli.__file__).parent
    silent = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        found: set[tuple[int, int]] = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        found.add((inner.lineno, inner.end_lineno or inner.lineno))
        blocks: list[list[tuple[int, int]]] = []
        for start, end in sorted(found):
            if blocks and start == blocks[-1][-1][1] + 1:
                blocks[-1].append((start, end))
            else:
                blocks.append([(start, end)])
        for block in blocks:
            first, last = block[0][0], block[-1][1]
            if not any("start-up" in line for line in lines[first - 2 : last]):
                silent.append(f"{rel}:{first}: {lines[first - 1].strip()}")
    assert silent == []
