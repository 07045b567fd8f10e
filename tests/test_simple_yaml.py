"""The quick reader of simple front matter gives exactly what PyYAML gives, or steps aside."""

from __future__ import annotations

import random

import pytest
import yaml

from actueel_cli.handlers import YAML, ArticleLoader, simple_yaml

SCALARS = [
    "Burgemeesters over veiligheid", '"10 jaar buurtapps: een tussenbalans"', "'Enkel: quoted'",
    "Geïnspireerd", "2017-07-17", "2017-07-17T10:00:00+02:00", "2017-02-30", "yes", "no", "No",
    "true", "False", "on", "OFF", "y", "n", "~", "null", "Null", "", "0", "12", "-3", "+4", "1e3",
    "0x1F", "010", "10:30", "1_000", ".5", ".inf", ".NaN", "=", "<<", "a #b", "a#b", "a: b", "a:",
    "https://www.politie.nl/nieuws", "/images/foto.jpg", "C#", "-x", "- x", "?x", ":x", "@x",
    "`x`", "%x", "!x", "&a x", "*a", "|", ">", "[a, b]", "[]", "[a,b]", "[no, a]", "[a, 'b']",
    "[a, b,]", "[a: b]", "{a: b}", '"a\\"b"', '"a\\tb"', "'it''s'", '"x" y', "x 'y'", 'x "y"',
    "a\u00a0b",
    '"a\\\\b"', '"\\"q\\" x"', '"a\\\\"', '"a\\"', '"a\\nb"', '"a\\\\\\"b"',
    "a\u2028b", "\ufeffx", "café ", " café", "x\\y", "'", '"', "#", "a  b", "Ü",
]  # fmt: skip
KEYS = ["title", "date", "author", "tags", "image", "draft", "x_y", "x-y", "true", "no", "1",
        "Title", "_k", "'q'", '"q"', "a b", "<<", "-k", "k#", "é"]  # fmt: skip


def _pyyaml(text: str) -> object:
    try:
        return ("value", yaml.load(text, Loader=ArticleLoader))  # noqa: S506
    except yaml.YAMLError:
        return ("error", None)


def _block(rng: random.Random) -> str:
    lines: list[str] = []
    for _ in range(rng.randint(0, 6)):
        key = rng.choice(KEYS)
        kind = rng.random()
        if kind < 0.6:
            lines.append(f"{key}:{rng.choice([' ', '  ', '', ' '])}{rng.choice(SCALARS)}")
        else:
            lines.append(f"{key}:{rng.choice(['', ' ', ' # c'])}")
            indent = rng.choice(["  ", "", "    ", " "])
            for _ in range(rng.randint(0, 3)):
                lines.append(f"{rng.choice([indent, indent, '  '])}-{rng.choice([' ', '  ', ''])}"
                             f"{rng.choice(SCALARS)}")  # fmt: skip
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "# comment", "  nested: x", "...", " ", "\t", "k: a\r"]))
    return "\n".join(lines) + rng.choice(["", "\n"])


def test_simple_front_matter_reads_as_pyyaml_reads_it() -> None:
    rng = random.Random(7)
    taken = 0
    for _ in range(30000):
        text = _block(rng)
        quick = simple_yaml(text)
        if quick is not None:
            taken += 1
            assert ("value", quick) == _pyyaml(text), text
    assert taken > 300  # and it does read the simple ones itself


@pytest.mark.parametrize(
    "text",
    [
        'title: "Burgemeesters over veiligheid"\ndate: 2017-07-17\nauthor: Anne de Vries\n'
        "tags:\n  - veiligheid\n  - gemeente\nimage: /images/a.jpg\n",
        "title: Café\ndate: 2017-07-17\ntags: [a, b]\n",
        "title: x\ntags:\n- a\n- b\nauthor:\n",
        "title: 'x: y'\ndate: 2017-07-17T10:00:00+02:00\ntags: []\n",
    ],
)
def test_what_new_and_editors_write_is_read_quickly(text: str) -> None:
    assert simple_yaml(text) is not None
    assert YAML.load(text) == yaml.load(text, Loader=ArticleLoader)  # noqa: S506


@pytest.mark.parametrize(
    "text",
    ["draft: no\n", "title: a\ntitle: b\n", "title: x # c\n", "k: &a x\nl: *a\n", "date: 2017\n",
     "title: x\r\n", "tags:\n  - a\n   - b\n", "title: >\n  x\n", "a:\n  b: c\n", "- a\n", ""],
)  # fmt: skip
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert simple_yaml(text) is None
