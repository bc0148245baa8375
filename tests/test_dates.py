"""Date arithmetic on reporting periods (kcmodel/dates.py): inclusive periods, month ends kept
(docs/conventions.md §2)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from kcmodel.contexts import Period
from kcmodel.dates import days_in, preceding, shift, span, whole_months
from kcmodel.ingest.vocabulary import currency_code, parse_date, span_months
from kcmodel.units import Currency


def test_three_months_ended_september_30_start_on_july_1():
    assert span(dt.date(2024, 9, 30), 3) == Period.duration(dt.date(2024, 7, 1), dt.date(2024, 9, 30))


def test_the_year_before_a_period_ending_february_29_ends_february_28():
    assert shift(Period.duration(dt.date(2023, 12, 1), dt.date(2024, 2, 29)), -12) == \
        Period.duration(dt.date(2022, 12, 1), dt.date(2023, 2, 28))


def test_a_month_end_moved_a_year_on_stays_a_month_end():
    assert shift(Period.instant(dt.date(2023, 2, 28)), 12) == Period.instant(dt.date(2024, 2, 29))


def test_the_period_preceding_a_quarter_is_the_quarter_before():
    q1 = Period.duration(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert preceding(q1) == Period.duration(dt.date(2024, 10, 1), dt.date(2024, 12, 31))


def test_a_duration_not_from_a_month_start_to_a_month_end_has_no_length_in_months():
    assert whole_months(Period.duration(dt.date(2025, 1, 2), dt.date(2025, 3, 31))) is None


def test_dates_are_read_in_the_forms_announcements_print_them():
    assert {parse_date(t) for t in ("June 30, 2025", "Jun. 30, 2025", "30 June 2025", "Jun 30 2025")} == {dt.date(2025, 6, 30)}


def test_span_words_say_how_many_months_a_column_covers():
    assert [span_months(w) for w in ("Three Months Ended", "For the year ended", "Six months ended", "As at")] == [3, 12, 6, None]


def test_currency_words_mean_their_iso_4217_codes():
    assert [currency_code(w) for w in ("RMB", "US$", "HK$", "RMB'000", "EUR")] == [Currency.CNY, Currency.USD, Currency.HKD, Currency.CNY, None]


@pytest.mark.parametrize(("year", "month", "days"), [(2024, 2, 29), (2023, 2, 28), (2000, 2, 29), (1900, 2, 28),
                                                     (2024, 1, 31), (2024, 4, 30), (2024, 9, 30), (2024, 12, 31)])
def test_a_month_has_its_calendar_days_february_by_the_gregorian_leap_rule(year, month, days):
    assert days_in(year, month) == days == calendar.monthrange(year, month)[1]
