"""`actueel new` and `actueel init`: what lands on disk, and what never does."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import dedent, write_article


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Burgemeesters over veiligheid", "burgemeesters-over-veiligheid"),
        ("Indonesische politie(academie)", "indonesische-politie-academie"),
        ("1000 jaar politie!", "1000-jaar-politie"),
        ("Geïnspireerd door de wijk", "geinspireerd-door-de-wijk"),
        ("  Café   “Het Hoekje” — sluit ", "cafe-het-hoekje-sluit"),
    ],
)
def test_new_derives_the_slug_from_the_title(
    run: Any, articles: Path, title: str, slug: str
) -> None:
    result = run("new", title, "--date", "2017-07-17", "--author", "Anne")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"articles/{slug}.md\n"
    assert result.stderr == ""
    assert files(articles) == [f"{slug}.md"]


def test_new_writes_front_matter_in_the_documented_order(run: Any, articles: Path) -> None:
    result = run("new", "1000 jaar politie!", "--date", "2017-10-03", "--author", "Ries van Dam",
                 "--tag", "politie", "--tag", "#Geschiedenis ", "--image", "img/1000.jpg",
                 "--draft")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (articles / "1000-jaar-politie.md").read_text(encoding="utf-8") == dedent(
        """
        ---
        title: 1000 jaar politie!
        date: 2017-10-03
        author: Ries van Dam
        tags:
          - politie
          - Geschiedenis
        image: img/1000.jpg
        draft: true
        ---

        """
    )


def test_new_quotes_values_that_yaml_would_retype(run: Any, articles: Path) -> None:
    result = run("new", "no", "--date", "2020-01-01", "--author", "1.10", "--tag", "yes")
    assert result.exit_code == 0, result.stderr
    text = (articles / "no.md").read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert data["title"] == "no"
    assert data["author"] == "1.10"
    assert data["tags"] == ["yes"]


def test_new_defaults_to_today_from_the_clock_and_the_configured_author(
    run: Any, isolated: Path, articles: Path
) -> None:
    (isolated / "actueel.toml").write_text('author = "Fatima El Amrani"\n', encoding="utf-8")
    result = run("--clock", "2024-02-29", "new", "Schrikkeldag")
    assert result.exit_code == 0, result.stderr
    text = (articles / "schrikkeldag.md").read_text(encoding="utf-8")
    assert "date: 2024-02-29\nauthor: Fatima El Amrani\n" in text


def test_new_falls_back_to_the_git_user_name(run: Any, isolated: Path, articles: Path) -> None:
    gitconfig = Path(__import__("os").environ["GIT_CONFIG_GLOBAL"])
    gitconfig.write_text("[user]\n\tname = Joost Verhoef\n", encoding="utf-8")
    result = run("new", "Van git", "--date", "2020-05-05")
    assert result.exit_code == 0, result.stderr
    assert "author: Joost Verhoef\n" in (articles / "van-git.md").read_text(encoding="utf-8")


def test_new_uses_the_template_body_and_defaults(run: Any, articles: Path) -> None:
    (articles / "_template.md").write_text(
        dedent(
            """
            ---
            author: Redactie
            tags: [nieuws]
            rubriek: actueel
            ---

            Schrijf hier de inleiding.
            """
        ),
        encoding="utf-8",
    )
    result = run("new", "Met sjabloon", "--date", "2021-01-02", "--tag", "politie")
    assert result.exit_code == 0, result.stderr
    assert (articles / "met-sjabloon.md").read_text(encoding="utf-8") == dedent(
        """
        ---
        title: Met sjabloon
        date: 2021-01-02
        author: Redactie
        tags:
          - nieuws
          - politie
        draft: false
        rubriek: actueel
        ---

        Schrijf hier de inleiding.
        """
    )


def test_new_writes_toml_when_the_config_says_so(run: Any, isolated: Path, articles: Path) -> None:
    (isolated / "actueel.toml").write_text('front_matter = "toml"\n', encoding="utf-8")
    result = run("new", "In TOML", "--date", "2019-03-04", "--author", "A", "--tag", "x")
    assert result.exit_code == 0, result.stderr
    text = (articles / "in-toml.md").read_text(encoding="utf-8")
    assert text.startswith("+++\n")
    data = tomllib.loads(text.split("+++")[1])
    assert list(data) == ["title", "date", "author", "tags", "draft"]
    assert str(data["date"]) == "2019-03-04"
    listed = run("list", "--format", "plain")
    assert listed.stdout == "2019-03-04\tin-toml\tIn TOML\n"


@pytest.mark.parametrize(
    "existing",
    [
        "burgemeesters-over-veiligheid",
        "Burgemeesters-over-veiligheid",
        "2017/burgemeesters-over-veiligheid",
    ],
)
def test_new_never_overwrites_an_existing_slug(run: Any, articles: Path, existing: str) -> None:
    sub, _, name = existing.rpartition("/")
    original = write_article(articles, name, "Oud", "2017-01-01", sub=sub)
    before = original.read_bytes()
    result = run("new", "Burgemeesters over veiligheid")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert str(original.relative_to(articles.parent)) in result.stderr
    assert "--slug" in result.stderr
    assert original.read_bytes() == before
    assert len(files(articles)) == 1


def test_new_treats_unicode_normalisation_variants_as_the_same_slug(
    run: Any, articles: Path
) -> None:
    write_article(articles, unicodedata.normalize("NFD", "café"), "Café", "2017-01-01")
    result = run("new", "Iets anders", "--slug", "café".replace("é", "e"))
    assert result.exit_code == 0  # cafe is not café
    result = run("new", "Nog iets", "--slug", "cafe")
    assert result.exit_code == 1
    assert "exists" in result.stderr


def test_new_with_a_free_slug_succeeds_next_to_a_collision(run: Any, articles: Path) -> None:
    write_article(articles, "burgemeesters-over-veiligheid", "Oud", "2017-01-01")
    result = run("new", "Burgemeesters over veiligheid", "--slug", "burgemeesters-2")
    assert result.exit_code == 0
    assert result.stdout == "articles/burgemeesters-2.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--date", "2020-01-01"], "title is empty"),
        (["   "], "title is empty"),
        (["!!! ???"], "no usable slug"),
        (["Goed", "--slug", "Hoofd-Letters"], "is not valid"),
        (["Goed", "--slug", "twee--streepjes"], "is not valid"),
        (["Goed", "--slug", "../buiten"], "is not valid"),
        (["Goed", "--date", "2017-02-30"], "not a real calendar date"),
        (["Goed", "--date", "17-07-2017"], "use YYYY-MM-DD"),
        (["Goed", "--tag", "a,b"], "comma"),
        (["Goed", "--tag", "  # "], "empty"),
        (["Twee\nregels"], "line break"),
    ],
)
def test_new_refuses_bad_input_and_creates_nothing(
    run: Any, articles: Path, args: list[str], message: str
) -> None:
    result = run("new", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert files(articles) == []


def test_new_cuts_long_titles_at_a_word_boundary(run: Any, articles: Path) -> None:
    title = "Burgemeesters " * 20
    result = run("new", title, "--date", "2020-01-01")
    slug = Path(result.stdout.strip()).stem
    assert len(slug) <= 80
    assert set(slug.split("-")) == {"burgemeesters"}


def test_init_creates_config_and_folder_and_refuses_a_second_time(run: Any, tmp_path: Path) -> None:
    site = tmp_path / "nieuwe-site"
    result = run("init", str(site), "--author", "Redactie")
    assert result.exit_code == 0, result.stderr
    assert (site / "articles").is_dir()
    config = tomllib.loads((site / "actueel.toml").read_text(encoding="utf-8"))
    assert config == {"articles_dir": "articles", "author": "Redactie", "locale": "nl",
                      "front_matter": "yaml", "generator": "actueel", "output_dir": "public",
                      "site_title": "Actueel", "base_url": ""}  # fmt: skip
    before = (site / "actueel.toml").read_bytes()
    again = run("init", str(site), "--author", "Iemand anders")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert (site / "actueel.toml").read_bytes() == before


# --- issue 12: `new` follows the site ---------------------------------------------------------


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings(site: Path, folder: str, *lines: str) -> None:
    put(site / "actueel.toml", "\n".join([f'articles_dir = "{folder}"', *lines]) + "\n")


def created(result: Any, site: Path) -> Path:
    assert result.exit_code == 0, result.stderr
    return site / result.stdout.strip()


@pytest.fixture
def jekyll(isolated: Path) -> Path:
    """A Jekyll site: `_config.yml`, posts in `_posts/` named `YYYY-MM-DD-slug.md`."""
    put(isolated / "_config.yml", "title: Nieuws\n")
    put(isolated / "_posts" / "2019-01-01-oud-nieuws.md", "---\ntitle: Oud\nlayout: post\n---\nA\n")
    put(isolated / "_posts" / "2020-02-02-ander.md", "---\ntitle: Ander\ntags: a b\n---\nB\n")
    settings(isolated, "_posts")
    return isolated


def test_new_in_a_jekyll_site_writes_a_dated_post(run: Any, jekyll: Path) -> None:
    result = run("--clock", "2026-07-16", "new", "Ruby 9 Released", "--author", "matz",
                 "--tag", "release")  # fmt: skip
    path = created(result, jekyll)
    assert path == jekyll / "_posts" / "2026-07-16-ruby-9-released.md"
    assert path.read_text(encoding="utf-8") == dedent(
        """
        ---
        title: Ruby 9 Released
        date: 2026-07-16
        author: matz
        tags:
          - release
        ---

        """
    )  # no draft: false: Jekyll reads `published`
    listed = run("list", "--format", "plain").stdout.splitlines()
    assert listed[0] == "2026-07-16\truby-9-released\tRuby 9 Released"


def test_a_jekyll_draft_is_published_false(run: Any, jekyll: Path) -> None:
    path = created(run("new", "Concept", "--draft", "--date", "2026-01-01"), jekyll)
    assert "published: false\n" in path.read_text(encoding="utf-8")
    assert "draft" not in path.read_text(encoding="utf-8")
    assert run("list", "--format", "plain").stdout.count("concept") == 0  # a draft


def test_a_collision_is_the_slug_the_site_publishes_not_the_file_name(
    run: Any, jekyll: Path
) -> None:
    before = files(jekyll / "_posts")
    result = run("--clock", "2026-07-16", "new", "Oud nieuws")
    assert result.exit_code == 1
    assert "an article with slug 'oud-nieuws' exists: _posts/2019-01-01-oud-nieuws.md" in (
        result.stderr
    )
    assert files(jekyll / "_posts") == before


@pytest.fixture
def hugo(isolated: Path) -> Path:
    """A Hugo site with year folders and page bundles (as the OpenTelemetry blog has them)."""
    put(isolated / "hugo.toml", 'baseURL = "https://example.org/"\n')
    blog = isolated / "content" / "blog"
    put(blog / "_index.md", "---\ntitle: Blog\n---\n")
    put(blog / "2023" / "kubecon" / "index.md", "---\ntitle: K\ndate: 2023-11-06\n---\n")
    put(blog / "2024" / "stable" / "index.md", "---\ntitle: S\ndate: 2024-01-02\n---\n")
    put(blog / "2024" / "flat.md", "---\ntitle: F\ndate: 2024-03-04\n---\n")
    settings(isolated, "content/blog")
    return isolated


def test_new_in_a_bundle_site_writes_a_bundle_in_its_year(run: Any, hugo: Path) -> None:
    path = created(run("new", "OpenTelemetry in 2026", "--date", "2026-02-03"), hugo)
    assert path == hugo / "content" / "blog" / "2026" / "opentelemetry-in-2026" / "index.md"
    shown = run("show", "opentelemetry-in-2026", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert '"slug": "opentelemetry-in-2026"' in shown.stdout


def test_new_in_a_year_folder_archive(run: Any, articles: Path) -> None:
    for year, name in (("2019", "a"), ("2020", "b"), ("2021", "c")):
        write_article(articles, name, name.upper(), f"{year}-05-01", sub=year)
    write_article(articles, "los", "Los", "2018-01-01")
    path = created(run("new", "Nieuw jaar", "--date", "2026-01-01"), articles.parent)
    assert path == articles / "2026" / "nieuw-jaar.md"


def test_new_path_in_the_settings_wins(run: Any, hugo: Path) -> None:
    settings(hugo, "content/blog", 'new_path = "{year}/{month}/{slug}.md"')
    path = created(run("new", "Maandelijks", "--date", "2026-02-03"), hugo)
    assert path == hugo / "content" / "blog" / "2026" / "02" / "maandelijks.md"


def test_a_bad_new_path_is_named(run: Any, isolated: Path, articles: Path) -> None:
    put(isolated / "actueel.toml", 'new_path = "{title}.md"\n')
    result = run("new", "X")
    assert result.exit_code == 1
    assert "new_path '{title}.md' has {title}" in result.stderr
    assert files(articles) == []


def test_front_matter_as_most_of_the_archive_unless_the_settings_say(
    run: Any, isolated: Path, articles: Path
) -> None:
    for name in ("a", "b"):
        put(articles / f"{name}.md", f'+++\ntitle = "{name}"\ndate = 2020-01-01\n+++\n')
    put(articles / "c.md", "---\ntitle: c\ndate: 2020-01-01\n---\n")
    path = created(run("new", "Toml", "--date", "2021-01-01", "--author", "A"), isolated)
    assert path.read_text(encoding="utf-8").startswith('+++\ntitle = "Toml"\ndate = 2021-01-01\n')
    put(isolated / "actueel.toml", 'front_matter = "yaml"\n')
    path = created(run("new", "Yaml", "--date", "2021-01-01", "--author", "A"), isolated)
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: Yaml\n")


def test_no_author_entry_when_none_is_known(run: Any, articles: Path) -> None:
    path = created(run("new", "Anoniem", "--date", "2021-01-01"), articles.parent)
    assert "author" not in path.read_text(encoding="utf-8")
    path = created(
        run("new", "Ook anoniem", "--date", "2021-01-01", "--author", ""), articles.parent
    )
    assert "author" not in path.read_text(encoding="utf-8")


HUGO_ARCHETYPE = """+++
date = '{{ .Date }}'
draft = true
title = '{{ replace .File.ContentBaseName `-` ` ` | title }}'
author = '{{ .Site.Params.author }}'
tags = []
+++

# {{ .Title }}
"""


def test_new_fills_hugos_archetype_as_hugo_does(run: Any, hugo: Path) -> None:
    put(hugo / "archetypes" / "default.md", HUGO_ARCHETYPE)
    result = run("--clock", "2026-02-03", "new", 'It\'s "stable"', "--tag", "otel")
    path = created(result, hugo)
    assert path == hugo / "content/blog/2026/it-s-stable/index.md"
    text = path.read_text(encoding="utf-8")
    # .Date: a date-time in the machine's zone, as Hugo writes it; the day asked for
    assert re.match(r"\+\+\+\ndate = '2026-02-03T00:00:00(Z|[+-]\d\d:\d\d)'\n", text)
    assert text.split("\n", 2)[2] == (
        'draft = true\ntitle = "It\'s \\"stable\\""\n'
        'author = \'{{ .Site.Params.author }}\'\ntags = ["otel"]\n+++\n\n# It\'s "stable"\n'
    )  # the title quoted as it needs
    assert result.stderr == (
        "archetypes/default.md: {{ .Site.Params.author }} is left as written; fill it in\n"
    )


def test_a_sections_archetype_comes_before_the_default(run: Any, hugo: Path) -> None:
    put(hugo / "archetypes" / "default.md", "---\ntitle: x\nsoort: default\n---\n")
    put(hugo / "archetypes" / "blog.md", "---\ntitle: x\nsoort: blog\ndate: {{ .Date }}\n---\n")
    path = created(run("--clock", "2026-02-03", "new", "Sectie", "--author", "A"), hugo)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Sectie\nsoort: blog\ndate: 2026-02-03T00:00:00")
    assert text.endswith("author: A\n---\n")


def test_hugo_dated_names_get_the_slug_key(run: Any, isolated: Path) -> None:
    put(isolated / "hugo.toml", 'baseURL = "https://example.org/"\n')
    news = isolated / "content" / "nieuws"
    for day, name in (("2023-06-03", "nieuwe-website"), ("2024-09-01", "open-dag")):
        put(news / f"{day}-{name}.md", f"---\ntitle: X\ndate: {day}\nslug: {name}\n---\n")
    settings(isolated, "content/nieuws")
    path = created(
        run("new", "Ledenvergadering", "--date", "2026-03-01", "--author", "B"), isolated
    )
    assert path == news / "2026-03-01-ledenvergadering.md"
    assert "slug: ledenvergadering\n" in path.read_text(encoding="utf-8")
    again = run("new", "Open dag", "--date", "2026-03-02")
    assert again.exit_code == 1
    assert "content/nieuws/2024-09-01-open-dag.md" in again.stderr


def test_hexo_scaffold(run: Any, isolated: Path) -> None:
    put(isolated / "_config.yml", "title: Hexo\n")
    put(isolated / "package.json", "{}\n")
    put(
        isolated / "scaffolds" / "post.md",
        "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n",
    )
    put(
        isolated / "source" / "_posts" / "2019-01-01-a.md", "---\ntitle: A\ndate: 2019-01-01\n---\n"
    )
    settings(isolated, "source/_posts")
    path = created(run("--clock", "2026-02-03", "new", "Hexo 9", "--tag", "release"), isolated)
    assert path == isolated / "source/_posts/2026-02-03-hexo-9.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Hexo 9\ndate: 2026-02-03 00:00:00\ntags:\n  - release\n")


def test_template_md_in_a_hugo_site_says_hugo_publishes_it(run: Any, hugo: Path) -> None:
    put(hugo / "content" / "blog" / "_template.md", "---\nrubriek: x\n---\n")
    result = run("new", "Met sjabloon", "--date", "2026-01-01", "--author", "A")
    assert "Hugo publishes _template.md as a page of the site" in result.stderr
    assert "rubriek: x" in created(result, hugo).read_text(encoding="utf-8")


def test_init_in_a_site_leaves_the_format_to_the_archive(run: Any, hugo: Path) -> None:
    (hugo / "actueel.toml").unlink()
    assert run("init", str(hugo), "--author", "A").exit_code == 0
    config = tomllib.loads((hugo / "actueel.toml").read_text(encoding="utf-8"))
    assert "front_matter" not in config
    assert config["generator"] == "hugo"


def test_a_template_that_leads_outside_the_folder_is_not_followed(
    run: Any, isolated: Path, articles: Path
) -> None:
    """issue 11, 1: `_template.md -> ../private/notes.md` copied private text into an article."""
    private = isolated / "private"
    private.mkdir()
    (private / "notes.md").write_text(
        "---\nauthor: Geheim\n---\nNiet voor de site.\n", encoding="utf-8"
    )
    (articles / "_template.md").symlink_to(Path("..") / "private" / "notes.md")
    result = run("new", "Nieuw stuk")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: _template.md: a link that leads outside the articles folder; `new` does not "
        "use it; see `actueel check`\n"
    )
    assert sorted(p.name for p in articles.iterdir()) == ["_template.md"]
    checked = run("check", "--format", "plain")
    assert checked.exit_code == 1
    assert checked.stdout == (
        "_template.md: error: a link that leads outside the articles folder; "
        "`new` does not use it\n"
    )


def test_a_template_linked_inside_the_folder_is_used(run: Any, articles: Path) -> None:
    (articles / "sjablonen").mkdir()
    (articles / "sjablonen" / "_nieuws.md").write_text(
        "---\nauthor: Redactie\n---\nInleiding.\n", encoding="utf-8"
    )
    (articles / "_template.md").symlink_to(Path("sjablonen") / "_nieuws.md")
    result = run("new", "Nieuw stuk", "--date", "2021-01-02")
    assert result.exit_code == 0, result.stderr
    text = (articles / "nieuw-stuk.md").read_text(encoding="utf-8")
    assert "author: Redactie\n" in text and text.endswith("Inleiding.\n")
    assert run("check").exit_code == 0


def test_new_refuses_a_slug_taken_in_a_sub_folder(run: object, articles: Path) -> None:
    write_article(articles, "burgemeesters-over-veiligheid", "B", "2020-01-01", sub="2020")
    result = run("new", "Burgemeesters over veiligheid")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "exists" in result.stderr and "2020/burgemeesters-over-veiligheid.md" in result.stderr
    assert sorted(p.name for p in articles.rglob("*.md")) == ["burgemeesters-over-veiligheid.md"]
