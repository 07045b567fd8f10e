"""`actueel serve` and `actueel preview`: a real process on a free port, an edit, the new page
served; the browser opened through $BROWSER (a script here), never a real one."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article

from actueel_cli.store.serve import HOST, RELOAD, Reloads, Server, addresses

WAIT = 30.0  # seconds, at most, for what a test waits on (a loaded machine is slow)


class Running:
    """`actueel ARGS` in a process of its own; its stdout lines as they come."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "actueel_cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[str] = []
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def first_line(self) -> str:
        until(lambda: self.lines or self.process.poll() is not None)
        assert self.lines, self.stop_now()
        return self.lines[0]

    def stop(self, how: int = signal.SIGINT) -> tuple[int, str]:
        """Ctrl-C (or another signal); the exit code and what it said on stderr."""
        self.process.send_signal(how)
        _, err = self.process.communicate(timeout=WAIT)
        return self.process.returncode, err

    def stop_now(self) -> str:
        self.process.kill()
        _, err = self.process.communicate(timeout=WAIT)
        return err


@pytest.fixture
def running() -> Iterator[list[Running]]:
    started: list[Running] = []
    yield started
    for proc in started:
        if proc.process.poll() is None:
            proc.stop_now()


def until(found: Callable[[], Any], timeout: float = WAIT) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = found()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""


def events(url: str, into: list[str]) -> None:
    """Read the page-reload event stream into `into`, a line at a time, until it closes."""
    try:
        with urllib.request.urlopen(url + "__actueel/events", timeout=WAIT) as stream:
            for line in stream:
                into.append(line.decode("utf-8").rstrip("\n"))
    except OSError:
        pass


def test_serve_builds_serves_and_serves_an_edit_at_once(
    articles: Path, running: list[Running]
) -> None:
    write_article(articles, "oud", "Het oude stuk", "2020-01-01", image="images/weg.jpg")
    path = write_article(articles, "nieuw", "Het nieuwe stuk", "2020-02-01",
                         body="![foto](beeld.png)\n")  # fmt: skip
    (articles / "beeld.png").write_bytes(b"een")
    Path("templates").mkdir()
    Path("templates/style.css").write_text("body { color: black; }\n", "utf-8")
    # port 0: the system gives a free one, and serve prints its address (no other process
    # can take a port between a test choosing it and the server binding it)
    server = Running("--clock", "2024-01-01", "serve", "--port", "0")
    running.append(server)
    url = server.first_line()
    assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*/", url), url
    status, page = fetch(url + "nieuw/")
    assert status == 200 and "<h1>Het nieuwe stuk</h1>" in page
    assert RELOAD in page  # the page reloads itself; the file is as build writes it
    assert RELOAD not in Path("public/nieuw/index.html").read_text("utf-8")
    assert fetch(url + ".actueel-build.json")[0] == 404
    assert fetch(url + "media/")[0] == 404  # no folder listings
    heard: list[str] = []
    threading.Thread(target=events, args=(url, heard), daemon=True).start()
    until(lambda: ": connected" in heard)
    path.write_text(path.read_text("utf-8").replace("Het nieuwe stuk", "Nog nieuwer"), "utf-8")
    until(lambda: "<h1>Nog nieuwer</h1>" in fetch(url + "nieuw/")[1])
    until(lambda: "Nog nieuwer" in fetch(url + "oud/")[1])  # its neighbour, built again too
    until(lambda: any(line.startswith("data: ") and '"/nieuw/"' in line for line in heard))
    (articles / "beeld.png").write_bytes(b"twee")  # an image: copied again
    until(lambda: fetch(url + "media/beeld.png")[1] == "twee")
    Path("templates/style.css").write_text("body { color: navy; }\n", "utf-8")  # a template
    until(lambda: "navy" in fetch(url + "style.css")[1])
    code, err = server.stop()
    assert code == 0, err
    assert "Stopped." in err and "Traceback" not in err
    assert "\n3 of 6 files written" in err  # the page, its neighbour and the index
    # told after the first build, not again after each rebuild that makes that page again
    assert err.count("oud.md:5: warning: the header image 'images/weg.jpg'") == 1


def test_a_templates_folder_made_while_it_serves_is_built_with_and_watched(
    articles: Path, running: list[Running]
) -> None:
    write_article(articles, "stuk", "Een stuk", "2020-01-01")
    server = Running("--clock", "2024-01-01", "serve", "--port", "0")
    running.append(server)
    url = server.first_line()
    assert "navy" not in fetch(url + "style.css")[1]
    Path("templates").mkdir()  # made now, after serve started
    Path("templates/style.css").write_text("body { color: navy; }\n", "utf-8")
    until(lambda: "navy" in fetch(url + "style.css")[1])
    Path("templates/style.css").write_text("body { color: teal; }\n", "utf-8")  # watched
    until(lambda: "teal" in fetch(url + "style.css")[1])
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


def test_preview_opens_a_drafts_page_built_apart_from_the_site(
    articles: Path, running: list[Running], tmp_path: Path
) -> None:
    write_article(articles, "live", "Live", "2020-01-01")
    write_article(articles, "concept", "Nog een concept", "2020-01-02", draft=True)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n', "utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    preview = Running("preview", "concept", "--port", "0", env={"BROWSER": str(browser)})
    running.append(preview)
    url = preview.first_line()
    assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*/concept/", url), url
    assert until(lambda: opened.exists() and opened.read_text("utf-8")) == url + "\n"
    status, page = fetch(url)
    assert status == 200
    assert "<h1>Nog een concept</h1>" in page and '<span class="status">[concept]</span>' in page
    assert not Path("public").exists()  # never in the site's own folder
    code, err = preview.stop(signal.SIGTERM)
    assert code == 0, err
    assert "Stopped." in err and "Traceback" not in err


def test_preview_of_an_article_that_does_not_exist_says_so(run: Any, articles: Path) -> None:
    write_article(articles, "concept", "Concept", "2020-01-02", draft=True)
    result = run("preview", "conzept", "--no-open")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no article 'conzept'; did you mean concept?")


def test_a_port_that_is_taken_is_refused_with_a_way_out(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        result = run("serve", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 1
    assert "Error: cannot serve on port" in result.stderr and "--port" in result.stderr


def test_only_this_computer_can_reach_it(tmp_path: Path) -> None:
    server = Server(tmp_path, 0, Reloads())
    try:
        assert server.http.server_address[0] == "127.0.0.1"
    finally:
        server.stop()


def test_which_open_pages_a_rebuild_reloads() -> None:
    assert addresses(["index.html", "a/index.html", "tags/x/page/2/index.html"]) == [
        "/", "/a/", "/a/index.html", "/index.html", "/tags/x/page/2/",
        "/tags/x/page/2/index.html",
    ]  # fmt: skip
    assert addresses(["feed.xml", "sitemap.xml"]) == []  # no page shows them
    assert addresses(["style.css"]) == addresses(["media/images/kop.jpg"]) == ["*"]
