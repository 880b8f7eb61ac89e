"""Numbers and dates as a Belgian reader writes them, in Dutch, English and French."""

from datetime import date, datetime

from reset_core import formats


def test_a_dutch_reader_sees_a_decimal_comma_and_no_trailing_zeros():
    assert formats.number(2.5) == "2,5"
    assert formats.number(2.666) == "2,67"
    assert formats.number(38.0) == "38"
    assert formats.number(1234.5) == "1.234,5"


def test_an_english_reader_sees_a_decimal_point():
    assert formats.number(2.5, "en") == "2.5"
    assert formats.number(1234.5, "en") == "1,234.5"


def test_a_belgian_french_reader_sees_a_decimal_comma_and_dates_day_first():
    assert formats.number(2.5, "fr") == "2,5"
    assert formats.number(1234.5, "fr") == "1\u202f234,5"  # a narrow no-break space groups thousands
    assert formats.fixed(0.8, "fr", sign=True) == "+0,8"
    assert formats.day(date(2026, 11, 27), "fr") == "27/11/2026"
    assert formats.moment(datetime(2026, 11, 27, 21, 5), "fr") == "27/11/2026 21:05"


def test_scores_read_side_by_side_keep_one_decimal_and_a_difference_its_sign():
    assert formats.fixed(3.0) == "3,0"
    assert formats.fixed(2.666, "en") == "2.7"
    assert formats.fixed(0.8, sign=True) == "+0,8"
    assert formats.fixed(-1.5, sign=True) == "-1,5"


def test_dates_read_day_month_year_in_both_languages():
    assert formats.day(date(2026, 11, 27)) == "27/11/2026"
    assert formats.day(date(2026, 1, 2), "en") == "02/01/2026"
    assert formats.day(datetime(2026, 11, 27, 23, 59)) == "27/11/2026"


def test_a_moment_reads_its_date_and_its_time_on_the_24_hour_clock():
    assert formats.moment(datetime(2026, 11, 27, 9, 5)) == "27/11/2026 09:05"
    assert formats.moment(datetime(2026, 11, 27, 21, 5), "en") == "27/11/2026 21:05"


def test_nothing_reads_as_an_empty_cell_never_as_none():
    assert formats.number(None) == formats.fixed(None) == formats.day(None) == formats.moment(None) == ""
