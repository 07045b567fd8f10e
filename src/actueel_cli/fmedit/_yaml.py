"""Editing YAML front matter entries."""

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
# A date or date-time as site generators write it (ISO 8601, Jekyll's `2017-07-17 10:00:00 +0200`,
# Hexo's `2013/7/13 20:46:25`): written without quotes, like the dates already there.
_YAML_DATETIME_RE = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?"
    r"(?:[ \t]*(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?))?)?",
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
    error = f"{what} has a quoted string with an unknown escape; edit it by hand"
    return unescape(body, _YAML_ESCAPES, _HEX_LENGTHS, error)


# What YAML readers take for something other than a string when it is written without quotes:
# YAML 1.1 (PyYAML, Ruby's Psych) and 1.2 (js-yaml, Go) numbers, times and dates. Anything else
# that starts with a digit or a dot (`64 bit`, `5.0.3.1`, `.net`) is a string to all of them.
_RETYPED_RE = re.compile(
    r"""[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)
      | [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
      | [-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+).*)?""",
    re.VERBOSE | re.DOTALL,
)


def _retyped(v: str) -> bool:
    """Whether a YAML reader takes plain `v` for a number, a time or a date."""
    return _RETYPED_RE.fullmatch(v) is not None


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
    if _retyped(v):
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


def _yaml_flow(s: str, start: int, end: int, key: str) -> _Inline:
    """The items of the flow list s[start:end] and the text around each of them."""
    close = end - 1
    j = _skip_ws(s, start + 1)
    if j >= close:
        return _Inline([], "", [], "")
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
        return _Inline(items, pad, seps, s[k:close])


def _flow_raw(v: str, kind: str) -> str:
    return _yaml_scalar(v, kind, True)


def _yaml_list(
    front: _Front, e: _Entry, key: str, string_as: str, style: Callable[[], _Style]
) -> _ListEditor:
    """The list entry `e` as an editor. `string_as` says how a string value is read: "one"
    tag, "words" (Jekyll's `tags: a b`), or "error"; `style` gives the file's own way of
    writing lists, for a list made from nothing."""
    lines = front.lines
    s = lines[e.first].content
    key_ending = lines[e.first].ending
    start, end = _yaml_value_span(s, e.pos, key)
    value = s[start:end]
    more = e.last > e.first
    after = (s[end:] if value else s[e.pos :]).strip(" \t")

    def emptied() -> list[str]:
        """No values left: the entry goes, unless a comment on its line would go with it."""
        return [_with_value(s, e.pos, start, end, "[]") + key_ending] if after else []

    if value in _YAML_NULLS or (not value and not more):
        if more:
            raise UnsafeEdit(f"the {key} entry has lines after a null value; edit it by hand")

        def render_null(values: list[str]) -> list[str]:
            if not values:
                return [front.full(e.first)]
            flow, items = _yaml_fresh(values, style(), key_ending)
            if flow:
                return [_with_value(s, e.pos, start, end, flow) + key_ending]
            return [_without_value(s, e.pos, start, end) + key_ending, *items]

        return _ListEditor([], render_null)

    if not value:
        return _yaml_block_list(front, e, key, emptied, style)
    c = value[0]
    if c in "&*!":
        raise UnsafeEdit(f"the {key} entry uses YAML anchors, aliases or tags; edit it by hand")
    if c in "|>":
        raise UnsafeEdit(f"the {key} entry is a block scalar, not a list; edit it by hand")
    if more:
        raise UnsafeEdit(f"the {key} entry continues over several lines; edit it by hand")
    if c != "[":
        return _yaml_text_list(front, e, key, (start, end), string_as, emptied, style)
    inline = _yaml_flow(s, start, end, key)

    def render_flow(values: list[str]) -> list[str]:
        if not values:
            return emptied()
        if not inline.items:  # `[]`: written as the file writes its lists
            flow_style = style()._replace(flow=True)
            flow, _ = _yaml_fresh(values, flow_style, key_ending)
        else:
            flow = "[" + inline.join(values, _flow_raw, style) + "]"
        return [_with_value(s, e.pos, start, end, flow) + key_ending]

    own = None
    if inline.items:
        kind = _majority([it.kind for it in inline.items]) or inline.items[-1].kind
        sep = _majority(inline.seps) or (inline.seps[-1] if inline.seps else ", ")
        own = _Style(flow=True, kind=kind, sep=sep)
    return _ListEditor([it.value for it in inline.items], render_flow, own)


def _yaml_fresh(values: list[str], style: _Style, eol: str) -> tuple[str, list[str]]:
    """A new list written in `style`: (its flow text, "" for a block list; the block's lines)."""
    if style.flow:
        return "[" + style.sep.join(_yaml_scalar(v, style.kind, True) for v in values) + "]", []
    lead = style.indent + "-" + style.dash
    return "", [lead + _yaml_scalar(v, style.kind, False) + eol for v in values]


def _yaml_new_entry(key: str, values: list[str], style: _Style, eol: str) -> list[str]:
    flow, items = _yaml_fresh(values, style, eol)
    return [f"{key}: {flow}{eol}"] if flow else [f"{key}:{eol}", *items]


def _yaml_file_style(front: _Front, index: _Index, key: str) -> _Style:
    """How this front matter writes its lists (the first other list with items), so that a
    new one looks like its neighbours: block or flow, indentation, quoting, separators."""
    return _first_list_style(
        index, key, lambda e, k: _yaml_list(front, e, k, "error", _Style).style, _Style()
    )


def _yaml_block_list(
    front: _Front,
    e: _Entry,
    key: str,
    emptied: Callable[[], list[str]],
    style: Callable[[], _Style],
) -> _ListEditor:
    lines = front.lines
    items: list[_Item] = []
    where: list[int] = []  # the line of each item
    at: list[int] = []  # where its value starts on that line
    indent = ""
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
            indent = m[1]
        elif m[1] != indent:
            raise UnsafeEdit(f"the {key} list items are not indented alike; edit it by hand")
        items.append(_yaml_block_item(m[3], key))
        where.append(i)
        at.append(m.start(3))

    def render_block(values: list[str]) -> list[str]:
        if not values:
            return emptied()
        out = [front.full(e.first)]
        for v, pick in zip(values, _picks([it.value for it in items], values), strict=True):
            if pick.old >= 0:
                out.append(front.full(where[pick.old]))
                continue
            line = lines[where[pick.source]]  # a new item is written like its neighbour
            raw = _yaml_scalar(v, _new_kind(items, pick, style), False)
            out.append(line.content[: at[pick.source]] + raw + line.ending)
        return out

    first = _YAML_ITEM_RE.match(lines[where[0]].content)
    assert first is not None
    kind = _majority([it.kind for it in items]) or items[-1].kind
    own = _Style(flow=False, indent=indent, dash=first[2], kind=kind)
    return _ListEditor([it.value for it in items], render_block, own)


# --------------------------------------------------------------------------- a string of tags

_SPACES_RE = re.compile(r"[ \t]+")


def _yaml_text_list(
    front: _Front,
    e: _Entry,
    key: str,
    span: tuple[int, int],
    string_as: str,
    emptied: Callable[[], list[str]],
    style: Callable[[], _Style],
) -> _ListEditor:
    """A string where a list is expected, edited as the generator reads it: one tag
    (`tags: post`, Eleventy) or words (`tags: a b`, Jekyll); refused for "error"."""
    line = front.lines[e.first]
    s, (start, end) = line.content, span
    raw = s[start:end]
    if string_as == "error" or raw[0] in "{":
        raise UnsafeEdit(f"the {key} entry is not a list; edit it by hand")
    kind = {'"': "dq", "'": "sq"}.get(raw[0], "plain")
    if kind == "plain":
        _yaml_plain_item(raw, key, flow=False)  # refuses what is not a plain string
        text = raw
    else:
        text = _yaml_quoted_item(raw, 0, key)[0].value

    def keep_line() -> list[str]:
        return [front.full(e.first)]

    def with_value(new: str) -> list[str]:
        return [_with_value(s, e.pos, start, end, new) + line.ending]

    if string_as == "one":
        item = _Item(raw, kind, text.strip())
        one = [item] if item.value else []

        def render_one(values: list[str]) -> list[str]:
            if not values:
                return emptied()
            if len(values) == 1:  # one tag stays a string
                return (
                    keep_line()
                    if values == [item.value]
                    else with_value(_yaml_scalar(values[0], kind, False))
                )
            # several: a list, the form the generator reads for more than one
            kept = [
                it if it.kind != "plain" or _yaml_plain_ok(it.value, True)
                else it._replace(raw=_yaml_dq(it.value))
                for it in one
            ]  # fmt: skip
            return with_value("[" + _Inline(kept, "", [], "").join(values, _flow_raw, style) + "]")

        return _ListEditor([it.value for it in one], render_one)

    inner = raw[1:-1] if kind != "plain" else raw
    words = _words(inner, kind, key)
    if [w.value for w in words.items] != text.split():
        raise UnsafeEdit(
            f"the {key} entry is a string of words with escaped spaces; edit it by hand"
        )

    def new_word(v: str, _kind: str) -> str:
        if not v or any(c.isspace() for c in v):
            raise UnsafeEdit(
                f"the {key} entry is a string of words ({key}: a b), so {v!r} cannot be "
                f"written in it; write the {key} as a list to add it"
            )
        if kind == "sq":
            return v.replace("'", "''")
        if kind == "dq":
            return _yaml_dq(v)[1:-1]
        if v[0] in "#" or v.endswith(":") or not _yaml_sq_ok(v):
            raise UnsafeEdit(
                f"the {key} entry is a string of words ({key}: a b) without quotes, so {v!r} "
                f"cannot be written in it; put the string in quotes or write the {key} as a list"
            )
        return v

    def render_words(values: list[str]) -> list[str]:
        if not values:
            return emptied()
        joined = words.join(values, new_word, lambda: _Style(sep=" "))
        if kind != "plain":
            return with_value(raw[0] + joined + raw[-1])
        first = joined.split()[0]
        new_first = not (words.items and first == words.items[0].raw)
        alone = first == joined  # one word: YAML may read it as yes/no or null
        if joined != raw and (
            (new_first and not _yaml_plain_ok(first, False))
            or (alone and first.lower() in _YAML_WORDS)
        ):
            raise UnsafeEdit(
                f"the {key} entry is a string of words ({key}: a b) without quotes, which "
                f"{first!r} cannot start or be alone in; put it in quotes or write a list"
            )
        return with_value(joined)

    return _ListEditor([w.value for w in words.items], render_words)


def _words(inner: str, kind: str, key: str) -> _Inline:
    """The words of a string's text as written (quotes off, escapes in), with the spaces
    between them."""
    parts = _SPACES_RE.split(inner)
    spaces = _SPACES_RE.findall(inner)
    pad = tail = ""
    if parts and parts[0] == "":
        parts.pop(0)
        pad = spaces.pop(0) if spaces else ""
    if parts and parts[-1] == "":
        parts.pop()
        tail = spaces.pop() if spaces else ""
    items = []
    for word in parts:
        if kind == "dq":
            value = _yaml_unescape(word, f"the {key} entry")
        elif kind == "sq":
            value = word.replace("''", "'")
        else:
            value = word
        items.append(_Item(word, kind, value))
    return _Inline(items, pad, spaces, tail)


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


def _yaml_get_scalar(front: _Front, e: _Entry, key: str) -> tuple[str | None, bool]:
    """The value of a one-line scalar entry as YAML reads its text (quotes off; None when it
    is empty or null), and whether a comment follows it on its line."""
    s = front.lines[e.first].content
    start, end = _yaml_value_span(s, e.pos, key)
    raw = s[start:end]
    if e.last > e.first:
        raise UnsafeEdit(f"the {key} value spans several lines; edit it by hand")
    if raw[:1] in ("[", "{", "&", "*", "!", "|", ">"):
        raise UnsafeEdit(f"the {key} entry is not a single value; edit it by hand")
    comment = bool((s[end:] if raw else s[e.pos :]).strip(" \t"))
    if not raw or raw in _YAML_NULLS:
        return None, comment
    if raw[0] in "\"'":
        return _yaml_quoted_item(raw, 0, key)[0].value, comment
    return raw, comment
