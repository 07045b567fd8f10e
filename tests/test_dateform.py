"""dateform: publish writes today's date in the form the file already uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actueel_cli.dateform import restyle

# 2025-10-01 at 09:41:07 in Amsterdam (summer time)
NOW = datetime(2025, 10, 1, 9, 41, 7, 250000, tzinfo=timezone(timedelta(hours=2)))
TODAY = date(2025, 10, 1)
LATER = date(2025, 11, 3)


@pytest.mark.parametrize(
    ("old", "day", "new"),
    [
        ("2017-07-17", TODAY, "2025-10-01"),
        ("2017-07-17T10:00:00+02:00", TODAY, "2025-10-01T09:41:07+02:00"),
        ("2017-07-17T10:00:00Z", TODAY, "2025-10-01T07:41:07Z"),
        ("2026-07-16 05:08:11 +0000", TODAY, "2025-10-01 07:41:07 +0000"),  # Jekyll
        # in that zone it is still 30 September: the start of the day asked for
        ("2017-07-17 10:00:00 -0800", TODAY, "2025-10-01 00:00:00 -0800"),
        ("2017-07-17T10:00+02:00", TODAY, "2025-10-01T09:41+02:00"),
        ("2021-03-09T10:30:00.123+01:00", TODAY, "2025-10-01T08:41:07.250+01:00"),
        ("2017-07-17T10:00:00+02:00", LATER, "2025-11-03T00:00:00+02:00"),
        ("2013/7/13 20:46:25", LATER, "2025/11/3 00:00:00"),  # Hexo
        ("2013/07/13", LATER, "2025/11/03"),
        ("Oct 8, 2024", TODAY, "Oct 1, 2025"),  # Astro
        ("October 8, 2024", LATER, "November 3, 2025"),
        ("Jun 19 2024", TODAY, "Oct 1 2025"),
        ("17-07-2017", TODAY, "2025-10-01"),  # not a form it writes: ISO
        ("soon", TODAY, "2025-10-01"),
        ("Foo 8, 2024", TODAY, "2025-10-01"),
    ],
)
def test_a_date_keeps_its_form(old: str, day: date, new: str) -> None:
    assert restyle(old, day, NOW) == new


def test_a_time_without_a_zone_is_the_machines_time() -> None:
    local = NOW.astimezone().replace(tzinfo=None)
    assert restyle("2019-01-11 22:13", local.date(), NOW) == local.strftime("%Y-%m-%d %H:%M")


@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1)),
    st.sampled_from(["T", " "]),
    st.sampled_from(["Z", "+02:00", " +0200", "-08:00", ""]),
    st.dates(date(1990, 1, 1), date(2100, 1, 1)),
)
def test_the_new_date_reads_as_the_day_and_keeps_the_form(
    old: datetime, sep: str, zone: str, day: date
) -> None:
    text = old.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + zone
    new = restyle(text, day, NOW)
    assert new.startswith(day.isoformat() + sep)
    assert new.endswith(zone)
    assert len(new) == len(text)
