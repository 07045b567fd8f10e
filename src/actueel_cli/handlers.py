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


ArticleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


class _BlockDumper(yaml.SafeDumper):
    """Lists indented under their key (`tags:` then `  - a`), as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class YAMLHandler(frontmatter.default_handlers.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
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
