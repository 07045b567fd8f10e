"""layout: where `new` puts an article, as the site lays out its archive."""

from __future__ import annotations

from datetime import date

import pytest

from actueel_cli.layout import check_pattern, detect, path_for, shape

DAY = date(2017, 7, 7)


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("{slug}.md", "burgemeesters.md"),
        ("{year}/{slug}.md", "2017/burgemeesters.md"),
        ("{date}-{slug}.md", "2017-07-07-burgemeesters.md"),
        ("{slug}/index.md", "burgemeesters/index.md"),
        ("{year}/{month}/{day}/{slug}.markdown", "2017/07/07/burgemeesters.markdown"),
        ("nieuws/{year}/{slug}/index.mdx", "nieuws/2017/burgemeesters/index.mdx"),
    ],
)
def test_a_pattern_gives_the_path(pattern: str, path: str) -> None:
    assert check_pattern(pattern) is None
    assert path_for(pattern, "burgemeesters", DAY) == path


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{year}.md", "must hold {slug}"),
        ("{slug}.txt", "Markdown extension"),
        ("{slug}", "Markdown extension"),
        ("../{slug}.md", "plain path inside"),
        ("/abs/{slug}.md", "plain path inside"),
        ("a//{slug}.md", "plain path inside"),
        ("{title}.md", "has {title}"),
        ("{slug:>10}.md", "without a format"),
        ("{slug.md", "unmatched"),
        ("_{slug}.md", "starts with . or _"),
    ],
)
def test_a_bad_pattern_is_named(pattern: str, message: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and message in problem


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("x.md", "{slug}.md"),
        ("2017-07-17-x.markdown", "{date}-{slug}.markdown"),
        ("2023/kubecon/index.md", "{year}/{slug}/index.md"),
        ("2023/x.md", "{year}/{slug}.md"),
        ("2023/07/x.md", "{year}/{month}/{slug}.md"),
        ("2023/07/17/x.md", "{year}/{month}/{day}/{slug}.md"),
        ("archief/2015/x.md", "archief/{year}/{slug}.md"),
        ("index.md", "{slug}.md"),
        ("x/{odd}.md", "x/{slug}.md"),
        ("{odd}/x.md", "{{odd}}/{slug}.md"),
        ("notes.txt", None),
    ],
)
def test_the_shape_of_a_path(path: str, pattern: str | None) -> None:
    assert shape(path) == pattern


def test_detect_takes_the_shape_most_articles_have() -> None:
    hugo = ["2019/a/index.md", "2019/b/index.md", "2023/c.md", "2024/d/index.md"]
    assert detect(hugo) == "{year}/{slug}/index.md"
    jekyll = ["2013-06-27-a.md", "2014-01-01-b.md", "odd.md"]
    assert detect(jekyll, dated_names=True) == "{date}-{slug}.md"
    assert detect(["a.md", "b.md"]) == "{slug}.md"


def test_a_tie_goes_to_the_newest_shape() -> None:
    assert detect(["old.md", "2024/new.md"]) == "{year}/{slug}.md"


def test_an_empty_archive_gets_the_generators_default() -> None:
    assert detect([]) == "{slug}.md"
    assert detect([], dated_names=True) == "{date}-{slug}.md"
    assert detect(["2020/a.md"], dated_names=True) == "{year}/{date}-{slug}.md"
