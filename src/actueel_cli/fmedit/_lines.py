"""What both formats share: the lines of the front matter block, entries, list editors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from actueel_cli.errors import UnsafeEdit
from actueel_cli.parse import fence  # the one front matter fence rule

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
    first = fence(lines[0].content.removeprefix("\ufeff"))
    if first is None:
        raise UnsafeEdit("the file does not start with front matter (a --- or +++ line)")
    close = -1
    if lines[0].ending:
        for i in range(1, len(lines)):
            if fence(lines[i].content) == first:
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


class _Item(NamedTuple):
    raw: str
    kind: str  # "plain", "sq" or "dq"
    value: str


class _Style(NamedTuple):
    """How a front matter writes its lists, for a list made from nothing: flow (`[a, b]`) or
    block (`- a` lines), the block's indentation and the spaces after its dash, the quoting of
    its items and the separator of a flow list."""

    flow: bool = False
    indent: str = "  "
    dash: str = " "
    kind: str = "plain"  # "plain", "sq" or "dq"
    sep: str = ", "


class _ListEditor(NamedTuple):
    values: list[str]
    # new values -> lines of the entry; [] removes the entry (no values left)
    render: Callable[[list[str]], list[str]]
    style: _Style | None = None  # how this list is written, when it has items


def _first_list_style(
    index: _Index, key: str, style_of: Callable[[_Entry, str], _Style | None], default: _Style
) -> _Style:
    """The style of the first list in the front matter other than `key`'s that has one (a
    list with items that can be read), else `default`: a new list looks like its neighbours."""
    for e in index.entries:
        if e.key is None or e.key == key:
            continue
        try:
            found = style_of(e, e.key)
        except UnsafeEdit:
            continue
        if found is not None:
            return found
    return default


def _majority(kinds: list[str]) -> str | None:
    """The most common of `kinds`; None when there is none or two are equally common."""
    if not kinds:
        return None
    counts = Counter(kinds).most_common(2)
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    return counts[0][0]


class _Pick(NamedTuple):
    old: int  # the old item kept here, or -1 for a new one
    source: int  # the old item whose place and style a new one takes (-1: none)
    replaces: bool  # the new item takes the place of an old one that is gone (a rename)


def _picks(old: list[str], values: list[str]) -> list[_Pick]:
    """How `values` are made from the `old` items: each value keeps the first unused old item
    equal to it (its bytes stay); a new value takes the place of an old item that is gone
    between its neighbours (a rename keeps its position and style), else it follows the kept
    item before it, else precedes the one after it."""
    used: set[int] = set()
    kept: list[int] = []
    for v in values:
        k = next((i for i, o in enumerate(old) if i not in used and o == v), -1)
        if k >= 0:
            used.add(k)
        kept.append(k)
    free = [i for i in range(len(old)) if i not in used]
    picks: list[_Pick] = []
    last = -1
    for j, k in enumerate(kept):
        if k >= 0:
            picks.append(_Pick(k, k, False))
            last = k
            continue
        nxt = next((p for p in kept[j + 1 :] if p >= 0), len(old))
        gone = next((i for i in free if last < i < nxt), -1)
        if gone >= 0:
            free.remove(gone)
            picks.append(_Pick(-1, gone, True))
            last = gone
            continue
        source = last if last >= 0 else (nxt if nxt < len(old) else len(old) - 1)
        picks.append(_Pick(-1, source, False))
    return picks


def _new_kind(items: list[_Item], pick: _Pick, style: Callable[[], _Style]) -> str:
    """The quoting of a new item: that of the item it replaces, else the list's most common
    (plain when that is a tie with plain items), else its neighbour's, else the file's (for a
    list that was empty)."""
    if pick.replaces:
        return items[pick.source].kind
    kinds = [it.kind for it in items]
    common = _majority(kinds) or ("plain" if "plain" in kinds else None)
    if common is not None:
        return common
    return items[pick.source].kind if pick.source >= 0 else style().kind


class _Inline(NamedTuple):
    """A list on one line (`[a, b]`, or words in a string): its items and the text around
    them, each separator kept where it was."""

    items: list[_Item]
    pad: str  # between the opening bracket and the first item
    seps: list[str]  # seps[i]: between item i and item i+1
    tail: str  # between the last item and the closing bracket

    def join(
        self, values: list[str], new: Callable[[str, str], str], style: Callable[[], _Style]
    ) -> str:
        """The items for `values` with their separators, pad and tail: kept items keep their
        bytes and the separators around them, new ones are made by new(value, kind)."""
        picks = _picks([it.value for it in self.items], values)
        out: list[str] = [self.pad if self.items else ""]
        place: list[int] = []  # each value's position among the old items, -1 for none
        for j, pick in enumerate(picks):
            if pick.old >= 0:
                raw = self.items[pick.old].raw
                place.append(pick.old)
            else:
                raw = new(values[j], _new_kind(self.items, pick, style))
                place.append(pick.source if pick.replaces else -1)
            if j:
                out.append(self._gap(place[j - 1], place[j], style))
            out.append(raw)
        out.append(self.tail if self.items else "")
        return "".join(out)

    def _gap(self, before: int, after: int, style: Callable[[], _Style]) -> str:
        """The separator between two items: the one that stood before the second, else the
        one that stood after the first, else the list's most common one, else the file's."""
        if after >= 1:
            return self.seps[after - 1]
        if 0 <= before < len(self.seps):
            return self.seps[before]
        return _majority(self.seps) or (self.seps[-1] if self.seps else style().sep)


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
