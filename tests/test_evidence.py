"""Evidence for where a damaged row's figures belong (kcmodel/ingest/evidence.py), on small readings.

A reading puts each printed figure in a column; what the document itself says supports or
contradicts it: a US$ figure is its RMB figure at the rate (docs/conventions.md §4), two adjacent
periods add up to the period that spans them, and the same fact printed elsewhere has the same
magnitude. Only a reading nothing contradicts, something supports and no other reading matches is taken.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kcmodel.contexts import Period
from kcmodel.ingest.columns import Column
from kcmodel.ingest.evidence import Known, Reading, Score, choose, score
from kcmodel.printed import parse_figure
from kcmodel.rules import translates
from kcmodel.units import Currency

RATE = Decimal("7.2993")
Q1 = Period.duration(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
Q2 = Period.duration(dt.date(2025, 4, 1), dt.date(2025, 6, 30))
H1 = Period.duration(dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def reading(*cells: tuple[Period, Currency, str]) -> Reading:
    """(period, currency, printed figure) for each placed figure, in the row's order."""
    return Reading(tuple((Column(period=p, currency=c), parse_figure(text)) for p, c, text in cells))


def scored(candidate: Reading, taxonomy, concept: str | None = None, known: Known | None = None) -> Score:
    return score(candidate, concept=concept, members=(), known=known or Known(), rate=RATE, scale=1000, taxonomy=taxonomy)


def test_a_us_dollar_figure_that_is_its_rmb_figure_at_the_rate_supports_the_reading(taxonomy):
    assert scored(reading((Q2, Currency.CNY, "72,993"), (Q2, Currency.USD, "10,000")), taxonomy) == Score(support=1, against=0)


def test_a_us_dollar_figure_that_is_not_its_rmb_figure_at_the_rate_contradicts_the_reading(taxonomy):
    assert scored(reading((Q2, Currency.CNY, "72,993"), (Q2, Currency.USD, "12,000")), taxonomy) == Score(support=0, against=1)


def test_two_adjacent_quarters_that_add_up_to_the_half_year_support_the_reading(taxonomy):
    assert scored(reading((Q1, Currency.CNY, "1,000"), (Q2, Currency.CNY, "1,200"), (H1, Currency.CNY, "2,200")), taxonomy) == Score(1, 0)


def test_two_adjacent_quarters_that_do_not_add_up_to_the_half_year_contradict_the_reading(taxonomy):
    assert scored(reading((Q1, Currency.CNY, "1,000"), (Q2, Currency.CNY, "1,200"), (H1, Currency.CNY, "2,500")), taxonomy) == Score(0, 1)


def test_the_same_fact_printed_in_an_undamaged_table_supports_the_figure_in_its_column(taxonomy):
    known = Known()
    known.add(("Revenues", (), Q2, Currency.CNY), Decimal(1_200_000))  # 1,200 thousand, read elsewhere
    assert scored(reading((Q2, Currency.CNY, "1,200")), taxonomy, "Revenues", known) == Score(1, 0)


def test_the_same_fact_printed_elsewhere_with_another_value_contradicts_the_figure(taxonomy):
    known = Known()
    known.add(("Revenues", (), Q2, Currency.CNY), Decimal(1_200_000))
    assert scored(reading((Q2, Currency.CNY, "1,000")), taxonomy, "Revenues", known) == Score(0, 1)


def test_the_reading_taken_is_the_one_nothing_contradicts_and_most_supports():
    candidates = [("shifted", Score(support=3, against=1)), ("as printed", Score(support=2)), ("other", Score(support=1))]
    assert choose(candidates) == ("as printed", Score(support=2))


def test_two_readings_supported_equally_leave_the_row_unplaced():
    assert choose([("one", Score(support=2)), ("other", Score(support=2))]) is None


def test_a_reading_nothing_supports_is_not_taken():
    assert choose([("unproven", Score())]) is None


def test_a_us_dollar_line_may_be_a_unit_off_its_rmb_figure_at_the_rate():
    # 72,993 / 7.2993 = 10,000 (docs/conventions.md §4: a unit either way)
    assert translates(Decimal(72_993), Decimal(10_001), RATE, Decimal(1), 0)
    assert not translates(Decimal(72_993), Decimal(10_002), RATE, Decimal(1), 0)


def test_a_us_dollar_total_footed_from_n_lines_may_be_half_a_unit_more_off_per_line():
    assert translates(Decimal(72_993), Decimal(10_002), RATE, Decimal(1), 2)
    assert not translates(Decimal(72_993), Decimal(10_003), RATE, Decimal(1), 2)
