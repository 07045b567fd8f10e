"""HTML blocks of an article body as `lynx -dump` shows them: text without its tags, a simple
table as a table, images and players as placeholders, comments dimmed as written.

Part of the drawing layer, beside render_body.py, which loads it only for a body that holds an
HTML block (html.parser is not otherwise needed by `show`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from .markup import PLACEHOLDER, VERBATIM
from .render_body import DIM, MEDIA, media_placeholder

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
        plain = target.plain
        if not plain.strip() or plain[len(plain.rstrip()) :].count("\n") >= lines:
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
        elif tag in MEDIA and tag != "source":
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
        if tag not in MEDIA and tag not in ("br", "hr"):
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
