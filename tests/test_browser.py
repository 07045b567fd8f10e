"""The built sample site in a real browser: Debian's chromium, driven by Playwright.

One browser for the whole module and one build of the shipped articles (plus two made to break
out of their page), served over HTTP from a sub-path (`/nieuws/actueel/`), so relative links
are tested as a site deployed anywhere would use them.

Without Chromium these tests skip with the way to get it; in CI (`CI` set) a missing browser
fails the run. `ACTUEEL_UPDATE_SCREENSHOT=1 uv run pytest tests/test_browser.py` writes the
README's screenshot (docs/build-article.png) from this browser.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import write_article
from typer.testing import CliRunner

from actueel_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "docs" / "build-article.png"
BASE = "https://www.example.nl/nieuws/actueel/"
SUB = "nieuws/actueel/"
XSS_TITLE = "<script>alert(1)</script>"
XSS_TAG = '"><img src=x onerror=alert(1)>'
# as root, in a container, with no network: the flags that let Chromium start quietly
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]  # fmt: skip
HOW_TO_GET = "Chromium not found: install Debian's chromium (sudo apt-get install chromium)"


def chromium() -> str | None:
    """Debian's chromium (or $ACTUEEL_CHROMIUM, a path to another build) when it is there."""
    wanted = os.environ.get("ACTUEEL_CHROMIUM")
    if wanted is not None:
        return wanted if Path(wanted).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium", path="/usr/bin")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(f"{HOW_TO_GET}; CI must run the browser tests (.ci/run installs it)")
        pytest.skip(f"{HOW_TO_GET} to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # a new empty profile of its own each time
        launched = p.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped articles and two hostile ones, built into www/nieuws/actueel/."""
    work = tmp_path_factory.mktemp("browser-site")
    articles = work / "articles"
    shutil.copytree(REPO / "articles", articles)
    write_article(articles, "script-in-de-titel", f"{XSS_TITLE}", "2010-01-01",
                  tags=["'" + XSS_TAG + "'"], author="<b>Mal</b>")  # fmt: skip
    write_article(articles, "lang-woord", "Een " + "heel" * 40 + "lang woord", "2010-01-02",
                  body="https://www.example.nl/" + "x" * 200 + "\n\n" + "ellenlang" * 30 + "\n",
                  tags=["ondermijning" * 8])  # fmt: skip
    links = (
        "Lees [het stuk](burgemeesters-over-veiligheid.md), "
        '{{< relref "1000-jaar-politie.md" >}} en '
        "[de wijkagent](archief/2015/wat-doet-een-wijkagent-eigenlijk.md#kop).\n"
    )
    write_article(articles, "verwijzingen", "Verwijzingen", "2010-01-03", body=links)
    out = work / "www" / SUB
    env = {"ACTUEEL_CACHE_DIR": str(work / "cache"), "ACTUEEL_STATE_DIR": str(work / "state")}
    result = CliRunner().invoke(
        app,
        [
            "--dir",
            str(articles),
            "--clock",
            "2024-01-01",
            "build",
            "--out",
            str(out),
            "--base-url",
            BASE,
        ],  # fmt: skip
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return work / "www"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1 (a free port), from a sub-path."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; any alert, confirm or prompt, and any script error, fails the test."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    opened = context.new_page()
    trouble: list[str] = []
    opened.on("dialog", lambda d: (trouble.append(f"dialog: {d.message}"), d.dismiss()))
    opened.on("pageerror", lambda e: trouble.append(f"page error: {e}"))
    try:
        yield opened
    finally:
        context.close()
    assert trouble == []


def test_the_seed_like_article_page(page: Any, served: str) -> None:
    page.goto(served + "burgemeesters-over-veiligheid/")
    assert page.title() == "Burgemeesters over veiligheid - Actueel"
    assert page.locator(".back a").inner_text() == "Terug naar Actueel"
    assert page.locator("h1").inner_text() == "Burgemeesters over veiligheid"
    assert page.locator(".byline").inner_text() == "17 juli 2017, door Ries van Dam"
    assert page.locator(".byline time").get_attribute("datetime") == "2017-07-17"
    image = page.locator(".header-image img")
    assert image.get_attribute("alt") == "Headerfoto Burgemeesters over veiligheid"
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # it loaded
    assert page.locator(".tags").inner_text() == "tags: burgemeesters veiligheid ondermijning"
    older = page.locator(".neighbours .older")
    newer = page.locator(".neighbours .newer")
    assert older.inner_text() == "Vorig artikel\nIndonesische politie(academie)"
    assert newer.inner_text() == "Volgend artikel\n1000 jaar politie!"
    page.emulate_media(media="print")  # on paper: the article, without the site's navigation
    assert page.locator(".site-header").is_hidden() and page.locator(".back").is_hidden()
    assert page.locator("h1").is_visible() and page.locator(".neighbours").is_visible()
    page.emulate_media(media="screen")
    if os.environ.get("ACTUEEL_UPDATE_SCREENSHOT"):
        page.set_viewport_size({"width": 900, "height": 900})
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    newer.locator("a").click()
    page.wait_for_url(served + "1000-jaar-politie/")
    assert page.locator("h1").inner_text() == "1000 jaar politie!"
    page.go_back()
    older.locator("a").click()
    page.wait_for_url(served + "indonesische-politie-academie/")
    page.locator(".tags a", has_text="politie").click()
    assert page.locator("h1").inner_text() == "Artikelen met tag ‘politie’"


def test_every_link_resolves_and_no_page_scrolls_sideways_at_375px(
    browser: Any, served: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    seen: set[str] = set()
    todo = [served]
    checked_assets: set[str] = set()
    too_wide: list[str] = []
    broken: list[str] = []
    external: list[str] = []
    scripts: list[str] = []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            broken.append(f"{url}: {response.status if response else 'no response'}")
            continue
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            too_wide.append(url)
        if page.evaluate("document.scripts.length"):
            scripts.append(url)
        links = page.evaluate(
            "[...document.querySelectorAll('a[href], link[href], img[src], [src]')]"
            ".map(e => [e.tagName, e.href || e.src])"
        )
        for tag, link in links:
            absolute = urljoin(url, link).split("#")[0]
            if not absolute.startswith(served):
                if tag != "A" or urlsplit(absolute).scheme not in ("http", "https"):
                    external.append(f"{tag} {absolute} (on {url})")  # no fonts, CDNs, ...
                continue  # a link to another site's page
            if absolute.endswith("/"):
                todo.append(absolute)
            elif absolute not in checked_assets:
                checked_assets.add(absolute)
                status = page.request.get(absolute).status
                if status != 200:
                    broken.append(f"{absolute} (on {url}): {status}")
    stylesheet = page.request.get(served + "style.css").text()
    assert (
        "@import" not in stylesheet and "url(" not in stylesheet and "@font-face" not in stylesheet
    )
    context.close()
    assert broken == []
    assert too_wide == []
    assert external == [] and scripts == []
    # every page of the site was reached: articles, index pages, tag pages, the overview
    assert len(seen) >= 15 + 1 + 1 + 12
    assert {served + "feed.xml", served + "style.css"} <= checked_assets


def test_links_between_articles_lead_to_their_pages(page: Any, served: str) -> None:
    page.goto(served + "verwijzingen/")
    page.locator(".body a", has_text="het stuk").click()
    page.wait_for_url(served + "burgemeesters-over-veiligheid/")
    page.go_back()
    page.locator(".body a", has_text="1000 jaar politie!").click()
    page.wait_for_url(served + "1000-jaar-politie/")
    page.go_back()
    page.locator(".body a", has_text="de wijkagent").click()
    page.wait_for_url(served + "wat-doet-een-wijkagent-eigenlijk/#kop")
    assert page.locator("h1").inner_text() == "Wat doet een wijkagent eigenlijk?"


def test_a_title_and_a_tag_made_to_break_out_show_literally_and_run_nothing(
    page: Any, served: str
) -> None:
    page.goto(served + "script-in-de-titel/")
    assert page.locator("h1").inner_text() == XSS_TITLE
    assert page.locator(".byline").inner_text().endswith("door <b>Mal</b>")
    assert page.locator(".tags a").inner_text() == XSS_TAG
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("img[src=x]").count() == 0
    page.locator(".tags a").click()
    assert page.locator("h1").inner_text() == f"Artikelen met tag ‘{XSS_TAG}’"
    assert page.locator(".entry h2").inner_text() == XSS_TITLE
    page.goto(served + "tags/")
    assert page.locator(".tag-list a", has_text="img src").inner_text() == XSS_TAG
    assert page.evaluate("document.scripts.length") == 0


def test_the_feed_the_pages_link_parses_and_its_links_are_absolute(page: Any, served: str) -> None:
    import feedparser

    page.goto(served)
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert href == "./feed.xml"
    response = page.request.get(urljoin(served, href))
    assert response.status == 200
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 15  # every live article (12 shipped, 3 here): fewer than 20
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Tien jaar buurtwhatsapp: een tussenbalans" and XSS_TITLE in titles
    for entry in feed.entries:
        assert entry.link.startswith(BASE) and entry.id.startswith(BASE)
    assert all(link.href.startswith(BASE) for link in feed.feed.links)


def test_serve_reloads_the_open_page_when_its_article_changes(browser: Any, tmp_path: Path) -> None:
    """`actueel serve` in a process of its own; the page open in Chromium shows an edit
    without anyone reloading it."""
    import re
    import signal
    import subprocess
    import sys

    articles = tmp_path / "articles"
    path = write_article(articles, "stuk", "Het stuk", "2020-01-01")
    env = {**os.environ, "ACTUEEL_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "actueel_cli", "--dir", str(articles), "serve",
               "--port", "0", "--out", str(tmp_path / "public")]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env)  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*/", url), url
        page = browser.new_page()
        page.goto(url + "stuk/")
        assert page.locator("h1").inner_text() == "Het stuk"
        page.evaluate("window.notReloaded = true")
        path.write_text(path.read_text("utf-8").replace("Het stuk", "Het nieuwe stuk"), "utf-8")
        page.wait_for_function(
            "document.querySelector('h1') && "
            "document.querySelector('h1').innerText === 'Het nieuwe stuk'",
            timeout=30_000,
        )
        assert page.evaluate("window.notReloaded") is None  # the page loaded itself again
        page.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=30)
        finally:
            if server.poll() is None:  # it did not stop: not left running after the test
                server.kill()
                server.communicate()
    assert server.returncode == 0, err
