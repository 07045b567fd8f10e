"""The edits the commands make to one article's text: its tags (`tag add`, `remove`, `rename`),
its draft mark and date (`publish`, `unpublish`). Pure: each is a change (store.Change), the
whole text in and the whole new text out, with only the lines of its entry changed (fmedit), or
the same text when there is nothing to do. Each refuses a file with errors as it is now (it may
have changed since the command looked).

Every change writes the entry the site's generator reads, under the key the file already spells
(`Tags`, `categories`, `pubDate`, `[fields]`): `draft: true` or, for Jekyll and Hexo,
`published: false` (Site.draft_mark); `publish` drops that mark again, so that `unpublish` then
`publish --keep-date` gives back the same bytes, and writes the date in the form the file
already uses (dateform).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from .dateform import restyle
from .errors import ArticleProblem
from .fmedit import get_list, get_scalar, remove_scalar, set_list, set_scalar
from .generators import Site
from .model import Problem
from .parse import Parsed, parse


def refused(rel: str, errors: Sequence[Problem]) -> ArticleProblem:
    """The error for a file an edit refuses: its first error (and how many more), and how to
    fix it."""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ArticleProblem(
        f"{errors[0]}{more}; nothing was changed: fix it first with `actueel edit {rel}`"
    )


def readable(text: str, rel: str, site: Site) -> Parsed:
    """The file's text read as an article, for an edit: refused (ArticleProblem) when it has
    errors, as they are now."""
    parsed = parse(text.encode("utf-8"), rel, site)
    errors = [p for p in parsed.problems if p.severity == "error"]
    if errors or parsed.article is None:
        raise refused(rel, errors or list(parsed.problems))
    return parsed


# --- tags ------------------------------------------------------------------------------------


class TagEdit:
    """The change of one file's tags entry, remembering the lists it saw last. The entry is the
    one the site reads tags from: `[fields] tags`, as the file spells it (`Tags` in Hugo)."""

    def __init__(self, compute: Callable[[list[str]], list[str]], site: Site) -> None:
        self.compute = compute
        self.site = site
        self.before: list[str] = []
        self.after: list[str] = []

    def __call__(self, text: str, rel: str = "") -> str:
        parsed = readable(text, rel, self.site)  # a file with errors is not written
        key = (parsed.keys or {}).get("tags", self.site.keys("tags")[0])
        # a string of tags is edited as the generator reads it (Jekyll: words; one tag)
        string_as = self.site.rules.tag_text
        self.before = get_list(text, key, string_as) or []
        self.after = self.compute(self.before)
        if self.after == self.before:
            return text
        return set_list(text, key, self.after, string_as)

    def on(self, rel: str) -> Callable[[str], str]:
        """The change of the file at `rel`."""
        return lambda text: self(text, rel)


# --- publish and unpublish ---------------------------------------------------------------------


def publishing(
    rel: str, site: Site, day: date, now: datetime, keep_date: bool
) -> Callable[[str], str]:
    """`publish`: a draft's marks dropped, and (unless `keep_date`) dated `day`; a file that is
    no draft is left as it is."""

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or not parsed.article.draft:
            return text
        text = published_text(text, parsed)
        return text if keep_date else dated_text(text, parsed, site, day, now)

    return change


def unpublishing(rel: str, site: Site) -> Callable[[str], str]:
    """`unpublish`: a published article marked as a draft; a draft is left as it is."""

    def change(text: str) -> str:
        parsed = readable(text, rel, site)
        if parsed.article is None or parsed.article.draft:
            return text
        return draft_text(text, parsed, site)

    return change


def published_text(text: str, parsed: Parsed) -> str:
    """The text without its draft marks (Parsed.marks: `draft: true`, `published: false`): a
    generator publishes what carries neither. Where a comment on the line would go with it, the
    value is turned instead."""
    for key, value in parsed.marks:
        without = remove_scalar(text, key)
        text = without if without is not None else set_scalar(text, key, value)
    return text


def dated_text(text: str, parsed: Parsed, site: Site, day: date, now: datetime) -> str:
    """The text dated `day`, written in the form its date already has (a date-time stays a
    date-time in its zone, Jekyll's `2026-07-16 05:08:11 +0000` keeps its spaces); a file
    without a date key gets one, `YYYY-MM-DD`."""
    key = (parsed.keys or {}).get("date", site.keys("date")[0])
    written = get_scalar(text, key)
    return set_scalar(text, key, restyle(written or "", day, now))


def draft_text(text: str, parsed: Parsed, site: Site) -> str:
    """The text marked as a draft the way the generator reads it (Site.draft_mark): set where
    the file has the key, added after the other keys where it has none."""
    return set_scalar(text, *site.draft_mark((parsed.keys or {}).get("draft")))
