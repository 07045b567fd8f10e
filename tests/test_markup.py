"""markup.prepare, the body pre-pass `show` and `build` share: its output conventions, exactly,
for each construct; what each generator's passes touch; and code, which none may touch."""

from __future__ import annotations

import pytest

from actueel_cli.markup import PASSES, link_names, prepare


def placeholder(text: str) -> str:
    return f'<span class="actueel-placeholder">{text}</span>'


def verbatim(text: str) -> str:
    return f'<span class="actueel-verbatim">{text}</span>'


def titles(target: str) -> str | None:
    return {"buurtpreventie.md": "Buurtpreventie werkt", "2019-05-02-fietsen": "Op de fiets"}.get(
        target
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{< youtube zSeKL2-_sVg >}}\n", placeholder("[youtube: zSeKL2-&#95;sVg]") + "\n"),
        ("{{<youtube id=\"x1\" title=\"Dag\">}}", placeholder("[youtube: x1 — Dag]")),
        ("{{< gist anne 12ab >}}", placeholder("[gist: anne/12ab]")),
        ("{{< tweet user=\"gemeente\" id=\"99\" >}}", placeholder("[tweet: gemeente/99]")),
        (
            '{{% figure\n  src="images/kaart.png"\n  caption="De *wijk* | noord" %}}',
            placeholder("[figure: images/kaart.png — De &#42;wijk&#42; &#124; noord]"),
        ),
        ('{{< figure src="a.png" >}}', placeholder("[figure: a.png]")),
        ("{{< blog/badge >}}", verbatim("{{&lt; blog/badge &gt;}}")),
        ("{{% param canonical_url %}}", verbatim("{{% param canonical&#95;url %}}")),
        ("{{</* youtube x */>}}", verbatim("{{&lt; youtube x &gt;}}")),
    ],
)  # fmt: skip
def test_hugo_shortcodes_become_placeholders_or_are_shown_as_written(
    body: str, expected: str
) -> None:
    assert prepare(body, "hugo") == expected


def test_a_relref_link_keeps_its_text_and_points_at_the_target_with_the_title() -> None:
    body = 'Zie [het stuk]({{< relref "buurtpreventie.md" >}}) en [x]({{< ref "weg.md" >}}).'
    assert prepare(body, "hugo", titles) == (
        'Zie [het stuk](<buurtpreventie.md> "Buurtpreventie werkt") en [x](<weg.md>).'
    )


def test_a_relref_in_the_text_becomes_the_linked_title_or_the_raw_target() -> None:
    body = '{{< relref "buurtpreventie.md" >}} en {{< ref "/over/ons.md" >}}'
    assert (
        prepare(body, "hugo", titles)
        == "[Buurtpreventie werkt](<buurtpreventie.md>) en /over/ons.md"
    )
    assert prepare(body, "hugo") == "buurtpreventie.md en /over/ons.md"


def test_a_paired_shortcode_keeps_its_content_and_its_title_becomes_a_heading() -> None:
    body = (
        "## Verslag\n\n"
        '{{< chapter/section title="Wat de wijk vond" >}}\nBewoners waren *positief*.\n'
        "{{< /chapter/section >}}\n\n"
        '{{< notice warning >}}Let op{{< /notice >}}\n'
    )  # fmt: skip
    assert prepare(body, "hugo") == (
        "## Verslag\n\n### Wat de wijk vond\nBewoners waren *positief*.\n\n\n"
        + placeholder("[notice: warning]")
        + "Let op\n"
    )


def test_without_a_heading_above_a_paired_title_is_level_two_and_inline_it_is_bold() -> None:
    assert prepare('{{< tab title="Go" >}}\ncode\n{{< /tab >}}', "hugo") == "## Go\ncode\n"
    assert prepare('Zie {{< tab title="Go" >}}dit{{< /tab >}}.', "hugo") == "Zie **Go**dit."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "{% highlight ruby linenos %}\n# telt\nritten = 12\n{% endhighlight %}\n",
            "```ruby\n# telt\nritten = 12\n```\n",
        ),
        (
            "1. Stap\n\n    {% code %}\n    $ npm i\n    {% endcode %}\n",
            "1. Stap\n\n    ```\n    $ npm i\n    ```\n",
        ),
        (
            "{% codeblock Kaart.js lang:js mark:2 %}\nconst a = '```'\n{% endcodeblock %}",
            placeholder("[code: Kaart.js]") + "\n````js\nconst a = '```'\n````",
        ),
        ('{{< highlight go "linenos=table" >}}\nx := 1\n{{< /highlight >}}', "```go\nx := 1\n```"),
        ("{% katex %}\nc = \\pm\\sqrt{a^2}\n{% endkatex %}", "```latex\nc = \\pm\\sqrt{a^2}\n```"),
    ],
)  # fmt: skip
def test_code_tags_become_fenced_code_with_their_lines_untouched(body: str, expected: str) -> None:
    assert prepare(body, "actueel") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '{% assign r = site.data | first %}',
            verbatim("{% assign r = site.data &#124; first %}"),
        ),
        ("Versie {{ page.version }}.", f"Versie {verbatim('{{ page.version }}')}."),
        ("{% note warn %}\nLet op\n{% endnote %}",
         f"{verbatim('{% note warn %}')}\nLet op\n{verbatim('{% endnote %}')}"),
        ("{# nog nakijken #}", verbatim("{&#35; nog nakijken &#35;}")),
        ("{% youtube abc %}", placeholder("[youtube: abc]")),
        ("{% asset_img kaart.png Kaart van noord %}",
         placeholder("[image: kaart.png — Kaart van noord]")),
        ('{% include figuur.html src="x" %}', placeholder("[include: figuur.html]")),
        ("Zie `{% raw %}{{ x }}{% endraw %}`.", "Zie `{{ x }}`."),
    ],
)  # fmt: skip
def test_liquid_tags_are_shown_as_written_or_become_placeholders(body: str, expected: str) -> None:
    assert prepare(body, "jekyll") == expected


def test_post_url_and_link_become_links_with_the_linked_title() -> None:
    body = "[Eerder]({% post_url 2019-05-02-fietsen %}) en {% post_url 2019-05-02-fietsen %}"
    assert prepare(body, "jekyll", titles) == (
        '[Eerder](<2019-05-02-fietsen> "Op de fiets") en [Op de fiets](<2019-05-02-fietsen>)'
    )
    assert prepare("{% link _posts/x.md %}", "jekyll") == "&#95;posts/x.md"


def test_template_code_in_a_link_definition_stays_a_url_so_the_definition_still_works() -> None:
    body = (
        "Zie [de site][1].\n\n[1]: {{ site.url }}/nieuws/\n"
        "[aanmelden]:\n  <{{% param eventUrl %}}?{{% param query %}}>\n"
    )  # fmt: skip
    assert prepare(body, "actueel") == (
        "Zie [de site][1].\n\n[1]: {{site.url}}/nieuws/\n"
        "[aanmelden]:\n  <{{%parameventUrl%}}?{{%paramquery%}}>\n"
    )


def test_kramdown_attribute_lists_and_heading_ids_leave_nothing() -> None:
    body = 'Tekst\n{: #noot .klein}\n\n![foto](a.png){: width="50"}Erna\n\n## Kop {#kop}\n'
    assert prepare(body, "jekyll") == "Tekst\n\n![foto](a.png)Erna\n\n## Kop\n"


def test_mdx_imports_are_shown_as_written_and_components_become_placeholders() -> None:
    body = (
        "import Image from '~/components/Image.astro';\n\n"
        '<Image\n\tsrc={kaart}\n\talt="Een kaart"\n\tnoFilter\n/>\n\n'
        '<Callout title="Let op">\nTekst\n</Callout>\n'
    )
    assert prepare(body, "astro") == (
        verbatim("import Image from '&#126;/components/Image.astro';")
        + "\n\n"
        + placeholder("[Image: kaart — Een kaart]")
        + "\n\n## Let op\nTekst\n\n"
    )


def test_html_in_capitals_is_not_taken_for_mdx_components() -> None:
    body = "<TABLE><TR><TD>Wijk</TD></TR></TABLE>\n\n<P>Tekst<BR>meer</P> en <Table>x</Table>\n"
    assert prepare(body, "actueel") == body


@pytest.mark.parametrize("generator", list(PASSES))
def test_code_is_never_changed(generator: str) -> None:
    body = (
        "```\n{{< youtube x >}} {% assign y = 1 %} {: #id}\n```\n\n"
        "    {{ release.sha }}\n\n"
        "Inline `{{< ref x >}}` and ``{% y %}``.\n"
    )
    assert prepare(body, generator) == body


def test_hugos_escaped_shortcodes_show_what_hugo_shows_also_in_code() -> None:
    assert prepare("```\n{{</* youtube x */>}}\n```", "hugo") == "```\n{{< youtube x >}}\n```"
    assert prepare("`{{%/* param x */%}}`", "hugo") == "`{{% param x %}}`"


def test_each_generator_runs_only_its_own_passes() -> None:
    body = "{{< youtube x >}} {% assign y = 1 %}"
    assert prepare(body, "hugo") == placeholder("[youtube: x]") + " {% assign y = 1 %}"
    assert "{{&lt; youtube x &gt;}}" in prepare(body, "jekyll")  # Liquid: shown as written
    assert prepare(body, "astro") == body
    assert prepare(body, "elders") == prepare(body, "actueel")  # unknown: every pass


@pytest.mark.parametrize(
    "body",
    ["Gewoon *tekst* met [een link](x.md) en `code`.\n", "", "{ niet } en {geen tag}\n"],
)
def test_a_body_without_constructs_comes_back_unchanged(body: str) -> None:
    assert prepare(body, "actueel") == body


def test_unclosed_tags_are_shown_as_written_never_dropped() -> None:
    assert prepare("{% highlight ruby %}\nx = 1\n", "jekyll") == (
        verbatim("{% highlight ruby %}") + "\nx = 1\n"
    )
    assert prepare("{{< youtube", "hugo") == "{{< youtube"


@pytest.mark.parametrize(
    ("target", "names"),
    [
        ("x.md", ["x.md", "x.markdown", "x.mdx", "x"]),
        ("/nieuws/fiets/index.md#kop", ["nieuws/fiets/index.md", "nieuws/fiets/index.markdown",
                                        "nieuws/fiets/index.mdx", "fiets"]),
        ("2019-05-02-fietsen", ["2019-05-02-fietsen", "fietsen"]),
        ("contact", ["contact"]),
        ("", []),
    ],
)  # fmt: skip
def test_link_names_are_the_paths_then_the_slugs_a_target_may_mean(
    target: str, names: list[str]
) -> None:
    assert link_names(target) == names
