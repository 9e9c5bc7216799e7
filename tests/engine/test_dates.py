"""Date parsing and normalisation (riptide.engine.dates)."""

from datetime import date

import pytest

from riptide.engine.dates import date_from_url, parse_date

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-05-14", "2019-05-14"),
        ("2019-05-14T10:05:00.000+02:00", "2019-05-14T10:05:00+02:00"),
        ("2019-05-14T10:05:00Z", "2019-05-14T10:05:00Z"),
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
    ],
)
def test_iso_dates_keep_time_and_offset(text: str, expected: str) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20190514", "2019-05-14"),
        ("20190514T100500Z", "2019-05-14T10:05:00Z"),
        ("20180619T055000+0900", "2018-06-19T05:50:00+09:00"),  # a JSON-LD datePublished seen in the wild
        ("20190514T1005", "2019-05-14T10:05:00"),
    ],
)
def test_compact_dates_with_time_and_offset(text: str, expected: str) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018年6月18日 10:01", "2018-06-18T10:01:00"),
        ("発信日時：2018年06月18日10時01分", "2018-06-18T10:01:00"),
        ("2023年11月17日（金）9:30", "2023-11-17T09:30:00"),
        ("发布时间：2023年11月17日", "2023-11-17"),
        ("2018년 6월 18일", "2018-06-18"),
    ],
)
def test_chinese_japanese_and_korean_dates(text: str, expected: str) -> None:
    assert parse_date(text, date(2024, 6, 1)) == expected


def test_rfc2822_date_with_offset() -> None:
    assert parse_date("Tue, 14 May 2019 10:05:00 +0000", TODAY) == "2019-05-14T10:05:00+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # JavaScript's Date.toString(): the offset follows "GMT"; reading "GMT" alone would put the
        # time 10 hours off
        ("Fri Mar 13 2015 21:30:09 GMT+1000 (AEST)", "2015-03-13T21:30:09+10:00"),
        ("Tue, 14 May 2019 10:05:00 GMT+0200", "2019-05-14T10:05:00+02:00"),
        ("2019-05-14 10:05 UTC+2", "2019-05-14T10:05:00+02:00"),
        ("2019-05-14 10:05 GMT-3:30", "2019-05-14T10:05:00-03:30"),
        ("2019-05-14 10:05 UTC", "2019-05-14T10:05:00Z"),
    ],
)
def test_offsets_written_after_utc_or_gmt(text: str, expected: str) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri Mar 13 21:30:09 UTC 2015", "2015-03-13T21:30:09Z"),
        # "EST" is New York's UTC-5 and Sydney's UTC+10: the local time is kept, no offset guessed
        ("Fri Mar 13 21:30:09 EST 2015", "2015-03-13T21:30:09"),
        ("Thu Nov 07 08:15:00 2019", "2019-11-07T08:15:00"),
    ],
)
def test_java_date_to_string(text: str, expected: str) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["May 14, 2019", "14 May 2019", "Tuesday, 14th of May, 2019", "Published: May 14 2019"]
)
def test_english_month_names_either_order(text: str) -> None:
    assert parse_date(text, TODAY) == "2019-05-14"


@pytest.mark.parametrize(
    "text",
    [
        "14. Mai 2019",
        "14 mai 2019",
        "14 de mayo de 2019",
        "14 maggio 2019",
        "14 de maio de 2019",
        "14 mei 2019",
    ],
)
def test_european_month_names(text: str) -> None:
    assert parse_date(text, TODAY) == "2019-05-14"


def test_french_first_of_month() -> None:
    assert parse_date("1er juin 2019", TODAY) == "2019-06-01"


def test_abbreviated_month_with_ordinal() -> None:
    assert parse_date("Sept. 3rd 2019", TODAY) == "2019-09-03"


def test_year_first_with_slashes() -> None:
    assert parse_date("2019/05/14", TODAY) == "2019-05-14"


def test_dotted_numeric_date_is_day_first() -> None:
    assert parse_date("05.06.2019", TODAY) == "2019-06-05"


def test_us_numeric_date_when_unambiguous() -> None:
    assert parse_date("05/14/2019", TODAY) == "2019-05-14"


def test_eu_numeric_date_when_unambiguous() -> None:
    assert parse_date("14/05/2019", TODAY) == "2019-05-14"


def test_ambiguous_slashed_numeric_date_rejected() -> None:
    assert parse_date("05/06/2019", TODAY) is None


def test_twelve_hour_clock_after_date() -> None:
    assert parse_date("April 28, 2019 at 6:01 pm", TODAY) == "2019-04-28T18:01:00"


def test_future_date_rejected() -> None:
    assert parse_date("2024-06-10", TODAY) is None


def test_tomorrow_tolerated_for_time_zones() -> None:
    assert parse_date("2024-06-02", TODAY) == "2024-06-02"


def test_impossible_date_rejected() -> None:
    assert parse_date("2019-02-30", TODAY) is None


def test_pre_web_year_rejected() -> None:
    assert parse_date("1970-01-01", TODAY) is None


def test_later_valid_date_found_after_invalid_one() -> None:
    assert parse_date("2019-02-30 or rather 2019-03-01", TODAY) == "2019-03-01"


def test_unix_timestamp_seconds_and_milliseconds() -> None:
    assert parse_date("1557828000", TODAY) == "2019-05-14T10:00:00Z"
    assert parse_date("1557828000000", TODAY) == "2019-05-14T10:00:00Z"


def test_compact_date() -> None:
    assert parse_date("20190514", TODAY) == "2019-05-14"


def test_text_without_date_is_none() -> None:
    assert parse_date("Updated 3 hours ago", TODAY) is None
    assert parse_date("", TODAY) is None


def test_date_in_url_path() -> None:
    assert date_from_url("https://example.com/2019/05/14/slug", TODAY) == "2019-05-14"
    assert date_from_url("https://example.com/news/2019-05-14-slug.html", TODAY) == "2019-05-14"


def test_month_only_url_is_not_a_date() -> None:
    assert date_from_url("https://example.com/2019/05/slug", TODAY) is None
