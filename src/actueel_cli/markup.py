"""The body pre-pass: what a site's template language would draw, written as CommonMark.

Static-site generators run a template language over an article's body before its Markdown
becomes HTML: Hugo's shortcodes, Jekyll's Liquid and kramdown's attribute lists, the tags of
Hexo and Eleventy, MDX's imports and components in Astro. `prepare` turns those into CommonMark
that reads well on a terminal (`show`) and as HTML (`build`): one pre-pass, two outputs. It is
pure: text in, text out; the archive is reached only through `title_for`.

Output conventions (what a renderer may style):

- A *placeholder* stands for what the site would draw and text cannot: a video, an embed, a
  figure, an included file. It is one inline HTML span on one line, its text
  `[kind: target — caption]`, `[kind: target]` or `[kind]`:
  `<span class="actueel-placeholder">[youtube: zSeKL2-_sVg]</span>`. A terminal shows it dim.
- Template code that cannot be run here (`{% assign x = 1 %}`, `{{ site.title }}`, an unknown
  shortcode) is shown *as written*: `<span class="actueel-verbatim">{{ site.title }}</span>`.
  A terminal shows it dim. Nothing a writer typed is dropped.
- The text in both spans is escaped to mean the same as Markdown and inside an HTML block:
  `& < >` as `&amp; &lt; &gt;`, and `` # \\ ` * _ [ ] | ~ `` as numeric character references.
- A paired shortcode (or MDX component) with a `title=` (or `summary=`, `header=`, `heading=`)
  becomes an ATX heading one level below the heading above it (`##` when there is none, at most
  `######`) where its opening tag stood alone on a line, else the title in `**bold**`; its
  content follows as Markdown. Without a title its opening tag becomes a placeholder. A closing
  tag leaves nothing.
- A code tag (`{% highlight ruby %}`, `{% codeblock lang:js %}`, `{{< highlight go >}}`) becomes
  a fenced code block with the language as its info string, its lines as they were.
- A link to another article (`relref`, `ref`, `post_url`, `link`, `post_link`): as a link's
  destination, the target as written (`[name](<x.md> "Its title")`, with the linked article's
  title as the link title when `title_for` knows it); standing alone, a link whose text is that
  title, or the target as plain text when the title is unknown.
- kramdown attribute lists (`{: #id .class}`) and heading ids (`## Title {#id}`) leave nothing.
- Code (fenced, indented, inline) is left as it is, except that Hugo's escaped shortcodes
  (`{{</* x */>}}`) become what Hugo shows (`{{< x >}}`) and `{% raw %}` tags go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

TitleFor = Callable[[str], "str | None"]
Pass = Callable[["_Work", str], str]

PLACEHOLDER = "actueel-placeholder"
VERBATIM = "actueel-verbatim"

# a body with none of these holds nothing for the passes: it is returned as it is, at once
_MAYBE = re.compile(r"\{[{%:#]|^(?:import|export)\s|<[A-Z]", re.M)

_ESCAPES = {c: f"&#{ord(c)};" for c in "#\\`*_[]|~"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_KEEP = re.compile("\ue000(\\d+)\ue001")


def escape(text: str) -> str:
    """Text that means the same as CommonMark inline text and inside an HTML block."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], " ".join(text.split()))


def placeholder(kind: str, target: str = "", caption: str = "") -> str:
    text = kind
    if target:
        text += f": {target}"
    if caption:
        text += f" — {caption}" if target else f": {caption}"
    return f'<span class="{PLACEHOLDER}">[{escape(text)}]</span>'


def verbatim(text: str) -> str:
    return f'<span class="{VERBATIM}">{escape(text)}</span>'


class _Work:
    """The text being prepared, with the pieces already done (or never to be touched) kept aside
    behind markers, so that no later pass reads them again."""

    def __init__(self, title_for: TitleFor | None) -> None:
        self.kept: list[str] = []
        self.title_for = title_for

    def keep(self, text: str) -> str:
        self.kept.append(text)
        return f"\ue000{len(self.kept) - 1}\ue001"

    def restore(self, text: str) -> str:
        return _KEEP.sub(lambda m: self.restore(self.kept[int(m.group(1))]), text)

    def link(self, target: str, text: str, start: int, end: int, label: str = "") -> str:
        """A link to another article, written for where it stands (see the module's notes)."""
        title = self.title_for(target) if self.title_for and target else None
        where = url_context(text, start)
        if where == "inside":
            return self.keep(_destination(target).replace(" ", "%20"))
        if where == "destination":
            before = text[text.rfind("\n", 0, start) + 1 : start]
            after = text[end : end + 40]
            closes = re.match(r"\s*\)", after) or ("]:" in before and not after.split("\n")[0])
            titled = f' "{_quoted(title)}"' if title and closes else ""
            return self.keep(f"<{_destination(target)}>{titled}")
        if where == "attribute":
            return self.keep(target.replace("&", "&amp;").replace('"', "&quot;"))
        shown = label or title
        if shown:
            return self.keep(f"[{escape(shown)}](<{_destination(target)}>)")
        return self.keep(escape(target))


# a link's destination so far: inline `](...`, or a reference definition `[label]: ...`
_DESTINATION = re.compile(
    r"(?:\]\(|^ {0,3}\[(?!\^)[^\]]+\]:)[ \t]*(?:(?P<bracketed><[^<>\n]*)|(?P<bare>[^\s()<>]*))$"
)
_ATTRIBUTE = re.compile(r"""\s[\w:-]+\s*=\s*["'][^"'\n]*$""")


def url_context(text: str, start: int) -> str:
    """Where a tag at `start` stands: at the start of a link's destination ("destination"), later
    in one or inside `<...>` ("inside"), in an HTML attribute ("attribute"), or in text ("").
    Only text is seen by a reader."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    found = _DESTINATION.search(before)
    if not found and line_start:  # a definition's destination may start on the next line
        label = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
        if re.fullmatch(r" {0,3}\[(?!\^)[^\]]+\]:[ \t]*", label):
            found = _DESTINATION.search(label + before.lstrip())
    if found:
        return "destination" if found.group("bare") == "" else "inside"
    return "attribute" if _ATTRIBUTE.search(before) else ""


def in_url(text: str) -> str:
    """A tag left in a URL nobody reads, without the spaces that would end the URL there."""
    return re.sub(r"\s+", "", text)


def _destination(target: str) -> str:
    return target.replace("<", "%3C").replace(">", "%3E").replace("\n", " ")


def _quoted(title: str) -> str:
    return " ".join(title.split()).replace("\\", "\\\\").replace('"', '\\"')


# --- arguments -------------------------------------------------------------------------------

_ARG = re.compile(
    r"""(?:(?P<key>[\w-]+)\s*=\s*)?"""
    r"""(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""",
    re.S,
)


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A tag's positional and named arguments: `a "b c" key="d"` -> (['a', 'b c'], {'key': 'd'})."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _ARG.finditer(text):
        value = next(v for v in m.group("dq", "sq", "bq", "bare") if v is not None)
        if m.group("dq") is not None:
            value = re.sub(r"\\(.)", r"\1", value)
        if m.group("key"):
            named[m.group("key").lower()] = value
        else:
            positional.append(value)
    return positional, named


_TITLE_KEYS = ("title", "summary", "header", "heading")
_CAPTION_KEYS = ("caption", "title", "alt", "attr")
_TARGET_KEYS = ("id", "src", "url", "href", "link", "file", "path", "slug")
EMBEDS = frozenset(
    [
        "youtube",
        "vimeo",
        "tweet",
        "twitter",
        "x",
        "instagram",
        "gist",
        "speakerdeck",
        "slideshare",
        "video",
        "audio",
        "iframe",
        "jsfiddle",
        "codepen",
        "asciinema",
        "loom",
        "bluesky",
        "mastodon",
        "embed",
        "oembed",
    ]
)
IMAGES = frozenset(["figure", "img", "image", "asset_img", "picture"])
INCLUDES = frozenset(["include", "include_relative", "include_cached", "render", "partial"])


def _first(named: dict[str, str], keys: Iterable[str]) -> str:
    return next((named[k] for k in keys if named.get(k)), "")


def _embed(kind: str, positional: list[str], named: dict[str, str]) -> str:
    target = _first(named, _TARGET_KEYS)
    if "user" in named and target:
        target = f"{named['user']}/{target}"
    if not target and positional:
        target = "/".join(positional) if kind in ("gist", "tweet", "twitter") else positional[0]
    return placeholder(kind, target, _first(named, _CAPTION_KEYS))


def _image(kind: str, positional: list[str], named: dict[str, str]) -> str:
    target = _first(named, ("src", "file", "path", "url", "link"))
    words = [w for w in positional if not re.fullmatch(r"\d+(px|%)?", w)]
    if not target:
        paths = [w for w in words if "." in w or "/" in w]
        target = paths[0] if paths else ""
        words = [w for w in words if w != target]
    caption = _first(named, _CAPTION_KEYS) or " ".join(words)
    return placeholder("figure" if kind in ("figure", "image", "img") else "image", target, caption)


def _heading(text: str, start: int, end: int, title: str) -> str:
    """A paired tag's title: a heading where the tag stands alone on its line, else bold."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return f"**{escape(title)}**"
    above = re.findall(r"^ {0,3}(#{1,6})(?:[ \t]|$)", text[:line_start], re.M)
    level = min(len(above[-1]) + 1, 6) if above else 2
    return "#" * level + " " + escape(title)


# --- code: blocks made by tags, and code the passes never read ----------------------------------

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_TAG = re.compile(
    r"^(?P<indent>[ \t]*)(?:"
    r"\{%-?\s*(?P<liquid>highlight|codeblock|code|katex|mathjax|math)\b(?P<largs>[^%]*?)\s*-?%\}"
    r"|\{\{(?P<d>[<%])\s*(?P<hugo>highlight)\b(?P<hargs>.*?)\s*[>%]\}\}"
    r")(?P<rest>.*)$"
)
_MATH = ("katex", "mathjax", "math")


def _code_tags(work: _Work, text: str, liquid: bool, hugo: bool) -> str:
    """Code blocks written as tags become fenced code blocks, their lines untouched."""
    lines = text.split("\n")
    out: list[str] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = "" if not line.strip()[len(opened.group(1)) :].strip() else fence
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        m = _CODE_TAG.match(line)
        name = ""
        if m is not None:
            name = (m.group("liquid") or "") if liquid else ""
            name = name or ((m.group("hugo") or "") if hugo else "")
        if m is None or not name:
            out.append(line)
            continue
        end = (
            re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}")
            if m.group("liquid")
            else re.compile(r"\{\{[<%]\s*/" + name + r"\s*[>%]\}\}")
        )
        body = [m.group("rest")] if m.group("rest").strip() else []
        j = i
        while j < len(lines) and not end.search(lines[j]):
            j += 1
        if j == len(lines):  # never closed: left as written, for the other passes
            out.append(line)
            continue
        closing = end.search(lines[j])
        assert closing is not None
        body_end = [lines[j][: closing.start()]] if lines[j][: closing.start()].strip() else []
        code = body + lines[i:j] + body_end
        args = m.group("largs") if m.group("liquid") else m.group("hargs")
        lang, caption = _code_language(name, args or "")
        indent = m.group("indent")
        ticks = max([3, *(len(r) + 1 for c in code for r in re.findall(r"`+", c))])
        if caption:
            out.append(indent + work.keep(placeholder("code", caption)))
        out.append(indent + "`" * ticks + lang)
        out += code
        out.append(indent + "`" * ticks)
        if lines[j][closing.end() :].strip():
            out.append(indent + lines[j][closing.end() :].strip())
        i = j + 1
    return "\n".join(out)


def _code_language(name: str, args: str) -> tuple[str, str]:
    """(language, caption) of a code tag: `highlight ruby linenos`, `codeblock Title lang:js`."""
    if name in _MATH:
        return "latex", ""
    positional, named = arguments(args.replace(",", " "))
    if name in ("highlight",):
        return (positional[0] if positional else ""), ""
    lang = ""
    words = []
    for word in positional:
        key, colon, value = word.partition(":")
        if colon and key == "lang":
            lang = value
        elif colon and key in ("mark", "wrap", "first_line", "line_number", "line_threshold"):
            continue
        else:
            words.append(word)
    return lang, " ".join(words)


def _raw(work: _Work, text: str) -> str:
    """Liquid's `{% raw %}`: the tags go, what they hold is kept as it is."""
    return re.sub(
        r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}",
        lambda m: work.keep(m.group(1)),
        text,
        flags=re.S,
    )


_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)


def _unescape_hugo(text: str) -> str:
    return _HUGO_ESCAPED.sub(lambda m: "{{" + m.group(1) + m.group(2) + m.group(3) + "}}", text)


def _hide_code(work: _Work, text: str, hugo: bool) -> str:
    """Fenced and indented code blocks, and code spans, kept aside as they are."""
    from markdown_it import MarkdownIt  # start-up: only bodies with constructs need it

    lines = text.split("\n")
    parser = MarkdownIt("commonmark").disable(["inline", "text_join"])
    blocks = [t.map for t in parser.parse(text) if t.type in ("fence", "code_block") and t.map]
    for start, end in reversed(blocks):
        code = "\n".join(lines[start:end])
        lines[start:end] = [work.keep(_unescape_hugo(code) if hugo else code)]
    return _hide_code_spans(work, "\n".join(lines), hugo)


_TICKS = re.compile(r"(?<!`)`+(?!`)")
_BLANK = re.compile(r"\n[ \t]*\n")


def _hide_code_spans(work: _Work, text: str, hugo: bool) -> str:
    out = []
    pos = 0
    search_from = 0
    while True:
        opening = _TICKS.search(text, search_from)
        if opening is None:
            break
        escaped = len(text[: opening.start()]) - len(text[: opening.start()].rstrip("\\"))
        blank = _BLANK.search(text, opening.end())
        limit = blank.start() if blank else len(text)
        closing = re.compile(r"(?<!`)" + opening.group() + r"(?!`)").search(
            text, opening.end(), limit
        )
        if escaped % 2 or closing is None:
            search_from = opening.end()
            continue
        code = text[opening.start() : closing.end()]
        out += [text[pos : opening.start()], work.keep(_unescape_hugo(code) if hugo else code)]
        pos = search_from = closing.end()
    out.append(text[pos:])
    return "".join(out)


# --- the passes --------------------------------------------------------------------------------

_IAL_LINE = re.compile(r"^[ \t]*\{:(?!:)[^{}]*\}[ \t]*(?:\n|$)", re.M)
_IAL_SPAN = re.compile(r"(?<=[)\]*_`>])\{:(?!:)[^{}]*\}")


def kramdown(work: _Work, text: str) -> str:
    """kramdown's attribute lists (`{: #id .class}`, on a line of their own or after a span)."""
    return _IAL_SPAN.sub("", _IAL_LINE.sub("", text))


_HEADING_ID = re.compile(
    r"^( {0,3}#{1,6}[ \t].*?)[ \t]+\{[#.][\w:.-]+(?:[ \t]+[^{}\n]*)?\}[ \t]*$", re.M
)


def heading_ids(work: _Work, text: str) -> str:
    """`## Title {#id}` (Hugo, kramdown, Pandoc): the id is for the HTML, not the reader."""
    return _HEADING_ID.sub(r"\1", text)


_SHORTCODE = re.compile(
    r"\{\{(?P<d>[<%])\s*(?P<close>/)?\s*(?P<name>[\w.-]+(?:/[\w.-]+)*)"
    r"(?P<args>(?:\"(?:[^\"\\]|\\.)*\"|`[^`]*`|(?![>%]\}\}|/\s*[>%]\}\}).)*?)"
    r"\s*(?P<self>/)?\s*[>%]\}\}",
    re.S,
)


def hugo(work: _Work, text: str) -> str:
    """Hugo's shortcodes: `{{< name args >}}`, `{{% name args %}}`, paired or not."""
    text = _HUGO_ESCAPED.sub(lambda m: work.keep(verbatim(_unescape_hugo(m.group()))), text)
    found = list(_SHORTCODE.finditer(text))
    paired: set[int] = set()
    opened: list[tuple[str, int]] = []
    for i, m in enumerate(found):
        if m.group("close"):
            names = [name for name, _ in opened]
            if m.group("name") in names:
                at = len(names) - 1 - names[::-1].index(m.group("name"))
                paired.add(opened[at][1])
                del opened[at:]
        elif not m.group("self"):
            opened.append((m.group("name"), i))
    out = []
    pos = 0
    for i, m in enumerate(found):
        out += [text[pos : m.start()], _shortcode(work, text, m, i in paired)]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _shortcode(work: _Work, text: str, m: re.Match[str], paired: bool) -> str:
    name = m.group("name")
    kind = name.lower()
    if m.group("close"):
        return ""
    positional, named = arguments(m.group("args"))
    if kind in ("relref", "ref"):
        target = positional[0] if positional else named.get("path", "")
        return work.link(target, text, m.start(), m.end())
    if url_context(text, m.start()):  # a URL nobody reads: the site's, left as written
        return work.keep(in_url(m.group()))
    if paired:
        title = _first(named, _TITLE_KEYS)
        if title:
            return work.keep(_heading(text, m.start(), m.end(), title))
        return work.keep(placeholder(name, " ".join([*positional, *named.values()])))
    if kind in IMAGES:
        return work.keep(_image(kind, positional, named))
    if kind in EMBEDS:
        return work.keep(_embed(kind, positional, named))
    return work.keep(verbatim(m.group()))


_LIQUID_TAG = re.compile(r"\{%-?\s*(?P<name>\w*)(?P<args>(?:(?!\{%|\n[ \t]*\n).)*?)-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{(?:(?!\{\{|\n[ \t]*\n).)*?\}\}", re.S)
_NUNJUCKS_COMMENT = re.compile(r"\{#(?:(?!\n[ \t]*\n).)*?#\}", re.S)
_LINKS = frozenset(["post_url", "link", "post_link", "post_path", "asset_link", "asset_path"])


def liquid(work: _Work, text: str) -> str:
    """Liquid and Nunjucks (Jekyll, Hexo, Eleventy): tags `{% %}`, outputs `{{ }}`, comments."""
    text = _LIQUID_TAG.sub(lambda m: _liquid_tag(work, text, m), text)
    text = _LIQUID_OUTPUT.sub(lambda m: _liquid_output(work, text, m), text)
    return _NUNJUCKS_COMMENT.sub(lambda m: work.keep(verbatim(m.group())), text)


def _liquid_tag(work: _Work, text: str, m: re.Match[str]) -> str:
    kind = m.group("name").lower()
    positional, named = arguments(m.group("args").replace(",", " "))
    if kind in _LINKS and positional:
        words = [w for w in positional[1:] if w not in ("true", "false")]
        label = " ".join(words) if kind in ("post_link", "asset_link") else ""
        return work.link(positional[0], text, m.start(), m.end(), label)
    if url_context(text, m.start()):  # a URL nobody reads: the site's, left as written
        return work.keep(in_url(m.group()))
    if kind in IMAGES and (positional or named):
        return work.keep(_image(kind, positional, named))
    if kind in EMBEDS and (positional or named):
        return work.keep(_embed(kind, positional, named))
    if kind in INCLUDES and positional:
        return work.keep(placeholder("include", positional[0]))
    return work.keep(verbatim(m.group()))


def _liquid_output(work: _Work, text: str, m: re.Match[str]) -> str:
    return work.keep(in_url(m.group()) if url_context(text, m.start()) else verbatim(m.group()))


_IMPORT = re.compile(
    r"^(?:import\s.*?\bfrom\s*['\"][^'\"\n]+['\"];?|import\s*['\"][^'\"\n]+['\"];?"
    r"|export\s+(?:const|let|var|function|default|async|class|\{).*)[ \t]*$",
    re.M,
)
_COMPONENT = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Z][\w.]*)"
    r"(?P<attrs>(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|\{[^{}]*\}))?)*)\s*(?P<self>/)?>",
    re.S,
)
_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^{}]*)\}))?""")


def mdx(work: _Work, text: str) -> str:
    """MDX (Astro): `import`/`export` lines as written; components as placeholders, or with
    their title as a heading when they hold content."""
    text = _IMPORT.sub(lambda m: work.keep(verbatim(m.group())), text)
    return _COMPONENT.sub(lambda m: _component(work, text, m), text)


# HTML's own elements, which old HTML writes in capitals (<P>, <TABLE>): not MDX components
_HTML_ELEMENTS = frozenset(
    re.findall(
        r"\S+",
        "a abbr address area article aside audio b blockquote body br button caption center cite"
        " code col colgroup dd del details div dl dt em embed fieldset figcaption figure font"
        " footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label"
        " legend li link main mark meta nav noscript object ol option p picture pre q s script"
        " section select small source span strike strong style sub summary sup table tbody td"
        " template textarea tfoot th thead time title tr tt u ul var video",
    )
)


def _component(work: _Work, text: str, m: re.Match[str]) -> str:
    if m.group("name").lower() in _HTML_ELEMENTS or m.group("name").isupper():
        return m.group()  # HTML, for the renderer
    if m.group("close"):
        return ""
    named = {a[0].lower(): next((v for v in a[1:] if v), "") for a in _ATTR.findall(m["attrs"])}
    closes = re.search(r"</" + re.escape(m.group("name")) + r"\s*>", text[m.end() :])
    if not m.group("self") and closes:
        title = _first(named, _TITLE_KEYS)
        if title:
            return work.keep(_heading(text, m.start(), m.end(), title))
    target = _first(named, _TARGET_KEYS)
    return work.keep(placeholder(m.group("name"), target, _first(named, _CAPTION_KEYS)))


# --- which passes a site's generator needs ---------------------------------------------------

PASSES: dict[str, tuple[Pass, ...]] = {
    "hugo": (heading_ids, hugo),
    "jekyll": (kramdown, heading_ids, liquid),
    "hexo": (liquid,),
    "eleventy": (liquid,),
    "astro": (mdx,),
    "actueel": (kramdown, heading_ids, hugo, liquid, mdx),  # no generator: every pass
}


def prepare(body: str, generator: str, title_for: TitleFor | None = None) -> str:
    """`body` with what `generator`'s template language would draw written as CommonMark (see
    the module's notes); an unknown generator gets every pass, as "actueel" does."""
    passes = PASSES.get(generator, PASSES["actueel"])
    if not ("{" in body or "<" in body or "port" in body) or not _MAYBE.search(body):
        return body  # (the `in` tests are C loops: most bodies hold none, and skip the regex)
    work = _Work(title_for)
    text = re.sub("[\ue000\ue001]", lambda m: work.keep(m.group()), body)
    is_liquid = liquid in passes
    is_hugo = hugo in passes
    text = _code_tags(work, text, is_liquid, is_hugo)
    if is_liquid:
        text = _raw(work, text)
    text = _hide_code(work, text, is_hugo)
    for step in passes:
        text = step(work, text)
    return work.restore(text)


def link_title(target: str, named: Callable[[str], Any]) -> str | None:
    """The title of the article a link tag's target names (`named` looks a name up in the
    archive: an Article or None), trying `link_names` in order; None when none is known."""
    article = linked_article(target, named)
    return None if article is None else str(article.title)


def linked_article(target: str, named: Callable[[str], Any]) -> Any:
    """The article a link's target names (what `named` gives for the first of `link_names`
    that names one), or None: the one rule for `show`'s link titles and `build`'s links."""
    for name in link_names(target):
        article = named(name)
        if article is not None:
            return article
    return None


def link_names(target: str) -> list[str]:
    """What a link tag's target may name in the articles folder, most precise first: the path
    as written (`nieuws/x.md`, `_posts/2019-10-01-x.md`), then the slug (`x`, also without a
    Jekyll date, and the folder's name for `x/index.md`)."""
    clean = re.split(r"[#?]", target.strip(), maxsplit=1)[0].strip().strip("/")
    clean = clean.removeprefix("./")
    if not clean:
        return []
    names: list[str] = []
    stem = re.sub(r"\.(md|markdown|mdx|html?)$", "", clean)
    if stem != clean or "/" in clean:
        names += [stem + ".md", stem + ".markdown", stem + ".mdx"]
    last = stem.rsplit("/", 1)[-1]
    if last in ("index", "_index") and "/" in stem:
        names.append(stem.rsplit("/", 2)[-2])
    else:
        names.append(last)
        dateless = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", last)
        if dateless != last:
            names.append(dateless)
    return list(dict.fromkeys(names))
