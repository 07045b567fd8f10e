"""Render, on its own: what reaches one line of a terminal or a record, cutting to a width,
the bars of `stats`, the progress bar, and which editor to start."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from actueel_cli import render
from actueel_cli.render import bar, cut, editor_command, one_line

EVERY = "".join(map(chr, range(sys.maxunicode + 1)))  # every code point, surrogates too


def test_one_line_shortcut_for_printable_text_removes_nothing_it_should() -> None:
    """Printable text is returned as it is, without the two regex passes; those passes (taken
    when a line break makes the text not printable) must leave every printable character alone,
    each between two letters as one string per character would have it."""
    printable = "".join(f"a{c}b" for c in EVERY if c.isprintable())
    assert len(printable) > 3 * 100_000  # (the shortcut is tested on what it will meet)
    assert one_line(printable) == printable
    assert one_line(printable + "\n") == printable + " "
    assert one_line("a\x1b[31mb\n") == "ab "  # (the passes do remove what they should)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Burgemeesters over veiligheid", 40, "Burgemeesters over veiligheid"),
        ("Burgemeesters over veiligheid", 20, "Burgemeesters over…"),
        ("Burgemeesters over veiligheid", 18, "Burgemeesters…"),
        ("Cybercrime in de wijk: ook oplichting", 23, "Cybercrime in de wijk…"),
        ("Arbeidsongeschiktheidsverzekering", 10, "Arbeidson…"),  # one word: cut where it must
        ("東京の警察と地域", 9, "東京の警…"),  # wide characters count two cells
        ("abc", 1, "…"),
        ("abc", 0, ""),
    ],
)
def test_cut_keeps_whole_words_where_it_can(text: str, width: int, expected: str) -> None:
    assert cut(text, width) == expected
    assert cell_len(cut(text, width)) <= width


def test_bar_in_eighths() -> None:
    assert bar(0, 10) == ""
    assert bar(10, 10) == "█" * 40
    assert bar(1, 80) == "▌"  # half a cell
    assert bar(1, 10_000) == "▏"  # never invisible


def test_progress_bar_on_a_terminal_for_many_files(
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


def test_no_progress_bar_for_few_files_or_when_piped(
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


def test_progress_bar_with_after_waits_until_the_work_has_taken_that_long(
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


def test_default_editor_is_found_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "nano").write_text("#!/bin/sh\n")
    (bin_dir / "nano").chmod(0o755)
    old = os.environ["PATH"]
    os.environ["PATH"] = str(bin_dir)
    try:
        assert editor_command({}) == ["nano"]
        assert editor_command({"EDITOR": "  "}) == ["nano"]
        assert editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]
        (bin_dir / "nano").unlink()
        with pytest.raises(Exception, match="no editor found; set \\$EDITOR"):
            editor_command({})
    finally:
        os.environ["PATH"] = old
