"""Render, without a terminal: what reaches one line of a terminal or a record."""

from __future__ import annotations

import sys

from actueel_cli.render import one_line

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
