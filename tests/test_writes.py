"""Writes that fail: the original stays byte-identical, no temporary file is left, and the message
says what happened. `Archive.replace` is what every editing command (tag, publish, ...) uses."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import mounted, write_article

from actueel_cli.errors import WriteFailed
from actueel_cli.store import Archive

Run = Callable[..., object]
NEW = b"---\ntitle: Nieuw\ndate: 2020-01-01\n---\n"


def oserror(code: int) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.fixture
def article(articles: Path) -> Path:
    path = write_article(articles, "a", "A", "2020-01-01")
    path.chmod(0o640)
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_replace_writes_atomically_and_keeps_the_mode(articles: Path, article: Path) -> None:
    old = article.read_bytes()
    Archive(articles).replace("a.md", NEW, old)
    assert article.read_bytes() == NEW
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert names(articles) == ["a.md"]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (("fsync", errno.ENOSPC), "a.md: the disk is full; nothing was changed"),
        (("open", errno.ENOSPC), "the disk is full; nothing was changed"),
        (("replace", errno.EIO), "a.md: cannot write: Input/output error; nothing was changed"),
        (("chmod", errno.EPERM), "a.md: Operation not permitted; nothing was changed"),
    ],
    ids=["fsync-full", "no-room-for-temp", "killed-before-rename", "chmod"],
)
def test_replace_fails_cleanly(
    articles: Path,
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    patch: tuple[str, int],
    message: str,
) -> None:
    old = article.read_bytes()
    if patch[0] == "open":  # no room for a new file: creating one fails, reading does not
        real_open = os.open

        def open_(path: str, flags: int, *args: object, **kwargs: object) -> int:
            if flags & os.O_CREAT:
                raise OSError(patch[1], os.strerror(patch[1]))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", open_)
    else:
        monkeypatch.setattr(os, patch[0], oserror(patch[1]))
    with pytest.raises(WriteFailed) as caught:
        Archive(articles).replace("a.md", NEW, old)
    monkeypatch.undo()
    assert message in str(caught.value)
    assert article.read_bytes() == old
    assert names(articles) == ["a.md"]


def test_replace_refuses_a_file_changed_meanwhile(articles: Path, article: Path) -> None:
    seen = article.read_bytes()
    article.write_bytes(seen + b"Toegevoegd door een ander programma.\n")
    changed = article.read_bytes()
    with pytest.raises(WriteFailed, match="the file changed while this command ran"):
        Archive(articles).replace("a.md", NEW, seen)
    assert article.read_bytes() == changed
    assert names(articles) == ["a.md"]


def test_replace_refuses_a_read_only_file_even_as_root(articles: Path, article: Path) -> None:
    article.chmod(0o444)
    old = article.read_bytes()
    with pytest.raises(WriteFailed, match="a.md: the file is read-only; nothing was changed"):
        Archive(articles).replace("a.md", NEW, old)
    assert article.read_bytes() == old
    assert stat.S_IMODE(article.stat().st_mode) == 0o444


def test_replace_refuses_a_read_only_folder_even_as_root(articles: Path, article: Path) -> None:
    old = article.read_bytes()
    articles.chmod(0o555)
    try:
        with pytest.raises(WriteFailed, match="the folder is read-only; nothing was changed"):
            Archive(articles).replace("a.md", NEW, old)
    finally:
        articles.chmod(0o755)
    assert article.read_bytes() == old
    assert names(articles) == ["a.md"]


def test_a_stray_temp_file_is_not_an_article(articles: Path, article: Path, run: Run) -> None:
    """A process killed between writing and renaming leaves `.a.md.XXXX.tmp`: hidden, ignored."""
    (articles / ".a.md.k1ll3d.tmp").write_bytes(NEW)
    listed = run("list", "--format", "json")
    assert '"path": "a.md"' in listed.stdout and "tmp" not in listed.stdout
    assert run("check").exit_code == 0


def test_new_on_a_full_disk(articles: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", oserror(errno.ENOSPC))
    result = run("new", "Titel")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write titel.md: the disk is full; nothing was changed\n"
    assert names(articles) == []


def test_init_in_a_read_only_folder(isolated: Path, run: Run) -> None:
    site = isolated / "nieuw"
    site.mkdir(mode=0o555)
    try:
        result = run("init", str(site))
    finally:
        site.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "read-only" in result.stderr or "Permission denied" in result.stderr
    assert names(site) == []


def test_init_on_a_full_disk(isolated: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    site = isolated / "nieuw"
    monkeypatch.setattr(os, "fsync", oserror(errno.ENOSPC))
    result = run("init", str(site))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "the disk is full; nothing was changed" in result.stderr
    assert not site.exists()  # the folder it was to set up, made for it, is gone again


def test_init_never_overwrites(isolated: Path, run: Run) -> None:
    (isolated / "actueel.toml").write_text('articles_dir = "stukken"\n', encoding="utf-8")
    result = run("init")
    assert result.exit_code == 1
    assert "actueel.toml already exists" in result.stderr
    assert (isolated / "actueel.toml").read_text(encoding="utf-8") == 'articles_dir = "stukken"\n'


def test_new_when_another_program_creates_the_file_meanwhile(
    articles: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link
    theirs = b"---\ntitle: Van een ander\ndate: 2020-01-01\n---\n"

    def link_after_someone_else(src: str, dst: str, **kwargs: object) -> None:
        Path(dst).write_bytes(theirs)  # between our check for the slug and our write
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link_after_someone_else)
    result = run("new", "Titel")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == "Error: titel.md already exists; choose another --slug\n"
    assert (articles / "titel.md").read_bytes() == theirs
    assert names(articles) == ["titel.md"]


# --- issue 11, 14: a full disk leaves nothing behind, on a real one where the test may mount ----


def test_init_on_a_really_full_disk_leaves_no_folder(isolated: Path, run: Run) -> None:
    with mounted(isolated.parent / "vol", "full") as volume:
        result = run("init", str(volume / "nieuw"))
        assert result.exit_code == 1
        assert "the disk is full; nothing was changed" in result.stderr
        assert sorted(p.name for p in volume.iterdir()) == ["vol"]


def test_show_on_a_full_disk_leaves_no_temporary_file_in_the_state_folder(
    articles: Path, isolated: Path, run: Run
) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    with mounted(isolated.parent / "vol", "full") as volume:
        state = {"ACTUEEL_STATE_DIR": str(volume / "state")}
        for _ in range(3):
            assert run("show", "a", env=state).exit_code == 0
        assert sorted(p.name for p in (volume / "state").iterdir()) == []


def test_show_leaves_no_temporary_file_when_the_state_cannot_be_written(
    articles: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same without a real full disk: writing the state fails as it does there."""
    import json

    write_article(articles, "a", "A", "2020-01-01")
    state = Path(os.environ["ACTUEEL_STATE_DIR"])
    with monkeypatch.context() as patch:
        patch.setattr(json, "dump", oserror(errno.ENOSPC))
        assert run("show", "a").exit_code == 0
    assert sorted(p.name for p in state.iterdir()) == []
