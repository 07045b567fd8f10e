"""`show` draws what real article bodies hold, as a reader should see it on a 60-column terminal:
shortcodes, Liquid, footnotes, tables with `<br>`, HTML blocks and code. Each test writes an
article in the shape the real folders have, runs `actueel show`, and compares the terminal text
(escape codes removed) with what the reader should see."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article

from actueel_cli.render import clean

TERMINAL = {"TTY_COMPATIBLE": "1", "COLUMNS": "60", "LINES": "500"}
DIM = re.compile(r"\x1b\[2m([^\x1b]*)\x1b\[0m")


def page(run: Any, articles: Path, body: str, **others: str) -> list[str]:
    """The body's lines as `show` draws them on the terminal, trailing spaces removed, between the
    byline and the tags/neighbours (the page's own lines)."""
    for slug, title in others.items():
        write_article(articles, slug, title, "2020-01-01", body="Tekst.\n")
    write_article(articles, "stuk", "Het stuk", "2021-04-01", body=body)
    result = run("show", "stuk", "--no-pager", env=TERMINAL)
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in clean(result.stdout).splitlines()]
    end = max(i for i, line in enumerate(lines) if line.startswith("────"))  # the page's rule
    return lines[3:end]


def dimmed(run: Any, articles: Path) -> list[str]:
    result = run("show", "stuk", "--no-pager", env=TERMINAL)
    found = [m.strip() for m in DIM.findall(result.stdout)]
    return [m for m in found if not m.startswith("─")]  # the page's own rule is dim too


def text(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def test_a_video_shortcode_is_a_dim_placeholder_also_inside_html(run: Any, articles: Path) -> None:
    body = 'Kijk:\n\n{{< youtube abc_123 >}}\n\n<div class="video">\n{{<youtube def456>}}\n</div>\n'
    assert text(page(run, articles, body)) == "Kijk:\n\n[youtube: abc_123]\n\n[youtube: def456]"
    assert dimmed(run, articles) == ["[youtube: abc_123]", "[youtube: def456]"]


def test_a_figure_shows_its_path_and_caption(run: Any, articles: Path) -> None:
    body = '{{% figure\n  src="images/kaart.png"\n  caption="Kaart van de wijk" %}}\n'
    assert text(page(run, articles, body)) == "[figure: images/kaart.png — Kaart van de wijk]"


def test_relref_links_show_their_text_and_a_bare_ref_the_linked_title(
    run: Any, articles: Path
) -> None:
    body = (
        'Lees [het vorige stuk]({{< relref "buurtpreventie.md" >}}), '
        '{{< ref "buurtpreventie" >}} en {{< ref "/over/ons.md" >}}.\n'
    )
    lines = page(run, articles, body, buurtpreventie="Buurtpreventie werkt")
    assert text(lines) == ("Lees het vorige stuk, Buurtpreventie werkt en /over/ons.md.")


def test_jekyll_post_url_shows_the_linked_articles_title(run: Any, articles: Path) -> None:
    write_article(articles, "2019-05-02-fietsen", "Op de fiets", "2019-05-02")
    body = "Eerder: {% post_url 2019-05-02-fietsen %}; onbekend: {% post_url 2001-01-01-weg %}.\n"
    assert text(page(run, articles, body)) == "Eerder: Op de fiets; onbekend: 2001-01-01-weg."


def test_a_paired_shortcode_keeps_its_content_under_its_title(run: Any, articles: Path) -> None:
    body = (
        '{{< chapter/section title="Wat de wijk vond" >}}\nBewoners waren positief.\n'
        "{{< /chapter/section >}}\n"
        '{{< chapter/section title="Wat de agent vond" >}}\nDe agent ook.\n'
        "{{< /chapter/section >}}\n"
    )  # fmt: skip
    assert text(page(run, articles, body)) == (
        "Wat de wijk vond\n\nBewoners waren positief.\n\nWat de agent vond\n\nDe agent ook."
    )


def test_a_liquid_highlight_block_is_code_with_its_lines_and_no_heading(
    run: Any, articles: Path
) -> None:
    body = (
        "Zo telt het:\n\n{% highlight ruby %}\n# telt de ritten\nritten = 12\n{% endhighlight %}\n"
    )
    lines = page(run, articles, body)
    assert lines[lines.index(" # telt de ritten") + 1] == " ritten = 12"
    assert "highlight" not in text(lines)


def test_code_blocks_keep_their_lines_and_are_highlighted(run: Any, articles: Path) -> None:
    body = "```python\nx = 1\ny = 2\n```\n\n    ingesprongen\n    code\n"
    lines = page(run, articles, body)
    assert [line.strip() for line in lines if line.strip()] == [
        "x = 1",
        "y = 2",
        "ingesprongen",
        "code",
    ]
    raw = run("show", "stuk", "--no-pager", env=TERMINAL).stdout
    assert re.search(r"\x1b\[[0-9;]*m1\x1b", raw)  # the number has a colour of its own


def test_other_template_tags_are_dim_and_written_as_they_are(run: Any, articles: Path) -> None:
    body = "{% assign r = site.data | first %}\n\nVersie {{ page.version }} staat klaar.\n"
    assert text(page(run, articles, body)) == (
        "{% assign r = site.data | first %}\n\nVersie {{ page.version }} staat klaar."
    )
    assert dimmed(run, articles) == ["{% assign r = site.data | first %}", "{{ page.version }}"]


def test_kramdown_attribute_lines_are_left_out(run: Any, articles: Path) -> None:
    body = "## Gevallen\n{: #gevallen }\n\nTekst.\n{: .klein}\n"
    assert text(page(run, articles, body)) == "Gevallen\n\nTekst."


def test_footnotes_are_numbered_in_the_text_and_listed_at_the_end(run: Any, articles: Path) -> None:
    body = (
        "Een cijfer[^bron] en nog een[^2].\n\n[^bron]: Van de *gemeente*.\n[^2]: Eigen telling.\n"
    )
    assert text(page(run, articles, body)) == (
        "Een cijfer[1] en nog een[2].\n\n────────────────────\n"
        "[1] Van de gemeente.\n[2] Eigen telling."
    )


def test_a_br_in_a_table_cell_breaks_the_line_inside_the_cell(run: Any, articles: Path) -> None:
    body = "| wie | wat |\n| --- | --- |\n| agent | fietst<br>• praat |\n"
    lines = page(run, articles, body)
    row = next(i for i, line in enumerate(lines) if "agent" in line)
    assert lines[row].split() == ["agent", "fietst"]
    assert lines[row + 1].split() == ["•", "praat"]


def test_a_simple_html_table_is_a_table(run: Any, articles: Path) -> None:
    body = (
        '<table class="wp-table">\n  <tr><th>Wijk</th><th>Ritten</th></tr>\n'
        "  <tr><td>Noord</td><td>12</td></tr>\n  <tr><td>Zuid</td><td>7<br>(schatting)</td></tr>\n"
        "</table>\n"
    )
    rows = [line.split() for line in page(run, articles, body) if line.strip()]
    assert rows[1][0].strip("─") == ""  # the rule under the header
    assert rows[:1] + rows[2:] == [
        ["Wijk", "Ritten"],
        ["Noord", "12"],
        ["Zuid", "7"],
        ["(schatting)"],
    ]


def test_other_html_is_text_without_tags_as_lynx_would_show_it(run: Any, articles: Path) -> None:
    body = (
        '<div class="kader">\n<p>Eerste <b>alinea</b>.</p>\n<p>Tweede.</p>\n'
        "<ul><li>een</li><li>twee</li></ul>\n</div>\n\n"
        '<video controls>\n  <source src="media/rit.mp4" type="video/mp4">\n</video>\n\n'
        "<!-- nog een foto zoeken -->\n\n"
        '<table><tr><td colspan="2">Breed</td></tr><tr><td>a</td><td>b</td></tr></table>\n'
    )
    assert text(page(run, articles, body)) == (
        "Eerste alinea.\n\nTweede.\n\n• een\n• twee\n\n[video: media/rit.mp4]\n\n"
        "<!-- nog een foto zoeken -->\n\nBreed\na  b"
    )


def test_inline_html_keeps_its_text_and_images_become_placeholders(
    run: Any, articles: Path
) -> None:
    body = (
        'Een <b>vet</b> woord, <span class="x">een span</span> en <img src="a.png" alt="Foto">.\n'
    )
    assert text(page(run, articles, body)) == "Een vet woord, een span en [image: a.png — Foto]."


def test_hexo_tags_and_mdx_components(run: Any, articles: Path) -> None:
    body = (
        "{% asset_img kaart.png Kaart van noord %}\n\n"
        "{% codeblock lang:js %}\nconst a = 1\n{% endcodeblock %}\n\n"
        '<Image src={foto} alt="De agent" />\n'
    )
    lines = [line.strip() for line in page(run, articles, body) if line.strip()]
    assert lines == [
        "[image: kaart.png — Kaart van noord]",
        "const a = 1",
        "[Image: foto — De agent]",
    ]


def test_show_raw_prints_the_file_as_it_is(run: Any, articles: Path) -> None:
    path = write_article(articles, "stuk", "Het stuk", "2021-04-01", body="{{< youtube x >}}\n")
    assert run("show", "stuk", "--raw").stdout_bytes == path.read_bytes()


def test_piped_show_is_plain_text_without_escape_codes_or_rich_markup(
    run: Any, articles: Path
) -> None:
    write_article(articles, "stuk", "Het [bold]stuk[/bold]", "2021-04-01",
                  body="**Vet** en {{< youtube x >}}.\n\n```\ncode\n```\n")  # fmt: skip
    result = run("show", "stuk")
    assert "\x1b" not in result.stdout
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:5] == ["Het [bold]stuk[/bold]", "1 april 2021, door Anne de Vries", "",
                         "Vet en [youtube: x].", ""]  # fmt: skip
    assert " code" in lines


@pytest.mark.parametrize(
    "body",
    [
        "{{< youtube abc >}}\n\n{% assign x = 1 %}\n\nTekst[^1].\n\n[^1]: Noot.\n",
        "<div><p>Tekst <em>schuin</em></p></div>\n\n| a | b |\n|---|---|\n| c<br>d | e |\n",
    ],
)
def test_the_json_body_is_the_body_as_written(run: Any, articles: Path, body: str) -> None:
    import json

    write_article(articles, "stuk", "Het stuk", "2021-04-01", body=body)
    assert json.loads(run("show", "stuk", "--format", "json").stdout)["body"] == body
