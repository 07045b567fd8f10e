"""Reading a site's posts the way its own generator does (issue 10): which generator, dates,
keys, names, which files, states, and messages at scale.

The fixtures have the shapes of real post folders (a Dutch Hugo news section with `slug:` keys
and date-prefixed file names, Hugo year folders with page bundles, Jekyll `_posts` of
`.markdown` files, Hexo `source/_posts` without dates, an Astro content collection), with text
written here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fm(**keys: str) -> str:
    """A YAML front matter block with these keys (values written as given), and a body."""
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in keys.items()) + "---\n\nTekst.\n"


def config(site: Path, generator: str | None = None, folder: str = "posts", **extra: str) -> None:
    lines = [f'articles_dir = "{folder}"']
    if generator is not None:
        lines.append(f'generator = "{generator}"')
    lines += [f"{line}" for line in extra.values()]
    put(site / "actueel.toml", "\n".join(lines) + "\n")


def plain(run: Run, *args: str) -> list[list[str]]:
    result = run("--clock", "2026-01-01", *args)
    assert result.exit_code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def records(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("--clock", "2026-01-01", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.fixture
def site(isolated: Path) -> Path:
    """The working folder, a site without articles/ yet (each test lays out its own)."""
    (isolated / "articles").rmdir()
    return isolated


# --- 1. which generator ---------------------------------------------------------------------


def hugo_news(site: Path) -> Path:
    """A Dutch Hugo news section: date-prefixed file names, `slug:` keys, a section page."""
    put(site / "hugo.toml", 'baseURL = "https://example.org/"\n')
    news = site / "content" / "nieuws"
    put(news / "_index.md", fm(title="Nieuws"))
    put(news / "2023-05-06-nieuwe-website.md",
        fm(title='"Nieuwe website online"', date="2023-05-06T13:08:32+02:00",
           slug="nieuwe-website-in-gebruik", author="redactie", tags="[nieuws]"))  # fmt: skip
    put(news / "2024-02-02-nieuw-logo.md",
        fm(Title='"Een nieuw logo"', Date="2024-02-02T10:00:00+01:00", Tags="[huisstijl]",
           description='"Het logo is vernieuwd"'))  # fmt: skip
    return news


@pytest.mark.parametrize(
    ("files", "generator"),
    [
        (["hugo.toml"], "hugo"),
        (["config.toml", "content/"], "hugo"),
        (["_config.yml"], "jekyll"),
        (["_config.yml", "package.json", "source/"], "hexo"),
        (["eleventy.config.js"], "eleventy"),
        ([".eleventy.js"], "eleventy"),
        (["astro.config.mjs"], "astro"),
        (["config.toml"], "actueel"),  # a config.toml alone is no Hugo site
        ([], "actueel"),
    ],
)
def test_init_detects_the_generator_from_the_sites_files(
    run: Run, site: Path, files: list[str], generator: str
) -> None:
    for name in files:
        if name.endswith("/"):
            (site / name).mkdir()
        else:
            put(site / name, "")
    result = run("init", "--author", "Redactie")
    assert result.exit_code == 0, result.stderr
    text = (site / "actueel.toml").read_text(encoding="utf-8")
    assert f'generator = "{generator}"' in text
    if generator != "actueel":
        assert result.stderr.startswith("Detected a ")


def test_init_in_a_hugo_site_points_at_its_posts_folder(run: Run, site: Path) -> None:
    news = hugo_news(site)
    result = run("init")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "Detected a Hugo site (hugo.toml)"
    text = (site / "actueel.toml").read_text(encoding="utf-8")
    assert 'articles_dir = "content/nieuws"' in text and 'generator = "hugo"' in text
    assert not (site / "articles").exists()
    assert [r[1] for r in plain(run, "list")] == [
        "2024-02-02-nieuw-logo",  # Hugo keeps the date in the name (without :filename)
        "nieuwe-website-in-gebruik",
    ]
    assert news.is_dir()


def test_unset_generator_is_detected_on_every_command(run: Run, site: Path) -> None:
    news = hugo_news(site)
    # Hugo reads `Title:` as the title, and the `slug:` key names the article
    assert plain(run, "--dir", str(news), "list") == [
        ["2024-02-02", "2024-02-02-nieuw-logo", "Een nieuw logo"],
        ["2023-05-06", "nieuwe-website-in-gebruik", "Nieuwe website online"],
    ]


def test_the_setting_wins_over_detection(run: Run, site: Path) -> None:
    hugo_news(site)
    config(site, "actueel", "content/nieuws")
    # actueel's own rules: keys as written, the file name is the slug
    result = run("--clock", "2026-01-01", "list")
    assert result.stdout.splitlines() == [
        "2023-05-06\t2023-05-06-nieuwe-website\tNieuwe website online"
    ]
    assert "2024-02-02-nieuw-logo.md:2:1: error: the title is missing or empty" in result.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('generator = "gatsby"', "generator must be one of"),
        ('[fields]\nheader = "x"', "[fields] has 'header', which is not one of actueel's fields"),
        ("[fields]\ntitle = 3", "[fields] title must be a key in quotes"),
        ('fields = "title"', "fields must be a table"),
    ],
)
def test_bad_settings_are_refused(run: Run, site: Path, toml: str, message: str) -> None:
    (site / "posts").mkdir()
    put(site / "actueel.toml", f'articles_dir = "posts"\n{toml}\n')
    result = run("list")
    assert result.exit_code == 1
    assert message in result.stderr


# --- 2. dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2017-07-17T10:00:00+02:00", "2017-07-17T10:00:00+02:00"),
        ("2017-07-17T08:00:00Z", "2017-07-17T08:00:00+00:00"),
        ("2017-07-17 10:00:00 +0200", "2017-07-17T10:00:00+02:00"),
        ("2017-07-17 10:00:00 -0800", "2017-07-17T10:00:00-08:00"),
        ("2017-07-17 10:00:00 +02:00", "2017-07-17T10:00:00+02:00"),
        ("2017-07-17 22:13", "2017-07-17T22:13:00"),
        ("2017/7/17 20:46:25", "2017-07-17T20:46:25"),
        ('"2017-07-17 10:00:00 +0200"', "2017-07-17T10:00:00+02:00"),
        ("'2017-07-17'", "2017-07-17"),
        ('"Jul 17, 2017"', "2017-07-17"),
        ("Jul 17 2017", "2017-07-17"),
        ("17 July 2017", "2017-07-17"),
        ("Mon, 17 Jul 2017 10:00:00 +0000", "2017-07-17T10:00:00+00:00"),
    ],
)
def test_dates_in_every_documented_form(run: Run, articles: Path, written: str, shown: str) -> None:
    put(articles / "a.md", fm(title="A", date=written))
    assert [r["date"] for r in records(run)] == [shown]
    assert run("check").stderr == "No problems; 1 file checked\n"


@pytest.mark.parametrize("written", ["17-07-2017", "17/07/2017", "07.17.2017"])
def test_day_first_dates_are_refused_with_the_hint(run: Run, articles: Path, written: str) -> None:
    put(articles / "a.md", fm(title="A", date=written))
    result = run("check")
    assert result.exit_code == 1
    assert f"a.md:3:1: error: date '{written}' is not YYYY-MM-DD: put the year first" in (
        result.stdout
    )


def test_jekyll_dates_a_post_by_its_file_name(run: Run, site: Path) -> None:
    config(site, "jekyll")
    put(site / "posts" / "2019-03-04-ruby-2-6-2-released.markdown",
        fm(layout="news_post", title='"Ruby 2.6.2 uitgebracht"', author='"matz"'))  # fmt: skip
    put(site / "posts" / "2019-03-05-later.md",
        fm(title="Later", date="2019-03-06 09:00:00 +0000"))  # the front matter wins  # fmt: skip
    assert plain(run, "list") == [
        ["2019-03-06", "later", "Later"],
        ["2019-03-04", "ruby-2-6-2-released", "Ruby 2.6.2 uitgebracht"],
    ]


def test_jekyll_leaves_out_posts_without_a_dated_name(run: Run, site: Path) -> None:
    config(site, "jekyll")
    put(site / "posts" / "zonder-datum.md", fm(title="Z", date="2019-01-01"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        "zonder-datum.md:1:1: error: Jekyll reads only posts named YYYY-MM-DD-title.md, so the "
        "site leaves this one out; rename it, e.g. 2017-07-17-zonder-datum.md\n"
    )


def test_eleventy_finds_the_date_anywhere_in_the_path(run: Run, site: Path) -> None:
    config(site, "eleventy")
    put(site / "posts" / "2020-04-01" / "index.md", fm(title="Lente"))
    put(site / "posts" / "2020-05-06-mei.md", fm(title="Mei"))
    assert plain(run, "list") == [
        ["2020-05-06", "mei", "Mei"],
        ["2020-04-01", "2020-04-01", "Lente"],
    ]


def test_hugo_falls_back_to_publish_date_then_lastmod(run: Run, site: Path) -> None:
    config(site, "hugo")
    put(site / "posts" / "a.md", fm(title="A", publishDate="2020-01-02", lastmod="2021-01-01"))
    put(site / "posts" / "b.md", fm(title="B", lastmod="2020-03-04"))
    put(site / "posts" / "2020-05-06-c.md", fm(title="C"))  # `:filename`
    assert [(r[0], r[1]) for r in plain(run, "list")] == [
        ("2020-05-06", "2020-05-06-c"),
        ("2020-03-04", "b"),
        ("2020-01-02", "a"),
    ]


def test_an_undated_article_is_listed_oldest_and_check_warns(run: Run, articles: Path) -> None:
    put(articles / "oud.md", fm(title="Oud", date="1999-01-01"))
    put(articles / "zonder.md", fm(title="Zonder datum"))
    assert plain(run, "list") == [["1999-01-01", "oud", "Oud"], ["", "zonder", "Zonder datum"]]
    assert [r["date"] for r in records(run)] == ["1999-01-01", None]
    assert plain(run, "list", "--until", "2000-01-01") == [["1999-01-01", "oud", "Oud"]]
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == (
        "zonder.md:2:1: warning: no date in the front matter or the file name: listed undated "
        "(oldest); add e.g. `date: 2017-07-17`\n"
    )
    page = run("--clock", "2026-01-01", "show", "zonder", env={"TTY_COMPATIBLE": "1"}).stdout
    assert "zonder datum" in page
    assert run("--clock", "2026-01-01", "next", "zonder", "-f", "json").exit_code == 0


def test_hexo_and_eleventy_file_times_are_not_used(run: Run, site: Path) -> None:
    """Hexo dates a post without one by the file's creation time, Eleventy likewise (or by
    `date: Created`); a git checkout resets those times, so actueel lists such a post undated
    and says so, rather than dating it the day of the checkout."""
    config(site, "hexo")
    put(site / "posts" / "hexo-3-released.md", fm(title="Hexo 3"))
    result = run("check")
    assert "Hexo dates it by the file's creation time, which a git checkout resets" in (
        result.stdout
    )
    assert [r["date"] for r in records(run)] == [None]
    config(site, "eleventy")
    put(site / "posts" / "hexo-3-released.md", fm(title="Elf", date="Created"))
    assert "date 'Created': Eleventy takes it from the file system" in run("check").stdout
    assert [r["date"] for r in records(run)] == [None]


# --- 3. keys --------------------------------------------------------------------------------


def test_hugo_keys_match_regardless_of_case(run: Run, site: Path) -> None:
    config(site, "hugo")
    put(site / "posts" / "a.md", fm(TITLE="Hoofdletters", DATE="2020-01-01", Draft="false",
                                    Tags="[een, twee]"))  # fmt: skip
    found = records(run)[0]
    assert (found["title"], found["date"], found["tags"]) == ("Hoofdletters", "2020-01-01",
                                                              ["een", "twee"])  # fmt: skip


def test_other_generators_match_keys_as_written(run: Run, site: Path) -> None:
    config(site, "astro")
    put(site / "posts" / "a.md", fm(Title="Hoofdletters", date="2020-01-01"))
    result = run("check")
    assert "a.md:2:1: error: the title is missing or empty" in result.stdout


def test_common_spellings_of_author_image_and_summary(run: Run, articles: Path) -> None:
    put(articles / "a.md", fm(title="A", date="2020-01-01", authors="[Anna Jansen, Piet de Boer]",
                              heroImage="/img/a.jpg", excerpt="Kort"))  # fmt: skip
    put(articles / "b.md", fm(title="B", date="2020-01-02", authors="[Anna, Piet, Kees]",
                              coverImage="b.jpg", description="Over B"))  # fmt: skip
    put(articles / "c.md", fm(title="C", date="2020-01-03", author="Kees", cover="c.jpg",
                              summary="Over C"))  # fmt: skip
    put(articles / "d.md", fm(title="D", date="2020-01-04", featured_image="/d.jpg"))
    found = {r["slug"]: (r["author"], r["image"], r["summary"]) for r in records(run)}
    assert found == {
        "a": ("Anna Jansen en Piet de Boer", "/img/a.jpg", "Kort"),
        "b": ("Anna, Piet en Kees", "b.jpg", "Over B"),
        "c": ("Kees", "c.jpg", "Over C"),
        "d": ("", "/d.jpg", ""),
    }


def test_authors_are_joined_in_the_sites_language(run: Run, site: Path) -> None:
    config(site, None, "posts", locale='locale = "en"')
    put(site / "posts" / "a.md", fm(title="A", date="2020-01-01", authors="[Anna, Piet]"))
    assert records(run)[0]["author"] == "Anna and Piet"


def test_fields_map_a_sites_own_keys_for_reading_and_every_edit(run: Run, site: Path) -> None:
    mapping = '[fields]\ntitle = "newstitle"\ndate = "createdAt"\nimage = "heroImage"\n'
    config(site, "astro", "posts", fields=mapping + 'tags = "categories"\ndraft = "concept"')
    path = put(site / "posts" / "a.md", fm(newstitle='"Eigen sleutels"', createdAt='"Oct 8, 2024"',
                                           heroImage="a.jpg", categories="[een]",
                                           concept="true"))  # fmt: skip
    found = records(run, "--drafts")[0]
    assert (found["title"], found["date"], found["image"], found["tags"], found["draft"]) == (
        "Eigen sleutels", "2024-10-08", "a.jpg", ["een"], True)  # fmt: skip
    assert run("tag", "add", "a", "twee").exit_code == 0
    assert "categories: [een, twee]\n" in path.read_text(encoding="utf-8")
    assert run("--clock", "2026-01-02", "publish", "a").exit_code == 0
    text = path.read_text(encoding="utf-8")
    # the draft mark goes (issue 12); the date keeps its form and its quotes
    assert "concept:" not in text and 'createdAt: "Jan 2, 2026"\n' in text
    assert "\ntags:" not in text and "\ndate:" not in text and "\ndraft:" not in text


def test_edits_change_the_key_as_the_file_spells_it(run: Run, site: Path) -> None:
    config(site, "hugo")
    path = put(site / "posts" / "a.md", fm(Title="A", Date="2020-01-01", Tags="[een]",
                                           Draft="true"))  # fmt: skip
    assert run("tag", "add", "a", "twee").exit_code == 0
    assert run("--clock", "2026-01-02", "publish", "a").exit_code == 0
    assert path.read_text(encoding="utf-8") == fm(Title="A", Date="2026-01-02",
                                                  Tags="[een, twee]")  # fmt: skip


@pytest.mark.parametrize(
    ("generator", "written", "tags"),
    [
        ("jekyll", "security release", ["security", "release"]),
        ("eleventy", "post", ["post"]),
        ("hugo", '"open source"', ["open source"]),
        ("hexo", "2011", ["2011"]),
    ],
)
def test_tags_written_as_one_string_as_the_generator_reads_them(
    run: Run, site: Path, generator: str, written: str, tags: list[str]
) -> None:
    config(site, generator)
    put(site / "posts" / "2020-01-01-a.md", fm(title="A", tags=written))
    assert records(run)[0]["tags"] == tags
    assert run("check").exit_code == 0


def test_actueel_still_asks_for_a_list_of_tags(run: Run, articles: Path) -> None:
    put(articles / "a.md", fm(title="A", date="2020-01-01", tags="a, b"))
    assert "tags must be a list" in run("check").stdout


def test_numbers_are_read_as_the_text_they_were_written_as(run: Run, articles: Path) -> None:
    put(articles / "a.md", fm(title="300", date="2020-01-01", tags="[2011, 2.5]", author="7"))
    found = records(run)[0]
    assert (found["title"], found["tags"], found["author"]) == ("300", ["2011", "2.5"], "7")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("title", "1.10", "the title must be text, not the number 1.1; put it in quotes"),
        ("title", "10:00", "the title must be text, not the number 600; put it in quotes"),
        ("title", "no", "the title must be text, not the yes/no value false"),
        ("tags", "[1.10]", "a tag is the number 1.1, not text; put it in quotes"),
        ("author", "017", "the author must be text, not the number 15; put it in quotes"),
    ],
)
def test_lossy_values_stay_errors_with_the_quoting_hint(
    run: Run, articles: Path, key: str, value: str, message: str
) -> None:
    keys = {"title": "A", "date": "2020-01-01", key: value}
    put(articles / "a.md", fm(**keys))
    assert message in run("check").stdout


# --- 4. identity ----------------------------------------------------------------------------


def test_the_slug_key_names_the_article_and_the_file_name_still_finds_it(
    run: Run, site: Path
) -> None:
    news = hugo_news(site)
    config(site, "hugo", "content/nieuws")
    full = str(news / "2023-05-06-nieuwe-website.md")
    for name in ("nieuwe-website-in-gebruik", "nieuwe-website", "2023-05-06-nieuwe-website",
                 "2023-05-06-nieuwe-website.md", full):  # fmt: skip
        result = run("path", name)
        assert result.stdout == f"{news / '2023-05-06-nieuwe-website.md'}\n", name


def test_hugo_url_and_page_bundles_name_articles(run: Run, site: Path) -> None:
    config(site, "hugo")
    posts = site / "posts"
    put(posts / "2023" / "een-bundel" / "index.md", fm(title="Bundel", date="2023-01-01"))
    put(posts / "2023" / "_index.md", fm(title="2023"))
    put(posts / "oud.md", fm(title="Oud", date="2010-01-01", url="/archief/2010/oude-naam/"))
    assert [r[1] for r in plain(run, "list")] == ["een-bundel", "oude-naam"]
    assert run("path", "een-bundel").stdout == f"{posts / '2023/een-bundel/index.md'}\n"
    result = run("check")
    assert result.stdout == (
        "2023/_index.md: note: a section page (_index), not an article: it introduces the "
        "articles of its folder\n"
    )
    assert result.stderr == "No problems; 2 files checked; 1 file is not an article\n"


@pytest.mark.parametrize("generator", ["jekyll", "hexo", "eleventy"])
def test_dated_file_names_lose_the_date_in_the_slug(run: Run, site: Path, generator: str) -> None:
    config(site, generator)
    put(site / "posts" / "2024-01-19-hexo-7-1-0-released.md", fm(title="Hexo 7.1.0"))
    assert [r[1] for r in plain(run, "list")] == ["hexo-7-1-0-released"]


def year_folders(site: Path) -> Path:
    config(site, "hugo")
    posts = site / "posts"
    for year in ("2022", "2023", "2024"):
        put(posts / year / "kubecon-na.md", fm(title=f"KubeCon {year}", date=f"{year}-11-01"))
    put(posts / "2023" / "uniek.md", fm(title="Uniek", date="2023-02-02"))
    return posts


def test_one_slug_in_year_folders_is_a_warning_and_each_is_reached_by_its_path(
    run: Run, site: Path
) -> None:
    posts = year_folders(site)
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == (
        "2022/kubecon-na.md: warning: the slug 'kubecon-na' is also used by 2023/kubecon-na.md, "
        "2024/kubecon-na.md; the site publishes them at different addresses, but a bare slug "
        "cannot tell them apart: name them by path\n"
    )
    ambiguous = run("show", "kubecon-na")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == (
        "Error: 'kubecon-na' names 3 articles; name one by its path:\n"
        "  2022/kubecon-na.md\n  2023/kubecon-na.md\n  2024/kubecon-na.md\n"
    )
    for name in ("2023/kubecon-na", "2023/kubecon-na.md", str(posts / "2023/kubecon-na.md")):
        assert json.loads(run("show", name, "-f", "json").stdout)["title"] == "KubeCon 2023"


def test_one_slug_twice_at_one_address_is_an_error(run: Run, articles: Path) -> None:
    put(articles / "a" / "dubbel.md", fm(title="A", date="2020-01-01"))
    put(articles / "b" / "dubbel.md", fm(title="B", date="2020-01-02"))
    result = run("check")
    assert result.exit_code == 1
    assert (
        result.stdout
        == "a/dubbel.md: error: the slug 'dubbel' is also used by b/dubbel.md; rename one\n"
    )


# --- 5. an exact name means that file ------------------------------------------------------


@pytest.fixture
def empty_slug(site: Path) -> Path:
    """A broken post whose name starts another post's name (no title, nothing after the date)."""
    config(site, "actueel")
    posts = site / "posts"
    put(posts / "2014-11-27-.md", fm(date="2014-11-27"))
    put(posts / "2014-11-27-let-op-de-standaardwaarden.md",
        fm(title="Let op de standaardwaarden", date="2014-11-27", tags="[a]"))  # fmt: skip
    return posts


def test_an_exact_name_means_that_file_even_when_it_is_broken(run: Run, empty_slug: Path) -> None:
    before = {p.name: p.read_bytes() for p in empty_slug.iterdir()}
    tag = run("tag", "add", "2014-11-27-.md", "x")
    assert tag.exit_code == 1
    assert tag.stderr == (
        "Error: 2014-11-27-.md:2:1: error: the title is missing or empty; nothing was changed: "
        "fix it first with `actueel edit 2014-11-27-.md`\n"
    )
    assert run("publish", "2014-11-27-").exit_code == 1
    assert {p.name: p.read_bytes() for p in empty_slug.iterdir()} == before
    show = run("show", "2014-11-27-.md")
    assert show.exit_code == 1 and "2014-11-27-.md:2:1: error: the title is missing" in show.stderr
    assert run("path", "2014-11-27-.md").stdout == f"{empty_slug / '2014-11-27-.md'}\n"
    assert run("check", "2014-11-27-").stdout.startswith("2014-11-27-.md:2:1: error")
    # a start of a name only when nothing is named exactly
    assert run("path", "2014-11-27-let").stdout.endswith("let-op-de-standaardwaarden.md\n")


def test_edit_opens_the_file_named_even_when_broken(
    run: Run, empty_slug: Path, tmp_path: Path
) -> None:
    log = tmp_path / "opened"
    editor = put(tmp_path / "editor.sh", f'#!/bin/sh\necho "$1" > {log}\n')
    editor.chmod(0o755)
    result = run("edit", "2014-11-27-.md", env={"EDITOR": str(editor)})
    assert result.exit_code == 1  # still broken after the editor closed
    assert log.read_text(encoding="utf-8") == f"{empty_slug / '2014-11-27-.md'}\n"


# --- 6. which files are articles -----------------------------------------------------------


def test_every_markdown_extension_is_read(run: Run, articles: Path) -> None:
    for i, ext in enumerate((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx")):
        put(articles / f"artikel{i}{ext}", fm(title=f"A{i}", date=f"2020-01-0{i + 1}"))
    put(articles / "notities.txt", "geen artikel")
    assert [r[1] for r in plain(run, "list")] == [f"artikel{i}" for i in range(5, -1, -1)]
    assert run("check").stderr == "No problems; 6 files checked\n"
    assert run("show", "artikel1.markdown", "-f", "json").exit_code == 0


def test_markdown_files_that_are_not_articles_are_named(run: Run, articles: Path) -> None:
    put(articles / "a.md", fm(title="A", date="2020-01-01"))
    put(articles / "_concept-oud.markdown", fm(title="Oud", date="2020-01-01"))
    put(articles / ".verborgen.md", fm(title="V", date="2020-01-01"))
    result = run("check")
    assert result.stdout.splitlines() == [
        ".verborgen.md: note: a hidden file (its name starts with .), not read as an article",
        "_concept-oud.markdown: note: its name starts with _, which marks a file that is not an "
        "article; not read",
    ]
    assert result.stderr == "No problems; 1 file checked; 2 files are not articles\n"


# --- 7. states ------------------------------------------------------------------------------


def hugo_states(site: Path) -> Path:
    config(site, "hugo")
    posts = site / "posts"
    put(posts / "oud.md", fm(title="Oud", date="2020-01-01"))
    put(posts / "verlopen.md", fm(title="Verlopen", date="2021-01-01", expiryDate="2025-06-01"))
    put(posts / "nieuw.md", fm(title="Nieuw", date="2022-01-01"))
    put(posts / "gepland.md", fm(title="Gepland", date="2023-01-01", publishDate="2027-01-01"))
    put(posts / "concept.md", fm(title="Concept", date="2024-01-01", draft="true"))
    return posts


def test_hugo_expired_articles_are_left_out_like_drafts(run: Run, site: Path) -> None:
    hugo_states(site)
    assert [r[1] for r in plain(run, "list")] == ["gepland", "nieuw", "oud"]
    found = {r["slug"]: (r["expired"], r["scheduled"]) for r in records(run, "--expired")}
    assert found == {"gepland": (False, True), "nieuw": (False, False),
                     "verlopen": (True, False), "oud": (False, False)}  # fmt: skip
    table = run("--clock", "2026-01-01", "list", "--expired",
                env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "120"}).stdout  # fmt: skip
    assert "2021-01-01 expired" in table
    # next/prev step over it: Vorig/Volgend follow the site
    older = json.loads(run("--clock", "2026-01-01", "show", "nieuw", "-f", "json").stdout)
    assert older["previous"] == "oud"
    page = run("--clock", "2026-01-01", "show", "verlopen", env={"TTY_COMPATIBLE": "1"}).stdout
    assert "[verlopen]" in page
    # before its expiry day it was live
    assert [r[1] for r in plain(run, "--clock", "2025-05-31", "list")] == [
        "gepland", "nieuw", "verlopen", "oud"]  # fmt: skip


def test_hugo_publish_date_in_the_future_is_scheduled(run: Run, site: Path) -> None:
    hugo_states(site)
    found = json.loads(run("--clock", "2026-01-01", "show", "nieuw", "-f", "json").stdout)
    assert found["next"] is None  # gepland is not on the site yet, though dated 2023
    later = json.loads(run("--clock", "2027-01-01", "show", "nieuw", "-f", "json").stdout)
    assert later["next"] == "gepland"
    assert "to be published 2027-01-01, after today" in run("--clock", "2026-01-01", "check").stdout


def test_jekyll_published_false_is_a_draft_and_publish_follows_it(run: Run, site: Path) -> None:
    config(site, "jekyll")
    path = put(site / "posts" / "2020-01-01-wacht.md", fm(title="Wacht", published="false"))
    assert plain(run, "list") == []
    assert [r["draft"] for r in records(run, "--drafts")] == [True]
    assert run("--clock", "2026-01-01", "publish", "wacht").exit_code == 0
    assert path.read_text(encoding="utf-8") == fm(title="Wacht", date="2026-01-01")
    assert run("unpublish", "wacht").exit_code == 0
    assert "published: false\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("generator", ["actueel", "hugo", "jekyll", "hexo", "eleventy", "astro"])
def test_draft_true_everywhere(run: Run, site: Path, generator: str) -> None:
    config(site, generator)
    put(site / "posts" / "2020-01-01-c.md", fm(title="C", date="2020-01-01", draft="true"))
    assert plain(run, "list") == []
    assert [r["draft"] for r in records(run, "--drafts")] == [True]


# --- 8. messages at scale ------------------------------------------------------------------


def test_list_says_at_most_ten_lines_about_many_broken_files(run: Run, articles: Path) -> None:
    put(articles / "goed.md", fm(title="Goed", date="2020-01-01"))
    for i in range(40):
        put(articles / f"kapot-{i:02}.md", "---\ntitle: [open\n---\n")
    for i in range(25):
        put(articles / f"titelloos-{i:02}.md", fm(date="2020-01-01"))
    for i in range(12):
        put(articles / f"datum-{i:02}.md", fm(title="D", date=f"2020-02-3{i % 2}"))
    result = run("list")
    assert result.stdout == "2020-01-01\tgoed\tGoed\n"
    assert result.stderr.splitlines() == [
        "40 files: front matter is not valid YAML: did not find expected ',' or ']' (e.g. "
        "kapot-00.md:2:13)",
        "25 files: the title is missing or empty (e.g. titelloos-00.md:2:1)",
        "12 files: date '2020-02-30' is not a real calendar date (e.g. datum-00.md:3:1)",
        "77 files were left out; `actueel check` lists every problem",
    ]


KINDS = {  # a dozen kinds of broken file, two of each
    "leeg": b"",
    "geen-fm": b"Alleen tekst\n",
    "open": b"---\ntitle: A\n",
    "lijst": b"---\n- a\n---\n",
    "titelloos": b"---\ndate: 2020-01-01\n---\n",
    "getal": b"---\ntitle: 1.10\ndate: 2020-01-01\n---\n",
    "woorden": b"---\ntitle: A\ndate: 17 juli 2017\n---\n",
    "dag-eerst": b"---\ntitle: A\ndate: 17-07-2017\n---\n",
    "latin1": "---\ntitle: Café\ndate: 2020-01-01\n---\n".encode("latin-1"),
    "nul": b"---\ntitle: A\x00\n---\n",
    "utf16": "---\ntitle: A\n---\n".encode("utf-16"),
    "dubbel": b"---\ntitle: A\ntitle: B\ndate: 2020-01-01\n---\n",
}


def test_many_kinds_of_problem_still_fit_ten_lines(run: Run, articles: Path) -> None:
    for name, data in KINDS.items():
        for i in range(2):
            (articles / f"{name}-{i}.md").write_bytes(data)
    lines = run("list").stderr.splitlines()
    assert len(lines) == 10
    assert all(line.startswith("2 files: ") for line in lines[:8])
    assert lines[8] == "8 more files with 4 other kinds of problem"
    assert lines[9] == "24 files were left out; `actueel check` lists every problem"


def test_a_few_problems_are_listed_one_a_line(run: Run, articles: Path) -> None:
    put(articles / "a.md", fm(title="A"))  # undated: a warning, not shown by list
    put(articles / "b.md", fm(date="2020-01-01"))
    assert run("list").stderr == (
        "b.md:2:1: error: the title is missing or empty\n"
        "1 file was left out; `actueel check` lists every problem\n"
    )


def test_check_gives_one_line_per_group_of_duplicates(run: Run, site: Path) -> None:
    config(site, "actueel")
    for i in range(9):
        put(site / "posts" / f"map{i}" / "index.md", fm(title=f"T{i}", date="2020-01-01"))
    lines = run("check").stdout.splitlines()
    assert lines == [
        "map0/index.md: error: the slug 'index' is also used by map1/index.md, map2/index.md, "
        "map3/index.md, map4/index.md, map5/index.md and 3 more; rename one"
    ]


# --- through the installed command ---------------------------------------------------------


def test_a_jekyll_site_through_the_installed_command(site: Path) -> None:
    put(site / "_config.yml", "title: Nieuws\n")
    posts = site / "_posts"
    put(posts / "2026-07-16-versie-3-released.markdown",
        fm(layout="news_post", title='"Versie 3"', author='"hsbt"', translator="",
           date="2026-07-16 05:08:11 +0000", tags="security release"))  # fmt: skip
    put(posts / "2001-01-18-snapshot.md", fm(layout="news_post", title='"Snapshot"'))
    env = {**os.environ, "ACTUEEL_TODAY": "2026-08-01"}
    command = [str(Path(sys.executable).parent / "actueel"), "--dir", str(posts), "list"]
    done = subprocess.run([*command, "-f", "json"], env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [(a["slug"], a["date"], a["tags"]) for a in found] == [
        ("versie-3-released", "2026-07-16T05:08:11+00:00", ["security", "release"]),
        ("snapshot", "2001-01-18", []),
    ]


def test_changing_the_generator_reads_the_files_again(run: Run, site: Path) -> None:
    """The index keeps what the files said under one generator's rules; under another's it is
    rebuilt, never believed."""
    config(site, "actueel")
    put(site / "posts" / "2020-01-01-nieuws.md", fm(Title="Hoofdletter", date="2020-01-01",
                                                    slug="eigen"))  # fmt: skip
    assert plain(run, "list") == []
    config(site, "hugo")
    assert plain(run, "list") == [["2020-01-01", "eigen", "Hoofdletter"]]
    config(site, "jekyll")  # keys as written: no `title`, so the file name's words
    assert plain(run, "list") == [["2020-01-01", "eigen", "Nieuws"]]


def test_new_refuses_a_slug_the_site_already_uses(run: Run, site: Path) -> None:
    news = hugo_news(site)
    config(site, "hugo", "content/nieuws")
    before = sorted(p.name for p in news.iterdir())
    result = run("new", "Nieuwe website in gebruik")  # the slug key of another file
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: an article with slug 'nieuwe-website-in-gebruik' exists: "
        "content/nieuws/2023-05-06-nieuwe-website.md; give another with --slug\n"
    )
    assert run("new", "x", "--slug", "2024-02-02-nieuw-logo").exit_code == 1  # a file's name
    assert sorted(p.name for p in news.iterdir()) == before


def test_build_leaves_out_expired_articles_and_dates_none_it_has_not(run: Run, site: Path) -> None:
    config(site, "hugo")
    put(site / "posts" / "goed.md", fm(title="Goed", date="2020-01-01"))
    put(site / "posts" / "weg.md", fm(title="Weg", date="2020-01-02", expiryDate="2021-01-01"))
    put(site / "posts" / "zonder.md", fm(title="Zonder"))
    result = run("--clock", "2026-01-01", "build")
    assert result.exit_code == 0, result.stderr
    built = site / "public"
    assert (built / "goed" / "index.html").is_file()
    assert not (built / "weg").exists()
    page = (built / "zonder" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime=""></time>' in page and " 1 januari 1<" not in page


def test_new_writes_the_keys_fields_maps(run: Run, site: Path) -> None:
    """`new` itself follows the site in issue 12; here it writes the keys `[fields]` names, so
    that the article it makes is read as the others are."""
    config(site, "astro", "posts", fields='[fields]\ntitle = "newstitle"\ntags = "categories"')
    (site / "posts").mkdir()
    put(site / "posts" / "_template.md", "---\ncategories: [nieuws]\n---\n")
    result = run("--clock", "2026-01-01", "new", "Eigen sleutels", "--tag", "x", "--author", "")
    assert result.exit_code == 0, result.stderr
    text = (site / "posts" / "eigen-sleutels.md").read_text(encoding="utf-8")
    assert text.startswith("---\nnewstitle: Eigen sleutels\ndate: 2026-01-01\n"
                           "categories:\n  - nieuws\n  - x\n")  # fmt: skip
    found = records(run)[0]
    assert (found["title"], found["tags"]) == ("Eigen sleutels", ["nieuws", "x"])
