"""A new article from the site generator's own template: Hugo's archetypes, Hexo's scaffolds. Pure.

Hugo runs an archetype as a Go template (`title: '{{ replace .File.ContentBaseName "-" " " |
title }}'`, `date: {{ .Date }}`); Hexo fills `{{ title }}` and `{{ date }}` in a scaffold.
`fill` does what they do for the common actions: the file's name, the title made from it, the
date. Any other action (`{{ .Site.Params.author }}`, a `range`) is left as the site wrote it, and
named, so that the editor can fill it in.

In the front matter a title action gets the file's name (letters, digits and hyphens: safe in
any quoting); the caller then writes the real title with fmedit, quoted as it needs. In the body
it gets the title itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACTION = re.compile(r"\{\{(-?)(.*?)(-?)\}\}", re.S)
# What Hugo's page context gives an archetype for the new file's name.
_NAMES = (".Name", ".File.ContentBaseName", ".File.TranslationBaseName", ".TranslationBaseName",
          ".Page.File.ContentBaseName")  # fmt: skip
_NAME_WORDS = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in _NAMES) + r")(?![\w.])")
_TITLE_WORDS = re.compile(r"\b(?:title|humanize|replace)\b")


@dataclass(frozen=True)
class Filling:
    """What the template's actions are filled with."""

    title: str
    name: str  # the file's name without extension; a page bundle's folder (Hugo's .Name)
    file_name: str  # the file name itself without extension (`index` in a bundle)
    date: str  # the date as the generator's own `new` would write it


def fill(text: str, filling: Filling, generator: str) -> tuple[str, list[str]]:
    """`text` (a whole template file) with its actions filled; the actions left as written.
    `generator` "hugo" fills Go template actions, "hexo" Hexo's placeholders; the others
    have none."""
    if generator not in ("hugo", "hexo"):
        return text, []
    body_at = _body_start(text)
    left: list[str] = []
    pieces: list[str] = []
    pos = 0
    for found in _ACTION.finditer(text):
        in_body = found.start() >= body_at
        value = (_hugo if generator == "hugo" else _hexo)(found[2], filling, in_body)
        before = text[pos : found.start()]
        if value is None:
            left.append(found[0])
            pieces.append(before + found[0])
        else:
            pieces.append((before.rstrip(" \t\r\n") if found[1] else before) + value)
        pos = found.end()
        if value is not None and found[3]:  # `-}}` trims the white space after it
            while pos < len(text) and text[pos] in " \t\r\n":
                pos += 1
    pieces.append(text[pos:])
    return "".join(pieces), left


def _hugo(action: str, filling: Filling, in_body: bool) -> str | None:
    words = " ".join(action.replace("`", '"').split())
    if words == ".Date":
        return filling.date
    if words in _NAMES:
        return filling.name
    if words in (".File.BaseFileName", ".BaseFileName"):
        return filling.file_name
    if words == ".Title" or (_NAME_WORDS.search(words) and _TITLE_WORDS.search(words)):
        return filling.title if in_body else filling.name
    return None


def _hexo(action: str, filling: Filling, in_body: bool) -> str | None:
    words = action.strip()
    if words == "title":
        return filling.title if in_body else filling.name
    if words == "date":
        return filling.date
    if words in ("slug", "name"):
        return filling.name
    return None


def _body_start(text: str) -> int:
    """Where the body starts: after the closing line of the front matter (0 without one)."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return 0
    fence = lines[0].lstrip("\ufeff").strip()
    if fence not in ("---", "+++"):
        return 0
    offset = len(lines[0])
    for line in lines[1:]:
        offset += len(line)
        if line.strip() == fence:
            return offset
    return len(text)
