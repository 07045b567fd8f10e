"""labels, pure: the page's words and its long date, for `show` and `build` alike."""

from __future__ import annotations

from datetime import date

import pytest

from actueel_cli.labels import long_date


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_long_dates_without_babel_are_babels_own(locale: str) -> None:
    """The month names kept for nl and en say what Babel says, for every month and a few years
    (Babel is then only loaded for other locales)."""
    from babel.dates import format_date

    for year in (5, 1999, 2017, 2026):
        for month in range(1, 13):
            for day in (1, 9, 28):
                value = date(year, month, day)
                assert long_date(value, locale) == format_date(value, "d MMMM y", locale=locale)
    assert long_date(date(2017, 7, 17), "fr") == "17 juillet 2017"  # other locales: Babel
