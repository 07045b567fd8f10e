"""Editing TOML front matter entries."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from actueel_cli.errors import UnsafeEdit

from ._lines import (
    _dq_end,
    _Entry,
    _first_list_style,
    _Front,
    _Index,
    _Inline,
    _is_tail,
    _Item,
    _ListEditor,
    _majority,
    _new_kind,
    _picks,
    _skip_ws,
    _Style,
    unescape,
)

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
    error = f"{where} has a string with an escape this tool cannot read"
    return unescape(body, _TOML_ESCAPES, {"u": 4, "U": 8}, error)


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


def _toml_follow(s: str, i: int, ml: str, depth: int, line: int) -> tuple[str, int]:
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
            ml, depth = _toml_follow(s, 0, ml, depth, i)
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
        ml, depth = _toml_follow(s, k + 1, "", 0, i)
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


def _toml_inline(s: str, i: int, key: str) -> tuple[_Inline, int]:
    """The one-line array at s[i] ('['), each separator as written, and the index after ']'."""
    j = _skip_ws(s, i + 1)
    if s[j : j + 1] == "]":
        return _Inline([], "", [], ""), j + 1
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
        return _Inline(items, pad, seps, s[k:m]), m + 1


def _toml_raw(v: str, kind: str) -> str:
    return _toml_string(v, kind == "sq")


def _toml_fresh(values: list[str], style: _Style) -> str:
    return "[" + style.sep.join(_toml_raw(v, style.kind) for v in values) + "]"


def _toml_file_style(front: _Front, index: _Index, key: str) -> _Style:
    """How this front matter writes its arrays of strings (the first other one with items):
    quoting and separators, so that a new array looks like its neighbours."""
    return _first_list_style(
        index, key, lambda e, k: _toml_list(front, e, k, "error", _Style).style,
        _Style(flow=True, kind="dq"),
    )  # fmt: skip


def _toml_list(
    front: _Front, e: _Entry, key: str, string_as: str, style: Callable[[], _Style]
) -> _ListEditor:
    """The array entry `e` as an editor; a string is read as `string_as` says (see
    _yaml_list)."""
    lines = front.lines
    s = lines[e.first].content
    key_ending = lines[e.first].ending
    start = _skip_ws(s, e.pos)
    if s[start : start + 1] in ("'", '"') and e.first == e.last:
        return _toml_text_list(front, e, key, start, string_as, style)
    if s[start : start + 1] != "[":
        raise UnsafeEdit(f"the {key} entry is not an array; edit it by hand")

    if e.first == e.last:
        inline, end = _toml_inline(s, start, key)
        if not _is_tail(s[end:], False):
            raise UnsafeEdit(f"the {key} line has unexpected text after its value; edit it by hand")

        def render_inline(values: list[str]) -> list[str]:
            if not values:
                return [s[:start] + "[]" + s[end:] + key_ending] if s[end:].strip(" \t") else []
            if inline.items:
                array = "[" + inline.join(values, _toml_raw, style) + "]"
            else:
                array = _toml_fresh(values, style())
            return [s[:start] + array + s[end:] + key_ending]

        own = None
        if inline.items:
            kind = _majority([it.kind for it in inline.items]) or inline.items[-1].kind
            sep = _majority(inline.seps) or (inline.seps[-1] if inline.seps else ", ")
            own = _Style(flow=True, kind=kind, sep=sep)
        return _ListEditor([it.value for it in inline.items], render_inline, own)

    unusual = f"the {key} array is split over lines in a way this tool cannot edit; edit it by hand"
    closing = re.fullmatch(r"[ \t]*\](.*)", lines[e.last].content)
    if s[start + 1 :].strip(" \t") or closing is None or not _is_tail(closing[1], False):
        raise UnsafeEdit(unusual)
    items: list[_Item] = []
    shape: list[tuple[str, str]] = []  # each item's indentation and comma
    where: list[int] = []
    for i in range(e.first + 1, e.last):
        m = _TOML_ITEM_RE.fullmatch(lines[i].content)
        if m is None:
            raise UnsafeEdit(unusual)
        raw = m[2]
        kind = "dq" if raw[0] == '"' else "sq"
        items.append(_Item(raw, kind, _toml_string_value(raw, f"the {key} entry")))
        shape.append((m[1], m[3]))
        where.append(i)
    if any(not comma for _, comma in shape[:-1]):
        raise UnsafeEdit(unusual)
    trailing = bool(shape[-1][1]) if shape else True

    def render_lines(values: list[str]) -> list[str]:
        if not values:
            return [s[:start] + "[]" + closing[1] + key_ending] if closing[1].strip() else []
        out = [front.full(e.first)]
        picks = _picks([it.value for it in items], values)
        for n, (v, pick) in enumerate(zip(values, picks, strict=True)):
            comma = "," if n < len(values) - 1 or trailing else ""
            if pick.old >= 0:
                indent, old_comma = shape[pick.old]
                line = lines[where[pick.old]]
                if old_comma == comma:
                    out.append(line.content + line.ending)
                else:
                    out.append(indent + items[pick.old].raw + comma + line.ending)
                continue
            if pick.source >= 0:  # written like its neighbour
                indent, ending = shape[pick.source][0], lines[where[pick.source]].ending
            else:
                indent, ending = "  ", key_ending
            raw = _toml_raw(v, _new_kind(items, pick, style))
            out.append(indent + raw + comma + ending)
        out.append(front.full(e.last))
        return out

    own = None
    if items:
        own = _Style(flow=True, kind=_majority([it.kind for it in items]) or items[-1].kind)
    return _ListEditor([it.value for it in items], render_lines, own)


def _toml_text_list(
    front: _Front, e: _Entry, key: str, start: int, string_as: str, style: Callable[[], _Style]
) -> _ListEditor:
    """A string where an array is expected (`tags = "post"`), edited as the generator reads
    it: one tag; words are Jekyll's, which has no TOML, so they are refused like "error"."""
    line = front.lines[e.first]
    s = line.content
    if string_as != "one" or s.startswith(('"""', "'''"), start):
        raise UnsafeEdit(f"the {key} entry is not an array; edit it by hand")
    end = _toml_string_end(s, start)
    if end < 0 or not _is_tail(s[end:], False):
        raise UnsafeEdit(f"the {key} line has unexpected text after its value; edit it by hand")
    raw = s[start:end]
    kind = "dq" if raw[0] == '"' else "sq"
    item = _Item(raw, kind, _toml_string_value(raw, f"the {key} entry").strip())
    one = [item] if item.value else []

    def render_one(values: list[str]) -> list[str]:
        if not values:
            return [s[:start] + "[]" + s[end:] + line.ending] if s[end:].strip(" \t") else []
        if values == [item.value]:
            return [front.full(e.first)]
        if len(values) == 1:  # one tag stays a string
            new = _toml_raw(values[0], kind)
        else:  # several: an array, the form the generator reads for more than one
            new = "[" + _Inline(one, "", [], "").join(values, _toml_raw, style) + "]"
        return [s[:start] + new + s[end:] + line.ending]

    return _ListEditor([it.value for it in one], render_one)


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


def _toml_get_scalar(front: _Front, e: _Entry, key: str) -> tuple[str | None, bool]:
    """The value of a one-line entry as written (a string without its quotes, anything else,
    a date, a number, true, as its text), and whether a comment follows it on its line."""
    s = front.lines[e.first].content
    start = _skip_ws(s, e.pos)
    if s.startswith(('"""', "'''"), start) or e.last > e.first:
        raise UnsafeEdit(f"the {key} value spans several lines; edit it by hand")
    c = s[start : start + 1]
    if not c or c == "#":
        return None, c == "#"
    if c in "[{":
        raise UnsafeEdit(f"the {key} entry is not a single value; edit it by hand")
    if c in "\"'":
        end = _toml_string_end(s, start)
        if end < 0:
            raise UnsafeEdit(f"the {key} line has an unterminated string; edit it by hand")
        return _toml_string_value(s[start:end], f"the {key} entry"), bool(s[end:].strip(" \t"))
    k = s.find("#", start)
    return s[start : len(s) if k < 0 else k].rstrip(" \t"), k >= 0
