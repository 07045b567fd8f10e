"""Tests for actueel_cli.fmedit: byte-exact edits of one front-matter entry."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
import yaml
from conftest import examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from actueel_cli.errors import UnsafeEdit
from actueel_cli.fmedit import get_list, get_scalar, keys, remove_scalar, set_list, set_scalar


def doc(*lines: str, eol: str = "\n", body: str = "\nBody text.\n", delim: str = "---") -> str:
    """A file: front matter `lines` between `delim` lines, then `body`."""
    return "".join(line + eol for line in (delim, *lines, delim)) + body


# libyaml's loader, when PyYAML was built with it: readers may use either
C_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str) -> Any:
    """The YAML front matter of `text` loaded with yaml.safe_load (and the same with
    libyaml's loader, which must agree)."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    assert lines[0].rstrip() == "---"
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    block = "".join(lines[1:end])
    loaded = yaml.safe_load(block)
    if C_LOADER is not None:
        assert yaml.load(block, Loader=C_LOADER) == loaded
    return loaded


def load_toml(text: str) -> dict[str, Any]:
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    assert lines[0].rstrip() == "+++"
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "+++")
    return tomllib.loads("".join(lines[1:end]))


# --------------------------------------------------------------------------- YAML lists

YAML_LIST_CASES = [
    pytest.param(
        doc("title: X", "tags:", "  - a", "  - b"),
        ["a", "b", "c"],
        doc("title: X", "tags:", "  - a", "  - b", "  - c"),
        id="block-indented-add",
    ),
    pytest.param(
        doc("title: X", "tags:", "- a", "- b", "draft: false"),
        ["b"],
        doc("title: X", "tags:", "- b", "draft: false"),
        id="block-flush-remove",
    ),
    pytest.param(
        doc("tags:", "    -   a", "    -   b"),
        ["a", "x", "b"],
        doc("tags:", "    -   a", "    -   x", "    -   b"),
        id="block-keeps-indent-and-spacing",
    ),
    pytest.param(
        doc("tags:", "  - a", "  - b", "  - c"),
        ["a", "z", "c"],
        doc("tags:", "  - a", "  - z", "  - c"),
        id="block-rename",
    ),
    pytest.param(
        doc("tags:", '  - "a"', '  - "b"'),
        ["a", "b", "c d"],
        doc("tags:", '  - "a"', '  - "b"', '  - "c d"'),
        id="block-double-quoted-style",
    ),
    pytest.param(
        doc("tags:", "  - 'a'", "  - 'b'"),
        ["a", "it's", "no"],
        doc("tags:", "  - 'a'", "  - 'it''s'", "  - 'no'"),
        id="block-single-quoted-style",
    ),
    pytest.param(
        doc("tags:", "  - a"),
        ["a", "no", "1.10", "10:00", "2017-07-17", "#x", "a: b", "[x]", " lead", "ü", "x #y"],
        doc(
            "tags:",
            "  - a",
            '  - "no"',
            '  - "1.10"',
            '  - "10:00"',
            '  - "2017-07-17"',
            '  - "#x"',
            '  - "a: b"',
            '  - "[x]"',
            '  - " lead"',
            "  - ü",
            '  - "x #y"',
        ),
        id="block-quotes-when-needed",
    ),
    pytest.param(
        doc("tags:", "  - a"),
        ["a", 'say "hi"', "back\\slash", "tab\there", "nul\x00", "del\x7f", "ok-ish"],
        doc(
            "tags:",
            "  - a",
            '  - say "hi"',
            "  - back\\slash",
            '  - "tab\\there"',
            '  - "nul\\x00"',
            '  - "del\\x7F"',
            "  - ok-ish",
        ),
        id="block-escapes",
    ),
    pytest.param(
        doc("tags: # my tags", "  - a"),
        ["a", "b"],
        doc("tags: # my tags", "  - a", "  - b"),
        id="block-comment-on-key-line-kept",
    ),
    pytest.param(
        doc("title: X", "tags:", "  - a", "  - b", "draft: true"),
        [],
        doc("title: X", "draft: true"),
        id="block-to-empty-removes-the-entry",
    ),
    pytest.param(
        doc("tags: # my tags", "  - a"),
        [],
        doc("tags: [] # my tags"),
        id="block-to-empty-keeps-comment",
    ),
    pytest.param(
        doc("tags: [a, \"b c\", 'd']"),
        ["a", "b c", "d", "e"],
        doc("tags: [a, \"b c\", 'd', e]"),
        id="flow-add",
    ),
    pytest.param(
        doc("tags: [ a, b ]"),
        ["b", "c"],
        doc("tags: [ b, c ]"),
        id="flow-padded",
    ),
    pytest.param(
        doc("tags: [a,b]"),
        ["a", "b", "[x]", "a:b", "no", "a?", "ü"],
        doc('tags: [a,b,"[x]","a:b","no","a?",ü]'),
        id="flow-tight-quotes-flow-indicators",
    ),
    pytest.param(
        doc('tags: ["a", "b"]'),
        ["a", "c"],
        doc('tags: ["a", "c"]'),
        id="flow-double-quoted-style",
    ),
    pytest.param(
        doc("tags: [a, b]   # keep me"),
        ["a", "b", "c"],
        doc("tags: [a, b, c]   # keep me"),
        id="flow-comment-kept",
    ),
    pytest.param(
        doc("tags: [a, b]", "x: 1"),
        [],
        doc("x: 1"),
        id="flow-to-empty-removes-the-entry",
    ),
    pytest.param(
        doc("tags: [a, b] # c"),
        [],
        doc("tags: [] # c"),
        id="flow-to-empty-keeps-comment",
    ),
    pytest.param(
        doc("tags: []"),
        ["a", "no"],
        doc('tags: [a, "no"]'),
        id="empty-flow",
    ),
    pytest.param(
        doc("title: X", "tags:", "draft: true"),
        ["a", "b"],
        doc("title: X", "tags:", "  - a", "  - b", "draft: true"),
        id="null-empty",
    ),
    pytest.param(
        doc("tags: ~"),
        ["a"],
        doc("tags:", "  - a"),
        id="null-tilde",
    ),
    pytest.param(
        doc("tags: null  # none yet"),
        ["a"],
        doc("tags:  # none yet", "  - a"),
        id="null-with-comment",
    ),
    pytest.param(
        doc("tags:"),
        [],
        doc("tags:"),
        id="null-to-empty-unchanged",
    ),
    pytest.param(
        doc("tags: []"),
        [],
        doc("tags: []"),
        id="empty-to-empty-unchanged",
    ),
    pytest.param(
        doc("title: X", "# trailing comment"),
        ["a", "true"],
        doc("title: X", "# trailing comment", "tags:", "  - a", '  - "true"'),
        id="absent-appended",
    ),
    pytest.param(
        doc("title: X"),
        [],
        doc("title: X"),
        id="absent-empty-unchanged",
    ),
    pytest.param(
        doc("params:", "  tags:", "    - z", "tags: [a]", "other:", "  tags: [y]"),
        ["a", "b"],
        doc("params:", "  tags:", "    - z", "tags: [a, b]", "other:", "  tags: [y]"),
        id="nested-tags-untouched",
    ),
    pytest.param(
        doc("params:", "  tags:", "    - z"),
        ["a"],
        doc("params:", "  tags:", "    - z", "tags:", "  - a"),
        id="only-nested-tags-means-absent",
    ),
    pytest.param(
        doc("desc: |", "  tags: [no]", "  text", "tags: [a]"),
        ["b"],
        doc("desc: |", "  tags: [no]", "  text", "tags: [b]"),
        id="block-scalar-elsewhere",
    ),
    pytest.param(
        doc('title: "multi', 'tags: [no]"', "tags: [a]"),
        ["b"],
        doc('title: "multi', 'tags: [no]"', "tags: [b]"),
        id="multi-line-quoted-elsewhere",
    ),
    pytest.param(
        doc('"tags": [a]'),
        ["a", "b"],
        doc('"tags": [a, b]'),
        id="quoted-key",
    ),
]


@pytest.mark.parametrize(("before", "values", "after"), YAML_LIST_CASES)
def test_yaml_set_list(before: str, values: list[str], after: str) -> None:
    result = set_list(before, "tags", values)
    assert result == after
    if values:
        assert load_yaml(result)["tags"] == values
        assert get_list(result, "tags") == values
    else:
        assert (load_yaml(result) or {}).get("tags") in (None, [])
        assert get_list(result, "tags") in (None, [])


def test_yaml_realistic_file_crlf_bom_body() -> None:
    head = (
        "\ufeff---\r\n"
        "# Article front matter\r\n"
        'title: "Buurtwhatsapp: samen alert"   # shown on the site\r\n'
        "date: 2021-03-09T10:30:00+01:00\r\n"
        "author: 'Ries van Dam'\r\n"
        "tags:\r\n"
        "  - buurtwhatsapp\r\n"
        "  - veiligheid\r\n"
    )
    tail = "image: images/x.jpg\r\nextra: {a: 1, b: [x, y]}\r\n---\r\n\r\n\r\n  Body\r\nlast line"
    text = head + tail
    result = set_list(text, "tags", ["buurtwhatsapp", "veiligheid", "no"])
    assert result == head + '  - "no"\r\n' + tail
    before, after = load_yaml(text), load_yaml(result)
    assert after.pop("tags") == ["buurtwhatsapp", "veiligheid", "no"]
    before.pop("tags")
    assert after == before
    assert result.encode("utf-8").startswith(b"\xef\xbb\xbf---\r\n")


def test_yaml_mixed_line_endings() -> None:
    text = "---\ntitle: X\r\ntags:\r\n  - a\n  - b\r\n---\nbody"
    assert set_list(text, "tags", ["a", "b", "c"]) == (
        "---\ntitle: X\r\ntags:\r\n  - a\n  - b\r\n  - c\r\n---\nbody"
    )
    assert set_list(text, "tags", ["b"]) == "---\ntitle: X\r\ntags:\r\n  - b\r\n---\nbody"
    # the inserted entry uses the ending of the front matter's first line
    assert set_list("---\ntitle: X\r\n---\r\n", "tags", ["a"]) == (
        "---\ntitle: X\r\ntags:\n  - a\n---\r\n"
    )


def test_yaml_get_list() -> None:
    text = doc("tags:", "  - plain", "  - 'it''s'", '  - "tab\\there \\u00fc"', "  - 2024")
    assert get_list(text, "tags") == ["plain", "it's", "tab\there ü", "2024"]
    assert get_list(doc("tags: [a, 'b', \"c\"]"), "tags") == ["a", "b", "c"]
    assert get_list(doc("tags: []"), "tags") == []
    assert get_list(doc("tags:"), "tags") == []
    assert get_list(doc("tags: ~"), "tags") == []
    assert get_list(doc("title: x"), "tags") is None
    assert get_list(doc("params:", "  tags: [a]"), "tags") is None


YAML_REFUSED = [
    pytest.param(doc("tags: [a,", "  b]"), id="multi-line-flow"),
    pytest.param(doc("tags:", "  - a  # note"), id="item-comment"),
    pytest.param(doc("tags:", "  - a", "  # note", "  - b"), id="comment-line-between-items"),
    pytest.param(doc("tags:", "  - a", "# note", "  - b"), id="col0-comment-between-items"),
    pytest.param(doc("tags:", "  - a", "", "  - b"), id="blank-between-items"),
    pytest.param(doc("tags: [a] #x", "  - b"), id="flow-then-items"),
    pytest.param(doc('tags: ["a" # x', "]"), id="flow-with-comment-inside"),
    pytest.param(doc("tags: &x [a]"), id="anchor"),
    pytest.param(doc("base: &x [a]", "tags: *x"), id="alias"),
    pytest.param(doc("tags: !!seq [a]"), id="tag"),
    pytest.param(doc("tags:", "  - &a x"), id="item-anchor"),
    pytest.param(doc("tags:", "  - *a"), id="item-alias"),
    pytest.param(doc("tags:", "  - !!str a"), id="item-tag"),
    pytest.param(doc("tags: |", "  a"), id="block-scalar"),
    pytest.param(doc("tags: >-", "  a"), id="folded-scalar"),
    pytest.param(doc("tags:", "  - - a"), id="nested-list"),
    pytest.param(doc("tags:", "  - a: b"), id="item-mapping"),
    pytest.param(doc("tags:", "  - [a]"), id="item-flow-list"),
    pytest.param(doc("tags: [a, [b]]"), id="flow-nested"),
    pytest.param(doc("tags: [a, {b: c}]"), id="flow-nested-map"),
    pytest.param(doc("tags:", "  - {a: 1}"), id="item-flow-map"),
    pytest.param(doc("tags:", "  -"), id="null-item"),
    pytest.param(doc("tags:", "  - a", "    b"), id="multi-line-item"),
    pytest.param(doc("tags:", '  - "a', '    b"'), id="multi-line-quoted-item"),
    pytest.param(doc("tags:", "  - a", "    - b"), id="uneven-indent"),
    pytest.param(doc("tags: a, b"), id="plain-string"),
    pytest.param(doc('tags: "a"'), id="quoted-string"),
    pytest.param(doc("tags: {a: 1}"), id="mapping"),
    pytest.param(doc("tags:", "  a: 1"), id="block-mapping"),
    pytest.param(doc("tags: [a]", "tags: [b]"), id="duplicate"),
    pytest.param(doc("tags: [a]", "'tags': [b]"), id="duplicate-quoted"),
    pytest.param(doc("base: {a: 1}", "<<: {tags: [a]}"), id="merge-key"),
    pytest.param(doc("? tags", ": [a]"), id="complex-key"),
    pytest.param(doc("  title: x", "  tags: [a]"), id="indented-root"),
    pytest.param(doc("{tags: [a]}"), id="flow-root"),
    pytest.param(doc("- a"), id="list-root"),
    pytest.param(doc('tags: ["\\q"]'), id="bad-escape"),
    pytest.param("no front matter\n", id="no-front-matter"),
    pytest.param("", id="empty-file"),
    pytest.param("---\ntags: [a]\n", id="unclosed"),
    pytest.param("---", id="only-opening"),
    pytest.param("---\ntags: [a]\rb: c\n---\n", id="lone-cr"),
]


@pytest.mark.parametrize("text", YAML_REFUSED)
def test_yaml_refused(text: str) -> None:
    with pytest.raises(UnsafeEdit):
        set_list(text, "tags", ["x"])
    with pytest.raises(UnsafeEdit):
        get_list(text, "tags")


def test_refusal_messages_name_the_problem() -> None:
    with pytest.raises(UnsafeEdit, match="multi-line flow list"):
        set_list(doc("tags: [a,", "  b]"), "tags", ["x"])
    with pytest.raises(UnsafeEdit, match="more than once"):
        set_list(doc("tags: [a]", "tags: [b]"), "tags", ["x"])
    with pytest.raises(UnsafeEdit, match="not a list"):
        get_list(doc("tags: a, b"), "tags")
    with pytest.raises(UnsafeEdit, match="closing ---"):
        get_list("---\ntitle: x\n", "tags")


# --------------------------------------------------------------------------- TOML lists


def tdoc(*lines: str, eol: str = "\n", body: str = "\nBody.\n") -> str:
    return doc(*lines, eol=eol, body=body, delim="+++")


TOML_LIST_CASES = [
    pytest.param(
        tdoc('title = "X"', 'tags = ["a", "b"]'),
        ["a", "b", "c"],
        tdoc('title = "X"', 'tags = ["a", "b", "c"]'),
        id="single-add",
    ),
    pytest.param(
        tdoc("tags = ['a', 'b']  # c"),
        ["a", "it's", "c"],
        tdoc("tags = ['a', \"it's\", 'c']  # c"),
        id="literal-style",
    ),
    pytest.param(
        tdoc('tags = [ "a","b", ]'),
        ["b", "c"],
        tdoc('tags = [ "b","c", ]'),
        id="spacing-and-trailing-comma",
    ),
    pytest.param(
        tdoc("tags = []"),
        ['a"b\\c', "tab\t", "é", "\x7f"],
        tdoc('tags = ["a\\"b\\\\c", "tab\\t", "é", "\\u007F"]'),
        id="empty-escapes",
    ),
    pytest.param(
        tdoc('title = "X"', 'tags = ["a"]', "draft = true"),
        [],
        tdoc('title = "X"', "draft = true"),
        id="single-to-empty-removes-the-entry",
    ),
    pytest.param(
        tdoc("tags = [", '  "a",', '  "b",', "]", "draft = true"),
        ["a", "b", "c"],
        tdoc("tags = [", '  "a",', '  "b",', '  "c",', "]", "draft = true"),
        id="multi-trailing-comma-add",
    ),
    pytest.param(
        tdoc("tags = [", '    "a",', '    "b"', "]"),
        ["a", "b", "c"],
        tdoc("tags = [", '    "a",', '    "b",', '    "c"', "]"),
        id="multi-no-trailing-comma-add",
    ),
    pytest.param(
        tdoc("tags = [", '    "a",', '    "b"', "]"),
        ["b"],
        tdoc("tags = [", '    "b"', "]"),
        id="multi-no-trailing-comma-remove",
    ),
    pytest.param(
        tdoc("tags = [", "  'a',", "  'b',", "]  # end"),
        [],
        tdoc("tags = []  # end"),
        id="multi-to-empty",
    ),
    pytest.param(
        tdoc('title = "X"', "# note", "", "[params]", 'tags = ["z"]'),
        ["a"],
        tdoc('title = "X"', 'tags = ["a"]', "# note", "", "[params]", 'tags = ["z"]'),
        id="absent-inserted-before-section",
    ),
    pytest.param(
        tdoc('tags = ["a"]', "[params]", 'tags = ["z"]'),
        ["a", "b"],
        tdoc('tags = ["a", "b"]', "[params]", 'tags = ["z"]'),
        id="section-tags-untouched",
    ),
    pytest.param(
        tdoc("[params]", 'tags = ["z"]'),
        ["a"],
        tdoc('tags = ["a"]', "[params]", 'tags = ["z"]'),
        id="only-section-tags-means-absent",
    ),
    pytest.param(
        tdoc('desc = """', "[fake]", 'tags = ["no"]', '"""'),
        ["a"],
        tdoc('desc = """', "[fake]", 'tags = ["no"]', '"""', 'tags = ["a"]'),
        id="multi-line-string-elsewhere",
    ),
    pytest.param(
        tdoc('"tags" = ["a"]'),
        ["b"],
        tdoc('"tags" = ["b"]'),
        id="quoted-key",
    ),
]


@pytest.mark.parametrize(("before", "values", "after"), TOML_LIST_CASES)
def test_toml_set_list(before: str, values: list[str], after: str) -> None:
    result = set_list(before, "tags", values)
    assert result == after
    assert load_toml(result).get("tags", []) == values
    assert get_list(result, "tags") in ((None, []) if not values else (values,))


def test_toml_crlf_bom() -> None:
    text = "\ufeff+++\r\ntitle = 'X' # t\r\ntags = [\r\n  \"a\",\r\n]\r\n+++\r\nbody"
    assert set_list(text, "tags", ["a", "b"]) == (
        '\ufeff+++\r\ntitle = \'X\' # t\r\ntags = [\r\n  "a",\r\n  "b",\r\n]\r\n+++\r\nbody'
    )
    assert set_list(text, "tags", []) == "\ufeff+++\r\ntitle = 'X' # t\r\n+++\r\nbody"


def test_toml_get_list() -> None:
    text = tdoc("tags = ['a\\b', \"\\u00fc\\t\"]", "[params]", "tags = ['z']")
    assert get_list(text, "tags") == ["a\\b", "ü\t"]
    assert get_list(tdoc("[params]", "tags = ['z']"), "tags") is None
    assert get_list(tdoc("tags = [", "]"), "tags") == []


TOML_REFUSED = [
    pytest.param(tdoc("tags = [1, 2]"), id="numbers"),
    pytest.param(tdoc('tags = [["a"]]'), id="nested"),
    pytest.param(tdoc("tags = [{a = 1}]"), id="inline-table-item"),
    pytest.param(tdoc('tags = "a, b"'), id="string"),
    pytest.param(tdoc("tags = {a = 1}"), id="inline-table"),
    pytest.param(tdoc("tags = [", '  "a", # note', "]"), id="multi-comment"),
    pytest.param(tdoc("tags = [", '  "a",', "  # note", "]"), id="multi-comment-line"),
    pytest.param(tdoc("tags = [", '  "a", "b",', "]"), id="multi-two-per-line"),
    pytest.param(tdoc('tags = ["a",', '  "b"]'), id="multi-odd-layout"),
    pytest.param(tdoc('tags = """a"""'), id="multi-line-string"),
    pytest.param(tdoc('tags = ["a"]', 'tags = ["b"]'), id="duplicate"),
    pytest.param(tdoc("tags.x = 1"), id="dotted"),
    pytest.param(tdoc("title = 'x'", "[tags]", "x = 1"), id="table"),
    pytest.param(tdoc("[[tags]]", "x = 1"), id="array-of-tables"),
    pytest.param(tdoc('desc = """', "open"), id="unclosed-string"),
    pytest.param(tdoc("this is not toml"), id="garbage"),
    pytest.param("+++\ntags = []\n", id="unclosed"),
]


@pytest.mark.parametrize("text", TOML_REFUSED)
def test_toml_refused(text: str) -> None:
    with pytest.raises(UnsafeEdit):
        set_list(text, "tags", ["x"])


# --------------------------------------------------------------------------- scalars

SCALAR_CASES = [
    pytest.param(doc("title: X", "draft: false"), "draft", True, doc("title: X", "draft: true")),
    pytest.param(doc("draft: true  # hidden"), "draft", False, doc("draft: false  # hidden")),
    pytest.param(doc("draft:"), "draft", True, doc("draft: true")),
    pytest.param(doc("draft: ~ # x"), "draft", True, doc("draft: true # x")),
    pytest.param(doc("title: X"), "draft", False, doc("title: X", "draft: false")),
    pytest.param(
        doc("date: 2017-10-03", "x: 1"), "date", "2024-05-01", doc("date: 2024-05-01", "x: 1")
    ),
    pytest.param(doc("title: X"), "date", "2024-05-01", doc("title: X", "date: 2024-05-01")),
    pytest.param(
        doc("date: 2017-10-03 # first"),
        "date",
        "2024-05-01T10:30:00+02:00",
        doc("date: 2024-05-01T10:30:00+02:00 # first"),
    ),
    pytest.param(doc('date: "2017-10-03"'), "date", "2024-05-01", doc('date: "2024-05-01"')),
    pytest.param(doc("title: X"), "title", "yes", doc('title: "yes"')),
    pytest.param(doc("title: 'X'"), "title", "it's", doc("title: 'it''s'")),
    pytest.param(doc("title: X"), "title", "a: b", doc('title: "a: b"')),
    pytest.param(doc("title: X"), "date", "2024-02-30", doc("title: X", 'date: "2024-02-30"')),
    pytest.param(
        doc("params:", "  draft: true"),
        "draft",
        False,
        doc("params:", "  draft: true", "draft: false"),
    ),
    pytest.param(tdoc("draft = false"), "draft", True, tdoc("draft = true")),
    pytest.param(tdoc("draft = true # hidden"), "draft", False, tdoc("draft = false # hidden")),
    pytest.param(
        tdoc("title = 'X'", "[params]", "draft = true"),
        "draft",
        False,
        tdoc("title = 'X'", "draft = false", "[params]", "draft = true"),
    ),
    pytest.param(tdoc("date = 2017-10-03#c"), "date", "2024-05-01", tdoc("date = 2024-05-01#c")),
    pytest.param(
        tdoc("title = 'X'"), "date", "2024-05-01", tdoc("title = 'X'", "date = 2024-05-01")
    ),
    pytest.param(
        tdoc("date = 2017-10-03 10:00:00"),
        "date",
        "2024-05-01T10:30:00+02:00",
        tdoc("date = 2024-05-01T10:30:00+02:00"),
    ),
    pytest.param(tdoc("date = '2017'"), "date", "2024-05-01", tdoc("date = '2024-05-01'")),
    pytest.param(tdoc('title = "X"'), "title", 'a "b"', tdoc('title = "a \\"b\\""')),
    pytest.param(tdoc("title = 'X'"), "date", "soon", tdoc("title = 'X'", 'date = "soon"')),
]


@pytest.mark.parametrize(("before", "key", "value", "after"), SCALAR_CASES)
def test_set_scalar(before: str, key: str, value: str | bool, after: str) -> None:
    assert set_scalar(before, key, value) == after


def test_set_scalar_loads_as_expected() -> None:
    text = set_scalar(doc("title: X", "draft: false"), "date", "2024-05-01")
    loaded = load_yaml(set_scalar(text, "draft", True))
    assert loaded["draft"] is True
    assert str(loaded["date"]) == "2024-05-01"
    assert load_yaml(set_scalar(text, "title", "no"))["title"] == "no"
    toml = load_toml(set_scalar(tdoc("x = 1"), "date", "2024-05-01"))
    assert str(toml["date"]) == "2024-05-01"


def test_set_scalar_crlf_bom() -> None:
    text = "\ufeff---\r\ndraft: true\r\n---\r\nbody"
    assert set_scalar(text, "draft", False) == "\ufeff---\r\ndraft: false\r\n---\r\nbody"
    assert set_scalar(text, "date", "2024-05-01") == (
        "\ufeff---\r\ndraft: true\r\ndate: 2024-05-01\r\n---\r\nbody"
    )


SCALAR_REFUSED = [
    pytest.param(doc("draft: |", "  true"), id="block-scalar"),
    pytest.param(doc("draft: maybe", "  not"), id="multi-line-plain"),
    pytest.param(doc('draft: "a', '  b"'), id="multi-line-quoted"),
    pytest.param(doc("draft: [true]"), id="list"),
    pytest.param(doc("draft: &a true"), id="anchor"),
    pytest.param(doc("draft: true", "draft: false"), id="duplicate"),
    pytest.param(tdoc('draft = """', 'x"""'), id="toml-multi-line"),
    pytest.param(tdoc("draft = [true]"), id="toml-array"),
]


@pytest.mark.parametrize("text", SCALAR_REFUSED)
def test_set_scalar_refused(text: str) -> None:
    with pytest.raises(UnsafeEdit):
        set_scalar(text, "draft", True)


def test_bad_key_name_is_a_bug() -> None:
    with pytest.raises(ValueError):
        set_list(doc("title: x"), "ta gs", ["a"])


# --------------------------------------------------------------------------- properties

TRICKY = [
    "no", "yes", "on", "off", "y", "N", "true", "False", "null", "~", "1.10", "10:00", "2017-07-17",
    "0x1F", "+1", "-a", "a?", "#x", "a #b", "a: b", "a:b", "ü", "[x]", "{x}", "x]", "&a", "*a",
    "!t", "|", ">", "@x", "`x`", "%x", "'q'", '"q"', "it's", " lead", "trail ", "a\tb", "\\", "?x",
    "- x", ".inf", "<<", "=", "é\u2028", "\x7f", "\ufeff", "😀", "---", "...", "C#",
]  # fmt: skip

SAFE_CHARS = st.characters(
    min_codepoint=0x20, max_codepoint=0x2FF, exclude_categories=("Cc", "Cs"), exclude_characters=","
)
TAG = st.one_of(st.sampled_from(TRICKY), st.text(SAFE_CHARS, min_size=1, max_size=8))
TAGS = st.lists(TAG, max_size=5)
# Tags as real archives write them without quotes: words YAML might mistake for numbers but
# reads as text (`.net`, `64 bit`, `5.0.3.1`), and `c#`.
ODD_WORDS = [".net", "64 bit", "5.0.3.1", "c#"]
WORDS = st.lists(
    st.sampled_from(["a", "politie", "veiligheid", "b c", "ü", *ODD_WORDS]), max_size=4
)
FLOW_SEPS = st.sampled_from([", ", ",", " , ", ",  "])
EOLS = st.sampled_from(["\n", "\r\n", "mixed"])
BODIES = st.sampled_from(["", "\n", "\nBody\n", "\n\n  Body\r\n\nno final newline", "---\nx"])

YAML_SCALARS = [
    "Hello world",
    '"quoted: value # not a comment"',
    "'it''s'",
    "2017-07-17",
    "2021-03-09T10:30:00+01:00",
    "true",
    "no",
    "42",
    "~",
    "",
    '"\\u00fc \\t"',
    "images/x.jpg",
    "[x, 'y']",
    "{a: 1}",
]
YAML_KEYS = ["title", "author", "date", "image", "draft", "summary", "weight", "params"]


@st.composite
def yaml_files(draw: st.DrawFn) -> tuple[str, str, str]:
    """(prefix, tags entry, suffix) of a generated YAML file."""
    eol_kind = draw(EOLS)

    def eol() -> str:
        return draw(st.sampled_from(["\n", "\r\n"])) if eol_kind == "mixed" else eol_kind

    entries: list[str] = []
    for key in draw(st.permutations(YAML_KEYS))[: draw(st.integers(0, len(YAML_KEYS)))]:
        if key == "params":
            entries.append(f"params:{eol()}  tags: [nested]{eol()}  weight: 3{eol()}")
            continue
        if draw(st.booleans()):
            entries.append(f"# comment about {key}{eol()}")
        raw = draw(st.one_of(st.sampled_from(YAML_SCALARS), st.text(SAFE_CHARS).map(json.dumps)))
        comment = draw(st.sampled_from(["", "  # note", " #"]))
        entries.append(f"{key}: {raw}{comment if raw else ''}{eol()}")
    words = draw(WORDS)
    shape = draw(
        st.sampled_from(["block", "flush", "flow", "tight", "empty", "null", "tilde", "no"])
    )
    quote = draw(st.sampled_from(["plain", "sq", "dq", "mixed"]))

    def q(w: str) -> str:
        how = draw(st.sampled_from(["plain", "sq", "dq"])) if quote == "mixed" else quote
        return {"plain": w, "sq": f"'{w}'", "dq": json.dumps(w, ensure_ascii=False)}[how]

    if shape in ("block", "flush"):
        indent = "" if shape == "flush" else draw(st.sampled_from(["  ", "    "]))
        dash = draw(st.sampled_from([" ", "   "]))
        tags = f"tags:{eol()}" + "".join(f"{indent}-{dash}{q(w)}{eol()}" for w in words)
    elif shape in ("flow", "tight"):
        inner = ""
        for n, w in enumerate(words):  # separators as irregular as people type them
            inner += (draw(FLOW_SEPS) if n else "") + q(w)
        pad = draw(st.sampled_from(["", " "])) if shape == "flow" and words else ""
        tags = f"tags: [{pad}{inner}{pad}]{eol()}"
    else:
        tags = {"empty": "tags: []", "null": "tags:", "tilde": "tags: ~", "no": ""}[shape]
        tags = tags and tags + eol()
    at = draw(st.integers(0, len(entries)))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    head = bom + "---" + eol() + "".join(entries[:at])
    close = "---" + eol() + draw(BODIES)
    if not tags:  # absent: appended just before the closing line
        return head + "".join(entries[at:]), "", close
    return head, tags, "".join(entries[at:]) + close


@settings(max_examples=examples(200), database=None)
@given(yaml_files(), TAGS)
def test_yaml_property(parts: tuple[str, str, str], new_tags: list[str]) -> None:
    prefix, entry, suffix = parts
    text = prefix + entry + suffix
    result = set_list(text, "tags", new_tags)
    assert result.startswith(prefix)
    assert result.endswith(suffix)
    assert len(result) >= len(prefix) + len(suffix)
    before, after = load_yaml(text) or {}, load_yaml(result) or {}
    old = before.pop("tags", "absent")
    new = after.pop("tags", "absent")
    assert after == before
    if not entry and not new_tags:
        assert result == text
        assert new == "absent"
    elif not new_tags:  # no tags left: the entry goes (or stays as it was, if it had none)
        assert new in ("absent", None, [])
        assert get_list(result, "tags") in (None, [])
    else:
        assert new == new_tags
        assert get_list(result, "tags") == new_tags
        if old not in (None, "absent"):
            assert get_list(text, "tags") == old


TOML_SCALARS = [
    '"Hello world"',
    "'it is'",
    "2017-07-17",
    "2021-03-09T10:30:00+01:00",
    "true",
    "42",
    '"\\u00fc \\t # not a comment"',
    "['x', \"y\"]",
    "{ a = 1 }",
    '"""\nmulti [line]\ntags = 1"""',
]
TOML_KEYS = ["title", "author", "date", "image", "draft", "summary", "weight"]


@st.composite
def toml_files(draw: st.DrawFn) -> tuple[str, str, str]:
    eol_kind = draw(EOLS)

    def eol() -> str:
        return draw(st.sampled_from(["\n", "\r\n"])) if eol_kind == "mixed" else eol_kind

    entries: list[str] = []
    for key in draw(st.permutations(TOML_KEYS))[: draw(st.integers(0, len(TOML_KEYS)))]:
        raw = draw(st.one_of(st.sampled_from(TOML_SCALARS), st.text(SAFE_CHARS).map(json.dumps)))
        comment = draw(st.sampled_from(["", "  # note", "#"]))
        entries.append(f"{key} = {raw.replace(chr(10), eol())}{comment}{eol()}")
        if draw(st.booleans()):
            entries.append(f"# comment after {key}{eol()}")
    words = draw(WORDS)
    shape = draw(st.sampled_from(["inline", "multi", "multi-no-comma", "empty", "no"]))
    literal = draw(st.booleans())

    def q(w: str) -> str:
        return f"'{w}'" if literal else json.dumps(w, ensure_ascii=False)

    if shape == "inline":
        inner = ""
        for n, w in enumerate(words):  # separators as irregular as people type them
            inner += (draw(FLOW_SEPS) if n else "") + q(w)
        tags = f"tags = [{inner}]{eol()}"
    elif shape.startswith("multi"):
        comma = ["," if i < len(words) - 1 or shape == "multi" else "" for i in range(len(words))]
        items = "".join(f"  {q(w)}{c}{eol()}" for w, c in zip(words, comma, strict=True))
        tags = f"tags = [{eol()}{items}]{eol()}"
    elif shape == "empty":
        tags = f"tags = []{eol()}"
    else:
        tags = ""
    section = draw(st.sampled_from(["", "[params]{e}tags = ['z']{e}draft = true{e}"]))
    section = section.format(e=eol())
    bom = draw(st.sampled_from(["", "\ufeff"]))
    opening = bom + "+++" + eol()
    close = section + "+++" + eol() + draw(BODIES)
    if not tags:  # absent: inserted after the last key line, or first when there is none
        last_key = max((i for i, e in enumerate(entries) if not e.startswith("#")), default=-1)
        head = opening + "".join(entries[: last_key + 1])
        return head, "", "".join(entries[last_key + 1 :]) + close
    at = draw(st.integers(0, len(entries)))
    while at < len(entries) and entries[at].startswith("# comment after"):
        at += 1  # keep each comment with its key
    return opening + "".join(entries[:at]), tags, "".join(entries[at:]) + close


@settings(max_examples=examples(100), database=None)
@given(toml_files(), TAGS)
def test_toml_property(parts: tuple[str, str, str], new_tags: list[str]) -> None:
    prefix, entry, suffix = parts
    text = prefix + entry + suffix
    result = set_list(text, "tags", new_tags)
    assert result.startswith(prefix)
    assert result.endswith(suffix)
    before, after = load_toml(text), load_toml(result)
    before.pop("tags", None)
    new = after.pop("tags", "absent")
    assert after == before
    if not entry and not new_tags:
        assert result == text
    elif not new_tags:
        assert new in ("absent", [])
        assert get_list(result, "tags") in (None, [])
    else:
        assert new == new_tags
        assert get_list(result, "tags") == new_tags


@settings(max_examples=examples(40), database=None)
@given(yaml_files(), st.one_of(st.booleans(), st.sampled_from(["2024-05-01", "no", "a: b"])))
def test_yaml_set_scalar_property(parts: tuple[str, str, str], value: str | bool) -> None:
    text = "".join(parts)
    before = load_yaml(text) or {}
    if isinstance(before.get("draft"), list | dict):
        with pytest.raises(UnsafeEdit):
            set_scalar(text, "draft", value)
        return
    result = set_scalar(text, "draft", value)
    after = load_yaml(result)
    before.pop("draft", None)
    new = after.pop("draft")
    assert after == before
    assert (str(new) if value == "2024-05-01" else new) == value


# Odd but valid (or invalid) front matter built from fragments: whatever the module does
# not refuse must come out right.
YAML_FRAGMENTS = [
    "title: x", "title: 'a", "  b'", 'desc: "a', 'tags: [q]"', "desc: |", "  tags: [z]", "tags:",
    "  - a", "- a", "- 'b c'", "tags: [a, b]", "tags: [a,", "  b]", "# c", "", "params:",
    "  tags: [n]", "tags: ~", "x: {a: 1,", "  b: 2}", "? tags", ": [a]", '"tags": [q]', "tags: a",
    "tags: &a [b]", "tags: *a", "...", 'tags: ["a # b"]', "tags: ['it''s']", 't: "x\\""',
    "tags: []  # c", "- - a", "  - b: c", "draft: true", "draft:", "draft: 'no' # c", "draft: |-",
    "  - no", "tags: [a, 'b]', c]", "\ttags: x", "tags : [a]", "t: 'x # y'", "tags: [a,]", "-",
    "tags: [a] b", "date: 2020-01-01", "x: 'a''", "'", "{", "[", "x: [", "  -  no", "tags:\t[a]",
]  # fmt: skip
TOML_FRAGMENTS = [
    'title = "x"', 'desc = """', "[fake]", 'tags = ["q"]', '"""', "desc = '''", "'''", "tags = [",
    '  "a",', "  'b'", "]", "# c", "", "[params]", "[[arr]]", "tags = []", "tags = ['a',]",
    'tags = ["a", "b"]  # c', "tags.x = 1", '"tags" = ["q"]', "draft = true", "draft = false # c",
    "date = 2020-01-01", "x = { a = 1 }", "x = [[1], [2]]", "x = [", "  1,", "tags = [1]",
    "tags = 'a'", 'x = "a # b"', "  tags = ['ind']", "[tags]", "a.tags = 1", "tags=['a']", "junk",
]  # fmt: skip


def load_any(text: str, toml: bool) -> Any:
    return load_toml(text) if toml else load_yaml(text)


@settings(max_examples=examples(100), database=None)
@given(st.booleans(), st.data(), TAGS, st.booleans())
def test_odd_front_matter_never_mis_edited(
    toml: bool, data: st.DataObject, new_tags: list[str], scalar: bool
) -> None:
    lines = data.draw(st.lists(st.sampled_from(TOML_FRAGMENTS if toml else YAML_FRAGMENTS)))
    text = doc(*lines, delim="+++" if toml else "---")
    key, value = ("draft", new_tags[0] if new_tags else True) if scalar else ("tags", new_tags)
    try:
        result = set_scalar(text, key, value) if scalar else set_list(text, key, new_tags)
    except UnsafeEdit:
        return
    try:
        before = load_any(text, toml)
    except Exception:  # not valid to begin with: nothing to compare
        return
    assert isinstance(before, dict) or before is None
    before = dict(before or {})
    after = dict(load_any(result, toml) or {})
    old, new = before.pop(key, "absent"), after.pop(key, "absent")
    assert after == before
    if not scalar and old in ("absent", None, []) and not new_tags:
        assert result == text
    elif not scalar and not new_tags:  # emptied: the entry goes
        assert new == "absent"
    elif isinstance(value, str) and value == "2017-07-17":
        assert str(new) == value
    else:
        assert new == value


# --------------------------------------------------------------------------- round trips
# What issue 12 promises for real files: an edit touches only its item, and undoing it gives
# back the same bytes.


def canonical(text: str, tags: list[str]) -> bool:
    """Whether every item of the tags entry is written the way a new item of its quoting would
    be (`"\\u00fc"` is not: a renamed-back item is written `"ü"`)."""
    return all(
        set_list(set_list(text, "tags", [*tags[:i], "zz-new", *tags[i + 1 :]]), "tags", tags)
        == text
        for i in range(len(tags))
    )


def add_then_remove(text: str, new: str, string_as: str = "error") -> None:
    old = get_list(text, "tags", string_as)
    added = set_list(text, "tags", [*(old or []), new], string_as)
    assert get_list(added, "tags", string_as) == [*(old or []), new]
    assert set_list(added, "tags", old or [], string_as) == text


@settings(max_examples=examples(150), database=None)
@given(st.one_of(yaml_files(), toml_files()), TAG)
def test_add_then_remove_gives_back_the_bytes(parts: tuple[str, str, str], tag: str) -> None:
    text = "".join(parts)
    old = get_list(text, "tags")
    assume(old is None or old)  # no tags entry, or at least one tag
    assume(tag not in (old or []))
    add_then_remove(text, tag)


def written_as_typed(tag: str) -> bool:
    """Whether a new tag is written without quotes in a plain list (and without escapes in a
    quoted one): a rename to it and back then gives the same bytes. (A tag that needs quotes
    passes them on to the tag renamed back in its place.)"""
    if any(c in tag for c in "'\"\\") or any(ord(c) < 0x20 or ord(c) == 0x7F for c in tag):
        return False
    flow = set_list(doc("tags: [a]"), "tags", ["a", tag]) == doc(f"tags: [a, {tag}]")
    block = set_list(doc("tags:", "- a"), "tags", ["a", tag]) == doc("tags:", "- a", f"- {tag}")
    return flow and block


@settings(max_examples=examples(100), database=None)
@given(st.one_of(yaml_files(), toml_files()), TAG.filter(written_as_typed), st.data())
def test_rename_touches_one_item_and_back_gives_the_bytes(
    parts: tuple[str, str, str], tag: str, data: st.DataObject
) -> None:
    text = "".join(parts)
    old = get_list(text, "tags")
    assume(old and tag not in old)
    assert old is not None
    assume(len(set(old)) == len(old))  # (a list holding a tag twice: which one is renamed?)
    i = data.draw(st.integers(0, len(old) - 1))
    renamed = set_list(text, "tags", [*old[:i], tag, *old[i + 1 :]])
    assert get_list(renamed, "tags") == [*old[:i], tag, *old[i + 1 :]]
    # only that item's text changed: what is before and after it in the file stays
    before, after = text.split("\n"), renamed.split("\n")
    assert len(before) == len(after)
    assert sum(b != a for b, a in zip(before, after, strict=True)) == 1
    back = set_list(renamed, "tags", old)
    if canonical(text, old):
        assert back == text
    assert get_list(back, "tags") == old


ODD_CASES = [
    pytest.param(
        doc("tags:", "  - .net", "  - 64 bit", "  - 5.0.3.1", "  - c#"),
        [".net", "64 bit", "5.0.3.1", "c#", "zz"],
        doc("tags:", "  - .net", "  - 64 bit", "  - 5.0.3.1", "  - c#", "  - zz"),
        id="odd-plain-items-keep-their-bytes",
    ),
    pytest.param(
        doc("tags:", "  - .net", "  - c#", "  - 64 bit"),
        [".net", "csharp", "64 bit"],
        doc("tags:", "  - .net", "  - csharp", "  - 64 bit"),
        id="rename-touches-one-line",
    ),
    pytest.param(
        doc("tags:", "  - a"),
        ["a", ".net", "64 bit", "5.0.3.1", "c#", ".inf", "1e5", "0x1F", "2.0"],
        doc(
            "tags:",
            "  - a",
            "  - .net",
            "  - 64 bit",
            "  - 5.0.3.1",
            "  - c#",
            '  - ".inf"',
            '  - "1e5"',
            '  - "0x1F"',
            '  - "2.0"',
        ),  # fmt: skip
        id="new-odd-items-quoted-only-where-yaml-retypes-them",
    ),
    pytest.param(
        doc("tags:", "  - 2024", "  - yes", "  - b"),
        ["2024", "yes", "x"],
        doc("tags:", "  - 2024", "  - yes", "  - x"),
        id="items-yaml-retypes-keep-their-bytes-too",
    ),
    pytest.param(
        doc("tags: [a,b , 'c',  d]"),
        ["a", "c", "d", "e"],
        doc("tags: [a , 'c',  d,  e]"),
        id="flow-separators-stay-where-they-were",
    ),
    pytest.param(
        doc("tags:", "    -   a", "    - 'b'", "    - 'c'"),
        ["a", "x", "c"],
        doc("tags:", "    -   a", "    - 'x'", "    - 'c'"),
        id="renamed-item-written-like-the-one-it-replaces",
    ),
    pytest.param(
        doc("tags:", "    -   a", "    - 'b'", "    - 'c'"),
        ["a", "b", "c", "d"],
        doc("tags:", "    -   a", "    - 'b'", "    - 'c'", "    - 'd'"),
        id="added-item-quoted-like-most-items",
    ),
    pytest.param(
        doc("categories:", "    - 'musings'", "title: X"),
        ["zz"],
        doc("categories:", "    - 'musings'", "title: X", "tags:", "    - 'zz'"),
        id="new-entry-like-the-files-other-lists",
    ),
    pytest.param(
        doc("categories:", "- website", "title: X"),
        ["zz"],
        doc("categories:", "- website", "title: X", "tags:", "- zz"),
        id="new-entry-flush-like-the-files-other-lists",
    ),
    pytest.param(
        doc('aliases: ["/x","/y"]', "title: X"),
        ["a", "b"],
        doc('aliases: ["/x","/y"]', "title: X", 'tags: ["a","b"]'),
        id="new-entry-flow-like-the-files-other-lists",
    ),
    pytest.param(
        doc("title: X", "tags:", "draft: true", "related:", "    - x"),
        ["a"],
        doc("title: X", "tags:", "    - a", "draft: true", "related:", "    - x"),
        id="null-entry-filled-like-the-files-other-lists",
    ),
    pytest.param(
        tdoc('tags = ["CoreDNS","History","Caddy", "Documentation"]'),
        ["CoreDNS", "History", "Caddy", "Documentation", "zz"],
        tdoc('tags = ["CoreDNS","History","Caddy", "Documentation","zz"]'),
        id="toml-separators-kept-new-one-like-most",
    ),
    pytest.param(
        tdoc('tags = ["CoreDNS","History","Caddy", "Documentation"]'),
        ["CoreDNS", "History", "Documentation"],
        tdoc('tags = ["CoreDNS","History", "Documentation"]'),
        id="toml-remove-keeps-the-other-separators",
    ),
    pytest.param(
        tdoc("title = 'X'", "categories = ['a',  'b']"),
        ["zz", "y"],
        tdoc("title = 'X'", "categories = ['a',  'b']", "tags = ['zz',  'y']"),
        id="toml-new-array-like-the-files-other-arrays",
    ),
]


@pytest.mark.parametrize(("before", "values", "after"), ODD_CASES)
def test_only_the_changed_items_are_written(before: str, values: list[str], after: str) -> None:
    assert set_list(before, "tags", values) == after
    assert get_list(after, "tags") == values
    had = get_list(before, "tags")
    old = had or []
    added = values[: len(old)] == old
    renamed = len(values) == len(old) and sum(v != o for v, o in zip(values, old, strict=True)) == 1
    if had != [] and (added or renamed):  # and back: the same bytes
        assert set_list(after, "tags", old) == before


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("indent", ["", "  ", "    "])
def test_add_then_remove_in_each_shape(eol: str, indent: str) -> None:
    for lines in (
        ("title: X", "tags:", f"{indent}- a", f"{indent}- '64 bit'", "draft: false"),
        ("title: X", "tags: [a, .net]"),
        ("title: X",),
        ("title: X", f"categories:{eol}{indent}- x".replace(eol, "\n")),
    ):
        add_then_remove(doc(*lines, eol=eol), "zz")
    for lines in (('tags = ["a","b", "c"]',), ("tags = [", "    'a',", "    'b'", "]"), ()):
        add_then_remove(tdoc(*lines, eol=eol), "zz")


# --------------------------------------------------------------------------- a string of tags

STRING_CASES = [
    pytest.param(doc("tags: security"), "words", ["security", "zz"], doc("tags: security zz"),
                 id="words-add"),
    pytest.param(doc("tags: a  b c"), "words", ["a", "c"], doc("tags: a c"), id="words-remove"),
    pytest.param(doc("tags: a b"), "words", ["a", "x"], doc("tags: a x"), id="words-rename"),
    pytest.param(doc("tags: 'a b'"), "words", ["a", "b", "it's"], doc("tags: 'a b it''s'"),
                 id="words-single-quoted"),
    pytest.param(doc('tags: "a b"  # c'), "words", ["b", "#x"], doc('tags: "b #x"  # c'),
                 id="words-double-quoted"),
    pytest.param(doc("tags: security", "x: 1"), "words", [], doc("x: 1"), id="words-emptied"),
    pytest.param(doc("tags: post"), "one", ["post", "zz"], doc("tags: [post, zz]"),
                 id="one-becomes-a-list-for-two"),
    pytest.param(doc("tags: 'post'"), "one", ["other"], doc("tags: 'other'"),
                 id="one-renamed-stays-a-string"),
    pytest.param(doc("tags: post"), "one", [], doc(), id="one-emptied"),
    pytest.param(tdoc("tags = 'post'"), "one", ["post", "zz"], tdoc("tags = ['post', 'zz']"),
                 id="toml-one-becomes-an-array"),
    pytest.param(tdoc('tags = "post"'), "one", ["x"], tdoc('tags = "x"'), id="toml-one-renamed"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "string_as", "values", "after"), STRING_CASES)
def test_a_string_of_tags_is_edited_as_the_generator_reads_it(
    before: str, string_as: str, values: list[str], after: str
) -> None:
    assert set_list(before, "tags", values, string_as) == after
    assert get_list(after, "tags", string_as) in ((values,) if values else (None, []))


@pytest.mark.parametrize(
    ("text", "string_as", "value", "message"),
    [
        (doc("tags: a b"), "words", "x y", "string of words"),
        (doc("tags: a b"), "words", "#x", "string of words"),
        (doc("tags: a"), "words", "yes", "cannot start or be alone"),
        (doc("tags: a"), "error", "x", "not a list"),
        (tdoc("tags = 'a b'"), "words", "x", "not an array"),
        (doc('tags: "a\\tb"'), "words", "x", "escaped spaces"),
    ],
)
def test_a_string_of_tags_that_cannot_hold_the_change_is_refused(
    text: str, string_as: str, value: str, message: str
) -> None:
    with pytest.raises(UnsafeEdit, match=message):
        set_list(text, "tags", [value], string_as)


WORD = st.text(st.sampled_from("abcxyz-.#:'\"ü5"), min_size=1, max_size=6)


@settings(max_examples=examples(150), database=None)
@given(
    st.lists(WORD, min_size=1, max_size=4),
    st.sampled_from(["plain", "sq", "dq"]),
    st.sampled_from([" ", "  ", "\t"]),
    WORD,
)
def test_words_add_then_remove_gives_back_the_bytes(
    words: list[str], kind: str, space: str, new: str
) -> None:
    raw = space.join(words)
    if kind == "sq":
        raw = "'" + raw.replace("'", "''") + "'"
    elif kind == "dq":
        raw = '"' + raw.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    text = doc("title: X", f"tags: {raw}", "draft: false")
    try:
        loaded = load_yaml(text)["tags"]
        old = get_list(text, "tags", "words")
    except (yaml.YAMLError, UnsafeEdit):
        return  # not a string YAML reads, or one with escaped spaces: refused
    if not isinstance(loaded, str):
        return  # a number or a date: not a string of words
    assert old == loaded.split()
    assume(old and new not in old)  # (an empty string has no tags: emptied, the entry goes)
    # one word YAML reads as yes/no or null is refused on its own (it was one only by chance)
    assume(not (len(old) == 1 and old[0].lower() in ("y", "n", "yes", "no", "on", "off")))
    try:
        added = set_list(text, "tags", [*old, new], "words")
    except UnsafeEdit:
        return  # a word this form cannot hold without quotes
    assert load_yaml(added)["tags"].split() == [*old, new]
    assert set_list(added, "tags", old, "words") == text


# --------------------------------------------------------------------------- reading and dropping
# one value (publish: the date as written; the draft mark dropped)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (doc("date: 2026-07-16 05:08:11 +0000"), "2026-07-16 05:08:11 +0000"),
        (doc("date: '2017-07-17'  # c"), "2017-07-17"),
        (doc('date: "a \\u00fc"'), "a ü"),
        (doc("date:"), None),
        (doc("date: ~"), None),
        (doc("title: x"), None),
        (tdoc("date = 2020-03-24T10:00:00+00:00 # c"), "2020-03-24T10:00:00+00:00"),
        (tdoc('date = "2016-09-29T06:18:40Z"'), "2016-09-29T06:18:40Z"),
        (tdoc("draft = true"), "true"),
    ],
)
def test_get_scalar_gives_the_value_as_written(text: str, value: str | None) -> None:
    assert get_scalar(text, "date" if "date" in text or "title" in text else "draft") == value


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (doc("title: X", "draft: true", "x: 1"), doc("title: X", "x: 1")),
        (doc("title: X"), doc("title: X")),
        (doc("title: X", "draft: true  # hidden"), None),
        (doc('title: X', 'draft: "a # b"'), doc("title: X")),
        (tdoc("title = 'X'", "draft = true", "[params]", "draft = false"),
         tdoc("title = 'X'", "[params]", "draft = false")),
        (tdoc("draft = true # c"), None),
        ("\ufeff---\r\ndraft: true\r\n---\r\nbody", "\ufeff---\r\n---\r\nbody"),
    ],
)  # fmt: skip
def test_remove_scalar_drops_the_line_or_says_a_comment_is_in_the_way(
    before: str, after: str | None
) -> None:
    assert remove_scalar(before, "draft") == after


def test_remove_scalar_refuses_what_is_not_one_value() -> None:
    with pytest.raises(UnsafeEdit):
        remove_scalar(doc("draft: [true]"), "draft")
    with pytest.raises(UnsafeEdit):
        remove_scalar(doc("draft: |", "  true"), "draft")


def test_unpublish_then_publish_gives_back_the_bytes_at_fmedit_level() -> None:
    for text in (doc("title: X", "date: 2020-01-01"), tdoc('title = "X"', "", "[params]", "a = 1")):
        marked = set_scalar(text, "draft", True)
        assert remove_scalar(marked, "draft") == text


def test_keys_in_order_as_spelled() -> None:
    assert keys(doc("Title: X", "tags:", "  - a", '"date": 1', "params:", "  x: 1")) == [
        "Title", "tags", "date", "params"
    ]  # fmt: skip
    assert keys(tdoc("title = 1", "a.b = 2", "[params]", "x = 1")) == ["title"]


@pytest.mark.parametrize(
    "value",
    ["2026-07-16 05:08:11 +0000", "2019-01-11 22:13", "2013/7/13 20:46:25", "2017-07-17T10:00Z"],
)
def test_a_date_in_a_generators_form_is_written_plain_like_the_one_it_replaces(value: str) -> None:
    assert set_scalar(doc("date: 2017-07-17 10:00:00 +0200"), "date", value) == doc(
        f"date: {value}"
    )
    assert set_scalar(doc("title: X"), "date", value) == doc("title: X", f"date: {value}")
    assert set_scalar(doc("date: '2017'"), "date", value) == doc(f"date: '{value}'")


_FENCE_LINES = st.sampled_from(
    ["---", "+++", "--- ", "---\t", "----", " ---", "---\r", "-- -", "x"]
)
_ENDINGS = st.sampled_from(["\n", "\r\n", ""])


@given(_FENCE_LINES, _ENDINGS, _FENCE_LINES, _ENDINGS)
def test_parse_and_fmedit_find_the_same_front_matter(
    opener: str, first_end: str, closer: str, last_end: str
) -> None:
    """One fence rule (parse.fence): what the reader takes for front matter is what an edit
    finds, and the other way round."""
    from actueel_cli.parse import Located, split

    text = f"{opener}{first_end or chr(10)}{closer}{last_end}body"  # (what lies between: fmedit's)
    try:
        split(text)
        read = True
    except Located:
        read = False
    try:
        keys(text)
        edited = True
    except UnsafeEdit:
        edited = False
    assert read == edited, repr(text)
