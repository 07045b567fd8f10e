"""`actueel tag`: list, add, remove, rename, with the files compared byte for byte."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import complete, examples, lines, write_article
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from test_fmedit import TAG, toml_files, yaml_files
from typer.testing import CliRunner

from actueel_cli.cli import app
from actueel_cli.errors import InvalidInput
from actueel_cli.fmedit import get_list
from actueel_cli.model import add_tags, clean_tag, remove_tags
from actueel_cli.render import one_line

OLD = 1_500_000_000_000_000_000  # an mtime (ns) in 2017, so that a rewrite would show


def put(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.utime(path, ns=(OLD, OLD))
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `folder` (temporary files included): bytes, mtime, mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st_ = path.stat()
            found[str(path.relative_to(folder))] = (
                path.read_bytes(),
                st_.st_mtime_ns,
                stat.S_IMODE(st_.st_mode),
            )
    return found


# --- tag list ---------------------------------------------------------------------------------


@pytest.fixture
def tagged(articles: Path) -> Path:
    write_article(articles, "a", "A", "2020-01-01", tags=["ondermijning", "politie"])
    write_article(articles, "b", "B", "2020-01-02", tags=["Ondermijning", "veiligheid"])
    write_article(articles, "c", "C", "2020-01-03", tags=["óndermijning", "ondermijning"])
    write_article(articles, "d", "D", "2020-01-04", tags=["veiligheid", "ondermijning"], draft=True)
    write_article(articles, "e", "E", "2030-01-04", tags=["alpha"])  # scheduled
    (articles / "kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    return articles


def test_list_counts_variants_as_one_most_used_first(run: Any, tagged: Path) -> None:
    result = run("tag", "list")
    assert result.exit_code == 0
    assert result.stdout == (
        "ondermijning\t4\tóndermijning\tOndermijning\n"  # c counts once, d (a draft) counts
        "veiligheid\t2\n"
        "alpha\t1\n"
        "politie\t1\n"
    )
    assert "kapot.md" in result.stderr  # a broken file is named, the others still listed


def test_tag_on_its_own_lists_and_json_has_the_variants(run: Any, tagged: Path) -> None:
    assert run("tag").stdout == run("tag", "list").stdout
    data = json.loads(run("tag", "--format", "json").stdout)
    assert data[0] == {
        "tag": "ondermijning",
        "articles": 4,
        "variants": ["óndermijning", "Ondermijning"],
    }
    assert json.loads(run("tag", "list", "-f", "json").stdout) == data


def test_table_on_a_terminal_shows_the_variants(run: Any, tagged: Path) -> None:
    result = run("tag", env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    row = next(line for line in text.splitlines() if "ondermijning" in line)
    assert row.split() == ["ondermijning", "4", "(also:", "óndermijning,", "Ondermijning)"]


# --- tag add / remove: byte for byte ----------------------------------------------------------

COMMENTED = (
    "---\n"
    "# kop van het artikel\n"
    'title: "Burgemeesters: over veiligheid"   # quoted, with a colon\n'
    "date: 2017-07-17\n"
    "author: 'Ries van Dam'\n"
    "tags:   # the first is the main one\n"
    "  - burgemeesters\n"
    '  - "veiligheid"\n'
    "extra: {a: 1}\n"
    "---\n"
    "\n"
    "Body *with* markdown.\n"
)
FLOW = "---\ntitle: Flow\ndate: 2020-01-01\ntags: [politie, 'wijk agent']  # flow\n---\nBody\n"
CRLF_BOM = (
    "\ufeff---\r\ntitle: Windows\r\ndate: 2021-03-09T10:30:00+01:00\r\ntags:\r\n- politie\r\n"
    "draft: false\r\n---\r\n\r\n  Body without a final newline  "
)
TOML = (
    "+++\n"
    'title = "Toml"  # comment\n'
    "date = 2020-01-01\n"
    "tags = ['politie', 'wijk']\n"
    "\n"
    "[params]\n"
    "tags = ['nested']\n"
    "+++\n"
    "Body\n"
)

ADD_CASES = [
    pytest.param(
        COMMENTED,
        ["Politie", "#openbare orde", " no "],
        COMMENTED.replace(
            '  - "veiligheid"\n',
            '  - "veiligheid"\n  - Politie\n  - openbare orde\n  - "no"\n',
        ),
        id="comments-quoted",
    ),
    pytest.param(
        FLOW,
        ["veiligheid"],
        FLOW.replace("'wijk agent']", "'wijk agent', veiligheid]"),
        id="flow-list",
    ),
    pytest.param(
        CRLF_BOM,
        ["wijk"],
        CRLF_BOM.replace("- politie\r\n", "- politie\r\n- wijk\r\n"),
        id="crlf-bom-no-final-newline",
    ),
    pytest.param(
        TOML,
        ["veiligheid"],
        TOML.replace("'wijk']", "'wijk', 'veiligheid']"),
        id="toml",
    ),
]


@pytest.mark.parametrize(("before", "tags", "after"), ADD_CASES)
def test_add_changes_only_the_tags_entry(
    run: Any, articles: Path, before: str, tags: list[str], after: str
) -> None:
    path = put(articles, "artikel.md", before)
    put(articles, "ander.md", FLOW)
    result = run("tag", "add", "artikel", *tags)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == after.encode("utf-8")
    assert result.stdout.splitlines() == get_list(after, "tags")
    assert "Added" in result.stderr
    assert (articles / "ander.md").read_bytes() == FLOW.encode("utf-8")
    # and remove gives back the original, byte for byte
    removed = run("tag", "remove", "artikel", *tags)
    assert removed.exit_code == 0, removed.stderr
    assert path.read_bytes() == before.encode("utf-8")


def test_add_keeps_the_spelling_of_the_style_quoting_and_the_yaml_pitfalls(
    run: Any, articles: Path
) -> None:
    path = put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags:\n  - a\n---\n")
    run("tag", "add", "a", "yes", "2024", "Ünïcode", "x: y")
    text = path.read_text(encoding="utf-8")
    assert text == (
        '---\ntitle: A\ndate: 2020-01-01\ntags:\n  - a\n  - "yes"\n  - "2024"\n'
        '  - Ünïcode\n  - "x: y"\n---\n'
    )
    assert run("list", "--format", "json").stdout.count('"x: y"') == 1


def test_add_to_an_article_without_tags_creates_the_entry(run: Any, articles: Path) -> None:
    path = put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\n---\nBody\n")
    result = run("tag", "add", "a", "politie")
    assert result.stdout == "politie\n"
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: A\ndate: 2020-01-01\ntags:\n  - politie\n---\nBody\n"
    )


def test_comparison_ignores_case_and_accents(run: Any, articles: Path) -> None:
    path = put(articles, "a.md", FLOW)
    before = snapshot(articles)
    result = run("tag", "add", "a", "POLITIE", "Wijk Agent", "#pólitie")
    assert result.exit_code == 0
    assert result.stdout == "politie\nwijk agent\n"
    assert "already has 'POLITIE', 'Wijk Agent' and 'pólitie'; nothing changed" in result.stderr
    assert snapshot(articles) == before  # same bytes, same mtime
    result = run("tag", "remove", "a", "Politie")
    assert result.stdout == "wijk agent\n"
    assert path.read_text(encoding="utf-8") == FLOW.replace(
        "[politie, 'wijk agent']", "['wijk agent']"
    )


def test_no_op_leaves_bytes_and_mtime_and_says_so(run: Any, articles: Path) -> None:
    put(articles, "a.md", COMMENTED)
    before = snapshot(articles)
    added = run("tag", "add", "a", "veiligheid")
    assert added.exit_code == 0
    assert added.stdout == "burgemeesters\nveiligheid\n"
    assert "a.md already has 'veiligheid'; nothing changed" in added.stderr
    removed = run("tag", "remove", "a", "politie", "wijk")
    assert removed.exit_code == 0
    assert "a.md has no tag 'politie' or 'wijk'; nothing changed" in removed.stderr
    assert snapshot(articles) == before


def test_partly_there_notes_the_rest(run: Any, articles: Path) -> None:
    put(articles, "a.md", FLOW)
    result = run("tag", "add", "a", "politie", "nieuw")
    assert result.stderr == "Added 'nieuw' to a.md\nAlready there: 'politie'\n"
    result = run("tag", "remove", "a", "nieuw", "weg")
    assert result.stderr == "Removed 'nieuw' from a.md\nNot there: 'weg'\n"


@pytest.mark.parametrize("bad", ["", "  ", "#", "a,b", "a\nb", "a\rb", "a\u2028b"])
def test_bad_tags_are_refused_before_anything_is_written(
    run: Any, articles: Path, bad: str
) -> None:
    put(articles, "a.md", FLOW)
    before = snapshot(articles)
    result = run("tag", "add", "a", "goed", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: tag ")
    assert snapshot(articles) == before


def test_an_unsafe_shape_is_refused_naming_the_file(run: Any, articles: Path) -> None:
    put(articles, "sub/a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: &t [a, b]\n---\n")
    before = snapshot(articles)
    result = run("tag", "add", "a", "c")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: sub/a.md: the tags entry")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(articles) == before


def test_unknown_slug_is_an_error(run: Any, articles: Path) -> None:
    put(articles, "a.md", FLOW)
    result = run("tag", "add", "zzz", "x")
    assert result.exit_code == 1
    assert "no article 'zzz'" in result.stderr


def test_a_broken_article_can_still_be_tagged(run: Any, articles: Path) -> None:
    path = put(articles, "kapot.md", "---\ntitle: Geen datum\ntags: [a]\n---\n")
    result = run("tag", "add", "kapot", "b")
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == "---\ntitle: Geen datum\ntags: [a, b]\n---\n"


# --- failures leave everything as it was ------------------------------------------------------


def test_a_failed_replace_leaves_the_original_and_no_temp_file(
    run: Any, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(articles, "a.md", CRLF_BOM)
    before = snapshot(articles)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    result = run("tag", "add", "a", "x")
    assert result.exit_code == 1
    assert result.stderr == "Error: a.md: cannot write: Input/output error; nothing was changed\n"
    assert snapshot(articles) == before


def test_a_full_disk_leaves_the_original_and_no_temp_file(
    run: Any, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(articles, "a.md", TOML)
    before = snapshot(articles)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("tag", "remove", "a", "wijk")
    assert result.exit_code == 1
    assert "the disk is full; nothing was changed" in result.stderr
    assert snapshot(articles) == before


def test_a_read_only_file_is_refused(run: Any, articles: Path) -> None:
    path = put(articles, "a.md", FLOW)
    path.chmod(0o444)
    before = snapshot(articles)
    result = run("tag", "add", "a", "x")
    assert result.exit_code == 1
    assert result.stderr == "Error: a.md: the file is read-only; nothing was changed\n"
    assert snapshot(articles) == before


def test_permission_bits_are_kept(run: Any, articles: Path) -> None:
    path = put(articles, "a.md", FLOW)
    path.chmod(0o640)
    assert run("tag", "add", "a", "x").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in articles.iterdir()] == ["a.md"]


# --- two at once ------------------------------------------------------------------------------


def test_concurrent_tag_adds_on_one_article_all_land(articles: Path, isolated: Path) -> None:
    path = put(articles, "a.md", COMMENTED)
    env = {k: v for k, v in os.environ.items() if k != "TTY_COMPATIBLE"}
    words = [f"tag{i}" for i in range(10)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "actueel_cli", "tag", "add", "a", word],
            cwd=isolated,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for word in words
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    tags = get_list(path.read_text(encoding="utf-8"), "tags")
    assert tags is not None
    assert sorted(tags) == sorted(["burgemeesters", "veiligheid", *words])
    expected_head = COMMENTED.split('  - "veiligheid"\n')[0]
    assert path.read_text(encoding="utf-8").startswith(expected_head)
    assert path.read_text(encoding="utf-8").endswith(
        "extra: {a: 1}\n---\n\nBody *with* markdown.\n"
    )


# --- rename -----------------------------------------------------------------------------------


@pytest.fixture
def many(articles: Path) -> Path:
    put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: [Politie, wijk]\n---\n")
    put(articles, "b.md", "---\ntitle: B\ndate: 2020-01-02\ntags:\n  - wijk\n  - politie\n---\n")
    put(articles, "c.md", CRLF_BOM)  # tags: politie, CRLF and a BOM
    put(articles, "sub/d.md", TOML)
    put(articles, "e.md", "---\ntitle: E\ndate: 2020-01-05\ntags: [andere]\n---\n")
    put(articles, "f.md", "---\ntitle: F\ndate: 2020-01-06\ntags: [politie, agent]\n---\n")
    return articles


def test_rename_across_the_archive_merging_where_both_are_there(run: Any, many: Path) -> None:
    untouched = (many / "e.md").read_bytes()
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "a.md\nb.md\nc.md\nf.md\nsub/d.md\n"
    assert result.stderr == "Renamed tag 'politie' to 'agent' in 5 files\n"
    assert (many / "a.md").read_text(encoding="utf-8").endswith("tags: [agent, wijk]\n---\n")
    assert "tags:\n  - wijk\n  - agent\n---" in (many / "b.md").read_text(encoding="utf-8")
    assert (many / "c.md").read_bytes() == CRLF_BOM.replace("- politie", "- agent").encode()
    assert (many / "sub/d.md").read_bytes() == TOML.replace("'politie'", "'agent'").encode()
    assert (many / "f.md").read_text(encoding="utf-8").endswith("tags: [agent]\n---\n")  # merged
    assert (many / "e.md").read_bytes() == untouched
    assert os.stat(many / "e.md").st_mtime_ns == OLD
    # the second time there is nothing to do
    before = snapshot(many)
    again = run("tag", "rename", "politie", "agent")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr == "No article has tag 'politie'; nothing changed\n"
    assert snapshot(many) == before


def test_dry_run_lists_the_files_and_changes_nothing(run: Any, many: Path) -> None:
    before = snapshot(many)
    result = run("tag", "rename", "politie", "agent", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == "a.md\nb.md\nc.md\nf.md\nsub/d.md\n"
    assert result.stderr == "5 files would change; nothing was written (dry run)\n"
    assert snapshot(many) == before


def test_renaming_only_the_case_works_and_then_is_a_no_op(run: Any, many: Path) -> None:
    result = run("tag", "rename", "POLITIE", "politie")
    assert result.stdout == "a.md\n"  # the others write it as `politie` already
    assert (many / "a.md").read_text(encoding="utf-8").endswith("tags: [politie, wijk]\n---\n")
    again = run("tag", "rename", "Politie", "politie")
    assert "already have it as 'politie'; nothing changed" in again.stderr
    assert json.loads(run("tag", "-f", "json").stdout)[0] == {
        "tag": "politie",
        "articles": 5,
        "variants": [],
    }


def test_rename_stops_on_a_read_only_file_with_nothing_changed(run: Any, many: Path) -> None:
    (many / "c.md").chmod(0o444)
    before = snapshot(many)
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "c.md: the file is read-only; nothing was changed\n"
        "Error: 1 file cannot be changed (see above); nothing was changed\n"
    )
    assert snapshot(many) == before


def test_rename_stops_on_an_unsafe_shape_and_names_every_problem(run: Any, many: Path) -> None:
    put(many, "g.md", "---\ntitle: G\ndate: 2020-01-07\ntags: &x [politie]\n---\n")
    (many / "f.md").chmod(0o444)
    before = snapshot(many)
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 1
    lines_ = result.stderr.splitlines()
    assert lines_[0] == "f.md: the file is read-only; nothing was changed"
    assert lines_[1].startswith("g.md: the tags entry")
    assert lines_[2] == "Error: 2 files cannot be changed (see above); nothing was changed"
    assert snapshot(many) == before


def test_a_write_failing_halfway_puts_back_the_files_already_renamed(
    run: Any, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(many)
    real_replace = os.replace
    calls = []

    def third_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", third_fails)
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 1
    assert "c.md: cannot write" in result.stderr
    assert "the 2 files already renamed were put back" in result.stderr
    after = snapshot(many)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


def test_rename_refuses_bad_names(run: Any, many: Path) -> None:
    before = snapshot(many)
    assert run("tag", "rename", "politie", "a,b").exit_code == 1
    assert run("tag", "rename", "", "b").exit_code == 1
    assert snapshot(many) == before


# --- completion -------------------------------------------------------------------------------


def test_completion_of_slugs_and_tags(articles: Path) -> None:
    write_article(articles, "burgemeesters", "B", "2017-07-17", tags=["veiligheid", "politie"])
    write_article(articles, "wijk", "W", "2018-07-17", tags=["Politie", "wijk"])
    assert lines(complete("bash", "actueel tag add bu")) == ["burgemeesters"]
    assert lines(complete("bash", "actueel tag remove burgemeesters p")) == ["politie"]
    assert lines(complete("bash", "actueel tag rename v")) == ["veiligheid"]
    assert lines(complete("bash", "actueel publish w")) == ["wijk"]
    assert lines(complete("bash", "actueel unpublish w")) == ["wijk"]
    assert lines(complete("bash", "actueel next w")) == ["wijk"]


# --- the pure rules ---------------------------------------------------------------------------


# --- property: everything outside the tags entry stays --------------------------------------

CLI_TAG = TAG.filter(lambda t: _clean_or_none(t) == t)


def _clean_or_none(tag: str) -> str | None:
    try:
        return clean_tag(tag)
    except InvalidInput:
        return None


def readable(prefix: str, entry: str, suffix: str) -> tuple[str, str, str]:
    """A generated file made an article (a file with errors is never written): a title and a
    date added after the opening line where it has none."""
    eol = "\r\n" if prefix.split("\n", 1)[0].endswith("\r") else "\n"
    toml = prefix.lstrip("\ufeff").startswith("+++")
    added = ""
    for key, value in (("title", '"Titel"'), ("date", "2020-01-01")):
        if not re.search(rf"^{key}\s*[:=]", prefix + entry + suffix, re.M):
            added += f"{key} = {value}{eol}" if toml else f"{key}: {value}{eol}"
    head, _, rest = prefix.partition("\n")
    return f"{head}\n{added}{rest}", entry, suffix


@settings(
    max_examples=examples(60),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(yaml_files(), toml_files()),
    # the generated files' own tags (WORDS in test_fmedit) too, so that removing finds some
    st.lists(
        st.one_of(CLI_TAG, st.sampled_from(["politie", "Politie", "ü", "b c", "a"])),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
def test_property_add_and_remove_through_the_cli_touch_only_the_tags_entry(
    parts: tuple[str, str, str], tags: list[str], removing: bool
) -> None:
    prefix, entry, suffix = readable(*parts)
    text = prefix + entry + suffix
    assume("\x00" not in text)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = put(folder, "artikel.md", text)
        before = snapshot(folder)
        command = "remove" if removing else "add"
        result = runner.invoke(
            app,
            ["--dir", tmp, "tag", command, "--", "artikel", *tags],
            env={"ACTUEEL_NO_INDEX": "1"},
            catch_exceptions=False,
        )
        if result.exit_code != 0:  # refused: a shape it cannot edit, or errors; nothing written
            event("refused")
            assert result.stderr.startswith("Error: artikel.md:"), result.stderr
            assert snapshot(folder) == before
            return
        after = path.read_bytes().decode("utf-8")
        current = get_list(text, "tags") or []
        expected = remove_tags(current, tags) if removing else add_tags(current, tags)
        assert (get_list(after, "tags") or []) == expected
        assert result.stdout == "".join(one_line(t) + "\n" for t in expected)
        event("no-op" if expected == current else "edited")
        if expected == current:
            assert snapshot(folder) == before  # no-op: same bytes, same mtime
        elif entry:
            assert after.startswith(prefix)
            assert after.endswith(suffix)
        else:  # the entry is new: only inserted, nothing else moved
            assert len(after) > len(text)
            assert after.startswith(prefix)
            assert after.endswith(suffix)
        assert [p.name for p in folder.iterdir()] == ["artikel.md"]


# --- issue 12: an edit touches only its item, and undoing it gives back the bytes ------------

SHAPES = {
    "odd-plain-4-spaces": (
        "---\ntitle: Odd\ndate: 2020-01-01\ntags:\n    - .net\n    -   64 bit\n    - 5.0.3.1\n"
        "    - c#\ndraft: false\n---\nBody\n"
    ),
    "quoted-mixed-flow": "---\ntitle: Flow\ndate: 2020-01-02\ntags: [ 'a', \"b c\",d ]\n---\n",
    "toml-irregular": (
        '+++\ntitle = "Toml"\ndate = 2020-01-03\n'
        'tags = ["CoreDNS","History","Caddy", "Documentation"]\n+++\nBody\n'
    ),
    "toml-multi-line": "+++\ntitle = 'M'\ndate = 2020-01-04\ntags = [\n    'a',\n    'b'\n]\n+++\n",
    "crlf-bom": CRLF_BOM,
    "no-tags-yaml": "---\ntitle: Geen\ndate: 2020-01-05\ncategories:\n    - 'nieuws'\n---\nBody\n",
    "no-tags-toml": "+++\ntitle = 'Geen'\ndate = 2020-01-06\naliases = ['/a',  '/b']\n+++\n",
}


@pytest.mark.parametrize("name", SHAPES)
def test_add_then_remove_gives_back_the_bytes(run: Any, articles: Path, name: str) -> None:
    text = SHAPES[name]
    path = put(articles, f"{name}.md", text)
    added = run("tag", "add", name, "zz")
    assert added.exit_code == 0, added.stderr
    after = path.read_text(encoding="utf-8")
    old_lines = text.splitlines()
    # one line is new (two for a new entry); a TOML array's last item may gain its comma
    new_lines = [x for x in after.splitlines() if x not in old_lines and x[:-1] not in old_lines]
    assert len(new_lines) == 1 or new_lines == ["tags:", "    - 'zz'"] or "tags = [" in new_lines[0]
    assert run("tag", "remove", name, "zz").exit_code == 0
    assert path.read_bytes() == text.encode("utf-8")


def test_a_new_tags_entry_looks_like_the_files_other_lists(run: Any, articles: Path) -> None:
    yaml_path = put(articles, "y.md", SHAPES["no-tags-yaml"])
    toml_path = put(articles, "t.md", SHAPES["no-tags-toml"])
    run("tag", "add", "y", "zz", ".net")
    run("tag", "add", "t", "zz")
    assert yaml_path.read_text(encoding="utf-8").endswith(
        "categories:\n    - 'nieuws'\ntags:\n    - 'zz'\n    - '.net'\n---\nBody\n"
    )
    assert "aliases = ['/a',  '/b']\ntags = ['zz']\n+++" in toml_path.read_text(encoding="utf-8")


def test_add_keeps_the_other_items_bytes(run: Any, articles: Path) -> None:
    path = put(articles, "odd.md", SHAPES["odd-plain-4-spaces"])
    run("tag", "add", "odd", "wijk")
    assert path.read_text(encoding="utf-8") == SHAPES["odd-plain-4-spaces"].replace(
        "    - c#\n", "    - c#\n    - wijk\n"
    )


def test_rename_changes_one_line_per_file_and_back_gives_the_bytes(
    run: Any, articles: Path
) -> None:
    for name, text in SHAPES.items():
        put(articles, f"{name}.md", text)
    put(articles, "cs.md", "---\ntitle: C\ndate: 2020-02-01\ntags: ['c#', .net, \"64 bit\"]\n---\n")
    before = {p.name: p.read_text(encoding="utf-8") for p in articles.iterdir()}
    renamed = run("tag", "rename", "c#", "csharp")
    assert renamed.stdout == "cs.md\nodd-plain-4-spaces.md\n"
    for p in articles.iterdir():
        old, new = before[p.name].splitlines(), p.read_text(encoding="utf-8").splitlines()
        assert sum(a != b for a, b in zip(old, new, strict=True)) == (p.name in renamed.stdout)
    assert "tags: ['csharp', .net" in (articles / "cs.md").read_text(encoding="utf-8")
    run("tag", "rename", "csharp", "c#")
    assert {p.name: p.read_text(encoding="utf-8") for p in articles.iterdir()} == before


def test_removing_the_last_tag_removes_the_entry(run: Any, articles: Path) -> None:
    path = put(
        articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: [politie]\ndraft: true\n---\n"
    )
    result = run("tag", "remove", "a", "politie")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert path.read_text(encoding="utf-8") == "---\ntitle: A\ndate: 2020-01-01\ndraft: true\n---\n"


def site_config(articles: Path, generator: str, extra: str = "") -> None:
    (articles.parent / "actueel.toml").write_text(
        f'articles_dir = "articles"\ngenerator = "{generator}"\n{extra}', encoding="utf-8"
    )


def test_jekyll_string_tags_are_edited_as_words(run: Any, articles: Path) -> None:
    site_config(articles, "jekyll")
    text = "---\ntitle: Ruby\ndate: 2026-07-16 05:08:11 +0000\ntags: security\n---\nBody\n"
    path = put(articles, "2026-07-16-ruby.md", text)
    added = run("tag", "add", "ruby", "release")
    assert added.stdout == "security\nrelease\n"
    assert "tags: security release\n" in path.read_text(encoding="utf-8")
    refused = run("tag", "add", "ruby", "two words")
    assert refused.exit_code == 1
    assert "a string of words (tags: a b), so 'two words' cannot be written in it" in (
        refused.stderr
    )
    assert run("tag", "remove", "ruby", "release").exit_code == 0
    assert path.read_text(encoding="utf-8") == text


def test_one_string_tag_becomes_a_list_for_two(run: Any, articles: Path) -> None:
    site_config(articles, "eleventy")
    path = put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: post\n---\n")
    run("tag", "add", "a", "nieuws")
    assert "tags: [post, nieuws]\n" in path.read_text(encoding="utf-8")
    run("tag", "rename", "post", "bericht")
    assert "tags: [bericht, nieuws]\n" in path.read_text(encoding="utf-8")


def test_a_sites_own_tags_key_is_the_one_edited(run: Any, articles: Path) -> None:
    site_config(articles, "astro", '[fields]\ntags = "categories"\n')
    text = "---\ntitle: Storms\ndate: 2020-07-21\ncategories:\n    - musings\n    - 'me'\n---\n"
    path = put(articles, "storms.md", text)
    assert run("tag", "add", "storms", "new york").stdout == "musings\nme\nnew york\n"
    assert path.read_text(encoding="utf-8") == text.replace(
        "    - 'me'\n", "    - 'me'\n    - new york\n"
    )
    assert "tags" not in path.read_text(encoding="utf-8")
    assert run("tag", "remove", "storms", "new york").exit_code == 0
    assert path.read_text(encoding="utf-8") == text


@settings(
    max_examples=examples(25),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(yaml_files(), toml_files()), CLI_TAG)
def test_property_add_then_remove_through_the_cli_gives_back_the_bytes(
    parts: tuple[str, str, str], tag: str
) -> None:
    text = "".join(parts)
    assume("\x00" not in text)
    current = get_list(text, "tags")
    assume(current is None or current)  # no tags entry, or at least one tag
    assume(add_tags(current or [], [tag]) != (current or []))  # not there in any spelling
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        path = put(Path(tmp), "artikel.md", text)
        env = {"ACTUEEL_NO_INDEX": "1"}
        added = runner.invoke(app, ["--dir", tmp, "tag", "add", "--", "artikel", tag], env=env)
        if added.exit_code != 0:  # a shape it refuses: nothing written
            assert path.read_bytes() == text.encode("utf-8")
            return
        removed = runner.invoke(app, ["--dir", tmp, "tag", "remove", "--", "artikel", tag], env=env)
        assert removed.exit_code == 0, removed.stderr
        assert path.read_bytes() == text.encode("utf-8")


# --- issue 11: what a rollback says and puts back; long names; links; owners ------------------


def failing_third_write(monkeypatch: pytest.MonkeyPatch, meanwhile: Any = None) -> None:
    """The third `os.replace` fails as on a full disk; `meanwhile` runs just before."""
    real_replace = os.replace
    calls: list[str] = []

    def third_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            if meanwhile is not None:
                meanwhile()
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", third_fails)


def test_a_rollback_puts_back_the_modification_times_too(
    run: Any, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 11, 12: a rollback said "nothing was changed" but left new modification times."""
    before = snapshot(many)
    failing_third_write(monkeypatch)
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: c.md: cannot write: No space left on device; "
        "the 2 files already renamed were put back; nothing was changed\n"
    )
    assert snapshot(many) == before  # bytes, modification times, modes; no temporary file


def test_a_rollback_names_the_files_it_could_not_put_back(
    run: Any, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 11, 4: an editor saved a renamed file again before a later one failed; the message
    said all were put back while that file kept the new tag."""
    saved = b""

    def editor_saves_a() -> None:
        nonlocal saved
        saved = (many / "a.md").read_bytes() + b"Nog een zin.\n"
        (many / "a.md").write_bytes(saved)

    failing_third_write(monkeypatch, editor_saves_a)
    b_before = (many / "b.md").read_bytes()
    result = run("tag", "rename", "politie", "agent")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: c.md: cannot write: No space left on device; 1 of the 2 files already renamed "
        "was put back; not put back: a.md (changed since it was renamed, by another program "
        "or editor)\n"
    )
    assert (many / "a.md").read_bytes() == saved  # the editor's save is kept, never overwritten
    assert (many / "b.md").read_bytes() == b_before


def test_names_of_up_to_255_bytes_can_be_edited_and_renamed(run: Any, articles: Path) -> None:
    """issue 11, 12: the temporary file's name (`.NAME.XXXXXXXX.tmp`) was too long for names of
    242 to 255 bytes, which could never be edited; `tag rename` found out after writing."""
    longest = "z" * 252  # + `.md`: 255 bytes, the most a name may have
    put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: [oud]\n---\n")
    put(articles, f"{longest}.md", "---\ntitle: Z\ndate: 2020-01-02\ntags: [oud]\n---\n")
    added = run("tag", "add", longest, "extra")
    assert added.exit_code == 0, added.stderr
    renamed = run("tag", "rename", "oud", "nieuw")
    assert renamed.exit_code == 0, renamed.stderr
    assert renamed.stdout == f"a.md\n{longest}.md\n"
    assert (
        (articles / f"{longest}.md")
        .read_text(encoding="utf-8")
        .endswith("tags: [nieuw, extra]\n---\n")
    )
    assert sorted(p.name for p in articles.iterdir()) == ["a.md", f"{longest}.md"]


def test_a_link_to_another_article_stays_a_link(run: Any, articles: Path) -> None:
    """issue 11, 9: `tag add` on `oude-naam.md -> nieuwe-naam.md` replaced the link by a copy."""
    target = put(
        articles, "nieuw/nieuwe-naam.md", "---\ntitle: N\ndate: 2020-01-01\ntags: [a]\n---\n"
    )
    link = articles / "oude-naam.md"
    link.symlink_to(Path("nieuw") / "nieuwe-naam.md")
    result = run("tag", "add", "oude-naam", "b")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Added 'b' to oude-naam.md\n"
    assert link.is_symlink() and os.readlink(link) == str(Path("nieuw") / "nieuwe-naam.md")
    assert target.read_text(encoding="utf-8").endswith("tags: [a, b]\n---\n")
    renamed = run("tag", "rename", "b", "c")  # both names carry it: the one file changes once
    assert renamed.exit_code == 0, renamed.stderr
    assert renamed.stdout == "nieuw/nieuwe-naam.md\n"
    assert link.is_symlink() and target.read_text(encoding="utf-8").endswith("[a, c]\n---\n")
    assert run("tag", "remove", "oude-naam", "c").exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").endswith("[a]\n---\n")
    assert sorted(p.name for p in (articles / "nieuw").iterdir()) == ["nieuwe-naam.md"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_keeps_a_files_owner_and_group(run: Any, articles: Path) -> None:
    """issue 11, 13: root editing another user's article made it root's (that user could no
    longer save it)."""
    path = put(articles, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntags: [oud]\n---\n")
    os.chown(path, 1234, 2345)
    path.chmod(0o664)
    assert run("tag", "add", "a", "x").exit_code == 0
    assert run("tag", "rename", "oud", "nieuw").exit_code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 2345, 0o664)
    assert path.read_text(encoding="utf-8").endswith("tags: [nieuw, x]\n---\n")


@pytest.mark.parametrize(
    "mark", ["\u200b", "\u202e", "\u2066"], ids=["zero-width", "rlo", "isolate"]
)
def test_a_tag_is_refused_for_what_a_title_is_refused_for(
    run: Any, tagged: Path, mark: str
) -> None:
    """One definition of the characters a terminal acts on (model.CONTROLS): `tag add` refuses a
    zero-width or direction mark in a tag, as `new` does in a title or a tag, and writes nothing."""
    before = snapshot(tagged)
    for args in (["tag", "add", "a", f"x{mark}y"], ["new", "--tag", f"x{mark}y", "T"],
                 ["new", "--", f"T{mark}"]):  # fmt: skip
        result = run(*args)
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert "control character" in result.stderr, args
    assert snapshot(tagged) == before
