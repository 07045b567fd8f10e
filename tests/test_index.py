"""The index follows every kind of change to the files, and a damaged, locked or foreign index
costs time, never correctness: every answer equals the one read from the files
(ACTUEEL_NO_INDEX=1)."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import examples, mounted, opens, write_article
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actueel_cli.generators import DEFAULT_SITE
from actueel_cli.parse import parse
from actueel_cli.store import Archive, Catalog, open_catalog, parsing, sync
from actueel_cli.store.index import SCHEMA, index_path
from actueel_cli.store.texts import texts_files

Run = Callable[..., Any]
PAST_NS = time.time_ns() - 3600 * 10**9  # an hour ago: out of the racy window
HOUR_NS = 3600 * 10**9


class Clock:
    """The clock the index judges a file's freshness by, `offset` nanoseconds ahead."""

    def __init__(self) -> None:
        self.offset = HOUR_NS

    def time_ns(self) -> int:
        return time.time_ns() + self.offset


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """An hour ahead: every file a test wrote counts as written long ago, also by its change
    time (which no test can set back). Tests about fresh files set `offset` to 0: the real
    clock."""
    ahead = Clock()
    monkeypatch.setattr(sync, "time_ns", ahead.time_ns)
    return ahead


def cache() -> Path:
    return Path(os.environ["ACTUEEL_CACHE_DIR"])


def db_path(articles: Path) -> Path:
    return index_path(cache(), articles)


def scan(articles: Path) -> Catalog:
    return open_catalog(Archive(articles), cache())


def scanned(articles: Path) -> tuple[Catalog, list[str]]:
    """The catalog of `articles`, and the files opening it read (those it opened; folders it
    opens to walk them are not): the ones the index did not vouch for. Relative to the folder,
    in path order."""
    with opens() as opened:
        found = scan(articles)
    inside = f"{articles}{os.sep}"
    files = {p for p in opened if p.startswith(inside) and not os.path.isdir(p)}
    return found, sorted(p.removeprefix(inside) for p in files)


def reread(articles: Path) -> list[str]:
    """The files opening the catalog of `articles` reads now."""
    return scanned(articles)[1]


def settle(*paths: Path) -> None:
    """Give files an old modification time, as files not touched for a while have."""
    for path in paths:
        os.utime(path, ns=(PAST_NS, PAST_NS))


def listing(run: Run, *extra: str, no_index: bool = False) -> tuple[int, str, str]:
    env = {"ACTUEEL_NO_INDEX": "1"} if no_index else None
    result = run("list", "--format", "plain", "--drafts", *extra, env=env)
    return result.exit_code, result.stdout, result.stderr


def assert_true_to_files(run: Run, *extra: str) -> tuple[int, str, str]:
    """`list` (and a search) through the index answers as reading the files does."""
    got = listing(run, *extra)
    assert got == listing(run, *extra, no_index=True)
    found = listing(run, "--search", "vuurwerk", *extra)
    assert found == listing(run, "--search", "vuurwerk", *extra, no_index=True)
    return got


@pytest.fixture
def three(articles: Path) -> list[Path]:
    paths = [
        write_article(articles, "alpha", "Alpha over vuurwerk", "2020-01-01", tags=["a"]),
        write_article(articles, "beta", "Beta", "2021-02-02", tags=["b"], body="Over Vuurwérk.\n"),
        write_article(articles, "gamma", "Gamma", "2022-03-03", sub="2022", body="Niets.\n"),
    ]
    settle(*paths)
    return paths


# --- following changes ----------------------------------------------------------------------


def test_first_scan_reads_all_the_next_none(articles: Path, three: list[Path]) -> None:
    first, read = scanned(articles)
    assert read == ["2022/gamma.md", "alpha.md", "beta.md"]
    again, read = scanned(articles)
    assert read == []
    assert again.articles == first.articles
    assert again.search("VUURWERK") == first.search("vuurwerk") == {"alpha.md", "beta.md"}


def test_a_file_added(run: Run, articles: Path, three: list[Path]) -> None:
    scan(articles)
    settle(write_article(articles, "delta", "Delta en vuurwerk", "2023-04-04"))
    assert reread(articles) == ["delta.md"]
    code, out, _ = assert_true_to_files(run)
    assert code == 0 and out.splitlines()[0] == "2023-04-04\tdelta\tDelta en vuurwerk"


def test_an_edit_of_the_same_size_with_the_old_mtime_restored(
    run: Run, articles: Path, three: list[Path]
) -> None:
    scan(articles)
    path = three[0]
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Alpha over vuurwerk", b"Alpha over vuurpijl"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    # The change time cannot be set back by anyone: it gives the edit away.
    assert reread(articles) == ["alpha.md"]
    _, out, _ = assert_true_to_files(run)
    assert "2020-01-01\talpha\tAlpha over vuurpijl" in out.splitlines()
    assert run("list", "--search", "vuurpijl", "--format", "plain").stdout.startswith("2020")


def test_a_file_deleted(run: Run, articles: Path, three: list[Path]) -> None:
    scan(articles)
    three[1].unlink()
    assert reread(articles) == []
    _, out, _ = assert_true_to_files(run)
    assert "beta" not in out
    with sqlite3.connect(db_path(articles)) as db:
        assert {p for (p,) in db.execute("SELECT path FROM files")} == {"alpha.md", "2022/gamma.md"}
        assert {p for (p,) in db.execute("SELECT path FROM texts")} == {"alpha.md", "2022/gamma.md"}


def test_a_file_renamed(run: Run, articles: Path, three: list[Path]) -> None:
    scan(articles)
    three[1].rename(articles / "2022" / "beta-nieuw.md")
    assert reread(articles) == ["2022/beta-nieuw.md"]
    _, out, _ = assert_true_to_files(run)
    assert "2021-02-02\tbeta-nieuw\tBeta" in out.splitlines()
    assert "\tbeta\t" not in out


def test_a_file_replaced_by_a_broken_one(run: Run, articles: Path, three: list[Path]) -> None:
    scan(articles)
    three[0].write_text("---\ntitle: [kapot\n---\nTekst over vuurwerk.\n", encoding="utf-8")
    settle(three[0])
    assert reread(articles) == ["alpha.md"]
    code, out, err = assert_true_to_files(run)
    assert "alpha" not in out and "beta" in out
    assert err.startswith("alpha.md:") and "front matter is not valid YAML" in err
    # And mended again.
    settle(write_article(articles, "alpha", "Alpha weer heel", "2020-01-01"))
    _, out, err = assert_true_to_files(run)
    assert "2020-01-01\talpha\tAlpha weer heel" in out and err == ""


def test_a_file_touched_without_change(run: Run, articles: Path, three: list[Path]) -> None:
    before = assert_true_to_files(run)
    later = PAST_NS + 60 * 10**9
    os.utime(three[2], ns=(later, later))
    assert reread(articles) == ["2022/gamma.md"]
    assert assert_true_to_files(run) == before
    assert reread(articles) == []


def test_a_file_changed_just_now_is_read_again_until_it_settles(
    articles: Path, three: list[Path], clock: Clock
) -> None:
    clock.offset = 0
    scan(articles)
    fresh = write_article(articles, "nu", "Net geschreven", "2024-01-01")
    # Within the clock's resolution a second change could keep size and time: not trusted yet.
    assert "nu.md" in reread(articles)
    assert "nu.md" in reread(articles)
    # An old modification time does not settle it: its change time is now.
    settle(fresh)
    assert "nu.md" in reread(articles)
    clock.offset = HOUR_NS  # time passes
    assert "nu.md" in reread(articles)
    assert reread(articles) == []


def test_a_replace_rereads_only_that_file(articles: Path, three: list[Path]) -> None:
    scan(articles)
    archive = Archive(articles)
    old = three[1].read_bytes()
    archive.replace("beta.md", old.replace(b"Beta", "Bèta".encode()), old)
    found, read = scanned(articles)
    assert read == ["beta.md"]
    assert "Bèta" in {a.title for a in found.articles}


def _texts(articles: Path) -> dict[str, tuple[int, ...]]:
    with sqlite3.connect(db_path(articles)) as db:
        rows = db.execute("SELECT path, size, mtime_ns, ctime_ns, ino FROM texts").fetchall()
    return {path: tuple(stamp) for path, *stamp in rows}


def _stamp(path: Path) -> tuple[int, ...]:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def test_search_texts_are_made_by_the_first_search_then_kept_up_to_date(
    run: Run, articles: Path, three: list[Path]
) -> None:
    (articles / "kapot.md").write_text("geen front matter\n", encoding="utf-8")
    settle(articles / "kapot.md")
    listing(run)
    assert _texts(articles) == {}  # listing alone does not pay for them
    assert listing(run, "--search", "vuurwerk")[1].count("\n") == 2
    expected = {p.relative_to(articles).as_posix(): _stamp(p) for p in articles.rglob("*.md")}
    assert _texts(articles) == expected
    three[1].write_text(three[1].read_text(encoding="utf-8") + "Zonnetje.\n", encoding="utf-8")
    settle(three[1])
    assert reread(articles) == ["beta.md"]
    assert _texts(articles)["beta.md"] == _stamp(three[1])  # made with the listing now
    assert_true_to_files(run)
    assert run("list", "--search", "zonnetje", "--format", "plain").stdout.startswith("2021")


# --- an index that cannot be believed -------------------------------------------------------


def test_the_index_deleted_between_commands(run: Run, articles: Path, three: list[Path]) -> None:
    before = assert_true_to_files(run)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path(articles)}{suffix}").unlink(missing_ok=True)
    assert len(reread(articles)) == 3
    assert assert_true_to_files(run) == before
    assert reread(articles) == []


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size or 4096))


def _header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


def _sql(statement: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        db = sqlite3.connect(path)
        db.executescript(statement)
        db.close()

    return damage


DAMAGE = {
    "garbage bytes": _garbage,
    "garbage header": _header,
    "truncated": _truncated,
    "emptied": _emptied,
    "files table dropped": _sql("DROP TABLE files"),
    "texts table dropped": _sql("DROP TABLE texts"),
    "meta table dropped": _sql("DROP TABLE meta"),
    "another version": _sql("UPDATE meta SET value='3/0.0.1' WHERE key='schema'"),
    "another version's tables": _sql(
        "DROP TABLE files; CREATE TABLE files(path TEXT, stuff BLOB);"
        "INSERT INTO files VALUES ('alpha.md', x'00'); DELETE FROM meta;"
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_index_is_never_believed(
    run: Run, articles: Path, three: list[Path], damage: Callable[[Path], None]
) -> None:
    before = assert_true_to_files(run)
    # A change the damaged index cannot know about, made at the same time.
    three[2].write_text(three[2].read_text(encoding="utf-8") + "Vuurwerk!\n", encoding="utf-8")
    settle(three[2])
    after = listing(run, "--search", "vuurwerk")
    assert "gamma" in after[1]
    path = db_path(articles)
    gc.collect()  # the in-process commands' connections: closed, as a finished command's are
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    db.close()
    damage(path)
    assert assert_true_to_files(run)[:2] == before[:2]
    assert listing(run, "--search", "vuurwerk") == after
    # Rebuilt, and trusted again.
    assert reread(articles) == []
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        assert stored == (f"{SCHEMA}/{DEFAULT_SITE.key()}",)


def test_a_locked_index_is_bypassed(run: Run, articles: Path, three: list[Path]) -> None:
    assert_true_to_files(run)
    gc.collect()  # the in-process commands' connections: closed, as a finished command's are
    holder = sqlite3.connect(db_path(articles), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        settle(write_article(articles, "delta", "Delta en vuurwerk", "2023-04-04"))
        assert len(reread(articles)) == 4  # read from the files, all of them
        code, out, _ = assert_true_to_files(run)
        assert code == 0 and "delta" in out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reread(articles) == ["delta.md"]
    assert reread(articles) == []


def test_search_is_right_while_another_command_writes(
    run: Run, articles: Path, three: list[Path]
) -> None:
    assert_true_to_files(run)
    writer = sqlite3.connect(db_path(articles), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock; reading goes on
    try:
        path = three[0]
        path.write_bytes(path.read_bytes().replace(b"vuurwerk", b"zonnetje"))
        settle(path)
        found, read = scanned(articles)
        assert read == ["alpha.md"]
        assert found.search("zonnetje") == {"alpha.md"}
        assert found.search("vuurwerk") == {"beta.md"}
        assert_true_to_files(run)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert reread(articles) == ["alpha.md"]  # stored now


def test_an_unusable_cache_folder_is_done_without(
    run: Run, articles: Path, three: list[Path], tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    result = run("list", "--format", "plain", env={"ACTUEEL_CACHE_DIR": str(blocked / "cache")})
    assert result.exit_code == 0
    assert result.stdout == listing(run, no_index=True)[1]


# --- many files: parsed over several processes; two commands at once --------------------------


def many(articles: Path, count: int) -> None:
    for i in range(count):
        body = f"Tekst {i} over {'vuurwerk' if i % 7 == 0 else 'verkeer'}.\n"
        write_article(articles, f"artikel-{i:04}", f"Artikel {i} één", f"20{i % 20:02}-01-02",
                      tags=[f"tag{i % 5}"], body=body, sub=f"{2000 + i % 3}")  # fmt: skip
    (articles / "kapot-1.md").write_text("---\ntitle: x\n", encoding="utf-8")
    (articles / "kapot-2.md").write_bytes(b"---\ntitle: \xff\n---\n")
    (articles / "leeg.md").write_bytes(b"")
    settle(*articles.rglob("*.md"))


def test_many_files_parsed_in_parallel_as_one_by_one(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many(articles, parsing.PARALLEL_FROM + 100)
    told: list[tuple[int, int]] = []  # what the progress bar is told: files parsed, of how many
    parallel = open_catalog(
        Archive(articles), cache(), progress=lambda done, total: told.append((done, total))
    )
    assert told[-1] == (parsing.PARALLEL_FROM + 103,) * 2  # every file, parsed by the workers
    monkeypatch.setattr(parsing, "PARALLEL_FROM", 10**9)
    one_by_one = open_catalog(Archive(articles), None)
    assert parallel.articles == one_by_one.articles
    assert parallel.problems == one_by_one.problems
    assert parallel.search("VUURWERK") == one_by_one.search("vuurwerk")
    expected = []
    for path, _ in Archive(articles).walk()[0]:
        found = parse((articles / path).read_bytes(), path)
        if found.article is not None:
            expected.append(found.article)
    assert parallel.articles == expected
    assert {p.path for p in parallel.problems} == {"kapot-1.md", "kapot-2.md", "leeg.md"}


def test_two_commands_at_once_on_a_fresh_archive(run: Run, articles: Path) -> None:
    many(articles, parsing.PARALLEL_FROM + 100)
    expected = listing(run, no_index=True)
    command = [sys.executable, "-m", "actueel_cli", "list", "--format", "plain", "--drafts"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert (proc.returncode, out.decode(), err.decode()) == expected
    with sqlite3.connect(db_path(articles)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert listing(run) == expected
    scan(articles)  # what they stored within seconds of the files' writing is read once more
    assert reread(articles) == []


# --- the texts file -------------------------------------------------------------------------


QUERIES = ["vuurwerk", "VUURWÉRK", "één", "over vuurwerk", "k", "zonnetje en maan", "niets", ""]


def _searches_true_to_files(run: Run) -> None:
    for query in QUERIES:
        assert listing(run, "--search", query) == listing(run, "--search", query, no_index=True)


def _texts_file(articles: Path) -> Path:
    from actueel_cli.store.texts import texts_files

    (found,) = texts_files(db_path(articles))  # one, the one in use
    return found


def test_search_reads_the_texts_file_in_pieces_and_rewrites_it_as_texts_change(
    run: Run, articles: Path, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny pieces put matches across piece boundaries; edits leave old texts behind in the
    file, which must never match, and the file is written anew once they are the most of it."""
    from actueel_cli.store import texts

    monkeypatch.setattr(texts, "TEXTS_CHUNK", 7)
    monkeypatch.setattr(texts, "COMPACT_FROM", 0)
    _searches_true_to_files(run)
    for round_ in range(6):
        path = three[round_ % 3]
        text = path.read_text(encoding="utf-8")
        if "vuurwerk" in text.lower():
            text = text.replace("vuurwerk", "zonnetje en maan").replace("Vuurwérk", "Één")
        else:
            text += "Nog meer vuurwerk, één keer.\n"
        path.write_text(text, encoding="utf-8")
        settle(path)
        _searches_true_to_files(run)
    with sqlite3.connect(db_path(articles)) as db:
        (used,) = db.execute("SELECT sum(length + 1) FROM texts").fetchone()
        (rewrites,) = db.execute("SELECT value FROM meta WHERE key='texts'").fetchone()
    db.close()
    assert int(rewrites) >= 1  # written anew at least once
    assert _texts_file(articles).stat().st_size <= 2 * used  # old texts dropped


def test_a_text_left_behind_by_an_edit_never_matches(
    run: Run, articles: Path, three: list[Path]
) -> None:
    assert "alpha" in listing(run, "--search", "vuurwerk")[1]
    three[0].write_bytes(three[0].read_bytes().replace(b"vuurwerk", b"regen"))
    settle(three[0])
    assert "alpha" not in listing(run, "--search", "vuurwerk")[1]
    assert b"alpha over vuurwerk" in _texts_file(articles).read_bytes()  # still there, unused
    assert "alpha" in listing(run, "--search", "regen")[1]


def _cut(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


TEXTS_DAMAGE = {
    "deleted": lambda path: path.unlink(),
    "cut short": _cut,
    "emptied": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("damage", TEXTS_DAMAGE.values(), ids=TEXTS_DAMAGE.keys())
def test_a_lost_texts_file_is_made_again_from_the_files(
    run: Run, articles: Path, three: list[Path], damage: Callable[[Path], None]
) -> None:
    _searches_true_to_files(run)
    damage(_texts_file(articles))
    _searches_true_to_files(run)
    assert _texts_file(articles).stat().st_size > 0  # made again, and used again
    assert reread(articles) == []


def test_a_scan_reads_one_snapshot_and_lets_it_go_when_done(
    articles: Path, three: list[Path]
) -> None:
    """Every answer of one command comes from one consistent view of the index, held no longer
    than the command needs it (not while a pager is open)."""
    scan(articles)
    found = scan(articles)
    assert found.index is not None
    assert found.index.db.in_transaction
    found.done()
    assert not found.index.db.in_transaction


@pytest.mark.parametrize(
    "tags",
    [(), ("a",), ("a", "b", "c"), ("a\x1fb",), ("\x1ea", "b"), ("x", "a\x1f"), ("é", "ü ö")],
)
def test_tags_are_stored_joined_unless_a_tag_holds_the_separator(tags: tuple[str, ...]) -> None:
    from actueel_cli.store.index import tag_text, tags_of

    text = tag_text(tags)
    assert tags_of(text) == tags
    plain = not any("\x1f" in t for t in tags) and not (tags and tags[0].startswith("\x1e"))
    assert (text == "\x1f".join(tags)) == plain  # JSON only when it must be


# --- issue 11, 2: file systems whose time stamps are whole seconds ------------------------------


def _edit_in_place(path: Path, old: bytes, new: bytes, mtime: int) -> None:
    """An edit of the same size, written into the file itself, with the old mtime set back (as
    `rsync -t`, `cp -p` or an editor that keeps times does)."""
    with open(path, "r+b") as handle:
        data = handle.read()
        handle.seek(0)
        handle.write(data.replace(old, new))
    os.utime(path, ns=(mtime, mtime))


def _two_edits_in_one_second(
    path: Path, listed: Callable[[], str], stamp: Callable[[], int]
) -> str:
    """Edit `path` (A -> B), let `listed` index it, edit it again (B -> C), all in the same
    second of its change time: the second edit leaves every time stamp as the first left it.
    Returns what `listed` showed after the first edit."""
    old = path.stat().st_mtime_ns
    for attempt in range(10):
        if attempt or time.time() % 1 > 0.5:  # start at the next second, unless (at first) more
            time.sleep(1.02 - time.time() % 1)  # than half of this one is left
        _edit_in_place(path, b"Titel A", b"Titel B", old)
        first = stamp()
        seen = listed()
        _edit_in_place(path, b"Titel B", b"Titel C", old)
        if stamp() == first:
            return seen
        _edit_in_place(path, b"Titel C", b"Titel A", old)  # the second crossed: again
    pytest.fail("could not make two edits within one second of each other")


def _racy_scenario(run: Run, folder: Path, clock: Clock, stamp: Callable[[], int]) -> None:
    clock.offset = 0  # the real clock: the freshness of these edits is the point
    path = write_article(folder, "a", "Titel A", "2020-01-01")
    settle(path)
    write_article(folder, "b", "Ander", "2020-01-02")

    def listed() -> str:
        return str(run("--dir", str(folder), "list", "--format", "plain").stdout)

    seen = _two_edits_in_one_second(path, listed, stamp)
    assert "\tTitel B\n" in seen
    assert "\ta\tTitel C\n" in listed()  # not the title of the first edit, for good
    clock.offset = HOUR_NS  # and after the file has settled
    assert "\ta\tTitel C\n" in listed()
    assert "\ta\tTitel C\n" in listed()
    assert reread(folder) == []


def test_two_edits_within_a_second_on_a_file_system_of_whole_seconds(
    run: Run, isolated: Path, clock: Clock
) -> None:
    """issue 11, 2, on a real ext4 with 128-byte inodes (when this test may mount one)."""
    with mounted(isolated.parent / "seconds", "seconds") as volume:
        folder = volume / "articles"
        folder.mkdir()
        probe = folder / "probe"
        probe.write_bytes(b"")
        assert probe.stat().st_ctime_ns % 10**9 == 0  # whole seconds, as promised
        probe.unlink()
        path = folder / "a.md"
        _racy_scenario(run, folder, clock, lambda: path.stat().st_ctime_ns)


class _WholeSeconds:
    """A stat result with its times cut to whole seconds, as such a file system gives them."""

    def __init__(self, real: os.stat_result) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        return value // 10**9 * 10**9 if name in ("st_mtime_ns", "st_ctime_ns") else value


def test_two_edits_within_a_second_with_time_stamps_cut_to_whole_seconds(
    run: Run, articles: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 11, 2, simulated: every stat the program makes gives whole seconds."""
    real_stat, real_lstat = os.stat, os.lstat
    monkeypatch.setattr(os, "stat", lambda *a, **k: _WholeSeconds(real_stat(*a, **k)))
    monkeypatch.setattr(os, "lstat", lambda *a, **k: _WholeSeconds(real_lstat(*a, **k)))
    path = articles / "a.md"
    _racy_scenario(run, articles, clock, lambda: os.stat(path).st_ctime_ns)


# --- issue 11, 10: damage the index's checks cannot see as damage -------------------------------


def _checkpointed(articles: Path) -> Path:
    path = db_path(articles)
    gc.collect()  # the in-process commands' connections: closed, as a finished command's are
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    db.close()
    return path


def _overwrite(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes in place, keeping the file's size: damage no length check can see."""
    data = path.read_bytes()
    assert len(old) == len(new) and data.count(old) >= 1
    path.write_bytes(data.replace(old, new))


def test_a_title_changed_inside_the_index_file_is_not_believed(
    run: Run, articles: Path, three: list[Path]
) -> None:
    before = assert_true_to_files(run)
    shown = run("show", "alpha", "--format", "json").stdout
    _overwrite(_checkpointed(articles), b"Alpha over vuurwerk", b"Alpha over VUURWERK")
    assert listing(run) == before  # the plain listing (headings)
    assert run("show", "alpha", "--format", "json").stdout == shown  # find, neighbours
    assert "VUURWERK" not in run("list", "--format", "json").stdout  # whole rows
    _overwrite(_checkpointed(articles), b"Alpha over vuurwerk", b"Alpha over VUURWERK")
    assert "VUURWERK" not in run("list", "--format", "json", "--tag", "a").stdout
    assert len(reread(articles)) == 3  # the damaged index is gone: built anew
    assert reread(articles) == []  # and trusted again


def test_a_problem_changed_inside_the_index_file_is_not_believed(
    run: Run, articles: Path, three: list[Path]
) -> None:
    (articles / "kapot.md").write_text("---\ntitle: [kapot\n---\n", encoding="utf-8")
    settle(articles / "kapot.md")
    before = assert_true_to_files(run)
    assert "not valid YAML" in before[2]
    _overwrite(_checkpointed(articles), b"not valid YAML", b"not valid TOML")
    assert listing(run) == before


def _texts_file(articles: Path) -> Path:
    (found,) = texts_files(db_path(articles))
    return found


def test_search_texts_changed_in_place_are_not_believed(
    run: Run, articles: Path, three: list[Path]
) -> None:
    """Bytes changed inside the texts file: a word taken out (a search missed it) and a word put
    in (a search found what no article holds); both give the answer the files give."""
    assert_true_to_files(run)
    texts = _texts_file(articles)
    _overwrite(texts, b"alpha over vuurwerk", b"alpha over vuurwark")  # taken out
    assert_true_to_files(run)
    _overwrite(_texts_file(articles), b"gamma niets", b"gamma zonne")  # put in
    assert listing(run, "--search", "zonne") == listing(run, "--search", "zonne", no_index=True)
    assert listing(run, "--search", "zonne")[1] == ""
    with sqlite3.connect(db_path(articles)) as db:  # and made again from the files
        (count,) = db.execute("SELECT count(*) FROM texts").fetchone()
    assert count == 3


@settings(max_examples=examples(300))
@given(
    offsets=st.lists(
        st.tuples(st.integers(-6 * 10**9, 10**9), st.integers(-6 * 10**9, 10**9), st.booleans()),
        max_size=6,
    )
)
@example(offsets=[(-3 * 10**9, -3 * 10**9, True)])  # two seconds' stamps: fresh for four
@example(offsets=[(-5 * 10**9, -1_500_000_000, False), (-6 * 10**9, -6 * 10**9, False)])
def test_any_fresh_is_fresh_of_any_stamp(offsets: list[tuple[int, int, bool]]) -> None:
    """The one look at the newest change answers as `fresh` on each stamp would, stamps in
    whole two seconds (FAT) included."""
    from actueel_cli.store.sync import any_fresh, fresh

    now = 1_700_000_000 * 10**9
    stamps = []
    for mtime, ctime, coarse in offsets:
        m, c = now + mtime, now + ctime
        if coarse:
            m, c = m - m % 2_000_000_000, c - c % 2_000_000_000
        stamps.append((100, m, c, 1))
    assert any_fresh(stamps, now) == any(fresh(s, now) for s in stamps)
