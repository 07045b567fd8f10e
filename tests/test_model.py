"""The model, pure: text as people compare it (fold, search_key), checked against the rules they
replace over every Unicode code point; the tag rules; neighbours."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from actueel_cli.errors import InvalidInput
from actueel_cli.model import (
    Article,
    add_tags,
    clean_tag,
    fold,
    neighbours,
    neighbours_of_all,
    remove_tags,
    search_key,
)

EVERY = "".join(map(chr, range(sys.maxunicode + 1)))  # every code point, surrogates too
_MARKS = dict.fromkeys(i for i, c in enumerate(EVERY) if unicodedata.combining(c))


def fold_by_the_book(text: str) -> str:
    """NFKD, every combining mark dropped, casefold."""
    return unicodedata.normalize("NFKD", text).translate(_MARKS).casefold()


def test_fold_is_nfkd_without_marks_then_casefold_for_every_character() -> None:
    """Each code point in `Aé{c}x{c}`, as one string per code point would test it, but 256 of
    them in a string at a time. The reference is character-wise (NFKD decomposes each character
    on its own and only reorders marks, which it drops; casefold is per character), and fold
    replaces one character by another, so a string of many segments folds right exactly when
    each segment does; a failing block is searched for the code point that fails."""
    for start in range(0, len(EVERY), 256):
        block = EVERY[start : start + 256]
        text = "".join(f"Aé{c}x{c}" for c in block)
        if fold(text) != fold_by_the_book(text):
            wrong = [c for c in block if fold(f"Aé{c}x{c}") != fold_by_the_book(f"Aé{c}x{c}")]
            raise AssertionError(f"fold is wrong for {[hex(ord(c)) for c in wrong]}")
    assert fold("Geïnspireerd ÉÉN Straße") == "geinspireerd een strasse"


def test_folding_is_idempotent_on_what_it_gives() -> None:
    """fold replaces each distinct character once: right only if every character it gives
    folds to itself. Characters folding to themselves give nothing new; the others (found by
    folding every code point, NUL-separated, in one go) are checked one by one."""
    rest = EVERY[1:]  # all but NUL, which separates them
    folded = fold_by_the_book("\0".join(rest)).split("\0")
    assert len(folded) == len(rest)
    changed = [out for char, out in zip(rest, folded, strict=True) if out != char]
    assert len(changed) > 10_000  # (so this test can fail: it sees the characters that change)
    given = {c for out in changed for c in out if c > "\x7f"}
    assert [hex(ord(c)) for c in sorted(given) if fold(c) != c] == []


def test_search_key_is_the_regular_expressions_it_replaces() -> None:
    spaces = re.findall(r"\s", EVERY)
    assert spaces == [c for c in EVERY if c.isspace()]
    pool = [*spaces, *"aB*_`é ẞ\u0301"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        expected = re.sub(r"\s+", " ", re.sub(r"[*_`]+", "", fold_by_the_book(text))).strip()
        assert search_key(text) == expected, repr(text)


def test_add_and_remove_rules() -> None:
    assert add_tags(["a", "B"], ["b", "c", "C", "á"]) == ["a", "B", "c"]
    assert remove_tags(["a", "A", "b"], ["á"]) == ["b"]
    with pytest.raises(InvalidInput):
        clean_tag("#")


TODAY = date(2024, 1, 1)
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31))
MOMENTS = DAYS | st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2025, 12, 31),
    timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=2))]),
)  # fmt: skip
ARCHIVES = st.lists(
    st.tuples(st.sampled_from("abcd"), MOMENTS, st.booleans(), st.sampled_from(["", "x/"])),
    max_size=25,
)  # fmt: skip


@settings(max_examples=examples(200))
@given(spec=ARCHIVES)
def test_neighbours_of_all_is_the_models_neighbours_for_each(spec: list) -> None:
    arts = [
        Article(slug=slug, path=f"{sub}{slug}-{i}.md", title=slug, date=when, draft=draft)
        for i, (slug, when, draft, sub) in enumerate(spec)
    ]
    found = neighbours_of_all(arts, TODAY)
    for article in arts:
        assert found[article.path] == neighbours(arts, article, TODAY)
