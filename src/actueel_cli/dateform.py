"""A new date written in the form a file already uses. Pure: the clock is passed in.

`publish` dates an article today; a site that writes `date: 2026-07-16 05:08:11 +0000` (Jekyll)
or `2021-03-09T10:30:00+01:00` (Hugo) gets today in that form, not a bare `2026-07-16`: a
date-time stays a date-time, in the same zone, with the same separator and precision. The time
of day is the moment of publishing when that is the given day in the file's zone (a date-time
in the future would keep Hugo and Jekyll from showing the article until then); for another day
(`--date`, `--clock`) it is the start of that day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

# 2017-07-17, 2017-07-17T10:00:00+02:00, 2017-07-17 10:00:00 +0200, 2019-01-11 22:13,
# 2013/7/13 20:46:25, 2021-03-09T10:30:00.123Z
_NUMERIC = re.compile(
    r"(?P<y>\d{4})(?P<ds>[-/])(?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:(?P<ts>[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"(?P<zs>[ \t]*)(?P<z>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)
# Oct 8, 2024 / October 8, 2024 / Jun 19 2024 (Astro and Eleventy sites)
_WORDS = re.compile(r"(?P<mon>[A-Z][a-z]+)(?P<s1>\.? +)(?P<d>\d{1,2})(?P<s2>,? +)(?P<y>\d{4})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def restyle(old: str, day: date, now: datetime) -> str:
    """`day` written as `old` is written (see the module); ISO `YYYY-MM-DD` when the form of
    `old` is not one this knows. `now` is the current moment, with its zone."""
    written = old.strip()
    found = _NUMERIC.fullmatch(written)
    if found is not None:
        return _numeric(found, day, now)
    words = _WORDS.fullmatch(written)
    if words is not None and _month_form(words["mon"]) is not None:
        name = _MONTHS[day.month - 1]
        month = name if len(words["mon"]) > 3 else name[:3]
        return f"{month}{words['s1']}{day.day}{words['s2']}{day.year}"
    return day.isoformat()


def moment(day: date, now: datetime, zone: tzinfo | None) -> datetime:
    """The time to write for `day` in `zone` (None: the machine's own, as a naive time): now
    when it is that day there, else the start of the day."""
    here = now.astimezone(zone) if zone is not None else now.astimezone().replace(tzinfo=None)
    if here.date() == day:
        return here
    return datetime.combine(day, time(0), tzinfo=zone)


def _month_form(name: str) -> int | None:
    for number, month in enumerate(_MONTHS, 1):
        if name in (month, month[:3]):
            return number
    return None


def _numeric(found: re.Match[str], day: date, now: datetime) -> str:
    padded = len(found["m"]) == 2 or found["ds"] == "-"
    sep = found["ds"]
    text = (
        f"{day.year:04d}{sep}{day.month:02d}{sep}{day.day:02d}"
        if padded
        else f"{day.year}{sep}{day.month}{sep}{day.day}"
    )
    if found["ts"] is None:
        return text
    zone_text = found["z"]
    at = moment(day, now, _zone(zone_text) if zone_text else None)
    hour = f"{at.hour:02d}" if len(found["H"]) == 2 else str(at.hour)
    text += f"{found['ts']}{hour}:{at.minute:02d}"
    if found["S"] is not None:
        text += f":{at.second:02d}"
        if found["f"] is not None:
            digits = len(found["f"])
            text += "." + f"{at.microsecond:06d}"[:digits].ljust(digits, "0")
    if zone_text:
        text += found["zs"] + zone_text  # the same zone, written the same way
    return text


def _zone(text: str) -> tzinfo:
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)
