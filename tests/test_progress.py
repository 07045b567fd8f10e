"""render.progress: a bar on stderr for many files on a terminal, nothing otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write_article

from actueel_cli import render


def test_bar_on_a_terminal_for_many_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    with render.progress("Checking articles", threshold=3) as step:
        for done in range(1, 5):
            step(done, 4)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Checking articles" in captured.err
    assert "4/4" in captured.err


def test_nothing_for_few_files_or_when_piped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    with render.progress("Checking articles", threshold=3) as step:
        for done in range(1, 4):
            step(done, 3)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    with render.progress("Checking articles", threshold=3) as step:
        for done in range(1, 11):
            step(done, 10)
    assert capsys.readouterr() == ("", "")


def test_building_the_index_shows_no_bar_when_piped(run: Any, articles: Path) -> None:
    for i in range(render.MANY_FILES + 1):
        write_article(articles, f"stuk-{i}", f"Stuk {i}", "2020-01-01")
    result = run("list", "--limit", "1")
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_with_after_the_bar_waits_until_the_work_has_taken_that_long(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build` asks for a bar once it has run a second: none for a quick one."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    clock = [100.0]
    monkeypatch.setattr(render.time, "monotonic", lambda: clock[0])
    with render.progress("Building pages", threshold=0, after=1.0) as step:
        step(1, 10)
        clock[0] += 0.9
        step(2, 10)
        assert capsys.readouterr().err == ""
        clock[0] += 0.2
        step(3, 10)
    assert "Building pages" in capsys.readouterr().err


def test_a_quick_build_on_a_terminal_says_one_line(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    result = run("--clock", "2024-01-01", "build", env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    assert result.stderr.startswith("4 of 4 files written to public in ")
    assert result.stderr.count("\n") == 1
