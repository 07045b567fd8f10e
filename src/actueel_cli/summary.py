"""The archive at a glance, for `stats`: pure counting over articles, no disk and no clock.

Published articles (not drafts, not scheduled) are counted per year, or per month when they all
fall within twelve months; tags and authors are ranked; drafts and scheduled articles are what
is waiting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import Article, day_of, fold, has_tag, newest_first, sort_key

TOP = 10


@dataclass(frozen=True)
class Summary:
    period: str  # "year" or "month"
    counts: list[tuple[str, int]]  # (period label, published articles), oldest first
    published: int
    tags: list[tuple[str, int]]  # most used first, then by name
    authors: list[tuple[str, int]]
    drafts: list[Article]  # newest first
    scheduled: list[Article]  # soonest first
    since: date | None = None
    tag: str | None = None


def summarize(
    articles: Iterable[Article], today: date, since: date | None = None, tag: str | None = None
) -> Summary:
    chosen = [
        a
        for a in articles
        if (since is None or (not a.undated and day_of(a.date) >= since))
        and (tag is None or has_tag(a.tags, tag))
    ]
    live = [a for a in chosen if a.is_live(today)]
    period, counts = _per_period([day_of(a.date) for a in live if not a.undated])
    return Summary(
        period=period,
        counts=counts,
        published=len(live),
        tags=_ranked(t for a in live for t in a.tags),
        authors=_ranked(a.author for a in live),
        drafts=newest_first(a for a in chosen if a.draft),
        scheduled=sorted((a for a in chosen if a.is_scheduled(today)), key=sort_key),
        since=since,
        tag=tag,
    )


def _per_period(days: list[date]) -> tuple[str, list[tuple[str, int]]]:
    """Every year from the first to the last (empty ones too, so the bars tell the truth), or
    every month when the first and last month are at most twelve months apart."""
    if not days:
        return "year", []
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month
    if months < 12:
        per_month = Counter((d.year, d.month) for d in days)
        labels = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            labels.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return "month", [(f"{y}-{m:02d}", per_month[(y, m)]) for y, m in labels]
    per_year = Counter(d.year for d in days)
    return "year", [(str(y), per_year[y]) for y in range(first.year, last.year + 1)]


def _ranked(names: Iterable[str], top: int = TOP) -> list[tuple[str, int]]:
    """Names that differ only in case or accents count as one, shown in their commonest spelling."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for name in names:
        if not name:
            continue
        key = fold(name)
        counts[key] += 1
        spellings.setdefault(key, Counter())[name] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(spellings[key].most_common(1)[0][0], n) for key, n in ranked[:top]]
