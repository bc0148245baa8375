"""The model refuses, at construction, what an XBRL processor would refuse later (issue 2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from kcmodel import Context, Fact, Period, Report, Translation
from kcmodel.facts import FactRef
from kcmodel.report import FiscalPeriod
from kcmodel.units import CNY, CNY_PER_SHARE, CNY_PER_USD, PURE, SHARES, USD, Currency, money, per_share, rate
from tests.statements import KINGSOFT_CLOUD, fy2024_report

FY2024 = Context(entity=KINGSOFT_CLOUD, period=Period.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
DEC31 = Context(entity=KINGSOFT_CLOUD, period=Period.instant(dt.date(2024, 12, 31)))


def test_a_duration_fact_for_an_instant_concept_is_refused(taxonomy):
    with pytest.raises(ValidationError, match="Assets is instant: it needs an instant period"):
        Fact.checked(taxonomy, concept="Assets", context=FY2024, unit=CNY, value=Decimal(17592654000), decimals=-3)


def test_an_instant_fact_for_a_duration_concept_is_refused(taxonomy):
    with pytest.raises(ValidationError, match="Revenues is duration: it needs a duration period"):
        Fact.checked(taxonomy, concept="Revenues", context=DEC31, unit=CNY, value=Decimal(1), decimals=-3)


def test_a_float_value_is_refused():
    with pytest.raises(ValidationError, match="float value 7785180000.0: values are exact decimals"):
        Fact(concept="Revenues", context=FY2024, unit=CNY, value=7785180000.0, decimals=-3)


def test_a_monetary_fact_in_pure_is_refused(taxonomy):
    with pytest.raises(ValidationError, match=r"Revenues is monetary: its unit must be a currency \(iso4217:XXX\), not xbrli:pure"):
        Fact.checked(taxonomy, concept="Revenues", context=FY2024, unit=PURE, value=Decimal(7785180000), decimals=-3)


def test_an_unknown_concept_is_refused(taxonomy):
    with pytest.raises(ValidationError, match="unknown concept 'Turnover'"):
        Fact.checked(taxonomy, concept="Turnover", context=FY2024, unit=CNY, value=Decimal(1), decimals=-3)


def test_an_abstract_concept_cannot_carry_a_value(taxonomy):
    abstract = next(c.name for c in taxonomy.concepts.values() if c.kind == "item" and c.abstract)
    with pytest.raises(ValidationError, match=f"{abstract} is abstract"):
        Fact.checked(taxonomy, concept=abstract, context=FY2024, value="x")


def test_a_member_of_another_axis_is_refused(taxonomy):
    context = FY2024.model_copy(update={"dimensions": (("ProductOrServiceAxis", "TransferredOverTimeMember"),)})
    with pytest.raises(ValidationError, match="TransferredOverTimeMember is not a member of ProductOrServiceAxis"):
        Fact.checked(taxonomy, concept="Revenues", context=context, unit=CNY, value=Decimal(1), decimals=-3)


def test_dimensions_no_hypercube_allows_are_refused(taxonomy):
    context = Context(entity=KINGSOFT_CLOUD, period=FY2024.period, dimensions={"ProductOrServiceAxis": "PublicCloudServicesMember"})
    with pytest.raises(ValidationError, match=r"CostOfRevenue: no hypercube allows the axes \['ProductOrServiceAxis'\]"):
        Fact.checked(taxonomy, concept="CostOfRevenue", context=context, unit=CNY, value=Decimal(1), decimals=-3)


def test_a_numeric_value_needs_decimals():
    with pytest.raises(ValidationError, match="a numeric value needs decimals"):
        Fact(concept="Revenues", context=FY2024, unit=CNY, value=Decimal(1))


def test_contexts_compare_equal_whatever_the_order_of_their_dimensions():
    one = Context(entity=KINGSOFT_CLOUD, period=FY2024.period, dimensions=[("B", "y"), ("A", "x")])
    other = Context(entity=KINGSOFT_CLOUD, period=FY2024.period, dimensions={"A": "x", "B": "y"})
    assert one == other and hash(one) == hash(other)


def test_a_copy_with_another_period_is_keyed_by_its_own_values():
    """Contexts keep their hash and facts their key once made (kcmodel.hashing): a copy made with
    other values must not inherit them, or an index would file it under the original's key."""
    revenue = Fact(concept="Revenues", context=FY2024, unit=CNY, value=Decimal(7785180000), decimals=-3)
    index = {revenue.key: revenue}  # the fact's key and its context's hash made, and kept
    hash(FY2024.period)  # and the period's (a context hashes its dates, not its period)
    q4 = Period.duration(dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    moved = revenue.model_copy(update={"context": FY2024.model_copy(update={"period": q4})})
    assert moved.key == FactRef(concept="Revenues", context=Context(entity=KINGSOFT_CLOUD, period=q4), unit=CNY)
    assert hash(moved.context) == hash(Context(entity=KINGSOFT_CLOUD, period=q4))
    assert hash(FY2024.period.model_copy(update={"start": q4.start})) == hash(q4)
    assert moved.key not in index


def test_a_translation_must_be_the_same_concept_and_context_in_rmb():
    rmb = Fact(concept="Revenues", context=FY2024, unit=CNY, value=Decimal(7785180000), decimals=-3)
    rate = Fact(concept="ConvenienceTranslationExchangeRate", context=DEC31, unit=CNY_PER_USD, value=Decimal("7.2993"), decimals=4)
    with pytest.raises(ValidationError, match="a translation has the concept and context of its RMB fact"):
        Fact(concept="CostOfRevenue", context=FY2024, unit=USD, value=Decimal(1), decimals=-3,
             translation=Translation(source=rmb.key, rate=rate.key))


def test_a_report_refuses_a_translation_whose_rmb_fact_is_missing():
    report = fy2024_report()
    usd = next(f for f in report.facts if f.translation is not None)
    rest = tuple(f for f in report.facts if f.key != usd.translation.source)
    with pytest.raises(ValidationError, match="its RMB fact is not in the report"):
        Report(document=report.document, facts=rest)


def test_a_report_refuses_the_same_fact_twice():
    report = fy2024_report()
    with pytest.raises(ValidationError, match="is reported twice"):
        Report(document=report.document, facts=(*report.facts, report.facts[1]))


def test_the_fixture_report_holds_the_printed_figures_with_their_signs():
    report = fy2024_report()
    def value(concept, unit=CNY):
        return report.fact(Fact.model_construct(concept=concept, context=FY2024, unit=unit).key).value
    # 000_74d97d5e07486dff.txt line 361: "Cost of revenues (6,444,254)" -> +6,444,254 thousand (docs/conventions.md §3)
    assert value("CostOfRevenue") == Decimal(6444254000)
    # line 377: "Net loss (1,979,042)" -> a real negative
    assert value("ProfitLoss") == Decimal(-1979042000)
    # line 376: "Income tax (expense) benefit 1,524" -> expense-positive concept: -1,524 thousand
    assert value("IncomeTaxExpenseBenefit") == Decimal(-1524000)
    assert value("Revenues", USD) == Decimal(1066566000)


def test_units_are_written_as_the_xbrl_measures_they_name():
    # docs/conventions.md §2: iso4217:CNY for amounts, CNY/shares per share, CNY/USD for the rate
    assert [str(u) for u in (money(Currency.CNY), per_share(Currency.USD), rate(Currency.CNY, Currency.USD), SHARES, PURE)] == [
        "iso4217:CNY", "iso4217:USD/xbrli:shares", "iso4217:CNY/iso4217:USD", "xbrli:shares", "xbrli:pure"]


def test_a_translation_is_the_same_kind_of_unit_in_rmb():
    assert per_share(Currency.USD).in_currency(Currency.CNY) == CNY_PER_SHARE
    assert USD.in_currency(Currency.CNY) == CNY and USD.currency is Currency.USD and CNY_PER_SHARE.currency is None


def test_a_fact_is_checked_against_the_taxonomy_its_maker_holds(taxonomy):
    # ingest_file(path, taxonomy) and the instance readers check with the taxonomy they were given
    without_revenues = taxonomy.model_copy(update={"concepts": {k: v for k, v in taxonomy.concepts.items() if k != "Revenues"}})
    fact = {"concept": "Revenues", "context": FY2024, "unit": CNY, "value": Decimal(1), "decimals": -3}
    assert Fact.checked(taxonomy, **fact).value == 1
    with pytest.raises(ValidationError, match="unknown concept 'Revenues'"):
        Fact.checked(without_revenues, **fact)


def test_a_date_fact_holds_a_date_and_is_written_as_xs_date(taxonomy):
    fact = Fact.checked(taxonomy, concept="DocumentPeriodEndDate", context=FY2024, value=dt.date(2024, 12, 31))
    assert fact.text == "2024-12-31"
    with pytest.raises(ValidationError, match="DocumentPeriodEndDate is date: its value is a date, not '2024-12-31'"):
        Fact.checked(taxonomy, concept="DocumentPeriodEndDate", context=FY2024, value="2024-12-31")


@pytest.mark.parametrize("months, end, period", [
    (12, dt.date(2024, 12, 31), FiscalPeriod.FY), (6, dt.date(2025, 6, 30), FiscalPeriod.H1),
    (6, dt.date(2024, 12, 31), FiscalPeriod.H2), (9, dt.date(2024, 9, 30), FiscalPeriod.M9),
    (3, dt.date(2024, 9, 30), FiscalPeriod.Q3)])
def test_a_fiscal_period_is_named_as_dei_names_it(months, end, period):
    # dei:DocumentFiscalPeriodFocus: FY, H1, H2, M9, Q1..Q4 (Kingsoft Cloud's fiscal year is the calendar year)
    assert FiscalPeriod.of(months, end) is period


def test_a_report_id_names_its_year_and_fiscal_period():
    assert fy2024_report().id == "kc-2024-FY"
