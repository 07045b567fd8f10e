"""Hostile and messy input, one row per kind: what the user sees (message and exit code), and
proof from a snapshot of the articles folder (every path, its bytes and its mode) that nothing
changed except, for a title that is fine after all, the one new article."""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import complete, crash, write_article

from actueel_cli.model import SLUG_RE

Setup = Callable[[Path, pytest.MonkeyPatch], None]


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry under `folder`: its mode and a digest of its bytes (or link target). Named
    pipes and other special files are never opened."""
    found: dict[str, tuple[int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                content = "link:" + os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            else:
                content = ""
            found[os.path.relpath(path, folder)] = (st.st_mode, content)
    return found


def digest(snap: dict[str, tuple[int, str]]) -> str:
    return hashlib.sha256(repr(sorted(snap.items())).encode()).hexdigest()


@dataclass
class Case:
    id: str
    args: list[str]
    code: int
    fragment: str  # expected in the output (`check` reports on stdout, errors on stderr)
    setup: Setup | None = None
    creates: str | None = None  # the one file a successful `new` adds


def a_file(name: str, data: bytes) -> Setup:
    def setup(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (articles / name).write_bytes(data)

    return setup


def fm(text: str) -> bytes:
    return text.encode("utf-8")


GOOD = "---\ntitle: Goed\ndate: 2020-01-01\n---\nTekst.\n"
BOMB = "---\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = BOMB.replace("b: &b [*a", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a", 1)
BOMB += "title: Bom\ndate: 2020-01-01\ntags: *i\n---\n"


def mkfifo(name: str) -> Setup:
    def setup(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        os.mkfifo(articles / name)

    return setup


def folder_named_md(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_article(articles, "binnen", "Binnen", "2020-01-01", sub="x.md")


def symlink_loop(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (articles / "a.md").symlink_to("b.md")
    (articles / "b.md").symlink_to("a.md")


def link_outside(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = articles.parent / "geheim.md"
    secret.write_text("---\ntitle: Geheim\ndate: 2020-01-01\n---\n", encoding="utf-8")
    (articles / "geheim.md").symlink_to(secret)


def outside_file(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (articles.parent / "buiten.md").write_text(
        "---\ntitle: Buiten\ndate: 2020-01-01\n---\n", encoding="utf-8"
    )


def disk_full(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


def killed_before_link(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def link(src: object, dst: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "link", link)


def read_only_folder(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles.chmod(0o555)


def stray_temp_file(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # what a process killed between writing and renaming leaves behind
    (articles / ".goed.md.k1ll3d.tmp").write_text("---\ntitle: Half", encoding="utf-8")


def too_big(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (articles / "groot.md").write_bytes(fm(GOOD) + b"x" * (4 * 1024 * 1024))


ESC = "\x1b"
CASES = [
    # --- titles and tags on the command line -------------------------------------------------
    Case("title empty", ["new", "--", ""], 1, "the title is empty"),
    Case("title spaces", ["new", "--", "   "], 1, "the title is empty"),
    Case("title punctuation", ["new", "--", "?!..."], 1, "gives no usable slug"),
    Case("title emoji", ["new", "--", "🎉🚓"], 1, "gives no usable slug"),
    Case("title markup only", ["new", "--", "[/]"], 1, "gives no usable slug"),
    Case(
        "title 300 chars", ["new", "--", "woord " * 50], 0, "", creates="woord-" * 12 + "woord.md"
    ),
    Case("title slash", ["new", "--", "Voor/tegen"], 0, "", creates="voor-tegen.md"),
    Case("title dotdot", ["new", "--", "../../etc/passwd"], 0, "", creates="etc-passwd.md"),
    Case("title newline", ["new", "--", "Twee\nregels"], 1, "line break"),
    Case("title control", ["new", "--", "Bel\x07"], 1, "control character"),
    Case("title escape", ["new", "--", f"{ESC}[31mRood{ESC}[0m"], 1, "control character"),
    Case("title osc escape", ["new", "--", f"{ESC}]0;titel\x07"], 1, "control character"),
    Case(
        "title rich markup",
        ["new", "--", "[bold]Vet[/] nieuws"],
        0,
        "",
        creates="bold-vet-nieuws.md",
    ),
    Case("title invalid utf-8", ["new", "--", "Caf\udce9"], 1, "not valid UTF-8"),
    Case("title dash", ["new", "--", "-Min of meer"], 0, "", creates="min-of-meer.md"),
    Case("title option-like", ["new", "--", "--help"], 0, "", creates="help.md"),
    Case("tag empty", ["new", "--tag", "", "Titel"], 1, "tag '' is empty"),
    Case("tag spaces", ["new", "--tag", "   ", "Titel"], 1, "is empty"),
    Case("tag comma", ["new", "--tag", "a,b", "Titel"], 1, "comma"),
    Case("tag newline", ["new", "--tag", "a\nb", "Titel"], 1, "line break"),
    Case("tag escape", ["new", "--tag", f"{ESC}[2J", "Titel"], 1, "control character"),
    Case("tag invalid utf-8", ["new", "--tag", "\udcff", "Titel"], 1, "not valid UTF-8"),
    Case("tag markup", ["new", "--tag", "[red]", "Titel"], 0, "", creates="titel.md"),
    Case("slug dotdot", ["new", "--slug", "../x", "Titel"], 1, "is not valid"),
    Case("slug absolute", ["new", "--slug", "/etc/passwd", "Titel"], 1, "is not valid"),
    Case("slug upper", ["new", "--slug", "Titel", "Titel"], 1, "is not valid"),
    Case("slug dash", ["new", "--slug", "-x", "Titel"], 1, "is not valid"),
    Case("slug 300", ["new", "--slug", "a" * 300, "Titel"], 1, "at most 80"),
    # --- identifiers ----------------------------------------------------------------------
    Case("show dotdot", ["show", "../../etc/passwd"], 1, "no article"),
    Case("show absolute", ["show", "/etc/passwd"], 1, "no article"),
    Case("show outside", ["show", "../buiten.md"], 1, "no article", setup=outside_file),
    Case("show raw outside", ["show", "--raw", "../buiten"], 1, "no article", setup=outside_file),
    Case(
        "show link outside",
        ["show", "--raw", "geheim"],
        1,
        "Error: geheim.md: error: a link that leads outside the articles folder",
        link_outside,
    ),
    Case("show empty", ["show", ""], 1, "no article"),
    Case("show escape", ["show", f"{ESC}[2J"], 1, "no article"),
    Case("check dotdot", ["check", "../../etc/passwd"], 1, "no article"),
    Case("check outside", ["check", "../buiten.md"], 1, "no article", setup=outside_file),
    # --- files ----------------------------------------------------------------------------
    Case("utf-8 bom", ["check"], 0, "No problems", a_file("bom.md", b"\xef\xbb\xbf" + fm(GOOD))),
    Case("crlf", ["check"], 0, "No problems", a_file("crlf.md", fm(GOOD.replace("\n", "\r\n")))),
    Case(
        "mixed endings",
        ["check"],
        0,
        "No problems",
        a_file("mixed.md", b"---\r\ntitle: A\ndate: 2020-01-01\r\n---\nTekst\r\n"),
    ),
    Case(
        "cr only",
        ["check"],
        1,
        "carriage return only",
        a_file("mac.md", fm(GOOD.replace("\n", "\r"))),
    ),
    Case(
        "latin-1",
        ["check"],
        1,
        "mixed.md:2:11: error: not UTF-8 (byte 0xe9); convert it",
        a_file("mixed.md", "---\ntitle: Café\ndate: 2020-01-01\n---\n".encode("latin-1")),
    ),
    Case("utf-16", ["check"], 1, "UTF-16", a_file("w.md", GOOD.encode("utf-16"))),
    Case("binary", ["check"], 1, "not text", a_file("bin.md", bytes(range(256)) * 4)),
    Case(
        "nul bytes",
        ["check"],
        1,
        "nul.md:3: error: the file is not text (it holds NUL bytes)",
        a_file("nul.md", fm(GOOD).replace(b"2020", b"20\x0020")),
    ),
    Case("zero bytes", ["check"], 1, "leeg.md: error: the file is empty", a_file("leeg.md", b"")),
    Case("too big", ["check"], 1, "larger than 4 MiB", too_big),
    Case(
        "anchors",
        ["check"],
        0,
        "No problems",
        a_file("anker.md", fm("---\nnaam: &n Anker\ntitle: *n\ndate: 2020-01-01\n---\n")),
    ),
    Case(
        "merge key",
        ["check"],
        0,
        "No problems",
        a_file("m.md", fm("---\nb: &b {title: M}\n<<: *b\ndate: 2020-01-01\n---\n")),
    ),
    Case(
        "alias bomb",
        ["check"],
        1,
        "bom.md:2: error: front matter uses aliases",
        a_file("bom.md", fm(BOMB)),
    ),
    Case(
        "python tag",
        ["check"],
        1,
        "could not determine a constructor",
        a_file(
            "py.md", fm("---\ntitle: !!python/object/apply:os.system [ls]\ndate: 2020-01-01\n---\n")
        ),
    ),
    Case(
        "non-string key",
        ["check"],
        1,
        "key 1 is not text",
        a_file("k.md", fm("---\ntitle: K\ndate: 2020-01-01\n1: een\n---\n")),
    ),
    Case(
        "list key",
        ["check"],
        1,
        "cannot be used as a key",
        a_file("k.md", fm("---\ntitle: K\ndate: 2020-01-01\n? [a, b]\n: c\n---\n")),
    ),
    Case(
        "yaml no",
        ["check"],
        1,
        "k.md:2:1: error: the title must be text, not the yes/no value false; put it in quotes",
        a_file("k.md", fm("---\ntitle: no\ndate: 2020-01-01\n---\n")),
    ),
    Case(
        "yaml 1.10",
        ["check"],
        1,
        "a tag is the number 1.1, not text; put it in quotes",
        a_file("k.md", fm("---\ntitle: K\ndate: 2020-01-01\ntags: [1.10]\n---\n")),
    ),
    Case(
        "yaml 10:00",
        ["check"],
        1,
        "the title must be text, not the number 600",
        a_file("k.md", fm("---\ntitle: 10:00\ndate: 2020-01-01\n---\n")),
    ),
    Case(
        "yaml yes tag",
        ["check"],
        1,
        "k.md:4:1: error: a tag is read as the yes/no value true",
        a_file("k.md", fm("---\ntitle: K\ndate: 2020-01-01\ntags: [yes]\n---\n")),
    ),
    Case(
        "duplicate key",
        ["check"],
        1,
        "d.md:4:1: error: front matter is not valid YAML: duplicate key 'title'",
        a_file("d.md", fm("---\ntitle: A\ndate: 2020-01-01\ntitle: B\n---\n")),
    ),
    Case(
        "yaml syntax",
        ["check"],
        1,
        "s.md:4:9: error: front matter is not valid YAML",
        a_file("s.md", fm("---\ntitle: A\ndate: 2020-01-01\ntags: [a\n---\n")),
    ),
    Case(
        "toml syntax",
        ["check"],
        1,
        "t.md:3:8: error: front matter is not valid TOML",
        a_file("t.md", fm("+++\ntitle = 'A'\ndate = \n+++\n")),
    ),
    Case("not closed", ["check"], 1, "is not closed", a_file("o.md", fm("---\ntitle: A\n"))),
    Case("no front matter", ["check"], 1, "no front matter", a_file("o.md", fm("# Kop\n"))),
    Case("not a mapping", ["check"], 1, "must be a mapping", a_file("o.md", fm("---\n- a\n---\n"))),
    Case(
        "date iso",
        ["check"],
        0,
        "No problems",
        a_file("d.md", fm("---\ntitle: A\ndate: 2017-07-17T10:00:00+02:00\n---\n")),
    ),
    Case(
        "date space time",
        ["check"],
        0,
        "No problems",
        a_file("d.md", fm("---\ntitle: A\ndate: 2017-07-17 10:00\n---\n")),
    ),
    Case(
        "date zulu",
        ["check"],
        0,
        "No problems",
        a_file("d.md", fm("---\ntitle: A\ndate: 2017-07-17T10:00:00Z\n---\n")),
    ),
    Case(
        "date toml",
        ["check"],
        0,
        "No problems",
        a_file("d.md", fm("+++\ntitle = 'A'\ndate = 2017-07-17\n+++\n")),
    ),
    Case(
        "date 30 feb",
        ["check"],
        1,
        "d.md:3:1: error: date '2017-02-30' is not a real calendar",
        a_file("d.md", fm("---\ntitle: A\ndate: 2017-02-30\n---\n")),
    ),
    Case(
        "date dutch order",
        ["check"],
        1,
        "'17-07-2017' is not YYYY-MM-DD",
        a_file("d.md", fm("---\ntitle: A\ndate: 17-07-2017\n---\n")),
    ),
    Case(
        "date words",
        ["check"],
        1,
        "'17 juli 2017' is not YYYY-MM-DD",
        a_file("d.md", fm("---\ntitle: A\ndate: 17 juli 2017\n---\n")),
    ),
    Case(
        "date number",
        ["check"],
        1,
        "not the number 20170717",
        a_file("d.md", fm("---\ntitle: A\ndate: 20170717\n---\n")),
    ),
    Case(
        "date hour 25",
        ["check"],
        1,
        "is not a real date and time",
        a_file("d.md", fm("---\ntitle: A\ndate: 2017-07-17T25:00\n---\n")),
    ),
    Case(
        "date missing",
        ["check"],
        0,
        "d.md:2:1: warning: no date in the front matter or the file name: listed undated",
        a_file("d.md", fm("---\ntitle: A\n---\n")),
    ),
    Case(
        "date time only",
        ["check"],
        1,
        "a time of day without a day",
        a_file("d.md", fm("+++\ntitle = 'A'\ndate = 10:00:00\n+++\n")),
    ),
    Case(
        "folder x.md",
        ["check"],
        0,
        "x.md: warning: a folder named like an article file",
        folder_named_md,
    ),
    Case(
        "fifo x.md",
        ["check"],
        1,
        "fifo.md: error: is a named pipe (FIFO), not an article file",
        mkfifo("fifo.md"),
    ),
    Case("fifo list", ["list"], 0, "fifo.md: error: is a named pipe", mkfifo("fifo.md")),
    Case(
        "symlink loop",
        ["check"],
        1,
        "a.md: error: cannot read: a link that loops back",
        symlink_loop,
    ),
    Case(
        "symlink outside", ["check"], 1, "geheim.md: error: a link that leads outside", link_outside
    ),
    # --- writes ---------------------------------------------------------------------------
    Case("disk full", ["new", "Titel"], 1, "the disk is full; nothing was changed", disk_full),
    Case("killed before link", ["new", "Titel"], 1, "cannot create titel.md", killed_before_link),
    Case("read-only folder", ["new", "Titel"], 1, "the folder is read-only", read_only_folder),
    Case("exists", ["new", "Goed"], 1, "an article with slug 'goed' exists"),
    Case(
        "exists other case",
        ["new", "--slug", "goed", "X"],
        1,
        "exists",
        a_file("GOED.md", fm(GOOD)),
    ),
    Case("stray temp file", ["check"], 0, "No problems", stray_temp_file),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(
    case: Case, articles: Path, run: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    (articles / "goed.md").write_text(GOOD, encoding="utf-8")
    if case.setup is not None:
        case.setup(articles, monkeypatch)
    before = snapshot(articles)
    outside = snapshot(articles.parent)
    try:
        result = run("--clock", "2020-06-01", *case.args, catch=True)
    finally:
        articles.chmod(0o755)
    after = snapshot(articles)

    assert crash(result) == ""
    assert result.exit_code == case.code, (result.stdout, result.stderr)
    assert case.fragment in result.stdout + result.stderr, (result.stdout, result.stderr)
    if case.code == 1 and case.args[0] in ("new", "show"):
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    if case.creates is None:
        assert digest(after) == digest(before)
    else:
        added = set(after) - set(before)
        assert added == {case.creates}
        assert {k: v for k, v in after.items() if k != case.creates} == before
        assert result.stdout.strip() == f"articles/{case.creates}"
        assert SLUG_RE.fullmatch(case.creates.removesuffix(".md"))
        listed = run("list", "--format", "json").stdout
        assert case.creates.removesuffix(".md") in listed
    # nothing next to the articles folder changed either (only the articles folder itself)
    assert {k: v for k, v in snapshot(articles.parent).items() if not k.startswith("articles")} == {
        k: v for k, v in outside.items() if not k.startswith("articles")
    }


def test_every_broken_file_at_once_leaves_the_good_one_listed(
    articles: Path, run: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One broken article never hides the others: all the file rows above in one folder."""
    (articles / "goed.md").write_text(GOOD, encoding="utf-8")
    for case in CASES:
        if case.args == ["check"] and case.setup is not None:
            # rows that share a file name overwrite each other; a second FIFO is skipped
            with pytest.MonkeyPatch.context() as patch, contextlib.suppress(FileExistsError):
                case.setup(articles, patch)
    result = run("list", "--format", "plain")
    assert result.exit_code == 0
    assert "2020-01-01\tgoed\tGoed" in result.stdout.splitlines()
    assert "files were left out" in result.stderr
    assert result.stderr.endswith("; `actueel check` lists every problem\n")
    checked = run("check", "--format", "plain", catch=True)
    assert crash(checked) == ""
    assert checked.exit_code == 1


def test_new_shows_markup_and_escapes_literally(articles: Path, run: Callable[..., object]) -> None:
    """A title with Rich markup is stored and shown as typed, never interpreted."""
    assert run("new", "--tag", "[red]", "--", "[bold]Vet[/] nieuws").exit_code == 0
    text = (articles / "bold-vet-nieuws.md").read_text(encoding="utf-8")
    assert "title: '[bold]Vet[/] nieuws'" in text
    shown = run("list", "--format", "table", env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    assert "[bold]Vet[/] nieuws" in shown.stdout
    assert "[red]" in shown.stdout


def test_escape_codes_in_a_file_never_reach_the_terminal(
    articles: Path, run: Callable[..., object]
) -> None:
    (articles / "esc.md").write_text(
        '---\ntitle: "\\e[2J\\e]0;weg\\aTitel"\ndate: 2020-01-01\ntags: ["\\e[31mrood"]\n---\n'
        "Tekst \x1b[5mknipper\x1b[0m\n",
        encoding="utf-8",
    )
    for args in (["list"], ["show", "esc"], ["check"]):
        result = run(*args)
        assert "\x1b]" not in result.stdout and "\x1b[2J" not in result.stdout
        assert "\x1b[5m" not in result.stdout and "\x07" not in result.stdout
    assert "\tesc\tTitel" in run("list").stdout


# --- issue 11: names that are not UTF-8, or hold control codes; CSV; numbers too large ---------


def test_a_file_name_that_is_not_utf8_is_a_problem_of_that_file(
    articles: Path, run: Callable[..., object]
) -> None:
    """issue 11, 3: `caf\\xe9.md` made list, show, check, stats and tag add crash."""
    write_article(articles, "goed", "Goed", "2020-01-01", tags=["a"])
    write_article(articles, "ander", "Ander", "2020-01-02", tags=["a"])
    folder = os.fsencode(articles)
    with open(folder + b"/caf\xe9.md", "wb") as handle:
        handle.write(GOOD.encode())
    os.mkdir(folder + b"/archief-\xe9\xe9n")
    with open(folder + b"/archief-\xe9\xe9n/stuk.md", "wb") as handle:
        handle.write(GOOD.encode())
    with open(folder + b"/foto-\xe9.jpg", "wb") as handle:  # not an article: not our business
        handle.write(b"\xff\xd8")
    problems = [
        "archief-\\xe9\\xe9n: error: the folder name is not UTF-8 (byte 0xe9); the articles in "
        "it are not read; rename it, e.g. `mv $'archief-\\xe9\\xe9n' 'archief-één'`",
        "caf\\xe9.md: error: the file name is not UTF-8 (byte 0xe9); rename it, e.g. "
        "`mv $'caf\\xe9.md' 'café.md'`",
    ]
    for env in (None, {"ACTUEEL_NO_INDEX": "1"}):
        listed = run("list", "--format", "plain", env=env)
        assert listed.exit_code == 0
        assert listed.stdout == "2020-01-02\tander\tAnder\n2020-01-01\tgoed\tGoed\n"
        assert sorted(listed.stderr.splitlines()[:2]) == problems
    checked = run("check", "--format", "plain")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == problems
    assert run("show", "goed").exit_code == 0
    assert run("stats", "--format", "json").exit_code == 0
    assert run("tag", "add", "goed", "b").exit_code == 0
    assert run("tag", "rename", "a", "c").stdout == "ander.md\ngoed.md\n"


NASTY = {
    "esc": "wis\x1b[2J\x1b]0;gekaapt\x07scherm",
    "tab": "met\ttab",
    "newline": "met\nregel",
    "bidi": "abc\u202eexe.md",
}


@pytest.fixture
def nasty(articles: Path) -> dict[str, Path]:
    """Articles whose file names hold what a terminal or a tab-separated record must not get."""
    made = {}
    for i, (key, name) in enumerate(NASTY.items()):
        made[key] = write_article(
            articles, name, f"Titel \\e[31m{key}", f"2020-01-0{i + 1}", tags=["oud"]
        )
    write_article(articles, "gewoon", "Gewoon \\e]0;gekaapt\\a", "2020-02-01", tags=["oud"])
    return made


def no_controls(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\u202e")


def no_injection(text: str) -> bool:
    """On a terminal: none of the codes the files hold (Rich's own styling is fine)."""
    return not any(c in text for c in ("\x1b[2J", "\x1b]", "\x07", "\x1b[31m", "\u202e"))


def test_names_with_control_codes_reach_no_terminal_and_break_no_record(
    articles: Path, nasty: dict[str, Path], run: Callable[..., object]
) -> None:
    """issue 11, 7: slugs (file names) were printed raw by list, path, show and tag rename."""
    plain = run("list", "--format", "plain").stdout
    assert no_controls(plain)
    rows = [line.split("\t") for line in plain.splitlines()]
    assert [len(row) for row in rows] == [3] * 5  # one record a line, three fields each
    assert [row[1] for row in rows] == [
        "gewoon",
        "abc\\u202eexe.md",
        "met\\nregel",
        "met\\ttab",
        "wis\\x1b[2J\\x1b]0;gekaapt\\x07scherm",
    ]
    terminal = {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}
    table = run("list", "--format", "table", env=terminal).stdout
    assert no_injection(table) and "wis\\x1b[2J" in table
    page = run("show", "gewoon", env=terminal).stdout
    assert no_injection(page) and "(abc\\u202eexe.md)" in page  # the neighbour's slug
    path = run("path", "wis").stdout
    assert no_controls(path) and path.endswith("/wis\\x1b[2J\\x1b]0;gekaapt\\x07scherm.md\n")
    renamed = run("tag", "rename", "oud", "nieuw")
    assert renamed.exit_code == 0 and no_controls(renamed.stdout)
    assert len(renamed.stdout.splitlines()) == 5
    assert "met\\nregel.md" in renamed.stdout.splitlines()
    assert b"nieuw" in nasty["newline"].read_bytes()  # the file itself, found and renamed
    for args in (["check"], ["stats"], ["list", "--drafts", "--format", "csv"]):
        assert no_injection(run(*args, env=terminal).stdout), args


def test_completion_offers_no_control_codes(
    articles: Path, nasty: dict[str, Path], run: Callable[..., object]
) -> None:
    """issue 11, 7: titles with ESC reached zsh and fish completion."""
    assert run("list").exit_code == 0  # the index, which completion reads titles from
    for shell in ("bash", "zsh", "fish"):
        done = complete(shell, "actueel show ")
        assert done.exit_code == 0 and no_controls(done.stdout), shell
        assert "gewoon" in done.stdout
    assert '"gewoon":"Gewoon "' in complete("zsh", "actueel show g").stdout
    assert complete("bash", "actueel show w").stdout.strip() == ""  # not to be typed: not offered


def test_csv_cells_are_clean_and_never_formulas(articles: Path, run: Callable[..., object]) -> None:
    """issue 11, 8: control codes in CSV cells, and cells a spreadsheet runs as a formula."""
    (articles / "formule.md").write_text(
        '---\ntitle: "=HYPERLINK(\\"http://x\\")\\e[31m"\ndate: 2020-01-01\n'
        'author: "@auteur"\ntags: ["-1+1", "+tag", gewoon]\nimage: "=cmd|\' /C calc\'!A0"\n---\n',
        encoding="utf-8",
    )
    write_article(articles, "plus", "+31 nieuws", "2020-01-02", author="-min")
    result = run("list", "--format", "csv")
    assert result.exit_code == 0
    assert no_controls(result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["title"], r["author"], r["tags"], r["image"]) for r in rows] == [
        ("'+31 nieuws", "'-min", "", ""),
        ('\'=HYPERLINK("http://x")', "'@auteur", "'-1+1, +tag, gewoon", "'=cmd|' /C calc'!A0"),
    ]
    assert rows[0]["slug"] == "plus" and rows[0]["date"] == "2020-01-02"


def test_a_limit_beyond_any_number_is_a_usage_error(run: Callable[..., object]) -> None:
    """issue 11, 11: `--limit 9223372036854775808` was a ValueError with a traceback."""
    result = run("list", "--limit", "9223372036854775808", "--format", "json")
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr
    assert run("list", "--limit", "9223372036854775807", "--format", "json").exit_code == 0


def test_a_state_file_nested_too_deeply_is_as_good_as_none(
    articles: Path, run: Callable[..., object]
) -> None:
    """issue 11, 11: deeply nested JSON in the state file was a RecursionError in show/next."""
    write_article(articles, "een", "Een", "2020-01-01")
    write_article(articles, "twee", "Twee", "2020-01-02")
    state = Path(os.environ["ACTUEEL_STATE_DIR"])
    state.mkdir(parents=True)
    (state / "last-shown.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    stepped = run("next")
    assert stepped.exit_code == 1
    assert stepped.stderr == (
        "Error: no article shown yet; give a slug, e.g. actueel next burgemeesters\n"
    )
    assert run("show", "een").exit_code == 0  # and it is written anew
    assert run("next", "--format", "json").stdout.count('"slug": "twee"') == 1
