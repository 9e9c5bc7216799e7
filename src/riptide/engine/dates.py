"""Date finding and normalisation: any date string a web page writes, to ISO 8601.

Why a module of its own: page metadata spells dates in dozens of ways (ISO 8601, RFC 2822,
"May 14, 2019", "14. Mai 2019", "2019/05/14", "14.05.2019", "2019年5月14日", Java's and
JavaScript's ``toString()``, Unix timestamps, dates in URLs), and every one of them must be
validated the same way: impossible dates and dates in the future (relative to ``today``) are
rejected, as are years before the web existed.

Guarantees:
- ``parse_date`` returns ``"YYYY-MM-DD"`` when only the day is known, ``"YYYY-MM-DDTHH:MM:SS"``
  when a time of day is known, plus ``"+HH:MM"``/``"Z"`` when its offset is known (a zone
  abbreviation such as "EST" or "IST" names different offsets in different countries, so it
  leaves the offset unknown); else None.
- Only regexes and a handful of dictionary look-ups per call: no per-character Python loops.
- Numeric dates are read day-first or month-first only when unambiguous (a part above 12, or the
  dotted European form ``14.05.2019``); ``05/06/2019`` is rejected rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

#: Dates before this year are not page dates (the web did not exist): epoch-zero, typos, archives.
EARLIEST_YEAR = 1990
#: Slack for time zones and clocks when rejecting future dates.
FUTURE_TOLERANCE = timedelta(days=1)

#: Month names and abbreviations (lower case, with and without accents), one line per month, in
#: English, French, German, Spanish, Italian, Portuguese and Dutch.
_MONTH_NAMES = (
    "january jan janvier janv januar jänner enero ene gennaio gen janeiro januari",
    "february feb février fevrier févr fevr februar feber febrero febbraio fevereiro fev februari",
    "march mar mars märz maerz marzo março marco maart mrt",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio mag maio mei",
    "june jun juin juni junio giugno giu junho",
    "july jul juillet juil juli julio luglio lug julho",
    "august aug août aout agosto ago augustus",
    "september sep sept septembre septiembre settembre set setembro",
    "october oct octobre oktober okt octubre ottobre ott outubro out",
    "november nov novembre noviembre novembro",
    "december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro",
)
#: Month name -> month number.
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}

#: A word that may be a month name (letters only, accents allowed).
_MONTH_WORD = r"(?P<mname>[^\W\d_]{3,10})\.?"
#: A UTC offset: "Z", "UTC", "GMT", "+02:00", "-0500", or JavaScript's "GMT+1000" and "UTC+2".
_ZONE = r"Z|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|[+-]\d{2}(?::?\d{2})?"
#: Optional time of day after a date: "T10:05", " 10:05:33.123", "at 6:01 am".
_TIME = (
    r"(?:(?:[T\s]|,\s*|\s+(?:at|um|à|a las|alle|às|om)\s+)"
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?P<tz>" + _ZONE + r")?)?"
)
#: ISO 8601 and its variants: "2019-05-14", "2019-05-14T10:05:00.000+02:00", "2019-05-14 10:05".
ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)" + _TIME, re.I)
#: Year-first with slashes or dots: "2019/05/14", "2019.05.14".
YMD_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?P<sep>[/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)" + _TIME
)
#: Day/month/year or month/day/year with 4-digit year: "14.05.2019", "05/14/2019", "14-05-2019".
NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<first>\d{1,2})(?P<sep>[/.-])\s?(?P<second_>\d{1,2})(?P=sep)\s?(?P<year>\d{4})(?!\d)"
    + _TIME
)
#: Month name first: "May 14, 2019", "Sept. 3rd 2019", "Mai 14 2019".
MONTH_FIRST_DATE = re.compile(
    _MONTH_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)" + _TIME, re.I
)
#: Java's ``Date.toString()``, which Java CMSs write into meta tags: "Fri Mar 13 21:30:09 EST 2015".
#: A zone abbreviation other than UTC/GMT is dropped, not guessed: "EST" is UTC-5 in New York and
#: UTC+10 in Sydney, so the time is kept as the page's local time, without an offset.
JAVA_DATE = re.compile(
    _MONTH_WORD + r"\s+(?P<day>\d{1,2})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2})"
    r"\s+(?:(?P<tz>UTC|GMT)|[A-Z]{2,5})?\s*(?P<year>\d{4})(?!\d)"
)
#: Day first, which also covers RFC 2822 ("Tue, 14 May 2019 10:05:00 +0000"): "14 May 2019",
#: "14. Mai 2019", "14 de mayo de 2019", "1er juin 2019", "14th of May, 2019".
DAY_FIRST_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?-?"
    + _MONTH_WORD
    + r",?\s*(?:de\s+|del\s+)?-?(?P<year>\d{4})(?!\d)"
    + _TIME,
    re.I,
)
#: Chinese, Japanese and Korean: "2018年6月18日 10:01", "2018年06月18日10時01分", "2018년 6월 18일".
CJK_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
    r"(?:\s*(?:[(（][^)）]{1,3}[)）])?\s*(?P<hour>\d{1,2})\s*[:時时시]\s*(?P<minute>\d{2}))?"
)
#: Compact forms used in meta tags: "20190514", "20190514T100500Z", "20180619T055000+0900".
COMPACT_DATE = re.compile(
    r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:T?(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
#: Unix timestamps in seconds or milliseconds (whole string only).
TIMESTAMP = re.compile(r"^(?P<seconds>\d{10})(?P<millis>\d{3})?$")
#: Dates in URL paths: /2019/05/14/, /2019-05-14-, /20190514/ (a day-less /2019/05/ matches but is
#: not used: a month is not a publication date).
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>0[1-9]|1[0-2])(?:[/_-]?(?P<day>0[1-9]|[12]\d|3[01]))?(?=[/_.-]|$)"
)

_FORMATS = (ISO_DATE, YMD_DATE, CJK_DATE, MONTH_FIRST_DATE, JAVA_DATE, DAY_FIRST_DATE, NUMERIC_DATE)


def parse_date(text: str, today: date | None = None) -> str | None:
    """Normalise the first date written in ``text`` to ISO 8601, or None.

    ``text`` may hold other words ("Published: Tue, 14 May 2019 10:00 GMT"); formats are tried
    from the least to the most ambiguous, and the first valid one wins.
    """
    text = text.strip()
    if not text or len(text) > 300:
        return None
    if text.isdigit():
        return _parse_digits(text, today)
    if text[:8].isdigit():
        compact = COMPACT_DATE.match(text)
        if compact is not None:
            return _from_match(compact, today)
    for pattern in _FORMATS:
        for match in pattern.finditer(text):
            result = _from_match(match, today)
            if result is not None:
                return result
    return None


def date_from_url(url: str, today: date | None = None) -> str | None:
    """The date in a URL path such as ``/2019/05/14/slug`` (day-less ``/2019/05/`` is not enough)."""
    for match in URL_DATE.finditer(url):
        if match.group("day"):
            return _build(int(match.group("year")), int(match.group("month")), int(match.group("day")), today)
    return None


def _parse_digits(text: str, today: date | None) -> str | None:
    stamp = TIMESTAMP.match(text)
    if stamp is not None:
        moment = datetime.fromtimestamp(int(stamp.group("seconds")), tz=UTC)
        if not _plausible(moment.date(), today):
            return None
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
    compact = COMPACT_DATE.match(text)
    if compact is not None:
        return _from_match(compact, today)
    return None


def _from_match(match: re.Match[str], today: date | None) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if "mname" in groups:
        month = _month_number(groups["mname"])
        if month is None:
            return None
        day = int(groups["day"])
    elif "first" in groups:
        resolved = _day_month(int(groups["first"]), int(groups["second_"]), groups["sep"])
        if resolved is None:
            return None
        day, month = resolved
    else:
        month, day = int(groups["month"]), int(groups["day"])
    day_iso = _build(year, month, day, today)
    if day_iso is None or groups.get("hour") is None:
        return day_iso
    return day_iso + _time_suffix(groups)


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.lower())


def _day_month(first: int, second: int, separator: str) -> tuple[int, int] | None:
    """(day, month) for a numeric date, or None when it cannot be told apart."""
    if first > 12 >= second:
        return first, second
    if second > 12 >= first:
        return second, first
    if first == second:
        return first, second
    if separator == ".":  # dotted dates are day-first wherever they are written
        return first, second
    return None


def _build(year: int, month: int, day: int, today: date | None) -> str | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if not _plausible(value, today):
        return None
    return value.isoformat()


def _plausible(value: date, today: date | None) -> bool:
    latest = (today or date.today()) + FUTURE_TOLERANCE
    return value.year >= EARLIEST_YEAR and value <= latest


def _time_suffix(groups: dict[str, str | None]) -> str:
    hour = int(groups["hour"] or 0)
    minute = int(groups["minute"] or 0)
    second = int(groups.get("second") or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return ""
    suffix = f"T{hour:02d}:{minute:02d}:{second:02d}"
    tz = (groups.get("tz") or "").upper().removeprefix("UTC").removeprefix("GMT").strip()
    if tz in ("Z", "") and groups.get("tz"):
        return suffix + "Z"
    if tz:
        digits = tz[1:].replace(":", "")
        if len(digits) in (1, 3):  # "+2", "+530": the hour has one digit
            digits = "0" + digits
        hours, minutes = digits[:2], digits[2:4] or "00"
        if int(hours) > 14 or int(minutes) > 59:
            return suffix
        return f"{suffix}{tz[0]}{hours}:{minutes}"
    return suffix
