"""What survives of a site's template language into `show`, over every article of some folders.

    uv run python benchmarks/markup_survey.py ../shared/real-sites [--lines]

Each body is drawn as `show` draws it at 100 columns, twice: before (Rich's stock Markdown, as
`show` did before issue 14) and after (markup.prepare, then render_body's Markdown). In each
drawing it counts `{{`, `{%`, `[^` and HTML tags (`<p>`, `</div>`, `<br/>`), outside what is
shown on purpose as written: code (Rich draws it on a background colour) and, after, the dimmed
placeholders and template code. `--lines` prints every line where one still survives.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from rich.console import Console, RenderableType
from rich.markdown import Markdown

from actueel_cli.markup import prepare
from actueel_cli.parse import Located, split
from actueel_cli.render import clean
from actueel_cli.render_body import Body

PATTERNS = {
    "{{": re.compile(r"\{\{"),
    "{%": re.compile(r"\{%"),
    "[^": re.compile(r"\[\^"),
    "HTML tag": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
}
WIDTH = 100


def drawn(renderable: RenderableType) -> tuple[list[str], list[str]]:
    """The lines a terminal shows: as they are, and with what is shown on purpose (code, dim)
    blanked out."""
    console = Console(file=io.StringIO(), width=WIDTH, color_system=None, highlight=False)
    lines, counted = [], []
    for line in console.render_lines(renderable, console.options, pad=False):
        text = ""
        for segment in line:
            style = segment.style
            on_purpose = style is not None and (style.dim or style.bgcolor is not None)
            text += " " * len(segment.text) if on_purpose else segment.text
        lines.append("".join(segment.text for segment in line))
        counted.append(text)
    return lines, counted


def count(lines: list[str], body: str) -> Counter[str]:
    """The patterns in `lines`; an HTML tag only when the body holds it as a tag (not `&lt;`)."""
    found: Counter[str] = Counter()
    for line in lines:
        for name, pattern in PATTERNS.items():
            hits = pattern.findall(line)
            found[name] += sum(name != "HTML tag" or hit in body for hit in hits)
    return found


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words += data.split()


def html_words(body: str) -> list[list[str]]:
    """The words of each HTML block of `body` that holds any text."""
    blocks = []
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "html_block":
            parser = _Words()
            parser.feed(token.content)
            if parser.words:
                blocks.append(parser.words)
    return blocks


def shown(blocks: list[list[str]], lines: list[str]) -> int:
    """How many of these HTML blocks a reader sees every word of (a word of a `<script>` or
    `<style>` is never shown: a placeholder stands for them)."""
    words = set(" ".join(lines).split())
    return sum(all(w in words for w in block) for block in blocks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--lines", action="store_true", help="print the lines that survive")
    args = parser.parse_args()
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    files = html_blocks = html_before = html_after = 0
    for folder in args.folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".markdown", ".mdx") or not path.is_file():
                continue
            files += 1
            text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
            try:
                body = clean(split(text)[3])
            except Located:  # no front matter (a README): all of it is body
                body = clean(text)
            old, old_counted = drawn(Markdown(body))
            before += count(old_counted, body)
            now, counted = drawn(Body(prepare(body, "actueel")))
            blocks = html_words(body)
            html_blocks += len(blocks)
            html_before += shown(blocks, old)
            html_after += shown(blocks, now)
            found = count(counted, body)
            after += found
            if args.lines and sum(found.values()):
                for line in counted:
                    if sum(count([line], body).values()):
                        print(f"{path}: {line.strip()}")
    print(
        f"{files} articles, drawn at {WIDTH} columns; outside code and what is dimmed on purpose:"
    )
    print(f"{'':10}{'before':>8}{'after':>8}")
    for name in PATTERNS:
        print(f"{name:10}{before[name]:>8}{after[name]:>8}")
    print(f"HTML blocks holding text: {html_blocks}; every word shown: before {html_before},"
          f" after {html_after}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
