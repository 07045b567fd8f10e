"""Markdown to HTML with cmark-gfm, through the cmarkgfm package's own compiled library.

cmarkgfm's `markdown_to_html_with_extensions` frees neither the document tree nor the HTML
string cmark-gfm returns (both are the caller's to free): about 27 KB of every article stays in
memory, 1.3 GB for a build of 50,000. This does the same calls and frees both, with the
library's own `cmark_node_free` and allocator, which the package's bindings do not declare but
its library exports (called here through ctypes).
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter", "tasklist")


class Renderer:
    """One per build: the extensions are looked up once."""

    def __init__(self, allow_html: bool) -> None:
        # start-up: cmark-gfm's library only for a build that renders a page
        from cmarkgfm import _cmark
        from cmarkgfm.cmark import Options

        self._lib: Any = _cmark.lib
        self._ffi: Any = _cmark.ffi
        self._lib.cmark_gfm_core_extensions_ensure_registered()
        self._extensions = []
        for name in EXTENSIONS:
            found = self._lib.cmark_find_syntax_extension(name.encode("ascii"))
            if found == self._ffi.NULL:
                raise RuntimeError(f"cmark-gfm has no {name} extension")
            self._extensions.append(found)
        self.options = Options.CMARK_OPT_FOOTNOTES | (Options.CMARK_OPT_UNSAFE if allow_html else 0)
        # the two functions cmarkgfm does not declare, through ctypes: declaring them with
        # cffi parses C (pycparser) in every build that renders a page (build_bench.py)
        library = ctypes.CDLL(_cmark.__file__)
        library.cmark_node_free.argtypes = [ctypes.c_void_p]
        library.cmark_node_free.restype = None
        library.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_Allocator)
        self._node_free = library.cmark_node_free
        self._free = library.cmark_get_default_mem_allocator().contents.free
        self._library = library  # kept loaded as long as the functions are used
        self._parser: Any = None
        self._lock = threading.Lock()

    def html(self, text: str) -> str:
        return self.html_and_utf8(text)[0]

    def html_and_utf8(self, text: str) -> tuple[str, bytes]:
        """The HTML, and the same in UTF-8 as cmark-gfm wrote it (a page that shows it as it is
        need not encode it again)."""
        # One parser for every document (cmark_parser_finish resets it for the next, keeping
        # its extensions: 4 us a body less than a new parser each time), used by one thread
        # at a time; another thread meanwhile (serve) gets a parser of its own.
        if not self._lock.acquire(blocking=False):
            return self._fresh(text)
        try:
            if self._parser is None:
                self._parser = self._new_parser()
            try:
                return self._html(self._parser, text)
            except BaseException:
                self._lib.cmark_parser_free(self._parser)  # (in what state is unknown)
                self._parser = None
                raise
        finally:
            self._lock.release()

    def _fresh(self, text: str) -> tuple[str, bytes]:
        parser = self._new_parser()
        try:
            return self._html(parser, text)
        finally:
            self._lib.cmark_parser_free(parser)

    def _new_parser(self) -> Any:
        lib = self._lib
        parser = lib.cmark_parser_new(self.options)
        for extension in self._extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        return parser

    def _html(self, parser: Any, text: str) -> tuple[str, bytes]:
        lib, ffi = self._lib, self._ffi
        data = text.encode("utf-8", "replace")
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            raw = lib.cmark_render_html(
                root, self.options, lib.cmark_parser_get_syntax_extensions(parser)
            )
            try:
                data = bytes(ffi.string(raw))
                try:  # (cmark-gfm was given valid UTF-8, and writes it)
                    return data.decode("utf-8"), data
                except UnicodeDecodeError:
                    html = data.decode("utf-8", "replace")
                    return html, html.encode("utf-8")
            finally:
                self._free(self._address(raw))
        finally:
            self._node_free(self._address(root))

    def _address(self, value: Any) -> int:
        """A pointer of cmarkgfm's cffi as an address ctypes takes."""
        return int(self._ffi.cast("uintptr_t", value))


class _Allocator(ctypes.Structure):
    """cmark's `cmark_mem`: calloc, realloc, free."""

    _fields_ = [
        ("calloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)),
        ("realloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]
