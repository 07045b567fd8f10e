"""The article body on a terminal: Rich's Markdown, taught what real bodies hold.

Part of the drawing layer: render.py imports it when it draws a page (so plain and JSON output
never load Rich), and like render.py it is allowed to import Rich. It draws what
`markup.prepare` writes (placeholders and template code as written, both dim), footnotes
(markdown-it's footnote plugin, loaded only for a body that has one), `<br>` inside table cells,
inline HTML (tags removed; bold, italics, code and links kept; images and videos as
placeholders), and HTML blocks: a simple table as a table, anything else as text with the tags
removed, as `lynx -dump` would. Nothing a writer typed disappears without a trace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.containers import Renderables
from rich.markdown import Markdown, MarkdownContext, MarkdownElement, TextElement
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme

from .markup import PLACEHOLDER, VERBATIM

DIM = "markdown.placeholder"  # the style of placeholders and of template code shown as written
_THEME = Theme({DIM: "dim", "markdown.footnote_ref": "bold"})

_TAG = re.compile(r"^<(?P<close>/)?(?P<name>[A-Za-z][\w.:-]*)(?P<attrs>.*?)(?P<self>/)?>$", re.S)
_ATTR = re.compile(r"""([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^{}]*)\}|([^\s"'=<>`]+)))?""")
_STYLE_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em",
               "code": "code", "tt": "code", "s": "s", "del": "s", "strike": "s"}  # fmt: skip
MEDIA = frozenset(
    ["img", "image", "video", "audio", "iframe", "embed", "object", "source", "picture"]
)


def attributes(text: str) -> dict[str, str]:
    found = {}
    for name, *values in _ATTR.findall(text):
        found[name.lower()] = next((v for v in values if v), "")
    return found


def media_placeholder(tag: str, attrs: dict[str, str]) -> str:
    """`[image: src — alt]`, `[video: src]`: what an HTML image or player shows on the site."""
    kind = "image" if tag in ("img", "image", "picture") else tag
    target = attrs.get("src") or attrs.get("data") or attrs.get("href") or ""
    caption = attrs.get("alt") or attrs.get("title") or ""
    text = kind + (f": {target}" if target else "")
    if caption:
        text += f" — {caption}" if target else f": {caption}"
    return f"[{' '.join(text.split())}]"


# --- tokens: what Rich's Markdown does not know, turned into what it does -----------------------


def _styled(tag: str, text: str) -> list[Token]:
    return [Token("actueel_open", tag, 1), Token("text", "", 0, content=text),
            Token("actueel_close", tag, -1)]  # fmt: skip


def _span_text(tokens: Sequence[Token]) -> str:
    return "".join(" " if t.type in ("softbreak", "hardbreak") else t.content for t in tokens)


def _inline(children: list[Token]) -> list[Token]:
    """Inline HTML and footnote references as Rich's Markdown can draw them."""
    out: list[Token] = []
    closing: dict[int, list[Token]] = {}  # index of a closing tag -> what it becomes
    i = 0
    while i < len(children):
        token = children[i]
        i += 1
        if token.type == "footnote_ref":
            out += _styled("footnote_ref", f"[{int(token.meta['id']) + 1}]")
            continue
        if token.type != "html_inline":
            out.append(token)
            continue
        if i - 1 in closing:
            out += closing.pop(i - 1)
            continue
        raw = token.content
        tag = _TAG.match(raw)
        if tag is None:  # a comment, a declaration: shown dimmed as written
            out += _styled("placeholder", " ".join(raw.split()))
            continue
        name = tag.group("name").lower()
        attrs = attributes(tag.group("attrs"))
        if tag.group("close"):
            continue  # a closing tag we made nothing of: removed, its text stays
        if name == "br":
            out.append(Token("hardbreak", "br", 0))
            if i < len(children) and children[i].type == "text":  # as HTML folds it
                children[i].content = children[i].content.lstrip()
        elif name in MEDIA:
            out += _styled("placeholder", media_placeholder(name, attrs))
        elif name == "span" and attrs.get("class") in (PLACEHOLDER, VERBATIM):
            end = _matching(children, i, "span")
            if end is None:
                continue
            out += _styled("placeholder", _span_text(children[i:end]))
            i = end + 1
        elif name in _STYLE_TAGS or (name == "a" and attrs.get("href")):
            end = _matching(children, i, name)
            if end is None or tag.group("self"):
                continue
            if name == "a":
                out.append(Token("link_open", "a", 1, attrs={"href": attrs["href"]}))
                closing[end] = [Token("link_close", "a", -1)]
            else:
                out.append(Token("actueel_open", _STYLE_TAGS[name], 1))
                closing[end] = [Token("actueel_close", _STYLE_TAGS[name], -1)]
        elif name == "kbd":
            out.append(token)  # Rich's own
    return out


def _matching(children: list[Token], start: int, name: str) -> int | None:
    """The index of the tag that closes `name` opened just before `start`, if there is one."""
    depth = 0
    for j in range(start, len(children)):
        token = children[j]
        if token.type != "html_inline":
            continue
        tag = _TAG.match(token.content)
        if tag is None or tag.group("name").lower() != name or tag.group("self"):
            continue
        if not tag.group("close"):
            depth += 1
        elif depth:
            depth -= 1
        else:
            return j
    return None


def tokens(markup: str) -> list[Token]:
    parser = MarkdownIt().enable("strikethrough").enable("table")
    if "[^" in markup or "^[" in markup:
        from mdit_py_plugins.footnote import footnote_plugin  # start-up: only for footnotes

        parser.use(footnote_plugin)
    found = []
    for token in parser.parse(markup):
        if token.type == "footnote_anchor":
            continue  # the "back to the text" arrow the HTML adds: nothing a writer typed
        if token.children:
            token.children = _inline(token.children)
        found.append(token)
    return found


# --- elements ----------------------------------------------------------------------------------


class HtmlBlock(MarkdownElement):
    """An HTML block: a simple table as a table, anything else as text without its tags."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        from .render_html import html_parts  # start-up: only bodies with HTML blocks

        parts = html_parts(token.content)
        return cls(parts) if parts else _Nothing()

    def __init__(self, parts: list[RenderableType]) -> None:
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts


class _Nothing(MarkdownElement):
    """An HTML block that shows nothing (`</div>`): no blank line for it either."""

    new_line: ClassVar[bool] = False


class Footnote(TextElement):
    style_name = "none"

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        return cls(int(token.meta.get("id", 0)) + 1)

    def __init__(self, number: int) -> None:
        self.number = number
        self.elements = Renderables()

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        self.elements.append(child)
        return False


class Footnotes(MarkdownElement):
    """The footnotes at the end, numbered as their references in the text: `[1] text`."""

    def __init__(self) -> None:
        self.notes: list[Footnote] = []

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        if isinstance(child, Footnote):
            self.notes.append(child)
        return False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max((len(f"[{n.number}] ") for n in self.notes), default=4)
        label_style = console.get_style("markdown.footnote_ref", default="none")
        inner = options.update(width=max(options.max_width - width, 10))
        yield Segment("─" * min(20, options.max_width), Style(dim=True))
        yield Segment.line()
        for note in self.notes:
            lines = console.render_lines(note.elements, inner)
            for n, line in enumerate(lines):
                label = f"[{note.number}]".ljust(width) if n == 0 else " " * width
                yield Segment(label, label_style if n == 0 else None)
                yield from line
                yield Segment.line()


class Body(Markdown):
    """Rich's Markdown with the tokens above, footnotes, HTML blocks and dimmed placeholders."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "html_block": HtmlBlock,
        "footnote_block_open": Footnotes,
        "footnote_open": Footnote,
    }
    inlines = {*Markdown.inlines, "placeholder", "footnote_ref"}

    def __init__(self, markup: str) -> None:
        super().__init__("")  # Rich's own parser, given nothing: ours parses below
        self.markup = markup
        self.parsed = tokens(markup)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        console.push_theme(_THEME)
        try:
            yield from super().__rich_console__(console, options)
        finally:
            console.pop_theme()


def body(markup: str) -> RenderableType:
    return Body(markup)
