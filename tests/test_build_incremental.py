"""`actueel build` again: only what changed is written, what a clean build would write; links
between articles point at their pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import examples, write_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
CLOCK = ("--clock", "2024-01-01")
BASE = "https://www.example.nl/actueel/"
MANIFEST = ".actueel-build.json"


def build(run: Any, *args: str) -> Any:
    result = run(*CLOCK, "build", "--out", "site", "--base-url", BASE, *args)
    assert result.exit_code == 0, result.stderr
    return result


def pages(folder: Path) -> dict[str, bytes]:
    """Every file of the site but the manifest (which holds the files' times)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def stamps(folder: Path) -> dict[str, int]:
    """Each file's modification time (the manifest's aside)."""
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def written(result: Any) -> tuple[int, int]:
    """(files written, files of the site) from the summary line."""
    found = re.search(r"^([\d,]+) of ([\d,]+) files? written", result.stderr, re.M)
    assert found, result.stderr
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def changed(before: dict[str, int], folder: Path) -> set[str]:
    after = stamps(folder)
    return {rel for rel in after if before.get(rel) != after[rel]}


def aged(articles: Path) -> None:
    """Every file of the archive an hour old, as after a while (content unchanged): a build
    vouches only for stamps of files that did not change within the last two seconds."""
    old = time.time() - 3600
    for path in articles.rglob("*"):
        os.utime(path, (old, old))


@pytest.fixture
def chain(articles: Path) -> Path:
    """Five articles in a row, two tags, one header image."""
    (articles / "images").mkdir()
    (articles / "images/kop.jpg").write_bytes(b"jpg")
    for n, (slug, tags) in enumerate(
        [
            ("een", ["politie"]),
            ("twee", ["buurt"]),
            ("drie", ["politie", "buurt"]),
            ("vier", ["buurt"]),
            ("vijf", ["politie"]),
        ],
        1,  # fmt: skip
    ):
        write_article(articles, slug, slug.title(), f"2020-01-0{n}", tags=tags,
                      image="images/kop.jpg" if slug == "drie" else None,
                      body=f"Over {slug}.\n\nMeer over {slug}.\n")  # fmt: skip
    aged(articles)
    return articles


# --- only what changed ----------------------------------------------------------------------------


def test_a_rebuild_with_nothing_changed_writes_nothing(run: Any, chain: Path) -> None:
    first = build(run)
    assert written(first)[0] == written(first)[1] == 13  # 5 pages, 4 lists, 4 more
    before = stamps(Path("site"))
    again = build(run)
    assert written(again) == (0, written(first)[1])
    assert "(nothing changed)" in again.stderr
    assert changed(before, Path("site")) == set()


def test_a_body_edit_writes_its_page_and_what_shows_its_summary(run: Any, chain: Path) -> None:
    build(run)
    before = stamps(Path("site"))
    path = chain / "drie.md"
    path.write_text(path.read_text("utf-8").replace("Meer over drie.", "Meer, nu."), "utf-8")
    build(run)
    assert changed(before, Path("site")) == {"drie/index.html", "feed.xml"}  # (bodies in it)
    assert "Meer, nu." in Path("site/drie/index.html").read_text("utf-8")
    path.write_text(path.read_text("utf-8").replace("Over drie.", "Nieuw begin."), "utf-8")
    before = stamps(Path("site"))
    build(run)  # the first paragraph is the summary the lists and the feed show
    assert changed(before, Path("site")) == {
        "drie/index.html", "index.html", "tags/politie/index.html", "tags/buurt/index.html",
        "feed.xml",
    }  # fmt: skip


def test_a_new_title_writes_its_page_both_neighbours_and_its_lists(run: Any, chain: Path) -> None:
    build(run)
    before = stamps(Path("site"))
    path = chain / "drie.md"
    path.write_text(path.read_text("utf-8").replace('"Drie"', '"Drie, anders"'), "utf-8")
    result = build(run)
    assert changed(before, Path("site")) == {
        "drie/index.html", "twee/index.html", "vier/index.html", "index.html",
        "tags/politie/index.html", "tags/buurt/index.html", "feed.xml",
    }  # fmt: skip
    assert written(result)[0] == 7
    assert '<a href="../drie/" rel="next">Drie, anders</a>' in Path(
        "site/twee/index.html"
    ).read_text("utf-8")


def test_unpublished_and_deleted_articles_lose_their_pages_others_files_stay(
    run: Any, chain: Path
) -> None:
    build(run)
    Path("site/CNAME").write_text("www.example.nl\n", "utf-8")  # the user's own
    Path("site/drie/extra.txt").write_text("van mij\n", "utf-8")
    (chain / "een.md").unlink()
    path = chain / "vijf.md"
    path.write_text(path.read_text("utf-8").replace("author:", "draft: true\nauthor:"), "utf-8")
    result = build(run)
    assert not Path("site/een").exists() and not Path("site/vijf").exists()
    assert "; 2 files of the last build removed" in result.stderr
    assert Path("site/CNAME").read_text("utf-8") == "www.example.nl\n"
    assert Path("site/drie/extra.txt").is_file()
    assert "tags/politie/index.html" in pages(Path("site"))  # drie still has it


def test_an_expired_day_and_a_scheduled_one_are_seen_by_the_next_build(
    run: Any, chain: Path
) -> None:
    write_article(chain, "later", "Later", "2024-01-02", tags=["politie"])
    aged(chain)
    build(run)
    assert not Path("site/later").exists()
    result = run("--clock", "2024-01-02", "build", "--out", "site", "--base-url", BASE)
    assert Path("site/later/index.html").is_file()
    assert written(result)[0] > 1  # its page, its neighbour's, the lists, the feed


def test_a_page_changed_or_removed_by_hand_is_written_again(run: Any, chain: Path) -> None:
    build(run)
    clean = pages(Path("site"))
    Path("site/twee/index.html").write_text("kapot", "utf-8")
    Path("site/tags/buurt/index.html").unlink()
    Path("site/media/images/kop.jpg").unlink()
    result = build(run)
    assert written(result)[0] == 3
    assert pages(Path("site")) == clean


def test_clean_writes_every_file(run: Any, chain: Path) -> None:
    build(run)
    before = stamps(Path("site"))
    result = build(run, "--clean")
    assert written(result)[0] == written(result)[1]
    assert changed(before, Path("site")) == set(before)


def test_a_changed_template_or_setting_writes_every_page(run: Any, chain: Path) -> None:
    build(run)
    Path("templates").mkdir()
    Path("templates/base.html").write_text(
        (REPO / "src/actueel_cli/site/templates/base.html")
        .read_text("utf-8")
        .replace("<main>", '<main class="eigen">'),
        "utf-8",
    )
    result = build(run)
    assert written(result)[0] == written(result)[1] - 1  # all but the image
    assert '<main class="eigen">' in Path("site/een/index.html").read_text("utf-8")
    Path("templates/style.css").write_text("body { color: navy; }\n", "utf-8")
    result = build(run)  # any template: every page (a template may include another)
    assert written(result)[0] == written(result)[1] - 1
    Path("actueel.toml").write_text('site_title = "Nieuws"\n', "utf-8")
    result = build(run)
    assert written(result)[0] == written(result)[1] - 1
    assert "Terug naar Nieuws" in Path("site/een/index.html").read_text("utf-8")


def test_an_image_that_comes_or_goes_changes_the_pages_that_show_it(run: Any, chain: Path) -> None:
    write_article(chain, "zes", "Zes", "2020-01-06", image="images/nieuw.jpg",
                  body="![foto](images/nieuw.jpg)\n")  # fmt: skip
    aged(chain)
    first = build(run)
    assert "the header image 'images/nieuw.jpg' is not in the articles folder" in first.stderr
    assert not Path("site/media/images/nieuw.jpg").exists()
    (chain / "images/nieuw.jpg").write_bytes(b"nieuw")
    again = build(run)
    assert "nieuw.jpg" not in again.stderr
    page = Path("site/zes/index.html").read_text("utf-8")
    assert '<img src="../media/images/nieuw.jpg" alt="Headerfoto Zes">' in page
    assert Path("site/media/images/nieuw.jpg").read_bytes() == b"nieuw"
    (chain / "images/kop.jpg").write_bytes(b"ander")  # replaced: copied again
    build(run)
    assert Path("site/media/images/kop.jpg").read_bytes() == b"ander"
    (chain / "images/nieuw.jpg").unlink()
    build(run)
    assert not Path("site/media/images/nieuw.jpg").exists()
    assert "Headerfoto" not in Path("site/zes/index.html").read_text("utf-8")


def test_warnings_are_told_again_when_nothing_changed(run: Any, chain: Path) -> None:
    write_article(chain, "zonder", "Zonder", "2020-01-06", image="images/geen.jpg")
    aged(chain)
    first = build(run)
    again = build(run)
    assert "(nothing changed)" in again.stderr
    warning = "zonder.md:5: warning: the header image 'images/geen.jpg'"
    assert warning in first.stderr and warning in again.stderr


def test_a_site_of_the_previous_version_is_taken_over(run: Any, chain: Path) -> None:
    """Issue 15's marker listed the files only: every page is written again, and what that
    build made and this one does not is still removed."""
    build(run)
    Path("site/oud").mkdir()
    Path("site/oud/index.html").write_text("oud", "utf-8")
    files = sorted([*pages(Path("site")), "oud/index.html"])
    Path("site", MANIFEST).write_text(
        json.dumps({"made_by": "actueel build", "files": files}, indent=0), "utf-8"
    )
    result = build(run)
    assert written(result)[0] == written(result)[1]
    assert not Path("site/oud").exists()


def test_a_damaged_manifest_costs_a_full_build_and_nothing_else(run: Any, chain: Path) -> None:
    build(run)
    clean = pages(Path("site"))
    for damage in (b"\xff\xfe", b'{"made_by":"actueel build","format":2,"site":[]}\n{}\n[]\n'):
        Path("site", MANIFEST).write_bytes(damage)
        result = build(run)
        assert written(result)[0] == written(result)[1]
        assert pages(Path("site")) == clean
    lines = Path("site", MANIFEST).read_text("utf-8").splitlines()
    notes = json.loads(lines[2])
    notes["drie.md"] = [1, 2]  # a note out of shape: its page is rendered again
    lines[2] = json.dumps(notes)
    Path("site", MANIFEST).write_text("\n".join(lines) + "\n", "utf-8")
    os.utime(chain / "een.md")  # (something to look at: not all as the last build left it)
    result = build(run)
    assert written(result)[0] == 1
    assert pages(Path("site")) == clean


def test_every_core_or_one_the_same_bytes(
    run: Any, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped articles rendered by worker processes and in this one."""
    from actueel_cli.site import build as site_build

    shutil.rmtree(isolated / "articles")
    shutil.copytree(REPO / "articles", isolated / "articles")
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    run(*CLOCK, "build", "--out", "spread", "--base-url", BASE)
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 10**9)
    run(*CLOCK, "build", "--out", "here", "--base-url", BASE)
    assert pages(Path("spread")) == pages(Path("here"))
    assert len(pages(Path("here"))) > 25


def test_pages_done_here_and_by_a_worker_are_told_and_noted_in_the_sites_order(
    run: Any, articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many pages, a worker process and this one each render chunks of them, as they come
    (site/build.py, _spread): what is told and noted of them is in the site's order all the
    same, and the site is the same as one rendered in this process alone."""
    from actueel_cli.errors import ArticleProblem
    from actueel_cli.site import build as site_build
    from actueel_cli.store import files

    for i in range(120):
        when = f"2020-01-{i // 24 + 1:02}T{i % 24:02}:00:00"
        write_article(articles, f"stuk-{i:03}", f"Stuk {i}", when,
                      image="weg.jpg" if i % 9 == 0 else None)  # fmt: skip
    main, who = os.getpid(), tmp_path / "who"
    real = files.Archive.source

    def source(archive: Any, article: Any) -> Any:
        with who.open("a") as log:
            log.write(f"{os.getpid()}\n")
        if os.getpid() != main:
            time.sleep(0.005)  # a slow worker: this process surely renders chunks too
        if article.path.endswith("7.md"):
            raise ArticleProblem(f"{article.path}: cannot read: it is gone")
        return real(archive, article)

    monkeypatch.setattr(files.Archive, "source", source)
    monkeypatch.setattr(site_build, "cores", lambda: 2)
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    spread = run(*CLOCK, "build", "--out", "spread", "--base-url", BASE, "--verbose")
    assert len(set(who.read_text().split())) == 2  # this process and one worker
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 10**9)
    here = run(*CLOCK, "build", "--out", "here", "--base-url", BASE, "--verbose")
    told = [line for line in spread.stderr.splitlines() if "stuk-" in line]
    left_out = {i for i in range(120) if i % 10 == 7}
    warned = {i for i in range(120) if i % 9 == 0} - left_out  # (of a missing image)
    assert len(told) == len(left_out) + len(warned)
    assert told == [line for line in here.stderr.splitlines() if "stuk-" in line]
    assert pages(Path("spread")) == pages(Path("here"))
    spread_lines = Path("spread", MANIFEST).read_text("utf-8").splitlines()
    here_lines = Path("here", MANIFEST).read_text("utf-8").splitlines()
    assert json.loads(spread_lines[0])["site"] == json.loads(here_lines[0])["site"]
    assert list(json.loads(spread_lines[2])) == list(json.loads(here_lines[2]))  # notes' order
    assert spread_lines[3:] == here_lines[3:]  # the briefs, a line each, in that order


# --- links between articles -------------------------------------------------------------------


def test_links_that_name_an_article_point_at_its_page(run: Any, articles: Path) -> None:
    write_article(articles, "doel", "Het doel", "2020-01-01", sub="archief/2019")
    write_article(articles, "concept", "Nog niet", "2020-01-02", draft=True)
    body = (
        "Zie [het doel](doel.md), [met kop](archief/2019/doel.md#kop), "
        '[relatief](../doel/) en {{< relref "doel.md" >}}.\n\n'
        "Een [concept](concept.md), een [pdf](stukken/plan.pdf), [elders](https://x.nl/doel.md)"
        " en [hier](#boven).\n"
    )
    write_article(articles, "bron", "De bron", "2020-01-03", body=body)
    result = run(*CLOCK, "build", "--out", "site")
    page = Path("site/bron/index.html").read_text("utf-8")
    assert '<a href="../doel/">het doel</a>' in page
    assert '<a href="../doel/#kop">met kop</a>' in page
    assert '<a href="../doel/">relatief</a>' in page
    assert '<a href="../doel/">Het doel</a>' in page  # a relref alone: the article's title
    assert "<a>concept</a>" in page  # not on the site: no link, with a warning
    assert "bron.md:9: warning: links to 'concept.md', an article that is not on the site" in (
        result.stderr
    )
    assert '<a href="stukken/plan.pdf">pdf</a>' in page  # no article: as written
    assert '<a href="https://x.nl/doel.md">elders</a>' in page
    assert '<a href="#boven">hier</a>' in page
    drafts = run(*CLOCK, "build", "--out", "voorbeeld", "--drafts")
    assert "links to 'concept.md'" not in drafts.stderr
    assert '<a href="../concept/">concept</a>' in Path("voorbeeld/bron/index.html").read_text()


def test_a_linked_articles_new_title_or_address_reaches_the_page_that_links_it(
    run: Any, articles: Path
) -> None:
    write_article(articles, "doel", "Het doel", "2020-01-01")
    write_article(articles, "bron", "De bron", "2020-01-09", body='Zie {{< relref "doel" >}}.\n')
    build(run)
    path = articles / "doel.md"
    path.write_text(path.read_text("utf-8").replace('"Het doel"', '"Het nieuwe doel"'), "utf-8")
    build(run)
    page = Path("site/bron/index.html").read_text("utf-8")
    assert '<a href="../doel/">Het nieuwe doel</a>' in page
    path.unlink()  # a link to nothing the site knows: left as written
    build(run)
    body = Path("site/bron/index.html").read_text("utf-8").split('class="body">')[1]
    assert "<p>Zie doel.</p>" in body.split("</div>")[0]


# --- incremental == clean, for any sequence of edits --------------------------------------------

SLUGS = ("a", "b", "c", "d")
BODIES = (
    "Een korte tekst.\n",
    "Eerste alinea.\n\nTweede, met [b](b.md) en ![foto](images/kop.jpg).\n",
    'Zie {{< relref "c.md" >}} en [d](d.md#kop).\n\nEn [a](../a/).\n',
    "Alleen een ![plaatje](images/kop.jpg).\n",
)
slug = st.sampled_from(SLUGS)
tag = st.sampled_from(("politie", "Politie", "buurt", "pólitie"))
day = st.sampled_from(("2020-01-01", "2020-01-02", "2020-02-01", "2024-06-01"))  # last: later
NEW = st.tuples(
    st.just("new"),
    slug,
    st.sampled_from(("Alfa", "Beta", "Alfa!")),
    day,
    st.lists(tag, max_size=2),
    st.booleans(),
    st.sampled_from(BODIES),
)
OPERATION = st.one_of(
    NEW,
    st.tuples(st.just("edit"), slug, st.sampled_from(BODIES)),
    st.tuples(st.just("retitle"), slug, st.sampled_from(("Gamma", "Delta", "Alfa"))),
    st.tuples(st.just("redate"), slug, day),
    st.tuples(st.just("tag"), slug, tag, st.booleans()),
    st.tuples(st.just("publish"), slug, st.booleans()),
    st.tuples(st.just("delete"), slug),
    st.tuples(st.just("image"), st.booleans()),
    st.tuples(st.just("age")),
)


def apply(run: Any, articles: Path, op: tuple[Any, ...]) -> None:
    """One edit, as an editor makes it: new files and bodies by hand, tags and publishing
    through actueel."""
    kind, *args = op
    if kind == "image":
        image = articles / "images/kop.jpg"
        if args[0]:
            image.parent.mkdir(exist_ok=True)
            image.write_bytes(str(time.time_ns()).encode())  # new bytes each time
        else:
            image.unlink(missing_ok=True)
        return
    if kind == "age":
        aged(articles)
        return
    path = articles / f"{args[0]}.md"
    if kind == "new":
        name, title, when, tags, draft, body = args
        write_article(articles, name, title, when, tags=tags, draft=draft, body=body,
                      image="images/kop.jpg" if name == "b" else None)  # fmt: skip
        return
    if not path.exists():
        return
    text = path.read_text("utf-8")
    if kind == "edit":
        path.write_text(text.split("---\n\n", 1)[0] + "---\n\n" + args[1], "utf-8")
    elif kind == "retitle":
        path.write_text(re.sub(r"^title: .*$", f'title: "{args[1]}"', text, flags=re.M), "utf-8")
    elif kind == "redate":
        path.write_text(re.sub(r"^date: .*$", f"date: {args[1]}", text, flags=re.M), "utf-8")
    elif kind == "tag":
        run("tag", "add" if args[2] else "remove", args[0], args[1])
    elif kind == "publish":
        run(*CLOCK, "publish" if args[1] else "unpublish", args[0], "--keep-date")
    elif kind == "delete":
        path.unlink()


# each example builds a site several times: a share of the profile's examples (6, or 60 in CI)
@settings(max_examples=examples(30), database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    start=st.lists(NEW, min_size=2, max_size=4, unique_by=lambda op: op[1]),
    ops=st.lists(st.tuples(OPERATION, st.booleans()), min_size=1, max_size=6),
)
def test_an_incremental_build_is_a_clean_build(
    run: Any, isolated: Path, start: list[Any], ops: list[Any]
) -> None:
    """After any sequence of new articles, edits, tags, publishing, deletions and images, the
    site built step by step is byte for byte the site built from scratch."""
    with tempfile.TemporaryDirectory(dir=isolated) as work:
        articles = Path(work, "articles")
        articles.mkdir()
        for op in start:
            apply(run, articles, op)
        site, scratch = Path(work, "inc"), Path(work, "clean")
        for op, drafts in [(("age",), False), *ops]:
            apply(run, articles, op)
            flags = ["--drafts"] if drafts else []
            args = (*CLOCK, "--dir", str(articles), "build", "--base-url", BASE, *flags)
            run(*args, "--out", str(site), "--keep-going")
            shutil.rmtree(scratch, ignore_errors=True)
            run(*args, "--out", str(scratch), "--keep-going")
            assert pages(site) == pages(scratch), op


# --- the manifest's line of a brief ------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates and controls
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
DAYS = st.one_of(st.dates(), st.datetimes(timezones=st.none() | OFFSETS))  # (as the index has)


@settings(max_examples=examples(300))
@given(
    path=ANY_TEXT,
    fields=st.tuples(ANY_TEXT, ANY_TEXT, DAYS, ANY_TEXT, ANY_TEXT),
    image=st.none() | ANY_TEXT,
    status=st.none() | ANY_TEXT,
    tags=st.lists(ANY_TEXT, max_size=4),
)
def test_a_briefs_manifest_line_made_by_hand_is_what_json_writes(
    path: str, fields: tuple[Any, ...], image: str | None, status: str | None, tags: list[str]
) -> None:
    """build.brief_line makes the manifest's line of each article's brief by hand (json's set
    up takes longer than the line): the bytes json writes, read back as the same brief."""
    from actueel_cli.site.build import Brief, brief_from, brief_line

    title, address, day, author, summary = fields
    brief = Brief(title, address, day, author, summary, image, status, tuple(tags))
    line = brief_line(path, brief)
    note = [title, address, day.isoformat(), author, summary, image, status, tags]
    expected = json.dumps([path, note], ensure_ascii=False, separators=(",", ":"))
    assert line == expected.encode("utf-8", "surrogatepass")
    name, note = json.loads(line.decode("utf-8", "surrogatepass"))
    assert name == path and brief_from(note) == brief


def test_a_page_this_process_cannot_write_stops_the_build_and_its_worker_cleanly(
    run: Any, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main process renders pages too (site/build.py, _spread): when one of its pages
    cannot be written (the disk is full), the build stops with that error in one line, the
    worker process is stopped after the chunk in hand, and no temporary file is left."""
    import errno
    import multiprocessing

    from actueel_cli.site import build as site_build
    from actueel_cli.store import output

    for i in range(200):
        write_article(
            articles, f"stuk-{i:03}", f"Stuk {i}", f"2020-01-01T{i // 60:02}:{i % 60:02}:00"
        )
    main, written = os.getpid(), [0]
    real = output._write_bytes

    def write_bytes(data: bytes, tmp: str) -> os.stat_result:
        if os.getpid() == main:
            written[0] += 1
            if written[0] > 30:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(data, tmp)

    monkeypatch.setattr(output, "_write_bytes", write_bytes)
    monkeypatch.setattr(site_build, "cores", lambda: 2)
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    result = run(*CLOCK, "build", "--out", "site")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    told = [line for line in result.stderr.splitlines() if "disk is full" in line]
    assert len(told) == 1 and told[0].startswith("Error: cannot write "), result.stderr
    assert written[0] > 30  # (this process did render pages of its own)
    assert sorted(p.name for p in Path("site").rglob("*.tmp")) == []
    assert not Path("site", ".actueel-build.running").exists()
    assert multiprocessing.active_children() == []
