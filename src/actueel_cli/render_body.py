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
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.containers import Renderables
from rich.markdown import Markdown, MarkdownContext, MarkdownElement, TextElement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .markup import PLACEHOLDER, VERBATIM

DIM = "markdown.placeholder"
_THEME = Theme({DIM: "dim", "markdown.footnote_ref": "bold"})

_TAG = re.compile(r"^<(?P<close>/)?(?P<name>[A-Za-z][\w.:-]*)(?P<attrs>.*?)(?P<self>/)?>$", re.S)
_ATTR = re.compile(r"""([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^{}]*)\}|([^\s"'=<>`]+)))?""")
_STYLE_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em",
               "code": "code", "tt": "code", "s": "s", "del": "s", "strike": "s"}  # fmt: skip
_MEDIA = frozenset(
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
        elif name in _MEDIA:
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
        from mdit_py_plugins.footnote import footnote_plugin  # only bodies with footnotes

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


# --- HTML blocks, as lynx -dump shows them --------------------------------------------------------

_PARAGRAPHS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figure",
        "table",
        "ul",
        "ol",
        "dl",
        "pre",
        "details",
        "hr",
        "address",
        "center",
    ]
)
_LINES = frozenset(
    [
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figcaption",
        "summary",
        "li",
        "dt",
        "dd",
        "tr",
        "form",
        "caption",
        "fieldset",
        "legend",
    ]
)
_BOLD = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "th", "summary"])
_ITALIC = frozenset(["i", "em", "cite", "figcaption"])
_HIDDEN = frozenset(["script", "style", "template", "noscript"])


class _Dump(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[RenderableType] = []
        self.text = Text()
        self.styles: list[tuple[str, str]] = []
        self.pre = 0
        self.hidden = 0
        self.lists: list[int | None] = []  # the next number of each open <ol>, None for <ul>
        self.media: str | None = None  # a <video>/<audio> still waiting for its <source>
        self.rows: list[tuple[list[Text], bool]] | None = None  # the table being read
        self.cell: Text | None = None
        self.simple = True
        self.tables = 0

    # where text goes: the cell being read, else the running text
    def _target(self) -> Text:
        return self.cell if self.cell is not None else self.text

    def _style(self) -> str:
        return " ".join(style for _, style in self.styles)

    def _add(self, text: str, style: str = "") -> None:
        target = self._target()
        if not self.pre:
            text = re.sub(r"\s+", " ", text)
            if not target.plain or target.plain.endswith(("\n", " ")):
                text = text.lstrip(" ")
        if text:
            target.append(text, style or self._style() or None)

    def _break(self, lines: int) -> None:
        target = self._target()
        if not target.plain.strip():
            return
        target.rstrip()
        target.append("\n" * lines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _HIDDEN:
            self.hidden += 1
            shown = f"[{tag}: {values['src']}]" if values.get("src") else f"[{tag}]"
            self._add(shown, DIM)
            return
        if tag == "table":
            self._table_start()
        elif self.rows is not None and tag in ("tr", "td", "th"):
            self._table_tag(tag, values)
            return
        if tag in ("video", "audio") and not values.get("src"):
            self.media = tag
        elif tag == "source" and self.media:
            self._add(media_placeholder(self.media, values), DIM)
            self.media = None
        elif tag in _MEDIA and tag != "source":
            self._add(media_placeholder(tag, values), DIM)
        if tag == "br":
            self._target().append("\n")
        elif tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _LINES:
            self._break(1)
        if tag == "li":
            self._list_item()
        elif tag in ("ul", "ol"):
            self.lists.append(int(values.get("start") or 1) if tag == "ol" else None)
        elif tag == "pre":
            self.pre += 1
        elif tag == "hr":
            self._add("───", "dim")
            self._break(2)
        if tag == "span" and values.get("class") in (PLACEHOLDER, VERBATIM):
            self.styles.append((tag, DIM))
        elif tag in _BOLD:
            self.styles.append((tag, "bold"))
        elif tag in _ITALIC:
            self.styles.append((tag, "italic"))
        elif tag in ("code", "tt", "kbd"):
            self.styles.append((tag, "markdown.code"))
        elif tag in ("s", "del", "strike"):
            self.styles.append((tag, "strike"))
        elif tag in ("u", "ins", "a"):
            self.styles.append((tag, "underline"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _MEDIA and tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def _list_item(self) -> None:
        depth = max(len(self.lists) - 1, 0)
        if self.lists and self.lists[-1] is not None:
            number = self.lists[-1]
            self.lists[-1] = number + 1
            self._add("  " * depth + f"{number}. ")
        else:
            self._add("  " * depth + "• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
            return
        if self.rows is not None and tag in ("tr", "td", "th", "table"):
            self._table_tag("/" + tag, {})
            return
        if tag in ("video", "audio") and self.media:
            self._add(f"[{tag}]", DIM)
            self.media = None
        for at in range(len(self.styles) - 1, -1, -1):
            if self.styles[at][0] == tag:
                del self.styles[at:]
                break
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)
        if tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _LINES:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._add(data)

    def handle_comment(self, data: str) -> None:
        self._add(" ".join(f"<!--{data}-->".split()), DIM)

    def handle_decl(self, decl: str) -> None:
        self._add(f"<!{decl}>", DIM)

    def handle_pi(self, data: str) -> None:
        self._add(f"<?{data}>", DIM)

    # tables: a simple one (no spans, no table inside) becomes a Rich table
    def _table_start(self) -> None:
        self.tables += 1
        if self.rows is None:
            self._flush()
            self.rows, self.simple = [], True
        else:
            self.simple = False

    def _table_tag(self, tag: str, values: dict[str, str]) -> None:
        assert self.rows is not None
        if tag == "tr":
            self.rows.append(([], True))
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append(([], True))
            if values.get("colspan", "1") != "1" or values.get("rowspan", "1") != "1":
                self.simple = False
            self.cell = Text()
            cells, header = self.rows[-1]
            cells.append(self.cell)
            self.rows[-1] = (cells, header and tag == "th")
        elif tag in ("/td", "/th"):
            self.cell = None
        elif tag == "/table":
            self.tables -= 1
            if self.tables == 0:
                self._table_end()

    def _table_end(self) -> None:
        rows = [(cells, header) for cells, header in self.rows or [] if cells]
        self.rows, self.cell = None, None
        for cells, _ in rows:
            for cell in cells:
                cell.rstrip()
        if not rows:
            return
        if self.simple:
            table = Table(box=box.SIMPLE, pad_edge=False, show_edge=True, collapse_padding=True,
                          show_header=rows[0][1])  # fmt: skip
            for n in range(max(len(cells) for cells, _ in rows)):
                table.add_column(rows[0][0][n] if rows[0][1] and n < len(rows[0][0]) else "")
            for cells, _ in rows[1:] if rows[0][1] else rows:
                table.add_row(*cells)
            self.parts.append(table)
        else:
            for cells, _ in rows:
                self.text.append_text(Text("  ").join(cells))
                self.text.append("\n")
            self._flush()

    def _flush(self) -> None:
        self.text.rstrip()
        if self.text.plain.strip():
            self.parts.append(self.text)
        self.text = Text()

    def result(self) -> list[RenderableType]:
        self.close()
        if self.rows is not None:  # a table never closed
            self.tables = 1
            self._table_tag("/table", {})
        self._flush()
        return self.parts


def html_parts(html: str) -> list[RenderableType]:
    """An HTML block as a reader of `lynx -dump` would see it."""
    dump = _Dump()
    dump.feed(html)
    return dump.result()


def body(markup: str) -> RenderableType:
    return Body(markup)


def plain(renderables: Iterable[RenderableType], width: int = 80) -> str:
    """What a terminal of `width` columns shows, without styles (for tests and the survey)."""
    out = Console(width=width, color_system=None, force_terminal=False, highlight=False)
    with out.capture() as captured:
        for renderable in renderables:
            out.print(renderable)
    return captured.get()
