"""archetype: a new article from Hugo's archetypes and Hexo's scaffolds, as those generators
fill them."""

from __future__ import annotations

import pytest

from actueel_cli.archetype import Filling, fill

FILLING = Filling(
    title="Burgemeesters over veiligheid",
    name="burgemeesters-over-veiligheid",
    file_name="index",
    date="2017-07-07T10:30:00+02:00",
)

HUGO_DEFAULT = """+++
date = '{{ .Date }}'
draft = true
title = '{{ replace .File.ContentBaseName `-` ` ` | title }}'
+++
"""


def test_hugos_own_default_archetype() -> None:
    text, left = fill(HUGO_DEFAULT, FILLING, "hugo")
    assert text == (
        "+++\ndate = '2017-07-07T10:30:00+02:00'\ndraft = true\n"
        "title = 'burgemeesters-over-veiligheid'\n+++\n"
    )  # the title is written afterwards, quoted as it needs (see test_new)
    assert left == []


@pytest.mark.parametrize(
    ("action", "value"),
    [
        ("{{ .Date }}", "2017-07-07T10:30:00+02:00"),
        ("{{.Name}}", "burgemeesters-over-veiligheid"),
        ("{{ .File.ContentBaseName }}", "burgemeesters-over-veiligheid"),
        ("{{ .TranslationBaseName }}", "burgemeesters-over-veiligheid"),
        ("{{ .File.BaseFileName }}", "index"),
        ('{{ replace .Name "-" " " | title }}', "Burgemeesters over veiligheid"),
        ("{{ .Name | humanize | title }}", "Burgemeesters over veiligheid"),
        ('{{ title (replace .TranslationBaseName "-" " ") }}', "Burgemeesters over veiligheid"),
        ("{{ .Title }}", "Burgemeesters over veiligheid"),
        ("{{ .Site.Params.author }}", "{{ .Site.Params.author }}"),
        ('{{ now.Format "2006" }}', '{{ now.Format "2006" }}'),
    ],
)
def test_hugo_actions_in_the_body(action: str, value: str) -> None:
    text, left = fill(f"---\ntitle: x\n---\n\n# {action}\n", FILLING, "hugo")
    assert text == f"---\ntitle: x\n---\n\n# {value}\n"
    assert left == ([action] if value == action else [])


def test_unknown_actions_are_left_and_named() -> None:
    text, left = fill("---\nauthor: {{ .Site.Params.author }}\n---\n", FILLING, "hugo")
    assert text == "---\nauthor: {{ .Site.Params.author }}\n---\n"
    assert left == ["{{ .Site.Params.author }}"]


def test_trim_markers_trim_as_in_go() -> None:
    text, _ = fill("---\ndate: x\n---\nA  {{- .Name -}}  B\n", FILLING, "hugo")
    assert text.endswith("Aburgemeesters-over-veiligheidB\n")


def test_hexo_scaffold() -> None:
    scaffold = "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n{{ title }}\n"
    hexo = Filling("Een titel", "een-titel", "een-titel", "2017-07-07 10:30:00")
    text, left = fill(scaffold, hexo, "hexo")
    assert text == "---\ntitle: een-titel\ndate: 2017-07-07 10:30:00\ntags:\n---\nEen titel\n"
    assert left == []


def test_other_generators_have_no_actions() -> None:
    assert fill("---\ntitle: {{ x }}\n---\n", FILLING, "actueel") == (
        "---\ntitle: {{ x }}\n---\n",
        [],
    )
