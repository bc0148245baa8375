"""The prose reader (kcmodel/ingest/prose.py): every number printed outside the tables, and what it states.

Two kinds of specification. Hand-written sentences pin each rule on its own (precision as printed,
signs by concept, periods named in words, changes, shares, bounds, not-data). Seed tests pin what
the five announcements in ../shared/seeds print; every expectation was typed from the
announcement's own words (the comment names the seed file and line), never copied from the reader's
output. Conventions are docs/conventions.md's: §2 amounts multiplied out with their printed precision
('RMB2,349.2 million' = 2349200000, decimals -5; '24.2%' = 0.242, decimals 3), inclusive periods;
§3 a value has the sign its concept gives it ('Net loss was RMB1,061.1 million' is ProfitLoss -1061100000).

Seeds:
  000 = 000_74d97d5e07486dff.txt  annual results FY2024
  001 = 001_8410975dc4ccff92.txt  interim results H1 2025
  002 = 002_f9d89c61d7d6e4d6.txt  annual results FY2025 (and two other announcements)
  003 = 003_5d25836ba150503a.txt  earnings release Q3 2024
  004 = 004_72f8a6b0e56348f2.txt  wire-service copy of the Q2 2025 release
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kcmodel.contexts import Period
from kcmodel.ingest.document import DocumentInfo, read_info
from kcmodel.ingest.forms import read_document
from kcmodel.ingest.prose import Kind, Mention, read_prose, table_line_numbers
from kcmodel.ingest.source import Line
from kcmodel.ingest.tables import find_tables
from kcmodel.taxonomy import Taxonomy
from tests.test_ingest_seeds import SEED_FILES  # the seeds by their number

NUMBER = re.compile(r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰]")
PUBLIC = (("ProductOrServiceAxis", "PublicCloudServicesMember"),)
ENTERPRISE = (("ProductOrServiceAxis", "EnterpriseCloudServicesMember"),)
OTHERS = (("ProductOrServiceAxis", "OtherServicesMember"),)
RD_STAFF = (("EmployeeFunctionAxis", "ResearchAndDevelopmentFunctionMember"),)


def Q(year: int, n: int) -> Period:
    end = {1: dt.date(year, 3, 31), 2: dt.date(year, 6, 30), 3: dt.date(year, 9, 30), 4: dt.date(year, 12, 31)}[n]
    return Period.duration(dt.date(year, 3 * n - 2, 1), end)


def H1(year: int) -> Period:
    return Period.duration(dt.date(year, 1, 1), dt.date(year, 6, 30))


def FY(year: int) -> Period:
    return Period.duration(dt.date(year, 1, 1), dt.date(year, 12, 31))


def AT(year: int, month: int, day: int) -> Period:
    return Period.instant(dt.date(year, month, day))


def DAY(year: int, month: int, day: int) -> Period:
    return Period.duration(dt.date(year, month, day), dt.date(year, month, day))


def info(period: Period, fiscal: str) -> DocumentInfo:
    assert period.start is not None
    return DocumentInfo(title="test", document_type="test", period_start=period.start, period_end=period.end,
                        fiscal_period=fiscal, published=None, rate=None, title_line=1)


Q2_2025 = info(Q(2025, 2), "Q2")
FY_2024 = info(FY(2024), "FY")


@functools.cache
def _taxonomy() -> Taxonomy:
    return Taxonomy.load()


def read(*texts: str, document: DocumentInfo = Q2_2025, skip: frozenset[int] = frozenset()) -> list[Mention]:
    """The mentions of hand-written prose lines (one string per line) in a document of ``document``'s period."""
    lines = [Line(number=n, raw=t, text=t) for n, t in enumerate(texts, start=1)]
    return read_prose(lines, set(skip), document, _taxonomy())


def one(mentions: list[Mention], text: str, line: int | None = None) -> Mention:
    found = [m for m in mentions if m.text == text and (line is None or m.line == line)]
    assert len(found) == 1, f"{text!r} on line {line}: {len(found)} mentions"
    return found[0]


def at(mentions: list[Mention], text: str, line: int | None = None) -> int:
    return mentions.index(one(mentions, text, line))


def check(m: Mention, **expected: object) -> None:
    wrong = {k: (getattr(m, k), v) for k, v in expected.items() if getattr(m, k) != v}
    assert not wrong, f"{m.text!r} (line {m.line}): {wrong}"


@functools.cache
def _seed(path: str) -> tuple[tuple[Line, ...], frozenset[int], tuple[Mention, ...]]:
    lines = read_document(Path(path)).lines
    skip = table_line_numbers(find_tables(lines))
    mentions = read_prose(lines, skip, read_info(lines, path), _taxonomy())
    return tuple(lines), frozenset(skip), tuple(mentions)


def seed(seeds: Path, key: str) -> list[Mention]:
    return list(_seed(str(seeds / SEED_FILES[key]))[2])


# -- precision as printed (docs/conventions.md §2) ------------------------------------------------------------------


@pytest.mark.parametrize("text, figure, value, decimals", [
    ("Total revenues were RMB2,349.2 million.", "RMB2,349.2 million", Decimal("2349200000"), -5),
    ("Total revenues were US$1.2 billion.", "US$1.2 billion", Decimal("1200000000"), -8),
    ("Total revenues were RMB50 million.", "RMB50 million", Decimal("50000000"), -6),
    ("Gross margin was 24.2%.", "24.2%", Decimal("0.242"), 3),
    ("Gross margin was 16%.", "16%", Decimal("0.16"), 2),
    ("Basic and diluted net loss per share was RMB0.29.", "RMB0.29", Decimal("-0.29"), 2),
    ("The Company had 13,868 employees as of June 30, 2025.", "13,868", Decimal("13868"), 0),
])
def test_a_figure_keeps_the_precision_it_is_printed_with(text, figure, value, decimals):
    check(one(read(text), figure), kind=Kind.level, value=value, decimals=decimals)


def test_a_zero_amount_is_zero_with_its_printed_precision():
    check(one(read("Impairment of long-lived assets was RMB0.0 million."), "RMB0.0 million"),
          concept="ImpairmentOfLongLivedAssetsHeldForUse", value=Decimal(0), decimals=-5)


# -- signs (docs/conventions.md §3) -----------------------------------------------------------------------------------


def test_a_loss_is_negative_in_its_gain_positive_concept_and_a_cost_positive():
    ms = read("Net loss was RMB1,061.1 million. Cost of revenues was RMB1,582.2 million. "
              "Basic and diluted net loss per share was RMB0.29 (US$0.04).")
    check(one(ms, "RMB1,061.1 million"), concept="ProfitLoss", value=Decimal("-1061100000"))
    check(one(ms, "RMB1,582.2 million"), concept="CostOfRevenue", value=Decimal("1582200000"))
    check(one(ms, "RMB0.29"), concept="EarningsPerShareBasicAndDiluted", value=Decimal("-0.29"), currency="CNY")
    check(one(ms, "US$0.04"), kind=Kind.translation, value=Decimal("-0.04"), currency="USD")


def test_a_negative_printout_or_word_makes_a_negative_value():
    ms = read("Non-GAAP EBITDA was RMB185.4 million, compared with RMB-45.4 million in the same quarter of 2024. "
              "Adjusted EBITDA margin was -2.8% last quarter. Net income was negative RMB5.0 million in the first quarter.")
    check(one(ms, "RMB-45.4 million"), concept="AdjustedEbitda", value=Decimal("-45400000"), period=Q(2024, 2))
    check(one(ms, "-2.8%"), concept="AdjustedEbitdaMargin", value=Decimal("-0.028"), period=Q(2025, 1))
    check(one(ms, "RMB5.0 million"), concept="ProfitLoss", value=Decimal("-5000000"), period=Q(2025, 1))


def test_a_loss_margin_printed_positive_is_negative():
    ms = read("Non-GAAP operating loss margin was 5.5%, significantly improved from 15.5% in 2024.", document=info(FY(2025), "FY"))
    check(one(ms, "5.5%"), concept="AdjustedOperatingIncomeLossMargin", value=Decimal("-0.055"), period=FY(2025))
    check(one(ms, "15.5%"), value=Decimal("-0.155"), period=FY(2024))


def test_cash_used_in_an_activity_is_an_outflow():
    check(one(read("Net cash used in operating activities was RMB418.4 million."), "RMB418.4 million"),
          concept="NetCashProvidedByUsedInOperatingActivities", value=Decimal("-418400000"))


# -- periods named in words --------------------------------------------------------------------------------


@pytest.mark.parametrize("words, period", [
    ("this quarter", Q(2025, 2)),
    ("last quarter", Q(2025, 1)),
    ("the previous quarter", Q(2025, 1)),
    ("the same quarter of 2023", Q(2023, 2)),
    ("the same quarter last year", Q(2024, 2)),
    ("the same period last year", Q(2024, 2)),
    ("the same period in 2024", Q(2024, 2)),
    ("the second quarter 2024", Q(2024, 2)),
    ("the first quarter this year", Q(2025, 1)),
    ("the first half of 2025", H1(2025)),
    ("the full year 2024", FY(2024)),
    ("the year ended December 31, 2023", FY(2023)),
    ("the six months ended June 30, 2024", H1(2024)),
    ("the Reporting Period", Q(2025, 2)),
])
def test_a_flow_takes_the_period_its_words_name(words, period):
    check(one(read(f"Selling and marketing expenses were RMB10.0 million in {words}."), "RMB10.0 million"),
          concept="SellingAndMarketingExpense", period=period)


def test_a_flow_without_words_for_its_period_is_the_documents():
    check(one(read("Gross profit was RMB338.9 million."), "RMB338.9 million"), period=Q(2025, 2))


def test_a_balance_is_at_its_date_or_at_the_end_of_the_period_named():
    ms = read("Cash and cash equivalents were RMB5,464.1 million as of June 30, 2025, compared with "
              "RMB2,648.8 million as at 31 December 2024 and RMB2,322.7 million last quarter. "
              "Cash and cash equivalents were RMB6.0 billion.")
    check(one(ms, "RMB5,464.1 million"), concept="CashAndCashEquivalentsAtCarryingValue", period=AT(2025, 6, 30))
    check(one(ms, "RMB2,648.8 million"), period=AT(2024, 12, 31))
    check(one(ms, "RMB2,322.7 million"), period=AT(2025, 3, 31))
    check(one(ms, "RMB6.0 billion"), period=AT(2025, 6, 30))


def test_a_sentence_opening_with_its_period_gives_it_to_its_figures():
    ms = read("In 2023, our research and development expenses were RMB784.8 million.", document=FY_2024)
    check(one(ms, "RMB784.8 million"), concept="ResearchAndDevelopmentExpense", period=FY(2023))


def test_a_year_alone_is_the_full_year_in_an_annual_report_and_the_same_span_in_a_quarterly_one():
    check(one(read("Gross margin was 12.1% in 2023.", document=FY_2024), "12.1%"), period=FY(2023))
    check(one(read("Gross margin was 12.1% in 2024."), "12.1%"), period=Q(2024, 2))


# -- translations ------------------------------------------------------------------------------------------


def test_a_us_dollar_amount_in_parentheses_translates_the_amount_before_it():
    ms = read("Total revenues reached RMB2,349.2 million (US$327.9 million).")
    level, usd = at(ms, "RMB2,349.2 million"), one(ms, "US$327.9 million")
    check(usd, kind=Kind.translation, translates=level, concept="Revenues", period=Q(2025, 2), currency="USD",
          value=Decimal("327900000"), decimals=-5)


def test_a_us_dollar_amount_not_in_parentheses_is_a_level_of_its_own():
    ms = read("The aggregate gross proceeds amount to US$291.9 million.")
    check(one(ms, "US$291.9 million"), kind=Kind.level, concept="EquityOfferingGrossProceeds", currency="USD")


# -- changes -----------------------------------------------------------------------------------------------


def test_a_change_links_the_levels_it_compares_and_takes_their_periods():
    ms = read("Revenues from public cloud services were RMB1,500.0 million, increased by 25.0% from "
              "RMB1,200.0 million in the same quarter of 2024 and increased by 20.0% from RMB1,250.0 million last quarter.")
    later = at(ms, "RMB1,500.0 million")
    check(one(ms, "25.0%"), kind=Kind.change, concept="Revenues", members=PUBLIC, period=Q(2025, 2), compared=Q(2024, 2),
          value=Decimal("0.250"), decimals=3, changes=later, compared_level=at(ms, "RMB1,200.0 million"))
    check(one(ms, "20.0%"), compared=Q(2025, 1), changes=later, compared_level=at(ms, "RMB1,250.0 million"))
    check(one(ms, "RMB1,200.0 million"), kind=Kind.level, members=PUBLIC, period=Q(2024, 2))


def test_a_decrease_is_negative_even_when_printed_positive():
    ms = read("General and administrative expenses decreased by 21.0% from RMB215.7 million in the same period in 2024 "
              "and 36.0% from RMB266.2 million last quarter.")
    check(one(ms, "21.0%"), value=Decimal("-0.210"), compared=Q(2024, 2))
    check(one(ms, "36.0%"), value=Decimal("-0.360"), compared=Q(2025, 1))


def test_a_change_without_a_printed_comparison_is_year_over_year():
    ms = read("Our revenue increased by 24.2% year-over-year, achieving RMB2,349.2 million. "
              "Adjusted gross profit increased by 7.0% quarter-over-quarter. Topline growth was 16%.")
    check(one(ms, "24.2%"), compared=Q(2024, 2), changes=at(ms, "RMB2,349.2 million"))
    check(one(ms, "7.0%"), concept="AdjustedGrossProfit", compared=Q(2025, 1), changes=None)
    check(one(ms, "16%"), concept="Revenues", compared=Q(2024, 2), value=Decimal("0.16"), decimals=2)


def test_a_change_from_one_level_to_another():
    ms = read("IDC costs increased by 10.3% year-over-year from RMB728.2 million to RMB803.1 million this quarter.")
    check(one(ms, "10.3%"), concept="CostOfRevenueIdc", changes=at(ms, "RMB803.1 million"),
          compared_level=at(ms, "RMB728.2 million"), compared=Q(2024, 2))
    check(one(ms, "RMB728.2 million"), period=Q(2024, 2))
    check(one(ms, "RMB803.1 million"), period=Q(2025, 2))


def test_a_change_in_percentage_points_is_a_difference():
    ms = read("Adjusted EBITDA margin was 16.8%, increased by 14.2 percentage points from 2.6% in the same quarter of 2024.")
    check(one(ms, "14.2 percentage points"), kind=Kind.change, points=True, value=Decimal("0.142"), decimals=3,
          concept="AdjustedEbitdaMargin", compared=Q(2024, 2), changes=at(ms, "16.8%"), compared_level=at(ms, "2.6%"))


def test_a_fold_growth_is_the_relative_change_less_one():
    ms = read("Adjusted gross margin grew 4.5-fold to 16.3% in this quarter.")
    check(one(ms, "4.5-fold"), kind=Kind.change, value=Decimal("3.5"), decimals=1, concept="AdjustedGrossMargin")


def test_the_printed_levels_decide_which_quantity_a_change_belongs_to():
    # the change follows the impairment, but only total operating expenses went from 1,001.1 to 1,447.1 by 44.6%
    ms = read("Total operating expenses were RMB1,447.1 million, including impairment of long-lived assets of "
              "RMB919.7 million, increased by 44.6% from RMB1,001.1 million in the same quarter of 2024.")
    check(one(ms, "44.6%"), concept="OperatingExpenses", changes=at(ms, "RMB1,447.1 million"))
    check(one(ms, "RMB1,001.1 million"), concept="OperatingExpenses", period=Q(2024, 2))
    check(one(ms, "RMB919.7 million"), concept="ImpairmentOfLongLivedAssetsHeldForUse", period=Q(2025, 2))


# -- shares, bounds --------------------------------------------------------------------------------------


def test_a_share_of_a_total():
    ms = read("Gross billing of AI business reached RMB728.7 million, accounting for 44.8% of our public cloud services.")
    check(one(ms, "44.8%"), kind=Kind.share, concept="AiBusinessGrossBillingShareOfPublicCloudRevenue",
          value=Decimal("0.448"), decimals=3, period=Q(2025, 2))


@pytest.mark.parametrize("word, bound", [
    ("approximately", "about"), ("around", "about"), ("about", "about"), ("nearly", "about"), ("close to", "about"),
    ("over", "above"), ("more than", "above"), ("exceeding", "above"), ("less than", "below"), ("under", "below"),
])
def test_an_inexact_word_makes_a_bound_never_a_level(word, bound):
    check(one(read(f"Total revenues were {word} RMB2.3 billion."), "RMB2.3 billion"),
          kind=Kind.bound, bound=bound, stated=Kind.level, concept="Revenues", value=Decimal("2300000000"))


def test_an_inexact_growth_rate_is_a_bound_that_keeps_its_comparison():
    ms = read("Our gross billing of AI business increased by over 120% year-over-year to RMB728.7 million.")
    check(one(ms, "120%"), kind=Kind.bound, bound="above", stated=Kind.change, concept="AiBusinessGrossBilling",
          compared=Q(2024, 2), value=Decimal("1.20"), changes=at(ms, "RMB728.7 million"))


# -- quantities only the prose states ----------------------------------------------------------------------


def test_counts_of_people_servers_and_shares():
    ms = read("As of June 30, 2025, we owned around 110,000 servers. Our research and development personnel reached "
              "1,094 as of June 30, 2025. Outstanding ordinary shares were 4,099,278,352 as of June 30, 2025, "
              "equivalent to about 273,285,223 ADSs.")
    check(one(ms, "110,000"), kind=Kind.bound, concept="NumberOfServers", period=AT(2025, 6, 30), value=Decimal(110000))
    check(one(ms, "1,094"), kind=Kind.level, concept="EntityNumberOfEmployees", members=RD_STAFF, period=AT(2025, 6, 30))
    check(one(ms, "4,099,278,352"), concept="CommonStockSharesOutstanding", decimals=0)
    check(one(ms, "273,285,223"), kind=Kind.bound, concept="AmericanDepositarySharesEquivalentOfSharesOutstanding")


def test_shares_issued_on_a_day_and_shares_bought_back():
    ms = read("The Company has allotted and issued 17,300,000 firm ADSs at US$11.27 per ADS on April 17, 2025, and "
              "18,000,000 offer shares at HK$5.83 per Share on April 25, 2025.",
              "We repurchased 1,000,000 ADSs for US$5.0 million.")
    check(one(ms, "17,300,000"), concept="AmericanDepositarySharesIssued", period=DAY(2025, 4, 17))
    check(one(ms, "US$11.27"), concept="SaleOfAmericanDepositarySharesPricePerAds", currency="USD", period=DAY(2025, 4, 17))
    check(one(ms, "HK$5.83"), concept="SaleOfStockPricePerShare", currency="HKD", value=Decimal("5.83"), period=DAY(2025, 4, 25))
    check(one(ms, "1,000,000"), concept="AmericanDepositarySharesRepurchased")
    check(one(ms, "US$5.0 million"), concept="PaymentsForRepurchaseOfCommonStock", currency="USD")


def test_subjects_joined_by_and_take_the_amounts_in_order():
    ms = read("Fulfillment costs and other costs were RMB25.8 million (US$3.6 million) and RMB65.8 million (US$9.1 million).")
    check(one(ms, "RMB25.8 million"), concept="CostOfRevenueFulfillment")
    check(one(ms, "US$3.6 million"), concept="CostOfRevenueFulfillment", kind=Kind.translation)
    check(one(ms, "RMB65.8 million"), concept="CostOfRevenueOther")


def test_a_shortened_subject_in_a_comparison_means_the_sentences_subject():
    ms = read("Non-GAAP operating loss was RMB166.4 million, compared with operating loss of RMB188.5 million last quarter.")
    check(one(ms, "RMB188.5 million"), concept="AdjustedOperatingIncomeLoss", value=Decimal("-188500000"), period=Q(2025, 1))


def test_gearing_ratio_means_what_its_paragraph_defines():
    liabilities = read("As at 30 June 2025, the gearing ratio of the Group, being total liabilities divided by "
                       "total assets, was 65.0%.")
    check(one(liabilities, "65.0%"), concept="LiabilitiesToAssetsRatio", period=AT(2025, 6, 30), value=Decimal("0.650"))
    equity = read("Gearing ratio is calculated by dividing borrowings by total equity and multiplied by 100%. "
                  "As of December 31, 2024, the gearing ratio was 110.0% (as of December 31, 2023: 40.0%).", document=FY_2024)
    check(one(equity, "110.0%"), concept="GearingRatio", period=AT(2024, 12, 31))
    check(one(equity, "40.0%"), concept="GearingRatio", period=AT(2023, 12, 31))
    check(one(equity, "100%"), kind=Kind.not_data, reason="a factor in a definition")


def test_amounts_after_a_statement_that_values_are_in_thousands_are_thousands():
    ms = read("All values are rounded to the nearest thousand (RMB'000) except when otherwise indicated.",
              "As of June 30, 2025, the Group had an accumulated deficit and net current liabilities of "
              "RMB12,000,000 (US$1,675,135) and RMB400,000 (US$55,839), respectively.")
    check(one(ms, "RMB12,000,000"), concept="RetainedEarningsAccumulatedDeficit", value=Decimal("-12000000000"), decimals=-3)
    check(one(ms, "US$1,675,135"), kind=Kind.translation, value=Decimal("-1675135000"), decimals=-3)
    check(one(ms, "RMB400,000"), concept="NetCurrentAssets", value=Decimal("-400000000"), period=AT(2025, 6, 30))
    check(one(ms, "000"), kind=Kind.not_data, reason="a unit label")


def test_an_amount_missing_its_scale_word_is_read_as_printed_and_flagged():
    m = one(read("Non-GAAP EBITDA was RMB638.9 million, compared with negative RMB265.1 in 2024.", document=info(FY(2025), "FY")),
            "RMB265.1")
    check(m, kind=Kind.level, concept="AdjustedEbitda", value=Decimal("-265.1"), period=FY(2024))
    assert "scale word" in m.reason


def test_a_quantity_without_a_concept_is_a_level_that_says_so():
    m = one(read("We launched a product with 51 enhanced alert monitoring items."), "51")
    check(m, kind=Kind.level, concept=None)
    assert m.reason == 'no concept for "enhanced alert monitoring items"'


# -- not data ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, figure, reason", [
    ("The call is on Tuesday, November 19, 2024.", "November 19, 2024", "a date"),
    ("As at 31 December 2024, nothing.", "31 December 2024", "a date"),
    ("Published 08/20/2025.", "08/20/2025", "a date"),
    ("For the month of March 2025", "March 2025", "a date"),
    ("We listed on NASDAQ in 2020.", "2020", "a year"),
    ("The call starts at 7:15 A.M., U.S. Eastern Time.", "7:15 A.M.", "a time"),
    ("Tel: +86 (10) 6292-7777 Ext. 6300", "+86 (10) 6292-7777 Ext. 6300", "a phone number"),
    ("Register at <https://register.example.com/B19c3a629d6e>.", "<https://register.example.com/B19c3a629d6e>", "a web address"),
    ("(Stock Code: 3896)", "3896", "a stock code"),
    ("PURSUANT TO RULE 13a-16 OR 15d-16 OF", "13a-16", "a rule or law reference"),
    ("pursuant to Rules 13.51(2)(h) of the Listing Rules", "13.51(2)(h)", "a rule or law reference"),
    ("set forth in Appendix C1 to the Rules", "C1", "a rule or law reference"),
    ("annual reports under cover Form 20-F", "20-F", "a form number"),
    ("Commission file number: 001-39278", "001-39278", "a file number"),
    ("In accordance with ASC 280-10, the Group has one segment.", "ASC 280-10", "an accounting standard reference"),
    ("Building D, No. 33 Xierqi Middle Road,", "33", "an address"),
    ("Mr. Zou Tao, aged 50, has served as a Director.", "50", "a person's age"),
    ("by giving not less than 30 days' written notice", "30 days", "a duration (a term, not a company quantity)"),
    ("such as Qwen3 and KPFS2.0", "Qwen3", "part of a name (a product, model or generation)"),
    ("subject to the statutory income tax rate of 25%, in accordance with the law", "25%", "a tax rate of a law"),
    ("an investment with a value of 5% or more of total assets", "5%", "a percentage threshold in a rule"),
    ("1. CORPORATE INFORMATION", "1", "a section number"),
    ("99.1 Announcement of Annual Results", "99.1", "an exhibit number"),
    ("EX-99.1", "99.1", "an exhibit number"),
    ("[1] This announcement contains translations.", "[1]", "a note reference"),
    ("Non-GAAP EBITDA² is defined below.", "²", "a note reference"),
])
def test_a_number_that_is_no_company_quantity_says_what_it_is(text, figure, reason):
    check(one(read(text), figure), kind=Kind.not_data, reason=reason, concept=None, value=None)


def test_a_note_marker_inside_a_figure_is_a_mention_of_its_own():
    ms = read("Total revenues reached RMB1,885.6 million (US$268.7¹ million).")
    usd, marker = one(ms, "US$268.7¹ million"), one(ms, "¹")
    check(usd, kind=Kind.translation, value=Decimal("268700000"))
    assert usd.start < marker.start < usd.end and ms.index(marker) == ms.index(usd) + 1


def test_the_convenience_rate_is_a_level_of_the_rate_concept_at_its_date():
    ms = read("Translations were made at a rate of RMB7.1636 to US$1.00, the noon buying rate in effect on June 30, 2025.")
    check(one(ms, "RMB7.1636 to US$1.00"), concept="ConvenienceTranslationExchangeRate", value=Decimal("7.1636"),
          decimals=4, period=AT(2025, 6, 30))


# -- reading order, lines, robustness ------------------------------------------------------------------------


def test_table_lines_are_not_read_and_spans_are_in_their_own_lines():
    ms = read("Gross margin was 14.4%.", "Total revenues\t1,891,780\t2,349,227", "Net loss was RMB456.9 million.",
              skip=frozenset({2}))
    assert [(m.line, m.text) for m in ms] == [(1, "14.4%"), (3, "RMB456.9 million")]
    assert ms[1].start == len("Net loss was ") and ms[1].end == ms[1].start + len("RMB456.9 million")


def test_a_sentence_broken_across_lines_is_read_as_one():
    ms = read("Research and development expenses were RMB190.0 million, decreased by 5.0% from RMB200.0 million in the same period in",
              "",
              "2024 and decreased by 10.0% from RMB211.1 million last quarter.")
    check(one(ms, "RMB200.0 million"), line=1, period=Q(2024, 2))
    check(one(ms, "10.0%"), line=3, concept="ResearchAndDevelopmentExpense", compared=Q(2025, 1), value=Decimal("-0.100"))
    check(one(ms, "2024"), line=3, kind=Kind.not_data, reason="a year")


@pytest.mark.parametrize("text", [
    "", "   ", "RMB", "US$ million", "%", "-", "RMB-", "(1)", "1.2.3.4", "¹²³", "[12]", "RMB1,2,3 million",
    "increased by % from RMB million", "as of February 30, 2025 cash was RMB1.0 million", "the first quarter of 9999",
    "Net loss was RMB" + "9" * 400 + " million.", "from from from 1% to to 2% 3-fold 4 percentage points",
    "(as of : 5%)", "The same quarter of 2023: (US$1.0 million)", "\x00\x01 RMB1.0 million \u200b",
])
def test_odd_input_never_raises_and_every_number_gets_a_mention(text):
    _assert_covered([text], read(text))


def test_random_input_never_raises_and_every_number_gets_a_mention():
    pieces = ["RMB", "US$", "HK$", "1,234.5", "12", "2024", "%", "million", "billion", "increased by", "from", "to",
              "approximately", "over", "as of", "June 30, 2025", "last quarter", "the same quarter of", "(", ")", ",",
              ".", ";", "net loss", "revenues", "gross margin", "employees", "-", "¹", "[2]", "percentage points",
              "-fold", "per share", "and", "\t"]
    rng = random.Random(11)
    for _ in range(300):
        texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(rng.randint(1, 3))]
        _assert_covered(texts, read(*texts))


def _assert_covered(texts: list[str], mentions: list[Mention]) -> None:
    for m in mentions:
        assert texts[m.line - 1][m.start:m.end] == m.text
        for link in (m.translates, m.changes, m.compared_level):
            assert link is None or 0 <= link < len(mentions)
    for number, text in enumerate(texts, start=1):
        spans = [(m.start, m.end) for m in mentions if m.line == number]
        missing = [d.start() for d in NUMBER.finditer(text) if not any(a <= d.start() < b for a, b in spans)]
        assert not missing, f"line {number}: {text!r} has numbers without a mention at {missing}"


# -- the seeds -----------------------------------------------------------------------------------------------

COUNTS = {
    "000": {"bound": 1, "change": 13, "level": 77, "not-data": 123, "translation": 33},
    "001": {"bound": 2, "change": 15, "level": 80, "not-data": 126, "translation": 31},
    "002": {"bound": 3, "change": 14, "level": 93, "not-data": 190, "share": 2, "translation": 34},
    "003": {"bound": 2, "change": 26, "level": 86, "not-data": 78, "translation": 29},
    "004": {"bound": 2, "change": 28, "level": 78, "not-data": 52, "share": 2, "translation": 23},
}


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_every_number_of_every_prose_line_of_a_seed_is_one_mention(seeds, key):
    lines, skip, mentions = _seed(str(seeds / SEED_FILES[key]))
    assert dict(sorted(Counter(m.kind.value for m in mentions).items())) == COUNTS[key]
    for m in mentions:
        assert lines[m.line - 1].text[m.start:m.end] == m.text and m.line not in skip
        assert m.text in m.sentence
    for line in lines:
        if line.number in skip:
            continue
        spans = [(m.start, m.end) for m in mentions if m.line == line.number]
        missing = [d.start() for d in NUMBER.finditer(line.text) if not any(a <= d.start() < b for a, b in spans)]
        assert not missing, f"{SEED_FILES[key]}:{line.number} numbers without a mention at {missing}"
    levels = [m for m in mentions if m.kind is Kind.level and m.concept is not None]
    assert all(m.period is not None and m.value is not None and m.decimals is not None for m in levels)
    for m in mentions:
        if m.translates is not None:
            assert mentions[m.translates].kind in (Kind.level, Kind.bound)
        for link in (m.changes, m.compared_level):
            assert link is None or mentions[link].kind in (Kind.level, Kind.bound)


@pytest.mark.parametrize("key", ["003", "004"])
def test_a_seed_typeset_as_html_states_the_same_quantities_as_its_text(seeds, key):
    from kcmodel.ingest.forms import read_data
    from tests.forms.render_html import filing_agent_a, newswire_b

    def stated(lines: list[Line]) -> Counter:
        mentions = read_prose(lines, table_line_numbers(find_tables(lines)), read_info(lines, key), _taxonomy())
        return Counter((m.kind, m.concept, m.members, m.period, m.value, m.decimals) for m in mentions if m.kind is not Kind.not_data)

    path = seeds / SEED_FILES[key]
    expected = stated(list(_seed(str(path))[0]))
    for render in (filing_agent_a, newswire_b):
        assert stated(read_data(render(path), str(path), path.name + ".htm").lines) == expected, render.__name__


def test_004_amount_with_its_translation_and_growth_against_two_periods(seeds):
    ms = seed(seeds, "004")
    # 004:17 [RMB2,349.2 million, US$327.9, 24.2%, RMB1,891.8 million, 2024, 19.3%, RMB1,970.0 million, 2025]
    level = at(ms, "RMB2,349.2 million", 17)
    check(ms[level], kind=Kind.level, concept="Revenues", members=(), period=Q(2025, 2), currency="CNY",
          value=Decimal("2349200000"), decimals=-5)
    check(one(ms, "US$327.9¹ million", 17), kind=Kind.translation, translates=level, concept="Revenues",
          period=Q(2025, 2), currency="USD", value=Decimal("327900000"), decimals=-5)
    check(one(ms, "¹", 17), kind=Kind.not_data, reason="a note reference")
    check(one(ms, "24.2%", 17), kind=Kind.change, concept="Revenues", period=Q(2025, 2), compared=Q(2024, 2),
          value=Decimal("0.242"), decimals=3, changes=level, compared_level=at(ms, "RMB1,891.8 million", 17))
    check(one(ms, "RMB1,891.8 million", 17), kind=Kind.level, period=Q(2024, 2), value=Decimal("1891800000"))
    check(one(ms, "19.3%", 17), compared=Q(2025, 1), value=Decimal("0.193"), compared_level=at(ms, "RMB1,970.0 million", 17))
    check(one(ms, "RMB1,970.0 million", 17), period=Q(2025, 1))


def test_003_growth_with_both_levels_and_a_decrease_against_last_quarter(seeds):
    ms = seed(seeds, "003")
    # 003:55 [RMB1,885.6 million, US$268.7, 16.0%, RMB1,625.2 million, 2023]
    check(one(ms, "16.0%", 55), kind=Kind.change, concept="Revenues", period=Q(2024, 3), compared=Q(2023, 3),
          value=Decimal("0.160"), decimals=3, changes=at(ms, "RMB1,885.6 million", 55),
          compared_level=at(ms, "RMB1,625.2 million", 55))
    check(one(ms, "RMB1,625.2 million", 55), kind=Kind.level, period=Q(2023, 3), value=Decimal("1625200000"))
    # 003:71 [RMB1,175.5 million, US$167.5 million, 15.6%, RMB1,016.6 million, 2023, 4.8%, RMB1,234.5 million]
    check(one(ms, "RMB1,175.5 million", 71), concept="Revenues", members=PUBLIC, period=Q(2024, 3))
    check(one(ms, "4.8%", 71), kind=Kind.change, members=PUBLIC, value=Decimal("-0.048"), compared=Q(2024, 2),
          compared_level=at(ms, "RMB1,234.5 million", 71), changes=at(ms, "RMB1,175.5 million", 71))
    check(one(ms, "RMB1,234.5 million", 71), members=PUBLIC, period=Q(2024, 2))


def test_003_levels_compared_with_other_periods_levels(seeds):
    ms = seed(seeds, "003")
    # 003:97 [RMB1,061.1 million, US$151.2 million, RMB789.7 million, 2023, RMB353.7 million, RMB919.7 million]
    check(one(ms, "RMB1,061.1 million", 97), concept="ProfitLoss", period=Q(2024, 3), value=Decimal("-1061100000"), decimals=-5)
    check(one(ms, "US$151.2 million", 97), kind=Kind.translation, value=Decimal("-151200000"))
    check(one(ms, "RMB789.7 million", 97), concept="ProfitLoss", period=Q(2023, 3), value=Decimal("-789700000"))
    check(one(ms, "RMB353.7 million", 97), concept="ProfitLoss", period=Q(2024, 2), value=Decimal("-353700000"))
    check(one(ms, "RMB919.7 million", 97), concept="ImpairmentOfLongLivedAssetsHeldForUse", value=Decimal("919700000"))
    # 003:101 [RMB185.4 million, US$26.4 million, RMB-45.4 million, 2023, RMB60.6 million, 9.8%, -2.8%, 2023,
    # 3.2%]
    check(one(ms, "⁷", 101), kind=Kind.not_data, reason="a note reference")
    check(one(ms, "RMB185.4 million", 101), concept="AdjustedEbitda", period=Q(2024, 3), value=Decimal("185400000"))
    check(one(ms, "RMB-45.4 million", 101), concept="AdjustedEbitda", period=Q(2023, 3), value=Decimal("-45400000"))
    check(one(ms, "-2.8%", 101), concept="AdjustedEbitdaMargin", period=Q(2023, 3), value=Decimal("-0.028"), decimals=3)
    check(one(ms, "3.2%", 101), concept="AdjustedEbitdaMargin", period=Q(2024, 2), value=Decimal("0.032"))
    # 003:109 [RMB0.29, US$0.04, RMB0.22, 2023, RMB0.10]
    check(one(ms, "RMB0.29", 109), concept="EarningsPerShareBasicAndDiluted", value=Decimal("-0.29"), decimals=2,
          currency="CNY", period=Q(2024, 3))
    check(one(ms, "US$0.04", 109), kind=Kind.translation, value=Decimal("-0.04"), decimals=2, currency="USD")
    check(one(ms, "RMB0.22", 109), value=Decimal("-0.22"), period=Q(2023, 3))


def test_003_the_operating_expenses_change_belongs_to_the_total_not_the_impairment(seeds):
    ms = seed(seeds, "003")
    # 003:85 [RMB1,447.1 million, US$206.2 million, RMB919.7 million, US$131.1 million, 44.6%, RMB1,001.1
    # million, 2023, RMB527.4 million, US$75.2million, 1.0%, RMB532.5 million]
    check(one(ms, "44.6%", 85), concept="OperatingExpenses", changes=at(ms, "RMB1,447.1 million", 85),
          compared_level=at(ms, "RMB1,001.1 million", 85), compared=Q(2023, 3))
    check(one(ms, "RMB1,001.1 million", 85), concept="OperatingExpenses", period=Q(2023, 3))
    check(one(ms, "US$75.2million", 85), kind=Kind.translation, concept="OperatingExpensesExcludingImpairment",
          value=Decimal("75200000"))
    check(one(ms, "1.0%", 85), concept="OperatingExpensesExcludingImpairment", value=Decimal("-0.010"), compared=Q(2023, 3))


def test_003_ceo_and_cfo_quotes(seeds):
    ms = seed(seeds, "003")
    # 003:59 CEO: [16%, 9.8%, 2024, RMB362 million, 31%, 36%]
    check(one(ms, "16%", 59), kind=Kind.change, concept="Revenues", value=Decimal("0.16"), decimals=2,
          period=Q(2024, 3), compared=Q(2023, 3))
    check(one(ms, "9.8%", 59), kind=Kind.level, concept="AdjustedEbitdaMargin", period=Q(2024, 3))
    check(one(ms, "RMB362 million", 59), kind=Kind.level, concept="AiBusinessGrossBilling", period=Q(2024, 3),
          value=Decimal("362000000"), decimals=-6)
    check(one(ms, "31%", 59), kind=Kind.bound, bound="about", stated=Kind.share,
          concept="AiBusinessGrossBillingShareOfPublicCloudRevenue", value=Decimal("0.31"), period=Q(2024, 3))
    check(one(ms, "36%", 59), kind=Kind.change, concept="EcosystemRevenue", value=Decimal("0.36"), compared=Q(2023, 3))
    # 003:61 CFO: [3.6%, 2022, 4.5, 16.3%, 8.6%, 2022, 9.8%, 18.4]
    check(one(ms, "RMB1,885.6 million", 61), concept="Revenues", period=Q(2024, 3))
    check(one(ms, "3.6%", 61), concept="AdjustedGrossMargin", period=Q(2022, 2), value=Decimal("0.036"))
    check(one(ms, "4.5-fold", 61), kind=Kind.change, concept="AdjustedGrossMargin", value=Decimal("3.5"), decimals=1,
          changes=at(ms, "16.3%", 61), compared_level=at(ms, "3.6%", 61), compared=Q(2022, 2))
    check(one(ms, "16.3%", 61), concept="AdjustedGrossMargin", period=Q(2024, 3))
    check(one(ms, "8.6%", 61), concept="AdjustedEbitdaMargin", period=Q(2022, 2), value=Decimal("-0.086"))
    check(one(ms, "9.8%", 61), concept="AdjustedEbitdaMargin", period=Q(2024, 3), value=Decimal("0.098"))
    check(one(ms, "18.4 percentage points", 61), kind=Kind.change, points=True, concept="AdjustedEbitdaMargin",
          value=Decimal("0.184"), compared=Q(2022, 2), compared_level=at(ms, "8.6%", 61), changes=at(ms, "9.8%", 61))


def test_004_ceo_quote_ai_gross_billing_and_ecosystem_revenue(seeds):
    ms = seed(seeds, "004")
    # 004:11 [120%, RMB728.7 million, 44.8%, 69.5%, RMB628.9 million, RMB1,125.0 million, 40%, 2025]
    ai = at(ms, "RMB728.7 million", 11)
    check(ms[ai], kind=Kind.level, concept="AiBusinessGrossBilling", period=Q(2025, 2), value=Decimal("728700000"), decimals=-5)
    check(one(ms, "120%", 11), kind=Kind.bound, bound="above", stated=Kind.change, concept="AiBusinessGrossBilling",
          value=Decimal("1.20"), decimals=2, period=Q(2025, 2), compared=Q(2024, 2), changes=ai)
    check(one(ms, "44.8%", 11), kind=Kind.share, concept="AiBusinessGrossBillingShareOfPublicCloudRevenue",
          value=Decimal("0.448"), period=Q(2025, 2))
    quarter = at(ms, "RMB628.9 million", 11)
    check(ms[quarter], kind=Kind.level, concept="EcosystemRevenue", period=Q(2025, 2), value=Decimal("628900000"))
    check(one(ms, "69.5%", 11), kind=Kind.change, concept="EcosystemRevenue", value=Decimal("0.695"),
          period=Q(2025, 2), compared=Q(2024, 2), changes=quarter)
    check(one(ms, "RMB1,125.0 million", 11), kind=Kind.level, concept="EcosystemRevenue", period=H1(2025),
          value=Decimal("1125000000"), decimals=-5)
    check(one(ms, "40%", 11), kind=Kind.share, concept="EcosystemRevenueShareOfConnectedTransactionCap",
          value=Decimal("0.40"), decimals=2, period=H1(2025))
    # 004:19 [RMB728.7 million, US$101.7 million]
    check(one(ms, "US$101.7 million", 19), kind=Kind.translation, concept="AiBusinessGrossBilling", period=Q(2025, 2),
          translates=at(ms, "RMB728.7 million", 19))


def test_004_cfo_quote_changes_without_levels_and_margins_of_three_quarters(seeds):
    ms = seed(seeds, "004")
    # 004:13 [RMB350.6 million, 8.4%, 7.0%, 14.9%, 17.1%, 2024, 16.6%, 17.3%, 14.1]
    gross = at(ms, "RMB350.6 million", 13)
    check(one(ms, "8.4%", 13), concept="AdjustedGrossProfit", compared=Q(2024, 2), changes=gross, value=Decimal("0.084"))
    check(one(ms, "7.0%", 13), concept="AdjustedGrossProfit", compared=Q(2025, 1), changes=gross, value=Decimal("0.070"))
    check(one(ms, "14.9%", 13), concept="AdjustedGrossMargin", period=Q(2025, 2))
    check(one(ms, "17.1%", 13), concept="AdjustedGrossMargin", period=Q(2024, 2))
    check(one(ms, "16.6%", 13), concept="AdjustedGrossMargin", period=Q(2025, 1))
    check(one(ms, "14.1 percentage points", 13), points=True, concept="AdjustedEbitdaMargin", compared=Q(2024, 2),
          changes=at(ms, "17.3%", 13))


def test_004_a_sentence_broken_by_a_blank_line_keeps_its_period(seeds):
    ms = seed(seeds, "004")
    # 004:35 [RMB194.3 million, US$27.1 million, 4.7%, RMB204.0 million] / 004:37 [2024, 14.1%, RMB226.2
    # million]
    check(one(ms, "RMB204.0 million", 35), concept="ResearchAndDevelopmentExpense", period=Q(2024, 2))
    check(one(ms, "4.7%", 35), value=Decimal("-0.047"), compared=Q(2024, 2))
    check(one(ms, "2024", 37), kind=Kind.not_data, reason="a year")
    check(one(ms, "14.1%", 37), concept="ResearchAndDevelopmentExpense", value=Decimal("-0.141"), compared=Q(2025, 1),
          changes=at(ms, "RMB194.3 million", 35), compared_level=at(ms, "RMB226.2 million", 37))
    # 004:39 [RMB166.4 million, US$23.2 million, RMB188.5 million, RMB55.8 million]
    check(one(ms, "RMB188.5 million", 39), concept="AdjustedOperatingIncomeLoss", period=Q(2024, 2), value=Decimal("-188500000"))
    check(one(ms, "RMB55.8 million", 39), concept="AdjustedOperatingIncomeLoss", period=Q(2025, 1))


def test_balances_as_of_dates_and_counts(seeds):
    ms = seed(seeds, "003")
    # 003:111 [RMB1,617.9 million, US$230.6 million, 30, 2024, RMB1,837.8 million, 30, 2024]
    check(one(ms, "RMB1,617.9 million", 111), concept="CashAndCashEquivalentsAtCarryingValue", period=AT(2024, 9, 30),
          value=Decimal("1617900000"))
    check(one(ms, "US$230.6 million", 111), kind=Kind.translation, period=AT(2024, 9, 30), currency="USD")
    check(one(ms, "RMB1,837.8 million", 111), period=AT(2024, 6, 30))
    # 003:113 [3,621,895,582, 30, 2024, 241,459,705]
    check(one(ms, "3,621,895,582", 113), concept="CommonStockSharesOutstanding", period=AT(2024, 9, 30),
          value=Decimal("3621895582"), decimals=0)
    check(one(ms, "241,459,705", 113), kind=Kind.bound, bound="about",
          concept="AmericanDepositarySharesEquivalentOfSharesOutstanding", period=AT(2024, 9, 30))
    ms = seed(seeds, "000")
    # 000:258 [31, 2024, RMB2,648.8 million, US$362.9 million, 17.4%, RMB2,255.3 million, 31, 2023]
    check(one(ms, "RMB2,648.8 million", 258), concept="CashAndCashEquivalentsAtCarryingValue", period=AT(2024, 12, 31))
    check(one(ms, "17.4%", 258), kind=Kind.change, period=AT(2024, 12, 31), compared=AT(2023, 12, 31),
          compared_level=at(ms, "RMB2,255.3 million", 258))
    check(one(ms, "RMB2,255.3 million", 258), period=AT(2023, 12, 31))
    # 000:180 [2024, RMB846.0 million, 1,188, 31, 2024]
    check(one(ms, "RMB846.0 million", 180), concept="ResearchAndDevelopmentExpense", period=FY(2024))
    check(one(ms, "1,188", 180), concept="EntityNumberOfEmployees", members=RD_STAFF, period=AT(2024, 12, 31),
          value=Decimal(1188), decimals=0)
    # 000:282 [12,335, 31, 2024]
    check(one(ms, "12,335", 282), concept="EntityNumberOfEmployees", members=(), period=AT(2024, 12, 31))
    # 000:168 [104,000]
    check(one(ms, "104,000", 168), kind=Kind.bound, bound="about", concept="NumberOfServers", period=AT(2024, 12, 31))
    # 001:278 [13,868, 30, 2025]
    check(one(seed(seeds, "001"), "13,868", 278), concept="EntityNumberOfEmployees", period=AT(2025, 6, 30),
          value=Decimal(13868))


def test_000_annual_highlights_in_thousands_notes_and_a_missing_scale_word(seeds):
    ms = seed(seeds, "000")
    # 000:156 [RMB638.9 million, US$87.5 million, RMB265.1, 2023] -- 'million' is missing; the table prints
    # (265,064) thousand
    m = one(ms, "RMB265.1", 156)
    check(m, kind=Kind.level, concept="AdjustedEbitda", period=FY(2023), value=Decimal("-265.1"), decimals=1)
    assert "scale word" in m.reason
    # 000:248 prints it with its scale: [RMB-265.1 million, 2023]
    check(one(ms, "RMB-265.1 million", 248), concept="AdjustedEbitda", period=FY(2023), value=Decimal("-265100000"), reason="")
    # 000:242 [5.5%, 15.5%, 2023]
    check(one(ms, "5.5%", 242), concept="AdjustedOperatingIncomeLossMargin", value=Decimal("-0.055"), period=FY(2024))
    # 000:487 [RMB14,291,957, US$1,957,990, RMB2,318,649, US$317,653] -- after 000:481 [prose]
    check(one(ms, "RMB14,291,957", 487), concept="RetainedEarningsAccumulatedDeficit", period=AT(2024, 12, 31),
          value=Decimal("-14291957000"), decimals=-3)
    check(one(ms, "US$317,653", 487), kind=Kind.translation, concept="NetCurrentAssets", value=Decimal("-317653000"))
    # 000:489 [RMB2,820,523, US$386,410]
    check(one(ms, "RMB2,820,523", 489), concept="CashCashEquivalentsRestrictedCashAndShortTermInvestments",
          value=Decimal("2820523000"))
    # 000:266 [31, 2024, 127.2%, 31, 2023, 36.2%]
    check(one(ms, "127.2%", 266), concept="GearingRatio", period=AT(2024, 12, 31), value=Decimal("1.272"))
    check(one(ms, "36.2%", 266), concept="GearingRatio", period=AT(2023, 12, 31))
    # 000:170 capital expenditures [RMB4,124.7 million, US$565.1 million, RMB1,964.7 million, US$276.7 million,
    # 31, 2023]
    check(one(ms, "RMB4,124.7 million", 170), concept="CapitalExpenditures", period=FY(2024))
    check(one(ms, "US$276.7 million", 170), kind=Kind.translation, concept="CapitalExpenditures", period=FY(2023))
    # 000:503 [RMB7.2993, US$1.00, 31, 2024]
    check(one(ms, "RMB7.2993 per US$1.00", 503), concept="ConvenienceTranslationExchangeRate",
          value=Decimal("7.2993"), decimals=4, period=AT(2024, 12, 31))


def test_001_interim_changes_from_one_level_to_another_and_the_offering(seeds):
    ms = seed(seeds, "001")
    # 001:218 [1.9%, RMB1,496.8 million, RMB1,525.9 million, US$213.0 million, 2025, RMB28.9 million, US$4.0
    # million, RMB107.7 million, US$15.1 million, 2025]
    check(one(ms, "1.9%", 218), concept="CostOfRevenueIdc", period=H1(2025), compared=H1(2024),
          changes=at(ms, "RMB1,525.9 million", 218), compared_level=at(ms, "RMB1,496.8 million", 218))
    check(one(ms, "RMB1,496.8 million", 218), period=H1(2024))
    check(one(ms, "RMB28.9 million", 218), concept="CostOfRevenueFulfillment", period=H1(2025))
    check(one(ms, "RMB107.7 million", 218), concept="CostOfRevenueOther", period=H1(2025))
    # 001:153 [16.8%, 14.2, 2.6%, 2024]
    check(one(ms, "14.2 percentage points", 153), points=True, concept="AdjustedEbitdaMargin", period=H1(2025),
          compared=H1(2024), compared_level=at(ms, "2.6%", 153))
    # 001:248 [17,300,000, US$11.27, 17, 2025, 18,000,000, HK$5.83, 25, 2025]
    check(one(ms, "17,300,000", 248), concept="AmericanDepositarySharesIssued", period=DAY(2025, 4, 17), value=Decimal(17300000))
    check(one(ms, "18,000,000", 248), concept="StockIssuedDuringPeriodSharesNewIssues", period=DAY(2025, 4, 25))
    check(one(ms, "HK$5.83", 248), concept="SaleOfStockPricePerShare", currency="HKD", value=Decimal("5.83"), decimals=2)
    # 001:252 [US$291,911,098]
    check(one(ms, "US$291,911,098", 252), kind=Kind.bound, bound="about", concept="EquityOfferingGrossProceeds",
          currency="USD", value=Decimal("291911098"), decimals=0, period=H1(2025))
    # 001:262 [30, 2025, 71.6%, 68.7%, 31, 2024]
    check(one(ms, "71.6%", 262), concept="LiabilitiesToAssetsRatio", period=AT(2025, 6, 30))
    check(one(ms, "68.7%", 262), concept="LiabilitiesToAssetsRatio", period=AT(2024, 12, 31))


def test_002_annual_ai_business_and_the_subsequent_event(seeds):
    ms = seed(seeds, "002")
    # 002:221 [RMB2,961.7 million]
    check(one(ms, "RMB2,961.7 million", 221), kind=Kind.level, concept="AiBusinessGrossBilling", period=FY(2025),
          value=Decimal("2961700000"), decimals=-5)
    # 002:223 [RMB0.0 million, US$0.0 million, RMB0.1 million, 2024]
    check(one(ms, "RMB0.1 million", 223), concept="Revenues", members=OTHERS, period=FY(2024), value=Decimal("100000"))
    # 002:153 [RMB2,925.1 million, US$418.3 million, 5.3%]
    check(one(ms, "5.3%", 153), concept="Revenues", members=ENTERPRISE, compared=FY(2024),
          changes=at(ms, "RMB2,925.1 million", 153))
    # 002:340 [1, 20%, RMB50 million]
    check(one(ms, "(1)", 340), kind=Kind.not_data, reason="an item number")
    check(one(ms, "20%", 340), kind=Kind.share, concept=None)
    check(one(ms, "RMB50 million", 340), kind=Kind.level, concept=None, value=Decimal("50000000"), decimals=-6)
    # 002:703 [1810, 81810]
    check(one(ms, "1810", 703), kind=Kind.not_data, reason="a stock code")
    check(one(ms, "81810", 703), kind=Kind.not_data, reason="a stock code")
    # 002:767 "ordinary share(s) ... with a par value of US$0.001 each"
    check(one(ms, "US$0.001", 767), concept="CommonStockParOrStatedValuePerShare", value=Decimal("0.001"), decimals=3)


def test_not_data_in_the_seeds(seeds):
    ms = seed(seeds, "003")
    # 003:121 [19, 2024, 7, 15, 8, 15]
    check(one(ms, "November 19, 2024", 121), kind=Kind.not_data, reason="a date")
    check(one(ms, "7:15 A.M.", 121), kind=Kind.not_data, reason="a time")
    # 003:155 [86, 10, 6292, 7777, 6300]
    check(one(ms, "+86 (10) 6292-7777 Ext. 6300", 155), kind=Kind.not_data, reason="a phone number")
    ms = seed(seeds, "000")
    # 000:583 [25%] and "subject to 10% EIT"
    check(one(ms, "25%", 583), kind=Kind.not_data, reason="a tax rate of a law")
    check(one(ms, "10%", 583), kind=Kind.not_data, reason="a tax rate of a law")
    # 000:270 [5%]
    check(one(ms, "5%", 270), kind=Kind.not_data, reason="a percentage threshold in a rule")
    # 001:161 [prose]
    check(one(seed(seeds, "001"), "C9a", 161), kind=Kind.not_data)
    # 004:51 [1]
    check(one(seed(seeds, "004"), "[1]", 51), kind=Kind.not_data, reason="a note reference")


def test_a_figure_broken_by_a_line_end_is_read_whole_on_the_line_of_its_first_digit():
    texts = ["IDC costs were RMB1,234.5", "million this quarter. Cash and cash equivalents were RMB2.0 billion as of June",
             "30, 2025."]
    ms = read(*texts)
    check(one(ms, "RMB1,234.5", 1), concept="CostOfRevenueIdc", value=Decimal("1234500000"), decimals=-5)
    check(one(ms, "30, 2025", 3), kind=Kind.not_data, reason="a date")
    check(one(ms, "RMB2.0 billion", 2), period=AT(2025, 6, 30))
    _assert_covered(texts, ms)


def test_a_translation_after_a_figure_broken_across_lines_points_at_its_level():
    """A date broken by a line end adds a mention for its second piece; later links still point right."""
    from kcmodel.ingest.source import prose_line

    texts = ["Kingsoft Cloud Announces Unaudited Second Quarter 2025 Financial Results", "",
             "On June 30,", "2025, the Group had net current liabilities of RMB430,515 (US$60,097)."]
    lines = [prose_line(n, t, None) for n, t in enumerate(texts, 1)]
    mentions = read_prose(lines, set(), read_info(lines, "broken.txt"), Taxonomy.load())
    usd = next(m for m in mentions if m.text == "US$60,097")
    assert mentions[usd.translates].text == "RMB430,515"
