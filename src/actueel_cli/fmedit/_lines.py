"""What both formats share: the lines of the front matter block, entries, list editors."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from actueel_cli.errors import UnsafeEdit

_KEY_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


# --------------------------------------------------------------------------- lines


class _Line(NamedTuple):
    start: int  # offset of the line in the text
    content: str  # the line without its ending
    ending: str  # "\n", "\r\n" or "" (last line without a final newline)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl == -1:
            lines.append(_Line(pos, text[pos:], ""))
            break
        if nl > pos and text[nl - 1] == "\r":
            lines.append(_Line(pos, text[pos : nl - 1], "\r\n"))
        else:
            lines.append(_Line(pos, text[pos:nl], "\n"))
        pos = nl + 1
    return lines


@dataclass(frozen=True)
class _Front:
    text: str
    lines: list[_Line]
    yaml: bool  # False: TOML
    close: int  # index of the closing delimiter line

    def full(self, i: int) -> str:
        """Line `i` with its ending, as it is in the text."""
        line = self.lines[i]
        return line.content + line.ending

    def splice(self, first: int, stop: int, new: list[str]) -> str:
        """The text with lines first..stop-1 replaced by `new` (lines with endings)."""
        return (
            self.text[: self.lines[first].start]
            + "".join(new)
            + self.text[self.lines[stop].start :]
        )


def _find_front(text: str) -> _Front:
    lines = _split_lines(text)
    if not lines:
        raise UnsafeEdit("the file is empty; it has no front matter")
    first = lines[0].content.removeprefix("\ufeff").rstrip(" \t")
    if first not in ("---", "+++"):
        raise UnsafeEdit("the file does not start with front matter (a --- or +++ line)")
    close = -1
    if lines[0].ending:
        for i in range(1, len(lines)):
            if lines[i].content.rstrip(" \t") == first:
                close = i
                break
    if close == -1:
        raise UnsafeEdit(f"the front matter has no closing {first} line")
    yaml = first == "---"
    for i in range(1, close):
        content = lines[i].content
        if "\r" in content or (yaml and any(c in content for c in "\x85\u2028\u2029")):
            raise UnsafeEdit(
                f"line {i + 1} holds a line-break character that is not a normal line ending;"
                " edit it by hand"
            )
    return _Front(text, lines, yaml, close)


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t":
        i += 1
    return i


def _is_tail(rest: str, space_before_comment: bool = True) -> bool:
    """True when `rest` (the text after a value) is only blanks and an optional comment
    (which YAML wants separated from the value by a blank, TOML not)."""
    stripped = rest.lstrip(" \t")
    if not stripped:
        return True
    return stripped[0] == "#" and (stripped != rest or not space_before_comment)


def _check_key(key: str) -> None:
    if not _KEY_NAME_RE.match(key):
        raise ValueError(f"not a plain key name: {key!r}")


@dataclass
class _Entry:
    key: str | None  # None: a TOML dotted key
    first: int  # line index of the key line
    last: int  # line index of the entry's last line
    pos: int  # index in the key line just after ':' (YAML) or '=' (TOML)


@dataclass
class _Index:
    entries: list[_Entry]
    insert_at: int  # line index where a new entry goes
    tables: set[str]  # TOML: first parts of table headers and dotted keys


class _ListEditor(NamedTuple):
    values: list[str]
    render: Callable[[list[str]], list[str]]  # new values -> lines of the entry


def _item_style(kinds: list[str]) -> str:
    if kinds and all(k == kinds[0] for k in kinds):
        return kinds[0]
    return "plain"


def _take(old: list[str], value: str, used: set[int], ok: Callable[[int], bool]) -> int:
    """Index of the first unused old item equal to `value` that can be kept, or -1."""
    for i, v in enumerate(old):
        if i not in used and v == value and ok(i):
            used.add(i)
            return i
    return -1


def _ending_for(k: int, endings: list[str], fallback: str) -> str:
    if k < len(endings):
        return endings[k]
    return endings[-1] if endings else fallback


def unescape(body: str, escapes: dict[str, str], hex_lengths: dict[str, int], error: str) -> str:
    """A quoted string's backslash escapes resolved; anything else raises UnsafeEdit(error)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1 : i + 2]
        if e in escapes:
            out.append(escapes[e])
            i += 2
            continue
        size = hex_lengths.get(e, 0)
        digits = body[i + 2 : i + 2 + size]
        if size and len(digits) == size and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                out.append(chr(code))
                i += 2 + size
                continue
        raise UnsafeEdit(error)
    return "".join(out)


class _Item(NamedTuple):
    raw: str
    kind: str  # "plain", "sq" or "dq"
    value: str


def _dq_end(s: str, i: int) -> int:
    """Index after the double-quoted string starting at s[i], or -1 if not closed."""
    j = i + 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == '"':
            return j + 1
        j += 1
    return -1
