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
    _toml_basic,
    _toml_index,
    _toml_list,
    _toml_new_value,
    _toml_set_scalar,
)
from ._yaml import (
    _yaml_index,
    _yaml_list,
    _yaml_new_scalar,
    _yaml_scalar,
    _yaml_set_scalar,
)

__all__ = ["get_list", "set_list", "set_scalar"]


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
