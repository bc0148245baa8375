"""Changes against another period as facts (docs/changes.md, kcmodel/changes.py).

A change is RelativeChange ((later - earlier) / |earlier|, of the magnitudes for two losses) or
PercentagePointChange (later - earlier), with ChangedQuantityAxis naming the quantity and
ComparisonAxis the earlier period: PriorYearMember, PriorPeriodMember, or PeriodStartMember for a
balance (the fact's period then runs from the day after the earlier instant to the later one).

Seed expectations are typed from the announcements (file:line; 000 = FY2024, 002 = FY2025,
003 = Q3 2024, 004 = Q2 2025); the examples print the FY2024 highlights table with its
year-on-year change column.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kcmodel.changes import Change, agrees, change_context, change_range, decode
from kcmodel.contexts import Period
from kcmodel.ingest.reader import ingest_file
from kcmodel.taxonomy import Taxonomy
from kcmodel.validation import validate
from tests.conftest import ingested
from tests.test_ingest_seeds import SEED_FILES
from tests.statements import KINGSOFT_CLOUD

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "announcements"
D = Decimal


def Q(year: int, n: int) -> Period:
    end = {1: dt.date(year, 3, 31), 2: dt.date(year, 6, 30), 3: dt.date(year, 9, 30), 4: dt.date(year, 12, 31)}[n]
    return Period.duration(dt.date(year, 3 * n - 2, 1), end)


def FY(year: int) -> Period:
    return Period.duration(dt.date(year, 1, 1), dt.date(year, 12, 31))


def H(year: int, n: int) -> Period:
    return Period.duration(dt.date(year, 1, 1), dt.date(year, 6, 30)) if n == 1 else \
        Period.duration(dt.date(year, 7, 1), dt.date(year, 12, 31))


def AT(year: int, month: int, day: int) -> Period:
    return Period.instant(dt.date(year, month, day))


def dims(quantity: str, comparison: str, *members: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted([*members, ("ChangedQuantityAxis", f"{quantity}QuantityMember"), ("ComparisonAxis", comparison)]))


# -- the comparison a change states, from its two periods ---------------------------------------------


@pytest.mark.parametrize("later, earlier, member", [
    (Q(2025, 2), Q(2024, 2), "PriorYearMember"),  # year-over-year
    (FY(2024), FY(2023), "PriorYearMember"),
    (Q(2025, 2), Q(2025, 1), "PriorPeriodMember"),  # quarter-over-quarter
    (Q(2025, 1), Q(2024, 4), "PriorPeriodMember"),  # across a year end
    (H(2025, 2), H(2025, 1), "PriorPeriodMember"),  # half-over-half
])
def test_a_flow_change_is_for_the_later_period_against_the_period_its_member_names(later, earlier, member):
    context = change_context(Change("Revenues", (), later, earlier, False, KINGSOFT_CLOUD))
    assert context is not None and context.period == later
    assert context.dimensions == dims("Revenues", member)


def test_a_balance_change_runs_from_the_day_after_the_earlier_balance_to_the_later():
    context = change_context(Change("CashAndCashEquivalentsAtCarryingValue", (), AT(2024, 12, 31), AT(2023, 12, 31), False, KINGSOFT_CLOUD))
    assert context.period == FY(2024)
    assert context.member("ComparisonAxis") == "PeriodStartMember"


def test_a_comparison_no_member_names_gives_no_context():
    assert change_context(Change("Revenues", (), Q(2024, 3), Q(2022, 2), False, KINGSOFT_CLOUD)) is None  # nine quarters back
    assert change_context(Change("Revenues", (), H(2025, 1), Q(2024, 2), False, KINGSOFT_CLOUD)) is None  # different lengths
    assert change_context(Change("Cash", (), AT(2023, 12, 31), AT(2024, 12, 31), False, KINGSOFT_CLOUD)) is None  # backwards


@pytest.mark.parametrize("change", [
    Change("Revenues", (("ProductOrServiceAxis", "PublicCloudServicesMember"),), Q(2025, 2), Q(2024, 2), False, KINGSOFT_CLOUD),
    Change("Revenues", (), Q(2025, 2), Q(2025, 1), False, KINGSOFT_CLOUD),
    Change("AdjustedEbitdaMargin", (), Q(2025, 2), Q(2024, 2), True, KINGSOFT_CLOUD),
    Change("CashAndCashEquivalentsAtCarryingValue", (), AT(2025, 6, 30), AT(2024, 12, 31), False, KINGSOFT_CLOUD),
])
def test_a_change_fact_says_which_two_levels_it_compares(change):
    concept = "PercentagePointChange" if change.points else "RelativeChange"
    assert decode(concept, change_context(change), Taxonomy.load()) == change


def test_every_numeric_line_item_has_a_quantity_member_and_the_change_concepts_none():
    taxonomy = Taxonomy.load()
    axis = taxonomy.axes["ChangedQuantityAxis"]
    assert axis.member_for("Revenues").concept == "Revenues"
    assert axis.member_for("NumberOfServers") is not None  # a prose-only KPI
    assert axis.member_for("RelativeChange") is None and axis.member_for("DocumentType") is None


# -- what two printed levels allow ----------------------------------------------------------------------


def test_the_change_of_two_losses_is_the_change_of_their_magnitudes():
    # 000:78 "Loss before income taxes  (2,165,688)  (1,980,566)  (8.5)%": the loss fell by 8.5%
    allowed = change_range((D(-1_980_566_000), -3), (D(-2_165_688_000), -3), points=False)
    assert agrees(D("-0.085"), 3, allowed)
    assert not agrees(D("0.085"), 3, allowed)


def test_a_change_agrees_within_half_a_unit_of_each_printed_figure():
    # 000:76 "Revenues  7,047,461  7,785,180  10.5%": 7,785,180 / 7,047,461 - 1 = 0.10468
    allowed = change_range((D(7_785_180_000), -3), (D(7_047_461_000), -3), points=False)
    assert agrees(D("0.105"), 3, allowed)
    assert not agrees(D("0.106"), 3, allowed) and not agrees(D("0.103"), 3, allowed)


def test_percentage_points_are_the_difference_of_two_percentages():
    allowed = change_range((D("0.165"), 3), (D("0.024"), 3), points=True)
    assert agrees(D("0.141"), 3, allowed) and not agrees(D("0.143"), 3, allowed)


def test_a_relative_change_from_zero_is_undefined():
    assert change_range((D(5), 0), (D(0), 0), points=False) is None


# -- the examples: a year-on-year column (no ../shared needed) ----------------------------------------------


@pytest.fixture(scope="module")
def fy2024_example():
    return ingested(EXAMPLES / "kc-2024-FY.txt")


def test_a_year_on_year_column_gives_one_change_fact_per_row(fy2024_example):
    # "Revenues  7,047,461  7,785,180  10.5%" under "For the year ended December 31, 2023 | 2024 | Year-on-year Change %"
    facts = {(f.context.member("ChangedQuantityAxis"), f.context.period): f
             for f in fy2024_example.report.facts if f.concept == "RelativeChange"}
    revenues = facts[("RevenuesQuantityMember", FY(2024))]
    assert (revenues.value, revenues.decimals) == (D("0.105"), 3)
    assert revenues.context.member("ComparisonAxis") == "PriorYearMember"
    assert [p.text for p in revenues.provenance] == ["10.5%"]
    assert facts[("ProfitLossQuantityMember", FY(2024))].value == D("-0.094")  # "Net loss ... (9.4)%"


def test_a_change_column_the_levels_contradict_is_a_finding_with_all_three_places(tmp_path):
    text = (EXAMPLES / "kc-2024-FY.txt").read_text(encoding="utf-8")
    assert "7,785,180\t10.5%" in text
    changed = tmp_path / "kc-2024-FY.txt"
    changed.write_text(text.replace("7,785,180\t10.5%", "7,785,180\t12.5%"), encoding="utf-8")
    ingested = ingest_file(changed)
    found = [f for f in validate([ingested.report]) if f.code == "change-disagrees"]
    assert len(found) == 1
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("Revenues\t7,047,461"))
    assert [(p.line, p.text) for p in found[0].lines] == [(line, "12.5%"), (line, "7,785,180"), (line, "7,047,461")]


def test_no_change_in_an_announcement_disagrees_with_its_levels(source):
    for path in source.files:
        done = ingested(path)
        assert not [f for f in (*done.findings, *validate([done.report])) if "change" in f.code], path.name


# -- the seeds: the prose's changes ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed000(seeds):
    return ingested(seeds / SEED_FILES["000"])


@pytest.fixture(scope="module")
def seed003(seeds):
    return ingested(seeds / SEED_FILES["003"])


@pytest.fixture(scope="module")
def seed004(seeds):
    return ingested(seeds / SEED_FILES["004"])


def change_of(ingested, concept: str, period: Period, quantity: str, comparison: str, *members):
    for fact in ingested.report.facts:
        if fact.concept == concept and fact.context.period == period and \
                fact.context.dimensions == dims(quantity, comparison, *members):
            return fact
    raise AssertionError(f"no {concept} of {quantity} {comparison} {period.key}")


def printed(fact) -> list[tuple[int, str]]:
    return [(p.line, p.text) for p in fact.provenance]


def test_growth_printed_three_times_is_one_fact_with_three_places(seed004):
    # 004:11, 004:13 and 004:17 each print total revenues' 24.2% year-over-year growth for Q2 2025
    fact = change_of(seed004, "RelativeChange", Q(2025, 2), "Revenues", "PriorYearMember")
    assert (fact.value, fact.decimals) == (D("0.242"), 3)
    assert printed(fact) == [(11, "24.2%"), (13, "24.2%"), (17, "24.2%")]


def test_quarter_over_quarter_growth_is_against_the_preceding_quarter(seed004):
    # 004:17: total revenues up 19.3% quarter-over-quarter
    fact = change_of(seed004, "RelativeChange", Q(2025, 2), "Revenues", "PriorPeriodMember")
    assert (fact.value, printed(fact)) == (D("0.193"), [(17, "19.3%")])


def test_a_service_line_change_keeps_the_service_line_member(seed004):
    # 004:19: public cloud revenues up 31.7% year-over-year and 20.1% quarter-over-quarter
    public = ("ProductOrServiceAxis", "PublicCloudServicesMember")
    assert change_of(seed004, "RelativeChange", Q(2025, 2), "Revenues", "PriorYearMember", public).value == D("0.317")
    assert change_of(seed004, "RelativeChange", Q(2025, 2), "Revenues", "PriorPeriodMember", public).value == D("0.201")


def test_a_change_in_percentage_points_is_a_point_change(seed004):
    # 004:13: adjusted EBITDA margin up 14.1 percentage points year-over-year
    fact = change_of(seed004, "PercentagePointChange", Q(2025, 2), "AdjustedEbitdaMargin", "PriorYearMember")
    assert (fact.value, fact.decimals, printed(fact)) == (D("0.141"), 3, [(13, "14.1 percentage points")])


def test_a_decrease_printed_as_a_positive_figure_is_negative(seed004):
    # 004:35: research and development expenses decreased by 4.7% year-over-year
    fact = change_of(seed004, "RelativeChange", Q(2025, 2), "ResearchAndDevelopmentExpense", "PriorYearMember")
    assert (fact.value, printed(fact)) == (D("-0.047"), [(35, "4.7%")])


def test_a_loss_that_narrowed_is_a_negative_change_of_its_magnitude(seed003):
    # 003:95: non-GAAP operating loss down 46.7% year-over-year and 25.6% quarter-over-quarter
    assert change_of(seed003, "RelativeChange", Q(2024, 3), "AdjustedOperatingIncomeLoss", "PriorYearMember").value == D("-0.467")
    assert change_of(seed003, "RelativeChange", Q(2024, 3), "AdjustedOperatingIncomeLoss", "PriorPeriodMember").value == D("-0.256")


def test_a_balance_change_since_the_last_year_end(seed000):
    # 000:258: cash and cash equivalents up 17.4% from December 31, 2023 to December 31, 2024
    fact = change_of(seed000, "RelativeChange", FY(2024), "CashAndCashEquivalentsAtCarryingValue", "PeriodStartMember")
    assert (fact.value, printed(fact)) == (D("0.174"), [(258, "17.4%")])


def test_the_prose_repeats_the_tables_change_as_the_same_fact(seed000):
    # 000:76 the highlights table's "10.5%", and the prose at 000:156 and 000:224
    fact = change_of(seed000, "RelativeChange", FY(2024), "Revenues", "PriorYearMember")
    assert printed(fact) == [(76, "10.5%"), (156, "10.5%"), (224, "10.5%")]


def test_a_change_against_a_period_no_member_names_is_data_not_taken(seed003):
    # 003:61: a Q3 2024 margin compared with Q2 2022 ("4.5-fold", "18.4 percentage points")
    entries = [e for e in seed003.ledger.entries if e.at.line == 61 and e.at.text in ("4.5-fold", "18.4 percentage points")]
    assert len(entries) == 2
    assert all(e.fact is None and e.reason.value == "change" and "no comparison member" in e.detail for e in entries)
    data = seed003.ledger.data_figures
    assert all(e in data for e in entries)  # a change is data: one not taken counts against the taken share
