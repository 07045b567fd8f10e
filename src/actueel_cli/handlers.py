"""python-frontmatter handlers for the two front matter formats, with the traps taken out.

- YAML: PyYAML's C loader when present; dates stay text (YAML 1.1 would turn `2017-07-17` into a
  date and `2017-02-30` into a crash), duplicate keys are an error, keys keep their order on export.
- TOML: python-frontmatter's own handler needs the unmaintained `toml` package, so this one reads
  with the standard library's tomllib and writes with tomli-w.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import frontmatter
import tomli_w
import yaml
from yaml import YAMLError

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["TOML", "YAML", "YAMLError", "dumps"]


class ArticleLoader(_Loader):
    """Safe loading, dates left as text, duplicate keys refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` merges another mapping; the safe loader handles it
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} cannot be used as a key", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading the front matter",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class WrittenInt(int):
    """An integer YAML read, with the text it was written as (`source`): `300` gives back
    `300`, but `10:00` (YAML 1.1's base 60) is 600 and `0o17` is 15. The reader takes a number
    as text only where it gives back what was written."""

    source: str


class WrittenFloat(float):
    """A float YAML read, with its text: `2.5` gives back `2.5`, `1.10` gives 1.1."""

    source: str


def _int(loader: ArticleLoader, node: Any) -> int:
    number = WrittenInt(loader.construct_yaml_int(node))
    number.source = node.value
    return number


def _float(loader: ArticleLoader, node: Any) -> float:
    number = WrittenFloat(loader.construct_yaml_float(node))
    number.source = node.value
    return number


ArticleLoader.add_constructor("tag:yaml.org,2002:int", _int)
ArticleLoader.add_constructor("tag:yaml.org,2002:float", _float)

ArticleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


# --- the front matter most articles have, read without PyYAML --------------------------------
#
# Building Python objects is most of what PyYAML's C loader costs (benchmarks/bench.py, cold
# `list`, measures indexing). Front matter as editors and `new` write it is a few `key: value` lines
# and a list of tags, which simple_yaml() reads itself, giving exactly what the loader would. On
# anything else (comments, anchors, escapes, multi-line or nested values, numbers, yes/no, a
# duplicate key, Windows line ends...) it returns None and PyYAML reads the whole block, with its
# own errors. A test compares both on thousands of generated blocks.

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_ITEM = re.compile(r"( *)- (.*)\Z", re.S)
_ESCAPED = re.compile(r'(?:[^"\\]|\\["\\])*')
_ESCAPE = re.compile(r'\\(["\\])')
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _scalar(text: str) -> Any:
    """What a one-line YAML scalar means if it is a plain string or true/false; else None."""
    if not text or text[0] == " " or text[-1] == " " or not text.isprintable():
        return None
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"':
            return None
        if "\\" not in inner:
            return None if '"' in inner else inner
        # Only the escapes \" and \\ (a title quoting someone); any other: PyYAML.
        return _ESCAPE.sub(r"\1", inner) if _ESCAPED.fullmatch(inner) else None
    if first == "'":
        inner = text[1:-1]
        return inner if len(text) >= 2 and text[-1] == "'" and "'" not in inner else None
    if first in _INDICATORS or ": " in text or text[-1] == ":" or " #" in text:
        return None
    special = _RESOLVED.get(first)
    if special is not None and special.match(text):
        return _BOOLS.get(text)  # true/false as PyYAML gives them; numbers, null...: PyYAML
    return text


def _flow_list(text: str) -> list[Any] | None:
    inner = text[1:-1].strip(" ")
    if not inner:
        return []
    if any(c in inner for c in "[]{}:#\"'"):
        return None
    items = [_scalar(part.strip(" ")) for part in inner.split(",")]
    return None if None in items else items


def simple_yaml(fm: str) -> dict[str, Any] | None:
    """`fm` read as PyYAML with ArticleLoader would, if it is simple; else None."""
    if "\r" in fm or "\t" in fm:
        return None
    result: dict[str, Any] = {}
    lines = fm.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        key, colon, rest = line.partition(":")
        if not colon or len(key) > 100 or not _KEY.match(key) or _scalar(key) != key:
            return None
        if key in result:
            return None
        if rest and rest[0] != " ":
            return None
        rest = rest.strip(" ")
        if rest.startswith("[") and rest.endswith("]"):
            value: Any = _flow_list(rest)
        elif rest:
            value = _scalar(rest)
        else:  # a block list on the following lines, or nothing (null)
            items: list[Any] = []
            indent = None
            while i < len(lines) and (found := _ITEM.match(lines[i])):
                if indent is None:
                    indent = found[1]
                if found[1] != indent:
                    return None
                items.append(_scalar(found[2]))
                i += 1
            if indent is None:
                if i < len(lines) and lines[i].startswith(" "):
                    return None  # a nested mapping or a continued value
                result[key] = None
                continue
            value = items if None not in items else None
            if i < len(lines) and lines[i].startswith(" "):
                return None
        if value is None:
            return None
        result[key] = value
    return result if result else None


# Per first character, one pattern for every implicit type PyYAML could give a plain scalar.
_RESOLVED = {
    first: re.compile("|".join(f"(?:{regexp.pattern})" for _, regexp in found), re.X)
    for first, found in ArticleLoader.yaml_implicit_resolvers.items()
    if first
}
_BOOLS = {word: value for value in (True, False) for word in (str(value), str(value).lower(),
          str(value).upper())}  # fmt: skip


class _BlockDumper(yaml.SafeDumper):
    """Lists indented under their key (`tags:` then `  - a`), as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class YAMLHandler(frontmatter.default_handlers.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        simple = simple_yaml(fm)
        if simple is not None:
            return simple
        return yaml.load(fm, Loader=ArticleLoader)  # noqa: S506 - a safe loader

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        text = yaml.dump(
            metadata,
            Dumper=_BlockDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=1000,
        )
        return str(text).strip()


class TOMLHandler(frontmatter.default_handlers.BaseHandler):
    # python-frontmatter refuses a handler without one; we never split with it (parse.split does)
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomli_w.dumps(metadata).strip()


YAML = YAMLHandler()
TOML = TOMLHandler()


def dumps(metadata: dict[str, object], body: str, fm_format: str) -> str:
    """A new article file: front matter in the given key order, a blank line, the body."""
    handler = YAML if fm_format == "yaml" else TOML
    block = handler.export(metadata)
    body = body.lstrip("\r\n")
    if body and not body.endswith("\n"):
        body += "\n"
    return f"{handler.START_DELIMITER}\n{block}\n{handler.END_DELIMITER}\n\n{body}"
