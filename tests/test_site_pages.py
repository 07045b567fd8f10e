"""site.pages and site.cmark, pure: Markdown to HTML, images in bodies, summaries, dates."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta, timezone

import cmarkgfm
from cmarkgfm.cmark import Options
from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actueel_cli.site.cmark import EXTENSIONS
from actueel_cli.site.pages import (
    atom_date,
    first_paragraph,
    image_sources,
    markdown,
    markdown_and_utf8,
    replace_images,
    shorten,
    xml_safe,
    xml_safe_utf8,
)

XML_PIECES = ["a", "é", "\u2019", "\n", "\t", "\r", "\x00", "\x01", "\x0b", "\x1f", "\x7f",
              "\ud7ff", "\ud800", "\udfff", "\ue000", "\ufffd", "\ufffe", "\uffff",
              "\U0001f600", "\u00a0", "\u4e00", "<p>"]  # fmt: skip


@settings(max_examples=examples(300))
@given(pieces=st.lists(st.sampled_from(XML_PIECES), max_size=400))
@example(pieces=["a"] * 250)
@example(pieces=["a"] * 250 + ["\x01"])
@example(pieces=["\ud7ff"] + ["a"] * 250)
def test_xml_safe_leaves_out_what_xml_cannot_hold_short_text_or_long(pieces: list[str]) -> None:
    """Control codes but tab, line feed and carriage return, surrogates, U+FFFE and U+FFFF go;
    everything else stays (a body is looked at by its bytes, a title by the pattern)."""
    text = "".join(pieces)
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
    assert xml_safe(text) == expected
    assert xml_safe(text * 30) == expected * 30
    assert xml_safe_utf8(text * 30) == (expected * 30).encode("utf-8", "surrogatepass")


PIECES = [*"ab *_`#>-|[]()!<>&\"'\n\t:/.~\\1é\u00a0", "<b>", "http://x.nl", "\n\n", "| a |"]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=examples(300))
@given(text=MARKDOWN, allow_html=st.booleans())
@example(text="| a |\n|---|\n| 1 |\n\n~~x~~ [^1]\n\n[^1]: voet\n", allow_html=False)
@example(text="<script>x</script>\n\n- [ ] taak\n", allow_html=True)
def test_the_freeing_renderer_gives_what_cmarkgfm_gives(text: str, allow_html: bool) -> None:
    options = Options.CMARK_OPT_FOOTNOTES | (Options.CMARK_OPT_UNSAFE if allow_html else 0)
    expected = cmarkgfm.markdown_to_html_with_extensions(text, options, list(EXTENSIONS))
    assert markdown(text, allow_html) == expected
    html, utf8 = markdown_and_utf8(text, allow_html)  # (what an article's page takes as it is)
    assert html == expected and utf8 in (None, expected.encode("utf-8"))


def test_rendering_many_bodies_keeps_no_memory() -> None:
    """cmarkgfm's own function keeps each tree and HTML string (27 KB an article here); ours
    frees both. Measured in a fresh process: its peak memory after 3,000 bodies."""
    script = textwrap.dedent(
        """
        import resource, sys
        from actueel_cli.site.pages import markdown
        body = ("## Kop\\n\\n" + "Een *alinea* met [een link](https://x.nl) en tekst. " * 40
                + "\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n- een\\n- twee\\n") * 4
        markdown(body)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(3000):
            markdown(body)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 10  # MB; cmarkgfm's own function grows by over 100 here


def test_raw_html_is_left_out_with_a_comment_unless_allowed() -> None:
    assert markdown("a <b>x</b>\n\n<div>y</div>\n") == (
        "<p>a <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n<!-- raw HTML omitted -->\n"
    )
    assert markdown("[x](javascript:alert(1))") == '<p><a href="">x</a></p>\n'
    assert markdown("a <b>x</b>\n\n<iframe src=y></iframe>\n", allow_html=True) == (
        "<p>a <b>x</b></p>\n&lt;iframe src=y>&lt;/iframe>\n"
    )


def test_image_sources_and_their_replacement() -> None:
    # a space needs <...> in CommonMark: `![a](a b.jpg)` is no image
    html = markdown(
        "![a](a b.jpg) ![b](<foto's/b c.png> \"t\") ![c](https://x.nl/c.png) ![b](<foto's/b c.png>)"
    )
    assert image_sources(html) == ["foto's/b%20c.png", "https://x.nl/c.png"]
    html = markdown("![b](<foto's/b c.png>) ![d](x.png?v=1&w=2)")
    assert image_sources(html) == ["foto's/b%20c.png", "x.png?v=1&w=2"]
    new = replace_images(html, {"x.png?v=1&w=2": "../media/x.png"})
    assert '<img src="../media/x.png" alt="d" />' in new
    assert "foto&#x27;s/b%20c.png" in new or "foto's/b%20c.png" in new


def test_the_summary_is_the_first_paragraph_with_text_cut_at_a_word() -> None:
    html = markdown("# Kop\n\n![foto](x.jpg)\n\nDe *eerste*   alinea &amp; meer.\n\nTweede.\n")
    assert first_paragraph(html) == "De eerste alinea & meer."
    assert shorten("een twee drie vier", 12) == "een twee…"
    assert shorten("x" * 20, 10) == "x" * 10 + "…"
    assert first_paragraph(markdown("# Alleen een kop\n")) == ""


HTML_PIECES = [*"ab &<>/ \n", "<p>", "</p>", "<p>x</p>", "<em>", "&amp;", "&lt;", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(body_html=st.lists(st.sampled_from(HTML_PIECES), max_size=60).map("".join))
def test_the_first_paragraph_is_found_as_a_lazy_pattern_finds_it(body_html: str) -> None:
    """first_paragraph looks for `<p>`...`</p>` with str.find; the pattern it replaced:"""
    expected = ""
    for match in re.finditer(r"<p>(.*?)</p>", body_html, re.DOTALL):
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", match.group(1))).split())
        if text:
            expected = shorten(text)
            break
    assert first_paragraph(body_html) == expected


def test_a_body_with_the_pre_passes_marks_in_it_keeps_them_as_text() -> None:
    """The pre-pass's spans are kept aside while cmark renders (it would leave them out); the
    characters that mark their places are taken out of what the body says itself."""
    text = 'a\uf8f0 <span class="actueel-placeholder">[youtube: x]</span> b\uf8f1'
    assert markdown(text) == '<p>a <span class="actueel-placeholder">[youtube: x]</span> b</p>\n'
    assert (
        markdown("a <b>b</b>") == "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n"
    )


def test_atom_dates_are_rfc_3339() -> None:
    assert atom_date(date(2017, 7, 17)) == "2017-07-17T00:00:00Z"
    assert atom_date(datetime(2021, 3, 9, 10, 30)) == "2021-03-09T10:30:00Z"
    assert atom_date(datetime(2021, 3, 9, 10, 30, tzinfo=timezone(timedelta(hours=1)))) == (
        "2021-03-09T10:30:00+01:00"
    )
    assert atom_date(datetime(2021, 3, 9, tzinfo=UTC)) == "2021-03-09T00:00:00+00:00"
