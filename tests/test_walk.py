"""`actueel next` and `actueel prev`: the order of the published page's links."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article


@pytest.fixture
def archive(articles: Path) -> Path:
    write_article(articles, "a-oud", "Oud", "2017-05-22", tags=["politie"])
    write_article(articles, "b-midden", "Midden", "2017-07-17", tags=["ondermijning"])
    write_article(articles, "c-concept", "Concept", "2017-08-01", draft=True)
    write_article(articles, "d-zelfde-dag", "Zelfde dag", "2017-10-03", tags=["politie"])
    write_article(articles, "e-zelfde-dag", "Zelfde dag 2", "2017-10-03", tags=["ondermijning"])
    write_article(articles, "f-gepland", "Gepland", "2030-01-01")
    return articles


def slug_of(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["slug"])


def test_next_is_newer_and_prev_is_older_skipping_drafts(run: Any, archive: Path) -> None:
    assert slug_of(run("--clock", "2024-01-01", "next", "b-midden", "--format", "json")) == (
        "d-zelfde-dag"
    )
    assert slug_of(run("--clock", "2024-01-01", "prev", "b-midden", "--format", "json")) == "a-oud"


def test_same_day_articles_are_ordered_by_slug(run: Any, archive: Path) -> None:
    assert slug_of(run("next", "d-zelfde-dag", "--format", "json")) == "e-zelfde-dag"
    assert slug_of(run("prev", "e-zelfde-dag", "--format", "json")) == "d-zelfde-dag"


def test_without_a_slug_they_step_from_the_article_last_shown(run: Any, archive: Path) -> None:
    run("show", "a-oud")
    walked = [slug_of(run("--clock", "2024-01-01", "next", "--format", "json")) for _ in range(3)]
    assert walked == ["b-midden", "d-zelfde-dag", "e-zelfde-dag"]
    assert slug_of(run("prev", "--format", "json")) == "d-zelfde-dag"


def test_the_memory_lives_in_the_state_folder_not_the_articles_folder(
    run: Any, archive: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in archive.iterdir())
    run("show", "a-oud")
    assert sorted(p.name for p in archive.iterdir()) == before
    assert (tmp_path / "state" / "last-shown.json").is_file()


def test_tag_walks_only_articles_with_that_tag(run: Any, archive: Path) -> None:
    result = run("next", "a-oud", "--tag", "Politie", "--format", "json")
    assert slug_of(result) == "d-zelfde-dag"
    result = run("prev", "e-zelfde-dag", "--tag", "ondermijning", "--format", "json")
    assert slug_of(result) == "b-midden"


def test_at_either_end_a_clear_message_and_exit_1(run: Any, archive: Path) -> None:
    newest = run("--clock", "2024-01-01", "next", "e-zelfde-dag")
    assert newest.exit_code == 1
    assert newest.stdout == ""
    assert "e-zelfde-dag is the newest published article; there is no newer one" in newest.stderr
    oldest = run("prev", "a-oud", "--tag", "politie")
    assert oldest.exit_code == 1
    assert "oldest published article with tag 'politie'" in oldest.stderr


def test_nothing_shown_yet_asks_for_a_slug(run: Any, archive: Path) -> None:
    result = run("next")
    assert result.exit_code == 1
    assert "no article shown yet" in result.stderr


def test_next_shows_the_page_like_show_does(run: Any, archive: Path) -> None:
    shown = run("show", "d-zelfde-dag")
    stepped = run("next", "b-midden")
    assert stepped.stdout == shown.stdout
    raw = run("next", "b-midden", "--raw")
    assert raw.stdout_bytes == (archive / "d-zelfde-dag.md").read_bytes()


@contextlib.contextmanager
def time_zone(name: str) -> Iterator[None]:
    """This process in the time zone `name` (TZ, and tzset so that the C library reads it), as a
    command started with TZ=name would be; back in the zone it had afterwards."""
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TZ", name)
            time.tzset()
            yield
    finally:
        time.tzset()


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "America/Adak"])
def test_date_times_are_ordered_by_instant_whatever_the_time_zone(
    articles: Path, run: Any, tz: str
) -> None:
    # 09:00 in Amsterdam is earlier than 05:00 in New York on the same day; the written
    # clock times say the opposite.
    write_article(articles, "amsterdam", "Amsterdam", "2020-03-10T09:00:00+01:00")
    write_article(articles, "new-york", "New York", "2020-03-10T05:00:00-04:00")
    write_article(articles, "utc-dag", "Dag", "2020-03-10")
    with time_zone(tz):
        assert time.localtime(0).tm_gmtoff != 0  # the zone is in force (so this can fail)
        stepped = run("next", "utc-dag", "--format", "json")
        listed = run("list")
    assert slug_of(stepped) == "amsterdam"
    assert [line.split("\t")[1] for line in listed.stdout.splitlines()] == [
        "new-york",
        "amsterdam",
        "utc-dag",
    ]
