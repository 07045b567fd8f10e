"""Edit one entry of an article's front matter by splicing text, never by re-dumping it.

The front matter is YAML between ``---`` lines or TOML between ``+++`` lines. Every
function takes the whole file as ``str`` (decoded with plain ``utf-8``, so a BOM is the
first character) and returns the whole file with only the lines of the edited entry
changed: other keys, their order, quoting and comments, line endings, the BOM and the
body stay byte for byte the same. Where an entry has a shape that cannot be edited
safely the functions raise ``UnsafeEdit`` instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .errors import UnsafeEdit

__all__ = ["get_list", "set_list", "set_scalar"]

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


def _index(front: _Front) -> _Index:
    return _yaml_index(front) if front.yaml else _toml_index(front)


def _find(front: _Front, key: str) -> tuple[_Entry | None, _Index]:
    index = _index(front)
    if key in index.tables:
        raise UnsafeEdit(f"the {key} key is also used as a table; edit it by hand")
    found = [e for e in index.entries if e.key == key]
    if len(found) > 1:
        raise UnsafeEdit(f"the {key} key appears more than once; edit it by hand")
    return (found[0] if found else None), index


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


# --------------------------------------------------------------------------- YAML

_YAML_KEY_RE = re.compile(
    r"""(?:
        (?P<plain>(?:[^\s\-?:,\[\]{}\#&*!|>'"%@`]|[-?:][^\s])[^\t]*?)
      | "(?P<dq>(?:[^"\\]|\\.)*)"
      | '(?P<sq>(?:[^']|'')*)'
    )[ \t]*:(?=[ \t]|$)""",
    re.VERBOSE,
)
_YAML_ITEM_RE = re.compile(r"( *)-( +)(\S.*)\Z")
_YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})
_YAML_WORDS = frozenset(
    {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "<<", "="}
)
_YAML_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_YAML_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}
_YAML_DATETIME_RE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?",
    re.ASCII,
)


def _yaml_continuations(contents: list[str]) -> list[bool]:
    """For each line, whether it starts inside a multi-line quoted scalar, flow
    collection or block scalar (so that its first column means nothing)."""
    cont: list[bool] = []
    mode = ""  # "", '"', "'" or "|" (block scalar)
    depth = 0
    block_indent = 0
    for s in contents:
        indent = len(s) - len(s.lstrip(" "))
        if mode == "|":
            if not s.strip(" \t") or indent > block_indent:
                cont.append(True)
                continue
            mode = ""
        cont.append(mode != "" or depth > 0)
        i, n = 0, len(s)
        token_start = True
        while i < n:
            c = s[i]
            if mode == '"':
                if c == "\\":
                    i += 2
                    continue
                if c == '"':
                    mode, token_start = "", False
                i += 1
                continue
            if mode == "'":
                if c == "'":
                    if s.startswith("''", i):
                        i += 2
                        continue
                    mode, token_start = "", False
                i += 1
                continue
            if c in " \t":
                i += 1
                continue
            nxt = s[i + 1] if i + 1 < n else " "
            if c == "#" and (i == 0 or s[i - 1] in " \t"):
                break
            if token_start:
                if c in "\"'":
                    mode = c
                    i += 1
                    continue
                if c in "[{":
                    depth += 1
                    i += 1
                    continue
                if c in "|>" and depth == 0:
                    mode, block_indent = "|", indent
                    break
                if c in "&!":
                    while i < n and s[i] not in " \t":
                        i += 1
                    continue
                if c in "-?:" and nxt in " \t":
                    i += 1
                    continue
                token_start = False
            if depth > 0:
                if c in "]}":
                    depth -= 1
                    i += 1
                    continue
                if c == ",":
                    token_start = True
                    i += 1
                    continue
            if c == ":" and (nxt in " \t" or (depth > 0 and nxt in ",[]{}")):
                token_start = True
            i += 1
    return cont


def _yaml_key_name(m: re.Match[str], where: str) -> str:
    if m["plain"] is not None:
        return m["plain"]
    if m["dq"] is not None:
        return _yaml_unescape(m["dq"], where)
    return m["sq"].replace("''", "'")


def _yaml_index(front: _Front) -> _Index:
    lines = front.lines
    cont = _yaml_continuations([lines[i].content for i in range(1, front.close)])
    entries: list[_Entry] = []
    current: _Entry | None = None
    for i in range(1, front.close):
        s = lines[i].content
        stripped = s.strip(" \t")
        if not stripped or (not cont[i - 1] and stripped.startswith("#")):
            continue
        if cont[i - 1] or s[0] in " \t" or (s[0] == "-" and s[1:2] in ("", " ", "\t")):
            if current is None:
                raise UnsafeEdit(
                    f"line {i + 1} does not belong to a top-level key; edit it by hand"
                )
            current.last = i
            continue
        m = _YAML_KEY_RE.match(s)
        if m is None or (m["plain"] is not None and re.search(r"[ \t]#", m["plain"])):
            raise UnsafeEdit(f"line {i + 1} is not a plain `key: value` line; edit it by hand")
        current = _Entry(_yaml_key_name(m, f"line {i + 1}"), i, i, m.end())
        entries.append(current)
    if any(e.key == "<<" for e in entries):
        raise UnsafeEdit("the front matter uses a YAML merge key (<<); edit it by hand")
    return _Index(entries, front.close, set())


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


def _sq_end(s: str, i: int) -> int:
    """Index after the single-quoted YAML string starting at s[i], or -1."""
    j = i + 1
    while j < len(s):
        if s[j] == "'":
            if s.startswith("''", j):
                j += 2
                continue
            return j + 1
        j += 1
    return -1


def _flow_end(s: str, i: int) -> int:
    """Index after the flow collection starting at s[i], or -1 if not closed on the line."""
    depth = 0
    token_start = True
    k = i
    while k < len(s):
        c = s[k]
        if c in " \t":
            k += 1
            continue
        if c == "#" and s[k - 1] in " \t":
            return -1
        if token_start and c in "\"'":
            k = _dq_end(s, k) if c == '"' else _sq_end(s, k)
            if k < 0:
                return -1
            token_start = False
            continue
        if c in "[{":
            depth += 1
            token_start = True
        elif c in "]}":
            depth -= 1
            token_start = False
            if depth == 0:
                return k + 1
        elif c == "," or (c == ":" and s[k + 1 : k + 2] in ("", " ", "\t")):
            token_start = True
        else:
            token_start = False
        k += 1
    return -1


def _yaml_unescape(body: str, what: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1 : i + 2]
        if e in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[e])
            i += 2
            continue
        size = _HEX_LENGTHS.get(e, 0)
        digits = body[i + 2 : i + 2 + size]
        if size and len(digits) == size and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                out.append(chr(code))
                i += 2 + size
                continue
        raise UnsafeEdit(f"{what} has a quoted string with an unknown escape; edit it by hand")
    return "".join(out)


def _yaml_printable(c: str) -> bool:
    """Whether YAML reads `c` as itself inside a one-line scalar (not a line break, BOM
    or character it rejects)."""
    o = ord(c)
    return (
        c == "\t"
        or 0x20 <= o <= 0x7E
        or (0xA0 <= o <= 0xD7FF and c not in "\u2028\u2029")
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or 0x10000 <= o <= 0x10FFFF
    )


def _yaml_plain_ok(v: str, flow: bool) -> bool:
    """Whether `v` written as a plain scalar reads back as the same string."""
    if not v or v != v.strip() or v[0] in _YAML_INDICATORS or v.lower() in _YAML_WORDS:
        return False
    if re.match(r"[-+.]?[0-9]|\.", v):  # numbers, times, dates, .inf, .nan
        return False
    if ": " in v or v.endswith(":") or " #" in v or "\t" in v:
        return False
    if flow and any(c in ",[]{}:?" for c in v):  # PyYAML ends flow plain scalars at '?'
        return False
    return all(c != "\t" and _yaml_printable(c) for c in v)


def _yaml_sq_ok(v: str) -> bool:
    return all(c != "\t" and _yaml_printable(c) for c in v)


def _yaml_dq(v: str) -> str:
    out = ['"']
    for c in v:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\t":
            out.append("\\t")
        elif not _yaml_printable(c):
            o = ord(c)
            if o <= 0xFF:
                out.append(f"\\x{o:02X}")
            elif o <= 0xFFFF:
                out.append(f"\\u{o:04X}")
            else:
                out.append(f"\\U{o:08X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _yaml_scalar(v: str, style: str, flow: bool) -> str:
    """`v` as a YAML string scalar, quoted like `style` ("plain", "sq", "dq") where possible."""
    if style == "sq" and _yaml_sq_ok(v):
        return "'" + v.replace("'", "''") + "'"
    if style != "plain" or not _yaml_plain_ok(v, flow):
        return _yaml_dq(v)
    return v


def _yaml_datetime_ok(v: str) -> bool:
    m = _YAML_DATETIME_RE.fullmatch(v)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _yaml_value_span(s: str, pos: int, key: str) -> tuple[int, int]:
    """Start and end of the value on a key line; (pos, pos) when there is none."""
    i = _skip_ws(s, pos)
    if i >= len(s) or s[i] == "#":
        return pos, pos
    c = s[i]
    if c == '"' or c == "'":
        j = _dq_end(s, i) if c == '"' else _sq_end(s, i)
        if j < 0:
            raise UnsafeEdit(
                f"the {key} value is a quoted string over several lines; edit it by hand"
            )
    elif c in "[{":
        j = _flow_end(s, i)
        if j < 0:
            kind = "list" if c == "[" else "mapping"
            raise UnsafeEdit(
                f"the {key} entry is a multi-line flow {kind} or has a comment inside it;"
                " edit it by hand"
            )
    else:
        k = i
        while k < len(s) and not (s[k] == "#" and s[k - 1] in " \t"):
            k += 1
        j = i + len(s[i:k].rstrip(" \t"))
    if not _is_tail(s[j:]):
        raise UnsafeEdit(f"the {key} line has unexpected text after its value; edit it by hand")
    return i, j


def _with_value(s: str, pos: int, start: int, end: int, new: str) -> str:
    """Key line `s` with its value (s[start:end]) replaced by `new`."""
    if start == end:
        rest = s[pos:]
        return s[:pos] + " " + new + (rest if rest.strip(" \t") else "")
    return s[:start] + new + s[end:]


def _without_value(s: str, pos: int, start: int, end: int) -> str:
    rest = s[end:]
    return s[:pos] + (rest if rest.strip(" \t") else "")


class _Item(NamedTuple):
    raw: str
    kind: str  # "plain", "sq" or "dq"
    value: str


def _yaml_plain_item(raw: str, key: str, flow: bool) -> _Item:
    first = raw[0]
    if first in "[{" or (first in "-?:" and raw[1:2] in ("", " ", "\t")):
        raise UnsafeEdit(f"the {key} list holds nested lists or mappings; edit it by hand")
    if first in "&*!":
        raise UnsafeEdit(f"the {key} list uses YAML anchors, aliases or tags; edit it by hand")
    if first in "|>":
        raise UnsafeEdit(f"the {key} list holds a block scalar; edit it by hand")
    if first in ",]}#%@`" or re.search(r"[ \t]#", raw):
        raise UnsafeEdit(f"the {key} entry has a comment or odd text inside it; edit it by hand")
    if (
        ": " in raw
        or ":\t" in raw
        or raw.endswith(":")
        or (flow and any(c in raw for c in ":?[{}"))
    ):
        raise UnsafeEdit(f"the {key} list holds mappings or odd items; edit it by hand")
    return _Item(raw, "plain", raw)


def _yaml_quoted_item(s: str, i: int, key: str) -> tuple[_Item, int]:
    end = _dq_end(s, i) if s[i] == '"' else _sq_end(s, i)
    if end < 0:
        raise UnsafeEdit(f"the {key} list has an item over several lines; edit it by hand")
    raw = s[i:end]
    if raw[0] == '"':
        return _Item(raw, "dq", _yaml_unescape(raw[1:-1], f"the {key} entry")), end
    return _Item(raw, "sq", raw[1:-1].replace("''", "'")), end


def _yaml_block_item(text: str, key: str) -> _Item:
    if text[0] in "\"'":
        item, end = _yaml_quoted_item(text, 0, key)
        if text[end:].strip(" \t"):
            raise UnsafeEdit(
                f"the {key} entry has a comment or odd text inside it; edit it by hand"
            )
        return item
    return _yaml_plain_item(text.rstrip(" \t"), key, flow=False)


def _yaml_flow(s: str, start: int, end: int, key: str) -> tuple[list[_Item], str, str, str]:
    """Items of the flow list s[start:end] and its spacing: inner padding, separator and
    the text between the last item and ']'."""
    close = end - 1
    j = _skip_ws(s, start + 1)
    if j >= close:
        return [], "", ", ", ""
    pad = s[start + 1 : j]
    items: list[_Item] = []
    seps: list[str] = []
    while True:
        if s[j] in "\"'":
            item, k = _yaml_quoted_item(s, j, key)
        else:
            k = j
            while k < close and s[k] != ",":
                k += 1
            raw = s[j:k].rstrip(" \t")
            if not raw:
                raise UnsafeEdit(f"the {key} list has an empty item; edit it by hand")
            item = _yaml_plain_item(raw, key, flow=True)
            k = j + len(raw)
        items.append(item)
        m = _skip_ws(s, k)
        if m < close and s[m] == ",":
            n = _skip_ws(s, m + 1)
            if n < close:
                seps.append(s[k:n])
                j = n
                continue
        elif m < close:
            raise UnsafeEdit(f"the {key} flow list has odd text inside it; edit it by hand")
        return items, pad, (seps[0] if seps else ", "), s[k:close]


def _yaml_list(front: _Front, e: _Entry, key: str) -> _ListEditor:
    lines = front.lines
    s = lines[e.first].content
    key_ending = lines[e.first].ending
    start, end = _yaml_value_span(s, e.pos, key)
    value = s[start:end]
    more = e.last > e.first

    if value in _YAML_NULLS or (not value and not more):

        def render_null(values: list[str]) -> list[str]:
            if not values:
                return [_with_value(s, e.pos, start, end, "[]") + key_ending]
            head = _without_value(s, e.pos, start, end) + key_ending
            return [head] + ["  - " + _yaml_scalar(v, "plain", False) + key_ending for v in values]

        if more:
            raise UnsafeEdit(f"the {key} entry has lines after a null value; edit it by hand")
        return _ListEditor([], render_null)

    if value:
        c = value[0]
        if c in "&*!":
            raise UnsafeEdit(f"the {key} entry uses YAML anchors, aliases or tags; edit it by hand")
        if c in "|>":
            raise UnsafeEdit(f"the {key} entry is a block scalar, not a list; edit it by hand")
        if c != "[":
            raise UnsafeEdit(f"the {key} entry is not a list; edit it by hand")
        if more:
            raise UnsafeEdit(f"the {key} entry continues over several lines; edit it by hand")
        items, pad, sep, last = _yaml_flow(s, start, end, key)
        style = _item_style([it.kind for it in items])

        def render_flow(values: list[str]) -> list[str]:
            used: set[int] = set()
            raws: list[str] = []
            old = [it.value for it in items]
            for v in values:
                k = _take(old, v, used, lambda i: _keepable(items[i], True))
                raws.append(items[k].raw if k >= 0 else _yaml_scalar(v, style, True))
            flow = "[]"
            if raws:
                if items:
                    flow = "[" + pad + sep.join(raws) + last + "]"
                else:
                    flow = "[" + ", ".join(raws) + "]"
            return [_with_value(s, e.pos, start, end, flow) + key_ending]

        return _ListEditor([it.value for it in items], render_flow)

    return _yaml_block_list(front, e, key, s, start, end)


def _keepable(item: _Item, flow: bool) -> bool:
    return item.kind != "plain" or _yaml_plain_ok(item.value, flow)


def _yaml_block_list(
    front: _Front, e: _Entry, key: str, s: str, start: int, end: int
) -> _ListEditor:
    lines = front.lines
    items: list[_Item] = []
    where: list[int] = []
    indent = sep = ""
    for i in range(e.first + 1, e.last + 1):
        t = lines[i].content
        stripped = t.strip(" \t")
        if not stripped:
            raise UnsafeEdit(f"the {key} list has a blank line between its items; edit it by hand")
        if stripped.startswith("#"):
            raise UnsafeEdit(f"the {key} list has a comment inside it; edit it by hand")
        m = _YAML_ITEM_RE.match(t)
        if m is None:
            raise UnsafeEdit(
                f"the {key} entry is not a simple list (line {i + 1}); edit it by hand"
            )
        if not items:
            indent, sep = m[1], m[2]
        elif m[1] != indent:
            raise UnsafeEdit(f"the {key} list items are not indented alike; edit it by hand")
        items.append(_yaml_block_item(m[3], key))
        where.append(i)
    style = _item_style([it.kind for it in items])
    key_ending = lines[e.first].ending
    endings = [lines[i].ending for i in where]

    def render_block(values: list[str]) -> list[str]:
        if not values:
            return [_with_value(s, e.pos, start, end, "[]") + key_ending]
        out = [front.full(e.first)]
        used: set[int] = set()
        old = [it.value for it in items]
        for n, v in enumerate(values):
            k = _take(old, v, used, lambda i: _keepable(items[i], False))
            if k >= 0:
                out.append(front.full(where[k]))
            else:
                line = indent + "-" + sep + _yaml_scalar(v, style, False)
                out.append(line + _ending_for(n, endings, key_ending))
        return out

    return _ListEditor([it.value for it in items], render_block)


def _yaml_set_scalar(front: _Front, e: _Entry, key: str, value: str | bool) -> list[str]:
    s = front.lines[e.first].content
    start, end = _yaml_value_span(s, e.pos, key)
    old = s[start:end]
    if old:
        c = old[0]
        if c in "[{":
            raise UnsafeEdit(f"the {key} entry is not a single value; edit it by hand")
        if c in "&*!":
            raise UnsafeEdit(f"the {key} entry uses YAML anchors, aliases or tags; edit it by hand")
        if c in "|>":
            raise UnsafeEdit(f"the {key} entry is a block scalar; edit it by hand")
    if e.last > e.first:
        raise UnsafeEdit(f"the {key} value spans several lines; edit it by hand")
    kind = {'"': "dq", "'": "sq"}.get(old[:1], "plain")
    if isinstance(value, bool):
        new = "true" if value else "false"
    elif kind != "plain":
        new = _yaml_scalar(value, kind, False)
    elif _yaml_datetime_ok(value):
        new = value
    else:
        new = _yaml_scalar(value, "plain", False)
    return [_with_value(s, e.pos, start, end, new) + front.lines[e.first].ending]


def _yaml_new_scalar(key: str, value: str | bool) -> str:
    if isinstance(value, bool):
        return f"{key}: {'true' if value else 'false'}"
    if _yaml_datetime_ok(value):
        return f"{key}: {value}"
    return f"{key}: {_yaml_scalar(value, 'plain', False)}"


# --------------------------------------------------------------------------- TOML

_TOML_BARE_RE = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_TOML_ITEM_RE = re.compile(r"""([ \t]*)("(?:[^"\\]|\\.)*"|'[^']*')[ \t]*(,?)[ \t]*""")
_TOML_DATETIME_RE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d+)?"
    r"(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?",
    re.ASCII,
)


def _toml_unescape(body: str, where: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1 : i + 2]
        if e in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[e])
            i += 2
            continue
        size = {"u": 4, "U": 8}.get(e, 0)
        digits = body[i + 2 : i + 2 + size]
        if size and len(digits) == size and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                out.append(chr(code))
                i += 2 + size
                continue
        raise UnsafeEdit(f"{where} has a string with an escape this tool cannot read")
    return "".join(out)


def _toml_string_end(s: str, i: int) -> int:
    """Index after the one-line basic or literal string at s[i], or -1."""
    if s[i] == '"':
        return _dq_end(s, i)
    j = s.find("'", i + 1)
    return -1 if j < 0 else j + 1


def _toml_string_value(raw: str, where: str) -> str:
    return _toml_unescape(raw[1:-1], where) if raw[0] == '"' else raw[1:-1]


def _toml_key(s: str, i: int, where: str) -> tuple[list[str], int] | None:
    """The parts of the (dotted) key at s[i] and the index after it."""
    parts: list[str] = []
    while True:
        i = _skip_ws(s, i)
        if i < len(s) and s[i] in "\"'" and not s.startswith(s[i] * 3, i):
            j = _toml_string_end(s, i)
            if j < 0:
                return None
            parts.append(_toml_string_value(s[i:j], where))
        else:
            m = _TOML_BARE_RE.match(s, i)
            if m is None:
                return None
            parts.append(m[0])
            j = m.end()
        i = _skip_ws(s, j)
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return parts, i


def _toml_scan(s: str, i: int, ml: str, depth: int, line: int) -> tuple[str, int]:
    """Follow strings and brackets through s[i:]; return the state at the end of the line
    (the open multi-line string delimiter or "", and the bracket depth)."""
    n = len(s)
    while i < n:
        if ml:
            if ml == '"""' and s[i] == "\\":
                i += 2
                continue
            if s.startswith(ml, i):
                i += 3
                extra = 0
                while extra < 2 and i < n and s[i] == ml[0]:
                    i += 1
                    extra += 1
                ml = ""
                continue
            i += 1
            continue
        c = s[i]
        if c == "#":
            break
        if s.startswith('"""', i) or s.startswith("'''", i):
            ml = s[i : i + 3]
            i += 3
            continue
        if c in "\"'":
            j = _toml_string_end(s, i)
            if j < 0:
                raise UnsafeEdit(f"line {line + 1} has an unterminated string; edit it by hand")
            i = j
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth < 0:
                raise UnsafeEdit(f"line {line + 1} has an unmatched bracket; edit it by hand")
        i += 1
    return ml, depth


def _toml_index(front: _Front) -> _Index:
    lines = front.lines
    entries: list[_Entry] = []
    tables: set[str] = set()
    in_tables = False
    ml, depth = "", 0
    current: _Entry | None = None
    for i in range(1, front.close):
        s = lines[i].content
        where = f"line {i + 1}"
        if ml or depth:
            ml, depth = _toml_scan(s, 0, ml, depth, i)
            if current is not None:
                current.last = i
            continue
        current = None
        stripped = s.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            double = stripped.startswith("[[")
            key = _toml_key(stripped, 2 if double else 1, where)
            closer = "]]" if double else "]"
            if key is None or not stripped.startswith(closer, key[1]):
                raise UnsafeEdit(f"{where} is not a valid table header; edit it by hand")
            if not _is_tail(stripped[key[1] + len(closer) :], False):
                raise UnsafeEdit(f"{where} is not a valid table header; edit it by hand")
            tables.add(key[0][0])
            in_tables = True
            continue
        key = _toml_key(s, 0, where)
        if key is None or key[1] >= len(s) or s[key[1]] != "=":
            raise UnsafeEdit(f"{where} is not a `key = value` line; edit it by hand")
        parts, k = key
        ml, depth = _toml_scan(s, k + 1, "", 0, i)
        if in_tables:
            continue
        if len(parts) > 1:
            tables.add(parts[0])
        current = _Entry(parts[0] if len(parts) == 1 else None, i, i, k + 1)
        entries.append(current)
    if ml or depth:
        raise UnsafeEdit("the front matter has an unclosed string or array; edit it by hand")
    insert_at = entries[-1].last + 1 if entries else 1
    return _Index(entries, insert_at, tables)


def _toml_basic(v: str) -> str:
    out = ['"']
    for c in v:
        if c in '"\\':
            out.append("\\" + c)
        elif c in "\b\t\n\f\r":
            out.append("\\" + "btnfr"["\b\t\n\f\r".index(c)])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _toml_string(v: str, literal: bool) -> str:
    if literal and "'" not in v and all(c == "\t" or 0x20 <= ord(c) != 0x7F for c in v):
        return "'" + v + "'"
    return _toml_basic(v)


def _toml_datetime_ok(v: str) -> bool:
    m = _TOML_DATETIME_RE.fullmatch(v)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _toml_inline(s: str, i: int, key: str) -> tuple[list[_Item], str, str, str, int]:
    """Items of the one-line array at s[i] ('['), its spacing and the index after ']'."""
    j = _skip_ws(s, i + 1)
    if s[j : j + 1] == "]":
        return [], "", ", ", "", j + 1
    pad = s[i + 1 : j]
    items: list[_Item] = []
    seps: list[str] = []
    while True:
        if j >= len(s) or s[j] not in "\"'" or s.startswith(s[j] * 3, j):
            raise UnsafeEdit(f"the {key} array holds values that are not strings; edit it by hand")
        k = _toml_string_end(s, j)
        raw = s[j:k]
        kind = "dq" if raw[0] == '"' else "sq"
        items.append(_Item(raw, kind, _toml_string_value(raw, f"the {key} entry")))
        m = _skip_ws(s, k)
        if s[m : m + 1] == ",":
            n = _skip_ws(s, m + 1)
            if s[n : n + 1] != "]":
                seps.append(s[k:n])
                j = n
                continue
            m = n
        if s[m : m + 1] != "]":
            raise UnsafeEdit(f"the {key} array has odd text inside it; edit it by hand")
        return items, pad, (seps[0] if seps else ", "), s[k:m], m + 1


def _toml_list(front: _Front, e: _Entry, key: str) -> _ListEditor:
    lines = front.lines
    s = lines[e.first].content
    key_ending = lines[e.first].ending
    start = _skip_ws(s, e.pos)
    if s[start : start + 1] != "[":
        raise UnsafeEdit(f"the {key} entry is not an array; edit it by hand")

    if e.first == e.last:
        items, pad, sep, last, end = _toml_inline(s, start, key)
        if not _is_tail(s[end:], False):
            raise UnsafeEdit(f"the {key} line has unexpected text after its value; edit it by hand")
        literal = _item_style([it.kind for it in items]) == "sq"

        def render_inline(values: list[str]) -> list[str]:
            used: set[int] = set()
            old = [it.value for it in items]
            raws: list[str] = []
            for v in values:
                k = _take(old, v, used, lambda _i: True)
                raws.append(items[k].raw if k >= 0 else _toml_string(v, literal))
            array = "[]"
            if raws:
                if items:
                    array = "[" + pad + sep.join(raws) + last + "]"
                else:
                    array = "[" + ", ".join(raws) + "]"
            return [s[:start] + array + s[end:] + key_ending]

        return _ListEditor([it.value for it in items], render_inline)

    unusual = f"the {key} array is split over lines in a way this tool cannot edit; edit it by hand"
    closing = re.fullmatch(r"[ \t]*\](.*)", lines[e.last].content)
    if s[start + 1 :].strip(" \t") or closing is None or not _is_tail(closing[1], False):
        raise UnsafeEdit(unusual)
    ml_items: list[tuple[_Item, str, str]] = []  # item, indentation, comma
    where: list[int] = []
    for i in range(e.first + 1, e.last):
        m = _TOML_ITEM_RE.fullmatch(lines[i].content)
        if m is None:
            raise UnsafeEdit(unusual)
        raw = m[2]
        kind = "dq" if raw[0] == '"' else "sq"
        ml_items.append((_Item(raw, kind, _toml_string_value(raw, f"the {key} entry")), m[1], m[3]))
        where.append(i)
    if any(not comma for _, _, comma in ml_items[:-1]):
        raise UnsafeEdit(unusual)
    trailing = bool(ml_items[-1][2]) if ml_items else True
    indent = ml_items[0][1] if ml_items else "  "
    literal = _item_style([it.kind for it, _, _ in ml_items]) == "sq"
    endings = [lines[i].ending for i in where]

    def render_lines(values: list[str]) -> list[str]:
        if not values:
            return [s[:start] + "[]" + closing[1] + key_ending]
        out = [front.full(e.first)]
        used: set[int] = set()
        old = [it.value for it, _, _ in ml_items]
        for n, v in enumerate(values):
            comma = "," if n < len(values) - 1 or trailing else ""
            k = _take(old, v, used, lambda _i: True)
            if k >= 0:
                item, ind, old_comma = ml_items[k]
                if old_comma == comma:
                    out.append(front.full(where[k]))
                else:
                    out.append(ind + item.raw + comma + lines[where[k]].ending)
            else:
                line = indent + _toml_string(v, literal) + comma
                out.append(line + _ending_for(n, endings, key_ending))
        out.append(front.full(e.last))
        return out

    return _ListEditor([it.value for it, _, _ in ml_items], render_lines)


def _toml_set_scalar(front: _Front, e: _Entry, key: str, value: str | bool) -> list[str]:
    s = front.lines[e.first].content
    start = _skip_ws(s, e.pos)
    if s.startswith('"""', start) or s.startswith("'''", start) or e.last > e.first:
        raise UnsafeEdit(f"the {key} value spans several lines; edit it by hand")
    c = s[start : start + 1]
    if not c or c == "#":
        raise UnsafeEdit(f"the {key} entry has no value; edit it by hand")
    if c in "[{":
        raise UnsafeEdit(f"the {key} entry is not a single value; edit it by hand")
    if c in "\"'":
        end = _toml_string_end(s, start)
    else:
        k = s.find("#", start)
        end = start + len(s[start : len(s) if k < 0 else k].rstrip(" \t"))
    if end < 0 or not _is_tail(s[end:], False):
        raise UnsafeEdit(f"the {key} line has unexpected text after its value; edit it by hand")
    if isinstance(value, bool):
        new = "true" if value else "false"
    elif c in "\"'":
        new = _toml_string(value, c == "'")
    else:
        new = _toml_new_value(value)
    return [s[:start] + new + s[end:] + front.lines[e.first].ending]


def _toml_new_value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if _toml_datetime_ok(value) else _toml_basic(value)


# --------------------------------------------------------------------------- API


def _list_editor(front: _Front, e: _Entry, key: str) -> _ListEditor:
    return _yaml_list(front, e, key) if front.yaml else _toml_list(front, e, key)


def get_list(text: str, key: str) -> list[str] | None:
    """The string items of top-level list `key` as the file writes them (after unquoting),
    None when the key is absent. Raises UnsafeEdit when the entry exists but is not a
    shape set_list can edit."""
    _check_key(key)
    front = _find_front(text)
    entry, _ = _find(front, key)
    if entry is None:
        return None
    return _list_editor(front, entry, key).values


def set_list(text: str, key: str, values: list[str]) -> str:
    """`text` with top-level list `key` replaced by `values`, everything else byte for
    byte the same."""
    _check_key(key)
    values = list(values)
    front = _find_front(text)
    entry, index = _find(front, key)
    if entry is None:
        if not values:
            return text
        eol = front.lines[0].ending
        if front.yaml:
            new = [f"{key}:{eol}"] + [f"  - {_yaml_scalar(v, 'plain', False)}{eol}" for v in values]
        else:
            array = ", ".join(_toml_basic(v) for v in values)
            new = [f"{key} = [{array}]{eol}"]
        return front.splice(index.insert_at, index.insert_at, new)
    editor = _list_editor(front, entry, key)
    return front.splice(entry.first, entry.last + 1, editor.render(values))


def set_scalar(text: str, key: str, value: str | bool) -> str:
    """`text` with top-level scalar `key` set to `value` (bool -> true/false; str written
    plain when safe, quoted otherwise; a date or date-time string is written plain, like
    the existing dates, unless the existing value is quoted). Same byte guarantees."""
    _check_key(key)
    front = _find_front(text)
    entry, index = _find(front, key)
    if entry is None:
        eol = front.lines[0].ending
        line = _yaml_new_scalar(key, value) if front.yaml else f"{key} = {_toml_new_value(value)}"
        return front.splice(index.insert_at, index.insert_at, [line + eol])
    if front.yaml:
        new = _yaml_set_scalar(front, entry, key, value)
    else:
        new = _toml_set_scalar(front, entry, key, value)
    return front.splice(entry.first, entry.last + 1, new)
