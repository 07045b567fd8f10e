"""A built site served from its folder (the one store.output writes) on this machine while its
articles are edited (`serve`, `preview`); and the files watched for changes.

- HTTP on 127.0.0.1 only: nothing outside this computer can reach it. The site's folder as it
  is: a folder's address serves its index.html, and nothing else of the folder is listed;
  files whose name starts with a dot (the build's manifest) are not served, nor anything a
  link in the folder leads to outside it.
- Every HTML page is sent with a small script before `</body>` that listens to
  `/__actueel/events` (server-sent events) and reloads the page when a rebuild wrote or
  removed it (or a stylesheet or image). The files on disk stay exactly as `build` writes them.
- `watch` yields each batch of changes to the articles, the templates and actueel.toml, from
  watchfiles (the operating system's notifications: inotify on Linux), until stopped.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

HOST = "127.0.0.1"
EVENTS = "/__actueel/events"
PING_SECONDS = 15.0  # a comment on the event stream this often: a closed tab is noticed
RELOAD = (
    "<script>/* actueel serve: reload when this page is built again */"
    f'new EventSource("{EVENTS}").onmessage=function(e){{'
    "var c=JSON.parse(e.data),p=decodeURIComponent(location.pathname);"
    'if(c.indexOf("*")>=0||c.indexOf(p)>=0)location.reload()}</script>'
)


class Reloads:
    """What each rebuild changed, for the pages open in browsers: every waiting event stream
    is woken with the addresses of the files written or removed."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._generation = 0
        self._paths: list[str] = []
        self.stopping = False

    def announce(self, files: Iterable[str]) -> None:
        """Files (relative to the site's folder) a rebuild wrote or removed."""
        paths = addresses(files)
        if not paths:
            return
        with self._changed:
            self._generation += 1
            self._paths = paths
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()

    def generation(self) -> int:
        with self._changed:
            return self._generation

    def wait(self, seen: int, timeout: float) -> tuple[int, list[str]]:
        """The next generation after `seen` and its paths; `seen` and none after `timeout`."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._generation != seen or self.stopping, timeout=timeout
            )
            if self._generation == seen:
                return seen, []
            return self._generation, self._paths


def addresses(files: Iterable[str]) -> list[str]:
    """The paths a browser shows for files of the site (`x/index.html`: `/x/` and
    `/x/index.html`); `*` for a file every page may use (a stylesheet, an image)."""
    paths: list[str] = []
    for rel in files:
        if rel.endswith(".html"):
            paths.append("/" + rel)
            if rel == "index.html" or rel.endswith("/index.html"):
                paths.append("/" + rel.removesuffix("index.html"))
        elif not rel.endswith(".xml"):
            paths.append("*")
    return sorted(set(paths))


class _Handler(SimpleHTTPRequestHandler):
    """The site's folder over HTTP, with the reload script in every page."""

    reloads: Reloads
    root: str

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if urlsplit(self.path).path == EVENTS:
            self._events()
            return
        super().do_GET()

    def send_head(self) -> Any:
        path = unquote(urlsplit(self.path).path)
        if any(part.startswith(".") for part in path.split("/")):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        local = self.translate_path(self.path)
        if os.path.isdir(local):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a `/`
            local = os.path.join(local, "index.html")
        real = os.path.realpath(local)
        if os.path.commonpath([real, self.root]) != self.root or not os.path.isfile(real):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if not real.endswith(".html"):
            return super().send_head()
        try:
            with open(real, "rb") as handle:
                page = handle.read()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        body = _with_reload(page)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self._no_store = True
        self.end_headers()
        return _Sent(body)

    def list_directory(self, path: Any) -> Any:
        self.send_error(HTTPStatus.NOT_FOUND)  # a folder without index.html: nothing to see
        return None

    def end_headers(self) -> None:
        if not getattr(self, "_no_store", False):
            self.send_header("Cache-Control", "no-cache")  # always the file as it is now
        super().end_headers()

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self._no_store = True
        self.end_headers()
        reloads = self.reloads
        seen = reloads.generation()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not reloads.stopping:
                seen, paths = reloads.wait(seen, PING_SECONDS)
                data = f"data: {json.dumps(paths)}\n\n" if paths else ": ping\n\n"
                self.wfile.write(data.encode("utf-8"))
                self.wfile.flush()
        except OSError:
            pass  # the page was closed

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the terminal is for what the builds say


class _Sent:
    """A page already read, as `send_head` gives it to `copyfile`."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def _with_reload(page: bytes) -> bytes:
    at = page.rfind(b"</body>")
    script = RELOAD.encode("utf-8")
    return page[:at] + script + page[at:] if at >= 0 else page + script


class Server:
    """The site's folder served on 127.0.0.1, in a thread of its own, until `stop`."""

    def __init__(self, folder: Path, port: int, reloads: Reloads) -> None:
        root = os.path.realpath(folder)
        handler = type("Handler", (_Handler,), {"reloads": reloads, "root": root})
        self.reloads = reloads
        self.http = ThreadingHTTPServer((HOST, port), partial(handler, directory=root))
        self.http.daemon_threads = True  # an open event stream does not keep it running
        self.port = int(self.http.server_address[1])
        self.address = f"http://{HOST}:{self.port}/"
        self._thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def url(self, address: str) -> str:
        """The full URL of a site address (`x/`)."""
        return self.address + quote(address, safe="/")

    def stop(self) -> None:
        self.reloads.stop()
        if self._thread.is_alive():
            self.http.shutdown()
        self.http.server_close()


def watch(paths: list[Path], stop: threading.Event) -> Iterator[set[str]]:
    """The paths changed, a batch at a time (a save that writes three files is one batch),
    under `paths` (folders and files), until `stop` is set. One of them that is not there
    (a `templates/` folder not made yet) is looked for every half second: when it appears, it
    is a change, and it is watched from then on. Editors' swap and backup files are not
    changes."""
    from watchfiles import DefaultFilter  # start-up: only serve and preview watch files
    from watchfiles import watch as changes

    while True:
        missing = [p for p in paths if not p.exists()]
        there = [p for p in paths if p not in missing]
        appeared: list[Path] = []
        for batch in changes(*there, watch_filter=DefaultFilter(), stop_event=stop,
                             debounce=400, step=50, rust_timeout=500,
                             yield_on_timeout=bool(missing)):  # fmt: skip
            if batch:
                yield {path for _, path in batch}
            appeared = [p for p in missing if p.exists()]
            if appeared:
                break  # (watched anew, with what appeared)
        if not appeared:
            return  # stopped
        yield {str(p) for p in appeared}
