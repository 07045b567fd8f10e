"""`actueel new` and `actueel init`: what lands on disk, and what never does."""

from __future__ import annotations

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
