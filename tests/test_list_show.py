"""`actueel list` and `actueel show`, the folder discovery order, and the entry points."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import dedent, write_article

from actueel_cli import render

REPO = Path(__file__).resolve().parent.parent
TERMINAL = {"TTY_COMPATIBLE": "1", "COLUMNS": "100"}
WIDE = {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}
BODY = "Ik sprak *drie* burgemeesters.\n\n## Wat opviel\n\n- ondermijning\n"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def screen(result: Any) -> str:
    """What a terminal shows: Rich's own styling codes taken out."""
    return SGR.sub("", result.stdout)


@pytest.fixture
def chain(articles: Path) -> Path:
    """Three neighbours like the seed page's, plus articles around them."""
    write_article(articles, "indonesische-politie-academie", "Indonesische politie(academie)",
                  "2017-05-22", tags=["politie", "internationaal"])  # fmt: skip
    write_article(articles, "burgemeesters-over-veiligheid", "Burgemeesters over veiligheid",
                  "2017-07-17", author="Ries van Dam", tags=["Burgemeesters", "veiligheid",
                  "ondermijning"], image="images/burgemeesters.jpg",
                  body=BODY)  # fmt: skip
    write_article(articles, "1000-jaar-politie", "1000 jaar politie!", "2017-10-03",
                  tags=["politie"], sub="2017")  # fmt: skip
    write_article(articles, "concept-stuk", "Concept over ondermijning", "2017-08-01",
                  tags=["ondermijning"], draft=True)  # fmt: skip
    write_article(articles, "geinspireerd", "Geïnspireerd door Zweden", "2019-03-04T10:30:00+01:00",
                  author="Fatima El Amrani", tags=["ondermijning"],
                  body="De aanpak in Göteborg werkt.\n")  # fmt: skip
    return articles


def test_list_is_newest_first_and_plain_when_piped(run: Any, chain: Path) -> None:
    result = run("list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == dedent(
        """
        2019-03-04	geinspireerd	Geïnspireerd door Zweden
        2017-10-03	1000-jaar-politie	1000 jaar politie!
        2017-07-17	burgemeesters-over-veiligheid	Burgemeesters over veiligheid
        2017-05-22	indonesische-politie-academie	Indonesische politie(academie)
        """
    )
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "slugs"),
    [
        (["--tag", "ondermijning"], ["geinspireerd", "burgemeesters-over-veiligheid"]),
        (["--tag", "ONDERMIJNING", "--tag", "burgemeesters"], ["burgemeesters-over-veiligheid"]),
        (["--tag", "#politie"], ["1000-jaar-politie", "indonesische-politie-academie"]),
        (["--author", "fatima"], ["geinspireerd"]),
        (["--year", "2017", "--limit", "2"],
         ["1000-jaar-politie", "burgemeesters-over-veiligheid"]),
        (["--since", "2017-07-17", "--until", "2017-10-03"],
         ["1000-jaar-politie", "burgemeesters-over-veiligheid"]),
        (["--search", "GOTEBORG"], ["geinspireerd"]),
        (["--search", "geinspireerd"], ["geinspireerd"]),
        (["--search", "drie burgemeesters"], ["burgemeesters-over-veiligheid"]),
        (["--tag", "ondermijning", "--drafts"],
         ["geinspireerd", "concept-stuk", "burgemeesters-over-veiligheid"]),
        (["--tag", "bestaat-niet"], []),
    ],
)  # fmt: skip
def test_list_filters(run: Any, chain: Path, args: list[str], slugs: list[str]) -> None:
    result = run("list", *args, "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == slugs


def test_list_json_and_csv_carry_the_same_fields(run: Any, chain: Path) -> None:
    records = json.loads(run("list", "--format", "json", "--tag", "burgemeesters").stdout)
    assert records == [
        {
            "slug": "burgemeesters-over-veiligheid",
            "title": "Burgemeesters over veiligheid",
            "date": "2017-07-17",
            "author": "Ries van Dam",
            "tags": ["Burgemeesters", "veiligheid", "ondermijning"],
            "image": "images/burgemeesters.jpg",
            "draft": False,
            "path": "burgemeesters-over-veiligheid.md",
            "summary": "",
            "scheduled": False,
            "expired": False,
        }
    ]
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").stdout)))
    assert list(rows[0]) == list(records[0])
    assert rows[1]["path"] == "2017/1000-jaar-politie.md"
    assert rows[0]["date"] == "2019-03-04T10:30:00+01:00"


def test_list_on_a_terminal_draws_a_table_and_counts_on_stderr(run: Any, chain: Path) -> None:
    result = run("list", "--tag", "politie", env=WIDE)
    assert result.exit_code == 0
    lines = screen(result).splitlines()
    assert lines[0].split() == ["date", "title", "author", "tags", "slug"]
    assert "1000 jaar politie!" in lines[1]
    assert "indonesische-politie-academie" in result.stdout
    assert result.stderr == "2 articles\n"


def test_list_never_interprets_markup_or_escape_codes_from_articles(
    run: Any, articles: Path
) -> None:
    write_article(articles, "markup", "[bold red]Rood[/] \\e[31mescape\\e[0m", "2020-01-01")
    table = run("list", env=WIDE)
    assert "[bold red]Rood[/] escape" in screen(table)
    assert "\x1b" not in screen(table)
    plain = run("list")
    assert plain.stdout == "2020-01-01\tmarkup\t[bold red]Rood[/] escape\n"


def test_a_broken_article_is_reported_and_the_others_still_listed(run: Any, chain: Path) -> None:
    (chain / "kapot.md").write_text("---\ntitle: [niet gesloten\ndate: 2020-01-01\n---\n")
    (chain / "geen-datum.md").write_text("---\ntitle: Zonder datum\n---\nTekst\n")
    (chain / "latin1.md").write_bytes("---\ntitle: Café\ndate: 2020-01-01\n---\n".encode("latin-1"))
    result = run("list")
    assert result.exit_code == 0
    # an article without a date is listed, undated, oldest of all; `check` warns about it
    assert result.stdout.splitlines()[-1] == "\tgeen-datum\tZonder datum"
    assert len(result.stdout.splitlines()) == 5
    assert "kapot.md:3:5: error: front matter is not valid YAML" in result.stderr
    assert "latin1.md:2:11: error: not UTF-8" in result.stderr
    assert "geen-datum" not in result.stderr
    assert "2 files were left out" in result.stderr


def test_show_lays_out_the_article_like_the_published_page(run: Any, chain: Path) -> None:
    result = run("show", "burgemeesters-over-veiligheid", env=TERMINAL)
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in screen(result).splitlines()]
    assert lines[0] == "Burgemeesters over veiligheid"
    assert lines[1] == "17 juli 2017, door Ries van Dam"
    assert "Headerfoto: images/burgemeesters.jpg" in lines
    assert "Ik sprak drie burgemeesters." in lines
    assert "tags: Burgemeesters veiligheid ondermijning" in lines
    older = lines.index("Vorig artikel")
    newer = lines.index("Volgend artikel")
    assert older < newer
    assert (
        lines[older + 1].strip()
        == "Indonesische politie(academie)  (indonesische-politie-academie)"
    )
    assert (
        lines[newer + 1].strip() == "1000 jaar politie!  (1000-jaar-politie)"
    )  # the draft is skipped


def test_show_writes_dates_in_the_configured_locale(run: Any, isolated: Path, chain: Path) -> None:
    (isolated / "actueel.toml").write_text('locale = "en"\n', encoding="utf-8")
    lines = screen(run("show", "burgemeesters", env=TERMINAL)).splitlines()
    assert lines[1].rstrip() == "17 July 2017, by Ries van Dam"
    assert any(line.startswith("Previous article") for line in lines)


def test_show_accepts_a_unique_prefix_or_the_path(run: Any, chain: Path) -> None:
    by_prefix = run("show", "indo", "--format", "json")
    by_path = run("show", "articles/2017/1000-jaar-politie.md", "--format", "json")
    assert json.loads(by_prefix.stdout)["slug"] == "indonesische-politie-academie"
    assert json.loads(by_path.stdout)["slug"] == "1000-jaar-politie"


def test_show_json_has_fields_body_and_both_neighbours(run: Any, chain: Path) -> None:
    record = json.loads(run("show", "burgemeesters-over-veiligheid", "--format", "json").stdout)
    assert record["previous"] == "indonesische-politie-academie"
    assert record["next"] == "1000-jaar-politie"
    assert record["body"] == "Ik sprak *drie* burgemeesters.\n\n## Wat opviel\n\n- ondermijning\n"
    assert record["tags"] == ["Burgemeesters", "veiligheid", "ondermijning"]


def test_show_raw_prints_the_file_byte_for_byte(run: Any, articles: Path) -> None:
    path = articles / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: CRLF\r\ndate: 2020-01-01\r\n---\r\nTekst")
    result = run("show", "crlf", "--raw")
    assert result.stdout_bytes == path.read_bytes()


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("burgemeesters-over-veilgheid", "did you mean burgemeesters-over-veiligheid?"),
        ("zzz", "no article 'zzz'; see `actueel list`"),
        ("../../etc/passwd", "no article"),
    ],
)
def test_show_unknown_slug_suggests_close_matches(
    run: Any, chain: Path, ident: str, message: str
) -> None:
    result = run("show", ident)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_show_ambiguous_prefix_lists_the_candidates(run: Any, chain: Path) -> None:
    write_article(chain, "burgemeesters-en-boa", "Burgemeesters en boa's", "2018-01-01")
    result = run("show", "burgemeesters")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'burgemeesters' starts the slugs of 2 articles; name one by its path:\n"
        "  burgemeesters-en-boa.md\n"
        "  burgemeesters-over-veiligheid.md\n"
    )


def test_folder_discovery_order(run: Any, isolated: Path, tmp_path: Path) -> None:
    for name in ("via-option", "via-env", "via-config", "articles"):
        folder = isolated / "sub" / name if name == "via-config" else tmp_path / name
        if name == "articles":
            folder = isolated / "articles"
        write_article(folder, name, name, "2020-01-01")
    (isolated / "actueel.toml").write_text('articles_dir = "sub/via-config"\n', encoding="utf-8")
    nested = isolated / "deeper" / "still"
    nested.mkdir(parents=True)
    os.chdir(nested)  # the config is found in a parent folder, relative to itself

    def slug(*args: str, env: dict[str, str] | None = None) -> str:
        return str(run(*args, "list", env=env).stdout.split("\t")[1])

    env = {"ACTUEEL_DIR": str(tmp_path / "via-env")}
    assert slug("--dir", str(tmp_path / "via-option"), env=env) == "via-option"
    assert slug(env=env) == "via-env"
    assert slug() == "via-config"
    (isolated / "actueel.toml").unlink()
    os.chdir(isolated)
    assert slug() == "articles"


def test_a_missing_folder_says_what_was_looked_for(run: Any, isolated: Path) -> None:
    shutil.rmtree(isolated / "articles")
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no articles folder" in result.stderr
    assert "--dir" in result.stderr and "actueel init" in result.stderr


def test_unknown_option_is_a_usage_error(run: Any, chain: Path) -> None:
    result = run("list", "--nope")
    assert result.exit_code == 2


def installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "actueel"
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "FORCE_COLOR")}
    return subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False, timeout=60)  # fmt: skip


def test_the_installed_command_lists_the_shipped_articles() -> None:
    result = installed("list", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    slugs = [r["slug"] for r in json.loads(result.stdout)]
    assert 10 <= len(slugs) <= 15
    i = slugs.index("burgemeesters-over-veiligheid")
    assert slugs[i - 1 : i + 2] == [
        "1000-jaar-politie",
        "burgemeesters-over-veiligheid",
        "indonesische-politie-academie",
    ]
    tagged = installed("list", "--tag", "ondermijning", cwd=REPO)
    assert len(tagged.stdout.splitlines()) >= 3


def test_the_installed_command_shows_version_and_errors_without_traceback(
    tmp_path: Path,
) -> None:
    version = installed("--version", cwd=tmp_path)
    assert version.stdout.startswith("actueel ")
    missing = installed("show", "x", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: no articles folder")
    assert "Traceback" not in missing.stderr


def test_python_dash_m_runs_the_same_app(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "actueel_cli", "--version"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.startswith("actueel ")


def test_building_the_index_shows_no_bar_when_piped(run: Any, articles: Path) -> None:
    for i in range(render.MANY_FILES + 1):
        write_article(articles, f"stuk-{i}", f"Stuk {i}", "2020-01-01")
    result = run("list", "--limit", "1")
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
