"""Nothing outside the articles folder is ever opened, whatever name is given or linked.

Every open goes through Python's `open` audit event, so a hook records them all
(conftest.opens); only the cache and state folders, and Python's own files (imports, locale
data) outside the test's folder, may be opened besides the articles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import crash, opens, write_article

Run = Callable[..., object]


@pytest.fixture
def opened() -> Iterator[list[str]]:
    with opens() as paths:
        yield paths


@pytest.fixture
def site(articles: Path) -> Path:
    """Articles, with bait outside: a secret next to the folder, links to it and to /etc."""
    write_article(articles, "eerste", "Eerste", "2020-01-01", tags=["x"], image="images/a.jpg")
    write_article(articles, "tweede", "Tweede", "2020-02-01", sub="archief")
    # a site's configuration beside it: the generator is detected by listing, not opening
    (articles.parent / "hugo.toml").write_text('baseURL = "https://geheim.example/"\n')
    secret = articles.parent / "geheim.md"
    secret.write_text("---\ntitle: Geheim\ndate: 2020-01-01\n---\n", encoding="utf-8")
    (articles / "link.md").symlink_to(secret)
    (articles / "wachtwoorden.md").symlink_to("/etc/passwd")
    (articles / "map").symlink_to(articles.parent)
    (articles / "lus.md").symlink_to("lus.md")
    return articles


IDENTS = ["../geheim.md", "../geheim", "geheim", "link", "link.md", "/etc/passwd",
          "../../../../etc/passwd", "wachtwoorden", "map/geheim.md", str(Path("/") / "geheim.md"),
          "lus", "eerste"]  # fmt: skip
COMMANDS = [
    ["list"],
    ["list", "--format", "json", "--search", "geheim"],
    ["check"],
    ["check", "--format", "json"],
    *(["show", ident] for ident in IDENTS),
    *(["show", "--raw", ident] for ident in IDENTS),
    *(["show", "--format", "json", ident] for ident in IDENTS),
    *(["check", ident] for ident in IDENTS),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_nothing_outside_the_articles_folder_is_opened(
    site: Path, tmp_path: Path, run: Run, opened: list[str], args: list[str]
) -> None:
    result = run(*args, catch=True)
    assert crash(result) == ""
    assert result.exit_code in (0, 1)
    allowed = [os.path.realpath(site), str(tmp_path / "cache"), str(tmp_path / "state")]
    for path in opened:
        real = os.path.realpath(path)
        assert not real.startswith("/etc/"), path
        if real.startswith(str(tmp_path)):
            assert any(real == a or real.startswith(a + os.sep) for a in allowed), path
    assert "Geheim" not in result.stdout and "root:" not in result.stdout


def test_the_hook_sees_what_list_opens(site: Path, run: Run, opened: list[str]) -> None:
    """The test above could not fail if the hook saw nothing."""
    run("list")
    assert os.path.realpath(site / "eerste.md") in {os.path.realpath(p) for p in opened}


def test_links_leading_outside_are_reported(site: Path, run: Run) -> None:
    result = run("check", "--format", "plain")
    assert result.exit_code == 1
    assert "link.md: error: a link that leads outside the articles folder" in result.stdout
    assert "wachtwoorden.md: error: a link that leads outside the articles folder" in result.stdout
    assert "lus.md: error: cannot read: a link that loops back on itself" in result.stdout
    assert "map: warning: a linked folder is not followed" in result.stdout


@pytest.mark.parametrize(
    "rel", ["../geheim.md", "/etc/passwd", "map/geheim.md", "link.md", "wachtwoorden.md"]
)
def test_read_bytes_refuses_paths_that_leave_the_folder(site: Path, rel: str) -> None:
    """The last line of defence, for callers that pass a path of their own."""
    from actueel_cli.errors import ArticleProblem
    from actueel_cli.store import Archive

    with pytest.raises(ArticleProblem, match="leads outside the articles folder"):
        Archive(site).read_bytes(rel)
