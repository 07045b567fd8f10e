"""`actueel publish` and `actueel unpublish`: only the draft and date lines change, written as the
site's generator reads them."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from test_tags import OLD, put, snapshot

DRAFT = (
    "---\n"
    "# concept, nog niet af\n"
    'title: "Jongeren als geldezel: wat kan de gemeente doen?"\n'
    "date: 2025-09-15   # planned\n"
    "author: 'Fatima El Amrani'\n"
    "tags: [jeugd, 'cybercrime']\n"
    "draft: true  # until the mayor agrees\n"
    "---\n"
    "\n"
    "Body.\n"
)
CRLF_BOM = (
    "\ufeff---\r\ntitle: Windows\r\ndate: 2021-03-09T10:30:00+01:00\r\ndraft: yes\r\n"
    "tags:\r\n- politie\r\n---\r\n\r\n  Body without a final newline  "
)
TOML = (
    "+++\n"
    'title = "Toml"  # comment\n'
    "date = 2020-01-01\n"
    "draft = true\n"
    "tags = ['politie']\n"
    "\n"
    "[params]\n"
    "draft = true\n"
    "+++\n"
    "Body\n"
)

PUBLISH_CASES = [
    pytest.param(
        DRAFT,
        DRAFT.replace("date: 2025-09-15   #", "date: 2025-10-01   #").replace(
            "draft: true  #", "draft: false  #"
        ),
        id="yaml-comments-quotes-flow",
    ),
    pytest.param(
        CRLF_BOM,
        # the draft mark goes; the date-time stays a date-time in its zone (another day than
        # the real today: its start)
        CRLF_BOM.replace("2021-03-09T10:30:00+01:00", "2025-10-01T00:00:00+01:00").replace(
            "draft: yes\r\n", ""
        ),
        id="crlf-bom-no-final-newline",
    ),
    pytest.param(
        TOML,
        TOML.replace("date = 2020-01-01", "date = 2025-10-01").replace(
            "draft = true\ntags", "tags"
        ),
        id="toml-stays-toml",
    ),
]


@pytest.mark.parametrize(("before", "after"), PUBLISH_CASES)
def test_publish_changes_only_draft_and_date(
    run: Any, articles: Path, before: str, after: str
) -> None:
    path = put(articles, "artikel.md", before)
    put(articles, "ander.md", DRAFT)
    result = run("--clock", "2025-10-01", "publish", "artikel")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Published artikel.md, dated 2025-10-01\n"
    assert path.read_bytes() == after.encode("utf-8")
    assert (articles / "ander.md").read_bytes() == DRAFT.encode("utf-8")
    listed = json.loads(run("--clock", "2025-10-01", "list", "--format", "json").stdout)
    assert [(a["slug"], a["draft"]) for a in listed] == [("artikel", False)]


def test_publish_uses_today_from_the_environment(run: Any, articles: Path) -> None:
    path = put(articles, "a.md", DRAFT)
    result = run("publish", "a", env={"ACTUEEL_TODAY": "2024-02-29"})
    assert result.exit_code == 0
    assert "date: 2024-02-29   # planned\n" in path.read_text(encoding="utf-8")


def test_publish_with_a_date_or_keeping_it(run: Any, articles: Path) -> None:
    a = put(articles, "a.md", DRAFT)
    b = put(articles, "b.md", DRAFT)
    result = run("--clock", "2025-10-01", "publish", "a", "--date", "2025-12-24")
    assert result.stderr == (
        "Published a.md, dated 2025-12-24 (scheduled: the site shows it from that day)\n"
    )
    assert a.read_text(encoding="utf-8") == DRAFT.replace("2025-09-15", "2025-12-24").replace(
        "draft: true", "draft: false"
    )
    result = run("publish", "b", "--keep-date")
    assert result.stderr == "Published b.md; its date is unchanged\n"
    assert b.read_text(encoding="utf-8") == DRAFT.replace("draft: true", "draft: false")


def test_date_and_keep_date_together_is_a_usage_error(run: Any, articles: Path) -> None:
    put(articles, "a.md", DRAFT)
    before = snapshot(articles)
    result = run("publish", "a", "--date", "2025-01-01", "--keep-date")
    assert result.exit_code == 2
    assert "give --date or --keep-date, not both" in result.stderr
    bad = run("publish", "a", "--date", "2025-02-30")
    assert bad.exit_code == 1
    assert "not a real calendar date" in bad.stderr
    assert snapshot(articles) == before


def test_publishing_a_published_article_is_a_no_op(run: Any, articles: Path) -> None:
    put(articles, "a.md", DRAFT.replace("draft: true", "draft: false"))
    put(articles, "b.md", DRAFT.replace("draft: true  # until the mayor agrees\n", ""))
    before = snapshot(articles)
    for slug in ("a", "b"):
        result = run("publish", slug)
        assert result.exit_code == 0
        assert result.stderr == f"{slug}.md is already published (not a draft); nothing changed\n"
    assert snapshot(articles) == before  # same bytes, same modification time
    assert os.stat(articles / "a.md").st_mtime_ns == OLD


def test_unpublish_sets_draft_and_leaves_the_date(run: Any, articles: Path) -> None:
    published = DRAFT.replace("draft: true", "draft: false")
    path = put(articles, "a.md", published)
    result = run("unpublish", "a")
    assert result.exit_code == 0
    assert result.stderr == "Unpublished a.md: it is a draft now\n"
    assert path.read_bytes() == DRAFT.encode("utf-8")


def test_unpublish_without_a_draft_key_adds_one_line(run: Any, articles: Path) -> None:
    text = "---\r\ntitle: A\r\ndate: 2020-01-01\r\n---\r\nBody"
    path = put(articles, "a.md", text)
    assert run("unpublish", "a").exit_code == 0
    assert path.read_bytes() == text.replace("---\r\nBody", "draft: true\r\n---\r\nBody").encode()
    toml = put(articles, "t.md", TOML.replace("draft = true\ntags", "tags"))
    assert run("unpublish", "t").exit_code == 0
    assert toml.read_text(encoding="utf-8") == TOML.replace(
        "draft = true\ntags = ['politie']\n", "tags = ['politie']\ndraft = true\n"
    )


def test_unpublishing_a_draft_is_a_no_op(run: Any, articles: Path) -> None:
    put(articles, "a.md", DRAFT)
    before = snapshot(articles)
    result = run("unpublish", "a")
    assert result.exit_code == 0
    assert result.stderr == "a.md is already a draft; nothing changed\n"
    assert snapshot(articles) == before


def test_unsafe_shape_is_refused_naming_the_file(run: Any, articles: Path) -> None:
    put(articles, "sub/a.md", "---\ntitle: A\ndate: 2020-01-01\ndraft: &d true\n---\n")
    before = snapshot(articles)
    result = run("publish", "a")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: sub/a.md: the draft entry")
    assert snapshot(articles) == before


def test_a_file_with_errors_is_never_written(run: Any, articles: Path) -> None:
    put(articles, "sub/a.md", "---\ntitle: A\ndate: 2020-01-01\ndraft: [true]\n---\n")
    before = snapshot(articles)
    result = run("publish", "a")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: sub/a.md:4:1: error: draft must be true or false, not a list; treated as a "
        "draft; nothing was changed: fix it first with `actueel edit sub/a.md`\n"
    )
    assert snapshot(articles) == before


def test_read_only_and_failed_writes_change_nothing(
    run: Any, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(articles, "a.md", DRAFT)
    path.chmod(0o444)
    before = snapshot(articles)
    result = run("publish", "a")
    assert result.exit_code == 1
    assert result.stderr == "Error: a.md: the file is read-only; nothing was changed\n"
    assert snapshot(articles) == before
    path.chmod(0o644)
    before = snapshot(articles)

    def fail(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    result = run("unpublish", "a")  # a draft: nothing to do, so nothing tried
    assert result.exit_code == 0
    result = run("publish", "a")
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert snapshot(articles) == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_publish_on_the_shipped_sample_through_a_copy(run: Any, articles: Path) -> None:
    shipped = Path(__file__).resolve().parents[1] / "articles"
    name = "jongeren-als-geldezel-wat-kan-de-gemeente-doen.md"
    original = (shipped / name).read_bytes()
    path = put(articles, name, original)
    result = run("--clock", "2025-10-01", "publish", "jongeren-als")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == original.replace(b"date: 2025-09-15", b"date: 2025-10-01").replace(
        b"draft: true\n", b""
    )
    assert run("unpublish", "jongeren-als").exit_code == 0
    assert path.read_bytes() == original.replace(b"date: 2025-09-15", b"date: 2025-10-01")


# --- issue 12: the generator's own mark, the date in the file's own form, and back --------

JEKYLL = (
    '---\nlayout: news_post\ntitle: "Ruby 9.9.9 Released"\nauthor: "matz"\ntranslator:\n'
    "date: 2026-07-16 05:08:11 +0000\nlang: en\ntags: security release\n---\n\nBody.\n"
)
HUGO_TOML = (
    '+++\ndate = 2020-03-24T10:00:00+00:00\ndescription = "x"\ntags = ["Caddy","Bugs"]\n'
    'title = "CoreDNS"\nauthor = "miek"\n+++\nBody\n'
)
ASTRO = "---\ntitle: Storms\npubDate: Oct 8, 2024\ncategories:\n    - musings\n---\nBody\n"


def site(isolated: Path, generator: str, fields: str = "") -> None:
    (isolated / "actueel.toml").write_text(
        f'articles_dir = "articles"\ngenerator = "{generator}"\n{fields}', encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("generator", "name", "text", "mark", "fields"),
    [
        ("jekyll", "2026-07-16-ruby-9-9-9-released.md", JEKYLL, "published: false\n", ""),
        ("hugo", "coredns.md", HUGO_TOML, "draft = true\n", ""),
        ("astro", "storms.md", ASTRO, "draft: true\n", '[fields]\ndate = "pubDate"\n'),
        ("hexo", "hexo.md", "---\ntitle: Hexo\ndate: 2019-01-11 22:13\n---\n", "published: false\n",
         ""),
        ("hugo", "hidden.md", "---\ntitle: H\ndate: 2020-01-01\n---\n", "hidden: true\n",
         '[fields]\ndraft = "hidden"\n'),
    ],
)  # fmt: skip
def test_unpublish_then_publish_keeping_the_date_gives_back_the_bytes(
    run: Any, isolated: Path, articles: Path, generator: str, name: str, text: str, mark: str,
    fields: str,
) -> None:  # fmt: skip
    site(isolated, generator, fields)
    path = put(articles, name, text)
    off = run("unpublish", name)
    assert off.exit_code == 0, off.stderr
    after = path.read_text(encoding="utf-8")
    assert [line for line in after.splitlines(True) if line not in text.splitlines(True)] == [mark]
    listed = json.loads(run("list", "--drafts", "--format", "json").stdout)
    assert [a["draft"] for a in listed] == [True]  # the generator's own mark: read as a draft
    on = run("publish", "--keep-date", name)
    assert on.exit_code == 0, on.stderr
    assert path.read_text(encoding="utf-8") == text


def test_a_draft_entry_that_was_there_is_the_only_line_that_changes(
    run: Any, articles: Path
) -> None:
    text = "---\ntitle: A\ndate: 2020-01-01\ndraft: false\ntags: [a]\n---\nBody\n"
    path = put(articles, "a.md", text)
    run("unpublish", "a")
    assert path.read_text(encoding="utf-8") == text.replace("draft: false", "draft: true")
    run("publish", "--keep-date", "a")
    assert path.read_text(encoding="utf-8") == text.replace("draft: false\n", "")


def test_hugo_matches_the_draft_key_in_any_case(run: Any, isolated: Path, articles: Path) -> None:
    site(isolated, "hugo")
    path = put(articles, "a.md", "---\nTitle: A\nDate: 2020-01-01\nDraft: true\n---\n")
    assert run("--clock", "2025-10-01", "publish", "a").exit_code == 0
    assert path.read_text(encoding="utf-8") == "---\nTitle: A\nDate: 2025-10-01\n---\n"
    assert run("unpublish", "a").exit_code == 0
    assert path.read_text(encoding="utf-8").endswith("Date: 2025-10-01\ndraft: true\n---\n")


@pytest.mark.parametrize(
    ("generator", "written", "dated"),
    [
        ("jekyll", "date: 2026-07-16 05:08:11 +0000", "date: 2025-10-01 00:00:00 +0000"),
        ("hugo", "date: 2021-03-09T10:30:00+01:00", "date: 2025-10-01T00:00:00+01:00"),
        ("hugo", 'date: "2021-03-09T10:30:00Z"', 'date: "2025-10-01T00:00:00Z"'),
        ("hexo", "date: 2013/7/13 20:46:25", "date: 2025/10/1 00:00:00"),
        ("astro", "date: Oct 8, 2024", "date: Oct 1, 2025"),
        ("actueel", "date: 2017-07-17", "date: 2025-10-01"),
    ],
)
def test_publish_writes_the_date_in_the_form_the_file_uses(
    run: Any, isolated: Path, articles: Path, generator: str, written: str, dated: str
) -> None:
    site(isolated, generator)
    name = "2020-01-01-a.md" if generator == "jekyll" else "a.md"
    path = put(articles, name, f"---\ntitle: A\n{written}\ndraft: true\n---\n")
    result = run("--clock", "2025-10-01", "publish", name)
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == f"---\ntitle: A\n{dated}\n---\n"
