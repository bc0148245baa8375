"""A table's header as columns (kcmodel/ingest/columns.py), on small tables typed here.

Each table is TAB-separated as announcements print them; each test states one rule of reading
a header: what period, currency and kind each column has (docs/conventions.md §2, §4).
"""

from __future__ import annotations

import datetime as dt

from kcmodel.contexts import Period
from kcmodel.ingest.columns import Header, orphan_translations, read_header, with_source_inserted
from kcmodel.ingest.tables import find_tables
from kcmodel.ingest.text import decode


def header(text: str) -> Header:
    """The header of the one table ``text`` prints."""
    tables = find_tables(decode(text.encode(), "table.txt"))
    assert len(tables) == 1
    return read_header(tables[0])


def quarter(year: int, last_month: int, last_day: int) -> Period:
    return Period.duration(dt.date(year, last_month - 2, 1), dt.date(year, last_month, last_day))


def test_a_us_dollar_column_has_the_period_of_the_rmb_column_to_its_left():
    columns = header(
        "\tThree Months Ended\n"
        "\tSep 30, 2023\tSep 30, 2024\tSep 30, 2024\n"
        "\tRMB\tRMB\tUS$\n"
        "Total revenues\t1,000\t1,200\t171\n"
    ).columns
    assert [(c.period, c.currency) for c in columns] == [
        (quarter(2023, 9, 30), "CNY"), (quarter(2024, 9, 30), "CNY"), (quarter(2024, 9, 30), "USD")]


def test_as_at_makes_each_column_an_instant():
    columns = header(
        "\tAs at\n"
        "\tDecember 31, 2023\tDecember 31, 2024\n"
        "\tRMB\tRMB\n"
        "Cash and cash equivalents\t100\t200\n"
    ).columns
    assert [c.period for c in columns] == [Period.instant(dt.date(2023, 12, 31)), Period.instant(dt.date(2024, 12, 31))]


def test_a_span_covers_the_columns_from_its_own_to_the_next_span():
    columns = header(
        "\tThree Months Ended\t\tSix Months Ended\t\n"
        "\tJun 30, 2024\tJun 30, 2025\tJun 30, 2024\tJun 30, 2025\n"
        "\tRMB\tRMB\tRMB\tRMB\n"
        "Total revenues\t1\t2\t3\t4\n"
    ).columns
    assert [c.period for c in columns] == [
        quarter(2024, 6, 30), quarter(2025, 6, 30),
        Period.duration(dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        Period.duration(dt.date(2025, 1, 1), dt.date(2025, 6, 30))]


def test_a_span_that_ends_with_a_month_and_day_dates_the_years_below_it():
    columns = header(
        "\tFor the Year Ended December 31,\n"
        "\t2023\t2024\n"
        "\tRMB\tRMB\n"
        "Total revenues\t7,000\t7,800\n"
    ).columns
    assert [c.period for c in columns] == [Period.duration(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
                                           Period.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31))]


def test_a_hk_dollar_column_is_in_hong_kong_dollars():
    columns = header(
        "\tAs at\n"
        "\tJune 30, 2025\tJune 30, 2025\n"
        "\tRMB\tHK$\n"
        "Offer price\t1.00\t1.09\n"
    ).columns
    assert [c.currency for c in columns] == ["CNY", "HKD"]


def test_thousands_printed_above_a_column_put_the_table_in_thousands():
    assert header("\tAs at\n\tDec 31, 2024\n\tRMB'000\nTotal assets\t1,234\n").thousands


def test_a_table_that_states_no_scale_is_read_as_printed():
    assert not header("\tAs at\n\tDec 31, 2024\n\tRMB\nTotal assets\t1,234\n").thousands


def test_a_year_on_year_change_column_is_a_change_against_the_year_before_with_no_period_of_its_own():
    change = header(
        "\tThree Months Ended\t\t\n"
        "\tSep 30, 2023\tSep 30, 2024\tYear-on-year Change %\n"
        "\tRMB\tRMB\t\n"
        "Total revenues\t1,000\t1,200\t20.0%\n"
    ).columns[-1]
    assert (change.period, change.derived, change.percent, change.change) == (None, True, True, "year")


def test_a_table_whose_header_names_no_period_takes_the_one_its_introducing_sentence_names():
    columns = header(
        "Revenues by service line for the six months ended June 30, 2025 were as below.\n"
        "\tRMB\n"
        "Public cloud services\t3,000\n"
        "Enterprise cloud services\t1,300\n"
    ).columns
    assert [(c.period, c.currency) for c in columns] == [
        (Period.duration(dt.date(2025, 1, 1), dt.date(2025, 6, 30)), "CNY")]


def test_the_number_of_employees_column_counts_people_in_no_currency():
    columns = header(
        "As of December 31, 2024, we had the employees below, by function.\n"
        "Function\tNumber of employees\n"
        "Research and development\t1,000\n"
        "Sales and marketing\t500\n"
    ).columns
    assert [(c.period, c.currency) for c in columns] == [(Period.instant(dt.date(2024, 12, 31)), None)]


def test_a_us_dollar_column_without_its_rmb_column_is_an_orphan_whose_source_can_be_put_back():
    columns = header(
        "\tSix Months Ended\n"
        "\tJun 30, 2024\tJun 30, 2025\n"
        "\tRMB\tUS$\n"
        "Total revenues\t3,600\t600\n"
    ).columns
    assert orphan_translations(columns) == [1]
    restored = with_source_inserted(columns, 1)
    assert [(c.currency, c.inferred) for c in restored] == [("CNY", False), ("CNY", True), ("USD", False)]
    assert restored[1].period == restored[2].period
