"""The words of an article's page in the site's language, for `show` on a terminal and for
`build`'s pages alike: the labels ("door", "Vorig artikel", "concept") and the long date
(`17 juli 2017`). Pure."""

from __future__ import annotations

from datetime import date

LABELS = {
    "nl": {"by": "door", "older": "Vorig artikel", "newer": "Volgend artikel", "draft": "concept",
           "scheduled": "gepland", "expired": "verlopen", "undated": "zonder datum",
           "image": "Headerfoto", "tags": "tags"},
    "en": {"by": "by", "older": "Previous article", "newer": "Next article", "draft": "draft",
           "scheduled": "scheduled", "expired": "expired", "undated": "undated",
           "image": "Header photo", "tags": "tags"},
}  # fmt: skip


def labels(locale: str) -> dict[str, str]:
    return LABELS.get(locale.split("_")[0].split("-")[0], LABELS["en"])


# CLDR's month names (wide, format context) for the site's own language and English, as Babel
# gives them (a test compares): Babel would load its locale data on every `show` to say the same
# (benchmarks/bench.py --only show measures it).
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def long_date(value: date, locale: str) -> str:
    """`17 juli 2017` for nl, `17 July 2017` for en; Babel's `d MMMM y` for any locale."""
    months = _MONTHS.get(locale)
    if months is not None:
        return f"{value.day} {months[value.month - 1]} {value.year}"
    # start-up: Babel's locale data only for a language without month names here
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return str(format_date(value, "d MMMM y", locale=locale))
    except (UnknownLocaleError, ValueError):
        return str(format_date(value, "d MMMM y", locale="en"))
