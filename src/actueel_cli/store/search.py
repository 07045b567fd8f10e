"""`--search`: the files whose title or body holds some words. Through the index's search texts,
kept true to the files as they are now (the missing ones made from the files, and kept for the
next search); from the files themselves without an index."""

from __future__ import annotations

import sqlite3

from .db import Damaged
from .files import Archive
from .index import Index
from .parsing import parse_rows
from .sync import BATCH, clock, fresh, racy
from .texts import TextsDamaged
from .walk import Found, Stamp


def search_indexed(archive: Archive, index: Index, found: list[Found], query: str) -> set[str]:
    """The paths whose search text holds `query` (folded: model.search_key), from the index's
    texts of the files as they are now (the index is true to them); the missing ones (all of
    them, the first time) made from the files and kept. Anything wrong with the index or its
    texts file: from the files."""
    try:
        try:
            missing = index.texts.missing()
            hits = index.texts.search(query) if len(missing) < len(found) else set()
        except (OSError, Damaged) as err:  # the texts file gone, cut short, damaged, or new
            if index.texts.forget(damaged=isinstance(err, TextsDamaged | Damaged)):
                missing, hits = list(found), set()
            else:
                index.snapshot()
                missing = index.texts.missing()
                hits = index.texts.search(query)
    except (sqlite3.Error, OSError):
        return search_files(archive, found, query)
    now = clock()
    batch: list[tuple[str, Stamp, str]] = []
    saving = True
    for path, stamp, _, _, text in parse_rows(archive, missing, None, with_text=True):
        if text is not None and query in text:
            hits.add(path)
        # A file that is no article gets an empty text: not read again for each search.
        batch.append((path, racy(stamp) if fresh(stamp, now) else stamp, text or ""))
        if len(batch) >= BATCH:
            saving = saving and _store_texts(index, batch)
            batch.clear()
    if batch and saving:
        _store_texts(index, batch)
    return hits


def _store_texts(index: Index, batch: list[tuple[str, Stamp, str]]) -> bool:
    try:
        index.texts.store(batch)
    except (sqlite3.Error, OSError):
        return False  # locked, damaged or the disk full: searched all the same
    return True


def search_files(archive: Archive, found: list[Found], query: str) -> set[str]:
    """The paths whose title or body holds `query` (folded), every file read."""
    return {
        path
        for path, _, _, _, text in parse_rows(archive, found, None, with_text=True)
        if text is not None and query in text
    }
