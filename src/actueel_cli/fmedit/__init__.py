"""Edit one entry of an article's front matter by splicing text, never by re-dumping it.

The front matter is YAML between ``---`` lines or TOML between ``+++`` lines. Every
function takes the whole file as ``str`` (decoded with plain ``utf-8``, so a BOM is the
first character) and returns the whole file with only the lines of the edited entry
changed: other keys, their order, quoting and comments, line endings, the BOM and the
body stay byte for byte the same. Where an entry has a shape that cannot be edited
safely the functions raise ``UnsafeEdit`` instead of guessing.
"""

from __future__ import annotations

from actueel_cli.errors import UnsafeEdit

from ._lines import (
    _check_key,
    _Entry,
    _find_front,
    _Front,
    _Index,
    _ListEditor,
)
from ._toml import (
    _toml_file_style,
    _toml_fresh,
    _toml_get_scalar,
    _toml_index,
    _toml_list,
    _toml_new_value,
    _toml_set_scalar,
)
from ._yaml import (
    _yaml_file_style,
    _yaml_get_scalar,
    _yaml_index,
    _yaml_list,
    _yaml_new_entry,
    _yaml_new_scalar,
    _yaml_set_scalar,
)

__all__ = [
    "STRING_FORMS",
    "get_list",
    "get_scalar",
    "keys",
    "remove_scalar",
    "set_list",
    "set_scalar",
]

# How a string found where a list is expected is read, as the site's generator reads it:
# "one" tag (Hugo, Eleventy, Astro, Hexo: `tags: post`), "words" (Jekyll: `tags: a b` is two
# tags) or "error" (refused: actueel's own rule, a list).
STRING_FORMS = ("error", "one", "words")


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


# --------------------------------------------------------------------------- API


def _list_editor(front: _Front, e: _Entry, key: str, string_as: str, index: _Index) -> _ListEditor:
    if string_as not in STRING_FORMS:
        raise ValueError(f"string_as must be one of {STRING_FORMS}, not {string_as!r}")
    if front.yaml:
        return _yaml_list(front, e, key, string_as, lambda: _yaml_file_style(front, index, key))
    return _toml_list(front, e, key, string_as, lambda: _toml_file_style(front, index, key))


def get_list(text: str, key: str, string_as: str = "error") -> list[str] | None:
    """The string items of top-level list `key` as the file writes them (after unquoting),
    None when the key is absent. A string value is read as `string_as` says (STRING_FORMS).
    Raises UnsafeEdit when the entry exists but is not a shape set_list can edit."""
    _check_key(key)
    front = _find_front(text)
    entry, index = _find(front, key)
    if entry is None:
        return None
    return _list_editor(front, entry, key, string_as, index).values


def set_list(text: str, key: str, values: list[str], string_as: str = "error") -> str:
    """`text` with top-level list `key` holding `values`, everything else byte for byte the
    same. Only the items that change are written: the others keep their bytes (quoting,
    spacing, separators); a new item is written like its neighbours, and a new entry like the
    file's other lists. No values left removes the entry (unless a comment is on its line),
    so adding an item and removing it again gives back the same bytes."""
    _check_key(key)
    values = list(values)
    front = _find_front(text)
    entry, index = _find(front, key)
    if entry is None:
        if not values:
            return text
        eol = front.lines[0].ending
        if front.yaml:
            new = _yaml_new_entry(key, values, _yaml_file_style(front, index, key), eol)
        else:
            new = [f"{key} = {_toml_fresh(values, _toml_file_style(front, index, key))}{eol}"]
        return front.splice(index.insert_at, index.insert_at, new)
    editor = _list_editor(front, entry, key, string_as, index)
    if values == editor.values:
        return text
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


def keys(text: str) -> list[str]:
    """The top-level keys of the front matter, in order, as the file spells them (TOML's
    dotted keys left out)."""
    front = _find_front(text)
    return [e.key for e in _index(front).entries if e.key is not None]


def _scalar(text: str, key: str) -> tuple[_Front, _Entry | None, str | None, bool]:
    _check_key(key)
    front = _find_front(text)
    entry, _ = _find(front, key)
    if entry is None:
        return front, None, None, False
    read = _yaml_get_scalar if front.yaml else _toml_get_scalar
    value, comment = read(front, entry, key)
    return front, entry, value, comment


def get_scalar(text: str, key: str) -> str | None:
    """The text of top-level one-line value `key` as written (quotes off): `2017-07-17 10:00:00
    +0200`, `true`; None when the key is absent or its value empty. Raises UnsafeEdit for a
    list, a mapping or a value over several lines."""
    return _scalar(text, key)[2]


def remove_scalar(text: str, key: str) -> str | None:
    """`text` without the one-line entry `key` (the same text when it is absent); None when a
    comment on its line would go with it (the caller then changes the value instead)."""
    front, entry, _, comment = _scalar(text, key)
    if entry is None:
        return text
    if comment:
        return None
    return front.splice(entry.first, entry.first + 1, [])
