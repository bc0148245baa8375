"""The example queries (examples/queries/*.rq) on the five announcements, in memory (rdflib) and in
the embedded Oxigraph store, and ``kcmodel sparql`` itself.

The queries run on the bundled examples and, where present, on the seeds in ../shared/seeds; a query
whose rows cite the seeds' lines or their prose runs on the seeds only (``seed_answers``).
Expected rows are typed from the announcements; comments cite the seeds' file:line
(000 = FY2024 annual results, 001 = H1 2025 interim results, 002 = FY2025 annual results,
003 = Q3 2024 earnings release, 004 = Q2 2025 earnings release). Amounts are printed in thousands:
``k(1_625_208)`` is RMB 1,625,208 thousand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import pytest

from exporters.rdf.sparql import as_csv, as_json
from exporters.rdf.stores import MemoryStore, OxigraphStore
from tests.conftest import SEED_FILES
from tests.seedlines import place
from tests.test_rdf import QUERIES, ROOT

FY2024, FY2025, H1_2025, Q2_2025, Q3_2024 = (SEED_FILES[r] for r in ("kc-2024-FY", "kc-2025-FY", "kc-2025-H1", "kc-2025-Q2", "kc-2024-Q3"))

KC = "https://kcmodel.org/taxonomy/2025/kc#"
D = Decimal


def k(thousands: int) -> Decimal:
    return Decimal(thousands) * 1000


def _stores(build) -> dict:
    # memory from the quads as written (the command's --data path is tested below); Oxigraph kept in the build
    return {"memory": MemoryStore.from_quads(build.quads), "oxigraph": OxigraphStore.from_build(build.out)}


def _answers(stores) -> dict:
    """Every example query's results on each store."""
    return {path.stem: {name: store.query(path.read_text(encoding="utf-8"), str(path)) for name, store in stores.items()}
            for path in sorted(QUERIES.glob("*.rq"))}


@pytest.fixture(scope="module")
def stores(build):
    """The stores of each source's build (conftest ``build``: the examples, and the seeds where present)."""
    return _stores(build)


@pytest.fixture(scope="module")
def answers(stores) -> dict:
    return _answers(stores)


@pytest.fixture(scope="module")
def seed_answers(seed_build) -> dict:
    """The answers on the seeds, for expectations that cite their lines or their prose."""
    return _answers(_stores(seed_build))


def rows(answers, name: str) -> list[tuple]:
    return [tuple(r.values()) for r in answers[name]["memory"].records()]


def test_there_are_at_least_twelve_named_commented_queries_and_each_has_expectations():
    names = sorted(p.stem for p in QUERIES.glob("*.rq"))
    assert len(names) >= 12
    for path in QUERIES.glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("# "), path.name
    tested = {n.removeprefix("test_").replace("_", "-") for n in globals() if n.startswith("test_")}
    assert set(names) <= tested


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_memory_and_oxigraph_give_identical_results(answers, name):
    memory, oxigraph = answers[name]["memory"], answers[name]["oxigraph"]
    assert memory.variables == oxigraph.variables
    assert memory.rows == oxigraph.rows
    assert as_csv(memory) == as_csv(oxigraph) and as_json(memory) == as_json(oxigraph)


def test_quarterly_revenue(answers):
    assert rows(answers, "quarterly-revenue") == [
        ("2023-07-01", "2023-09-30", k(1_625_208), False),  # 003:222 "Total revenues", Sep 30, 2023
        ("2023-10-01", "2023-12-31", k(7_047_461 - 5_325_011), True),  # year 000:203 − nine months 003:222
        ("2024-01-01", "2024-03-31", k(1_775_684), False),  # 003:222, Mar 31, 2024
        ("2024-04-01", "2024-06-30", k(1_891_780), False),  # 003:222 and 004:183, Jun 30, 2024
        ("2024-07-01", "2024-09-30", k(1_885_574), False),  # 003:222, Sep 30, 2024
        ("2024-10-01", "2024-12-31", k(7_785_180 - 5_553_038), True),  # year 000:203 − nine months 003:222
        ("2025-01-01", "2025-03-31", k(1_969_977), False),  # 004:183, Mar 31, 2025
        ("2025-04-01", "2025-06-30", k(2_349_227), False),  # 004:183, Jun 30, 2025
    ]


def test_revenue_by_service_line(answers):
    public, enterprise, others = "Public cloud services", "Enterprise cloud services", "Others"
    quarters = [  # (start, end, public, enterprise, others, derived)
        ("2023-07-01", "2023-09-30", 1_016_592, 608_510, 106, False),  # 003:219-221
        ("2023-10-01", "2023-12-31", 4_381_741 - 3_329_775, 2_663_993 - 1_993_662, 1_727 - 1_574, True),  # 000:200-202 − 003:219-221
        ("2024-01-01", "2024-03-31", 1_187_370, 588_162, 152, False),  # 003:219-221
        ("2024-04-01", "2024-06-30", 1_234_542, 657_238, 0, False),  # 003:219-221 ("-"), 004:180-182
        ("2024-07-01", "2024-09-30", 1_175_535, 710_039, 0, False),  # 003:219-221
        ("2024-10-01", "2024-12-31", 5_007_251 - 3_597_447, 2_777_777 - 1_955_439, 152 - 152, True),  # 000:200-202 − 003:219-221
        ("2025-01-01", "2025-03-31", 1_353_479, 616_498, 0, False),  # 004:180-182
        ("2025-04-01", "2025-06-30", 1_625_309, 723_918, 0, False),  # 004:180-182
    ]
    expected = [(s, e, line, k(v), d) for s, e, p, en, o, d in quarters
                for line, v in ((public, p), (enterprise, en), (others, o))]
    assert rows(answers, "revenue-by-service-line") == expected


def test_margin_trends(answers):
    found = {(r["margin"].removeprefix(KC), r["start"], r["end"]): (r["computed"], r["printed"], r["derived"])
             for r in answers["margin-trends"]["memory"].records()}
    gross, ebitda = "GrossMargin", "AdjustedEbitdaMargin"
    printed = {
        (gross, "2023-07-01", "2023-09-30"): "0.121",  # 003:270 12.1%
        (gross, "2023-01-01", "2023-09-30"): "0.112",  # 003:270 11.2%
        (gross, "2023-01-01", "2023-12-31"): "0.121",  # 000:105 12.1
        (gross, "2024-01-01", "2024-03-31"): "0.165",  # 003:270 16.5%
        (gross, "2024-04-01", "2024-06-30"): "0.168",  # 003:270, 004:231 16.8%
        (gross, "2024-07-01", "2024-09-30"): "0.161",  # 003:270 16.1%
        (gross, "2024-01-01", "2024-06-30"): "0.167",  # 004:231, 001:103 16.7%
        (gross, "2024-01-01", "2024-09-30"): "0.165",  # 003:270 16.5%
        (gross, "2024-01-01", "2024-12-31"): "0.172",  # 000:105, 002:104 17.2
        (gross, "2025-01-01", "2025-03-31"): "0.162",  # 004:231 16.2%
        (gross, "2025-04-01", "2025-06-30"): "0.144",  # 004:231 14.4%
        (gross, "2025-01-01", "2025-06-30"): "0.152",  # 004:231 15.2%
        (gross, "2025-01-01", "2025-12-31"): "0.157",  # 002:104 15.7
        (ebitda, "2023-07-01", "2023-09-30"): "-0.028",  # 003:321 -2.8%
        (ebitda, "2023-01-01", "2023-09-30"): "-0.045",  # 003:321 -4.5%
        (ebitda, "2023-01-01", "2023-12-31"): "-0.038",  # 000:145 (3.8)
        (ebitda, "2024-01-01", "2024-03-31"): "0.019",  # 003:321 1.9%
        (ebitda, "2024-04-01", "2024-06-30"): "0.032",  # 003:321, 004:278 3.2%
        (ebitda, "2024-07-01", "2024-09-30"): "0.098",  # 003:321 9.8%
        (ebitda, "2024-01-01", "2024-06-30"): "0.026",  # 004:278, 001:142 2.6%
        (ebitda, "2024-01-01", "2024-09-30"): "0.05",  # 003:321 5.0%
        (ebitda, "2024-01-01", "2024-12-31"): "0.082",  # 000:145, 002:142 8.2
        (ebitda, "2025-01-01", "2025-03-31"): "0.162",  # 004:278 16.2%
        (ebitda, "2025-04-01", "2025-06-30"): "0.173",  # 004:278 17.3%
        (ebitda, "2025-01-01", "2025-06-30"): "0.168",  # 004:278, 001:142 16.8%
        (ebitda, "2025-01-01", "2025-12-31"): "0.244",  # 002:142 24.4
    }
    derived = {  # computed from the printed figures only: no announcement prints these quarters
        (gross, "2023-10-01", "2023-12-31"): "0.147",  # (850,169 000:205 − 597,031 003:224) / 1,722,450
        (gross, "2024-10-01", "2024-12-31"): "0.191",  # (1,340,926 000:205 − 914,954 003:224) / 2,232,142
        (ebitda, "2023-10-01", "2023-12-31"): "-0.016",  # (−265,064 000:127 + 237,344 003:291) / 1,722,450
        (ebitda, "2024-10-01", "2024-12-31"): "0.161",  # (638,917 000:127 − 279,174 003:291) / 2,232,142
    }
    assert set(found) == set(printed) | set(derived)
    for key, margin in printed.items():
        assert found[key] == (D(margin), D(margin), False), key  # the computed margin is the printed one
    for key, margin in derived.items():
        assert found[key] == (D(margin), None, True), key


def test_non_gaap_reconciliation(answers):
    gross, net, operating = "NonGaapGrossProfit", "NonGaapNetLossAndEbitda", "NonGaapOperatingLoss"
    expected = [  # the second quarter of 2025, 004:220-268 (RMB thousands)
        (gross, 1, "AdjustedGrossProfit", 350_569, 1, "GrossProfit", None, 338_857),  # 004:223, 004:220
        (gross, 2, "AdjustedGrossProfit", 350_569, 1, "AllocatedShareBasedCompensationExpense", "CostOfRevenueMember", 11_712),  # 004:222
        (net, 1, "AdjustedNetIncomeLoss", -300_481, 1, "ProfitLoss", None, -456_863),  # 004:245, 004:241
        (net, 2, "AdjustedNetIncomeLoss", -300_481, 1, "AllocatedShareBasedCompensationExpense", None, 116_856),  # 004:243
        (net, 3, "AdjustedNetIncomeLoss", -300_481, -1, "ForeignCurrencyTransactionGainLossBeforeTax", None, -39_526),  # 004:244, 004:195
        (net, 5, "AdjustedEbitda", 406_032, 1, "AdjustedNetIncomeLoss", None, -300_481),  # 004:251
        (net, 6, "AdjustedEbitda", 406_032, -1, "InvestmentIncomeInterest", None, 11_520),  # 004:247, 004:193
        (net, 7, "AdjustedEbitda", 406_032, 1, "InterestExpense", None, 124_669),  # 004:248
        (net, 8, "AdjustedEbitda", 406_032, 1, "IncomeTaxExpenseBenefit", None, 2_343),  # 004:249
        (net, 9, "AdjustedEbitda", 406_032, 1, "DepreciationDepletionAndAmortization", None, 591_021),  # 004:250
        (net, 10, "NormalizedAdjustedEbitda", 400_324, 1, "AdjustedEbitda", None, 406_032),  # 004:253
        (net, 11, "NormalizedAdjustedEbitda", 400_324, -1, "GainLossOnDispositionOfPropertyPlantEquipment", None, 5_708),  # 004:252
        (operating, 1, "AdjustedOperatingIncomeLoss", -166_380, 1, "OperatingIncomeLoss", None, -326_987),  # 004:266, 004:262
        (operating, 2, "AdjustedOperatingIncomeLoss", -166_380, 1, "AllocatedShareBasedCompensationExpense", None, 116_856),  # 004:264
        (operating, 4, "AdjustedOperatingIncomeLoss", -166_380, 1, "AmortizationOfIntangibleAssets", None, 43_751),  # 004:265
        (operating, 5, "NormalizedAdjustedOperatingIncomeLoss", -172_088, 1, "AdjustedOperatingIncomeLoss", None, -166_380),  # 004:268
        (operating, 6, "NormalizedAdjustedOperatingIncomeLoss", -172_088, -1, "GainLossOnDispositionOfPropertyPlantEquipment", None, 5_708),  # 004:267
    ]
    assert rows(answers, "non-gaap-reconciliation") == [
        (n, o, KC + t, k(tv), D(w), KC + c, KC + m if m else None, k(v)) for n, o, t, tv, w, c, m, v in expected]


def test_balance_sheet_at_date(answers):
    rate = D("7.1636")  # RMB7.1636 per US$1.00, June 30, 2025 (004:51, 001:508)
    expected = [  # June 30, 2025: RMB and US$ columns of 004:110-170
        ("CashAndCashEquivalentsAtCarryingValue", 5_464_077, 762_756),  # 004:110
        ("RestrictedCashCurrent", 53_051, 7_406),  # 004:111
        ("AccountsReceivableNetCurrent", 2_018_350, 281_751),  # 004:112
        ("ShortTermInvestments", 0, 0),  # 004:113 "—"
        ("PrepaidExpenseAndOtherAssetsCurrent", 2_263_242, 315_936),  # 004:114
        ("DueFromRelatedPartiesCurrent", 587_321, 81_987),  # 004:115
        ("AssetsCurrent", 10_386_041, 1_449_836),  # 004:116
        ("PropertyPlantAndEquipmentNet", 8_251_958, 1_151_929),  # 004:118
        ("IntangibleAssetsNetExcludingGoodwill", 618_269, 86_307),  # 004:120
        ("Goodwill", 4_605_724, 642_934),  # 004:121
        ("PrepaidExpenseAndOtherAssetsNoncurrent", 616_779, 86_100),  # 004:122
        ("LongTermInvestments", 231_586, 32_328),  # 004:123 "Equity investments"
        ("OperatingLeaseRightOfUseAsset", 119_350, 16_661),  # 004:124
        ("AssetsNoncurrent", 14_443_666, 2_016_259),  # 004:125
        ("Assets", 24_829_707, 3_466_095),  # 004:126
        ("AccountsPayableCurrent", 2_195_478, 306_477),  # 004:132
        ("AccruedLiabilitiesAndOtherLiabilitiesCurrent", 3_966_154, 553_653),  # 004:133
        ("ShortTermBorrowings", 3_129_151, 436_813),  # 004:134
        ("AccruedIncomeTaxesCurrent", 82_331, 11_493),  # 004:135
        ("DueToRelatedPartiesCurrent", 1_407_804, 196_522),  # 004:136
        ("OperatingLeaseLiabilityCurrent", 35_638, 4_975),  # 004:137
        ("LiabilitiesCurrent", 10_816_556, 1_509_933),  # 004:139
        ("LongTermDebtNoncurrent", 2_396_554, 334_546),  # 004:143
        ("DueToRelatedPartiesNoncurrent", 1_308_158, 182_612),  # 004:144
        ("DeferredIncomeTaxLiabilitiesNet", 81_283, 11_347),  # 004:145
        ("OtherLiabilitiesNoncurrent", 3_103_021, 433_165),  # 004:146
        ("OperatingLeaseLiabilityNoncurrent", 64_549, 9_011),  # 004:147
        ("LiabilitiesNoncurrent", 6_953_565, 970_681),  # 004:149
        ("Liabilities", 17_770_121, 2_480_614),  # 004:153
        ("CommonStockValue", 28_483, 3_976),  # 004:157
        ("TreasuryStockValue", 79_316, 11_072),  # 004:158 "(79,316)": a debit, printed negated
        ("AdditionalPaidInCapital", 21_188_250, 2_957_766),  # 004:159
        ("StatutoryReserves", 32_001, 4_467),  # 004:160
        ("RetainedEarningsAccumulatedDeficit", -15_063_348, -2_102_762),  # 004:161
        ("AccumulatedOtherComprehensiveIncomeLossNetOfTax", 617_830, 86_246),  # 004:162
        ("StockholdersEquity", 6_723_900, 938_621),  # 004:164
        ("MinorityInterest", 335_686, 46_860),  # 004:166
        ("StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", 7_059_586, 985_481),  # 004:168
        ("LiabilitiesAndStockholdersEquity", 24_829_707, 3_466_095),  # 004:170
    ]
    found = [(r["concept"].removeprefix(KC), r["rmb"], r["usd"], r["rate"])
             for r in answers["balance-sheet-at-date"]["memory"].records()]
    assert found == [(c, k(rmb), k(usd), rate) for c, rmb, usd in expected]
    sequence = [r["sequence"] for r in answers["balance-sheet-at-date"]["memory"].records()]
    assert sequence == sorted(sequence)


def test_usd_translations(answers, build, source):
    records = answers["usd-translations"]["memory"].records()
    # 566 US$ figures beside their RMB figure, the 8 six-month US$ figures of 004:180-189 whose RMB
    # figure 004 does not print (Q1 + Q2 of the same line, or 001's printed six months, is their source),
    # and (in the seeds, not the examples) 31 US$ figures that only the prose prints, each beside the RMB
    # amount it translates
    prose = 31 if source.name == "seeds" else 0
    assert len(records) == sum(f.translation is not None for r in build.dataset.reports for f in r.facts) == 566 + 8 + prose
    by_fact = {r["usdFact"].rsplit("/", 1)[1]: r for r in records if r["report"] == "kc-2025-Q2"}
    row = by_fact["Revenues_2025-04-01_2025-06-30_USD"]  # 004:183: 2,349,227 RMB, 327,939 US$ at 7.1636 (004:51)
    assert (row["usd"], row["rmb"], row["rate"]) == (k(327_939), k(2_349_227), D("7.1636"))
    q3 = {r["usdFact"].rsplit("/", 1)[1]: r for r in records if r["report"] == "kc-2024-Q3"}
    row = q3["Revenues_2024-07-01_2024-09-30_USD"]  # 003:222: 1,885,574 RMB, 268,692 US$ at 7.0176 (003:63)
    assert (row["usd"], row["rmb"], row["rate"]) == (k(268_692), k(1_885_574), D("7.0176"))
    eps = q3["EarningsPerShareBasicAndDiluted_2024-07-01_2024-09-30_USD-per-shares"]  # 003:243: (0.29) RMB, (0.04) US$
    assert (eps["usd"], eps["rmb"]) == (D("-0.04"), D("-0.29"))
    for r in records:  # a US$ figure is its RMB figure at the rate, within the rounding of footed totals
        # (or of the prose, which prints to a tenth of a million, US$8.5 million: a unit of 100,000)
        printed_unit = D(10) ** (len(str(int(abs(r["usd"])))) - len(str(int(abs(r["usd"]))).rstrip("0"))) if r["usd"] else D(1)
        slack = max(3 * max(abs(r["usd"] - r["usd"].to_integral_value()), 1000), D("1.5") * printed_unit)
        assert abs(r["usd"] - r["rmb"] / r["rate"]) <= slack or r["rmb"].as_tuple().exponent < 0


def test_relabelled_and_reclassified(answers, source):
    records = answers["relabelled-and-reclassified"]["memory"].records()
    FY2024, FY2025, H1_2025, Q2_2025 = (source.file(r).name for r in ("kc-2024-FY", "kc-2025-FY", "kc-2025-H1", "kc-2025-Q2"))

    def line(report: str, seed_line: int) -> int:
        return place(source, report, seed_line)[1]

    assert Counter(r["code"] for r in records) == {"relabelled": 40, "reclassified": 1}
    reclassified = next(r for r in records if r["code"] == "reclassified")
    # 668 thousand: "Gross unrealized gain on equity investments held" for 2024 in 000:530, printed by 002:540
    # under "Share of gains from an equity method investment"
    assert (reclassified["period"], reclassified["earlierConcept"], reclassified["earlierDocument"], reclassified["earlierLine"],
            reclassified["laterConcept"], reclassified["laterDocument"], reclassified["laterLine"], reclassified["value"]) == (
        "2024-01-01_2024-12-31", KC + "EquitySecuritiesFvNiUnrealizedGain", FY2024, line("kc-2024-FY", 530),
        KC + "IncomeLossFromEquityMethodInvestments", FY2025, line("kc-2025-FY", 540), k(668))
    # foreign exchange for the first half of 2024: "– Foreign exchange loss" (001:116) vs "Foreign exchange (loss) gain" (004:195)
    fx = [r for r in records if r["earlierConcept"] == KC + "ForeignCurrencyTransactionGainLossBeforeTax"
          and r["period"] == "2024-01-01_2024-06-30" and r["laterDocument"] == Q2_2025]
    assert [(r["earlierDocument"], r["earlierLine"], r["earlierLabel"], r["laterLine"], r["laterLabel"], r["value"]) for r in fx] == [
        (H1_2025, line("kc-2025-H1", 116), "– Foreign exchange loss", line("kc-2025-Q2", 195), "Foreign exchange (loss) gain",
         k(-49_736))]
    assert all(r["earlierConcept"] == r["laterConcept"] for r in records if r["code"] == "relabelled")


def test_conflicting_values(answers):
    # the five announcements print every figure they share with the same value
    assert rows(answers, "conflicting-values") == []


def test_conflicting_values_finds_a_restatement(build):
    """One later report prints Q2 2024 revenues (003:222, 004:183) with another value: one row, with its finding."""
    from kcmodel.report import Dataset, Report

    from exporters.rdf.graph import dataset_quads

    reports = []
    for report in build.dataset.reports:
        if report.id == "kc-2025-Q2":
            facts = tuple(f.model_copy(update={"value": k(1_891_781)}) if (
                f.concept == "Revenues" and f.context.period.key == "2024-04-01_2024-06-30" and not f.context.dimensions
                and str(f.unit) == "iso4217:CNY") else f for f in report.facts)
            report = Report(document=report.document, facts=facts)
        reports.append(report)
    dataset = Dataset(reports=tuple(reports))
    quads = dataset_quads(dataset, list(dataset.findings))
    query = (QUERIES / "conflicting-values.rq").read_text(encoding="utf-8")
    results = [MemoryStore.from_quads(quads).query(query), OxigraphStore.from_quads(quads).query(query)]
    assert results[0].rows == results[1].rows
    [row] = results[0].records()
    assert (row["concept"], row["period"], row["unit"], row["earlierReport"], row["earlierValue"], row["laterReport"],
            row["laterValue"]) == (KC + "Revenues", "2024-04-01_2024-06-30", "iso4217:CNY", "kc-2024-Q3", k(1_891_780),
                                   "kc-2025-Q2", k(1_891_781))
    assert row["finding"] is not None and "/finding/conflicting-values-" in row["finding"]


def test_revenue_calculation_tree(answers):
    found = [(r["relation"], r["network"], r["order"], r["total"].removeprefix(KC), r["weight"],
              r["contributor"].removeprefix(KC), (r["member"] or "").removeprefix(KC)) for r in answers["revenue-calculation-tree"]["memory"].records()]
    down, up = "breaks down into", "rolls up into"
    assert found == [
        # public cloud + enterprise cloud + others = total revenues (004:180-183, 000:200-203)
        (down, "ComprehensiveLoss", 19, "Revenues", 1, "Revenues", "PublicCloudServicesMember"),
        (down, "ComprehensiveLoss", 20, "Revenues", 1, "Revenues", "EnterpriseCloudServicesMember"),
        (down, "ComprehensiveLoss", 21, "Revenues", 1, "Revenues", "OtherServicesMember"),
        (down, "RevenueDisaggregation", 1, "Revenues", 1, "Revenues", "PublicCloudServicesMember"),
        (down, "RevenueDisaggregation", 2, "Revenues", 1, "Revenues", "EnterpriseCloudServicesMember"),
        (down, "RevenueDisaggregation", 3, "Revenues", 1, "Revenues", "OtherServicesMember"),
        # revenue recognized at a point in time + over time = total revenues (000:516-523)
        (down, "RevenueDisaggregation", 4, "Revenues", 1, "Revenues", "TransferredAtPointInTimeMember"),
        (down, "RevenueDisaggregation", 5, "Revenues", 1, "Revenues", "TransferredOverTimeMember"),
        (up, "ComprehensiveLoss", 1, "GrossProfit", 1, "Revenues", ""),  # 004:183-185 revenues − cost = gross profit
        (up, "ComprehensiveLoss", 7, "OperatingIncomeLoss", 1, "GrossProfit", ""),  # 004:185-192
        (up, "ComprehensiveLoss", 9, "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
         1, "OperatingIncomeLoss", ""),  # 004:192-198
        (up, "ComprehensiveLoss", 15, "ProfitLoss", 1,
         "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest", ""),  # 004:198-200
        (up, "ComprehensiveLoss", 17, "ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest", 1,
         "ProfitLoss", ""),  # 004:200-209
        (up, "NonGaapGrossProfit", 1, "AdjustedGrossProfit", 1, "GrossProfit", ""),  # 004:220-223
        (up, "NonGaapNetLossAndEbitda", 1, "AdjustedNetIncomeLoss", 1, "ProfitLoss", ""),  # 004:241-245
        (up, "NonGaapNetLossAndEbitda", 5, "AdjustedEbitda", 1, "AdjustedNetIncomeLoss", ""),  # 004:245-251
        (up, "NonGaapNetLossAndEbitda", 10, "NormalizedAdjustedEbitda", 1, "AdjustedEbitda", ""),  # 004:251-253
        (up, "NonGaapOperatingLoss", 1, "AdjustedOperatingIncomeLoss", 1, "OperatingIncomeLoss", ""),  # 004:262-266
        (up, "NonGaapOperatingLoss", 5, "NormalizedAdjustedOperatingIncomeLoss", 1, "AdjustedOperatingIncomeLoss", ""),  # 004:266-268
    ]


def test_figure_source(answers, source):
    total = "Total revenues"
    printed = [  # (report, unit, value, the seed's line, label, text)
        ("kc-2024-FY", "iso4217:CNY", k(7_785_180), 76, "Revenues", "7,785,180"),  # 000:76 highlights
        ("kc-2024-FY", "iso4217:CNY", k(7_785_180), 203, total, "7,785,180"),  # 000:203
        ("kc-2024-FY", "iso4217:CNY", k(7_785_180), 360, total, "7,785,180"),  # 000:360
        ("kc-2024-FY", "iso4217:CNY", k(7_785_180), 523, "", "7,785,180"),  # 000:523 (a total without a label)
        ("kc-2024-FY", "iso4217:USD", k(1_066_566), 203, total, "1,066,566"),  # 000:203
        ("kc-2024-FY", "iso4217:USD", k(1_066_566), 360, total, "1,066,566"),  # 000:360
        ("kc-2024-FY", "iso4217:USD", k(1_066_566), 523, "", "1,066,566"),  # 000:523
        ("kc-2025-FY", "iso4217:CNY", k(7_785_180), 74, "Revenues", "7,785,180"),  # 002:74
        ("kc-2025-FY", "iso4217:CNY", k(7_785_180), 198, total, "7,785,180"),  # 002:198
        ("kc-2025-FY", "iso4217:CNY", k(7_785_180), 367, total, "7,785,180"),  # 002:367
        ("kc-2025-FY", "iso4217:CNY", k(7_785_180), 533, "", "7,785,180"),  # 002:533
    ]
    expected = [(report, unit, value, place(source, report, line)[0].name, place(source, report, line)[1], label, text)
                for report, unit, value, line, label, text in printed]
    assert rows(answers, "figure-source") == expected


def test_us_gaap_counterparts(answers, taxonomy):
    records = answers["us-gaap-counterparts"]["memory"].records()
    assert len(records) == sum(1 for c in taxonomy.concepts.values() if c.kind != "item" or not c.abstract)
    by_concept = {r["concept"].removeprefix(KC): r for r in records}
    kcv = "https://kcmodel.org/vocab#"
    # taxonomy/src/concepts.yaml and dimensions.yaml: Revenues (us-gaap:Revenues, 收入); the service-line axis
    assert (by_concept["Revenues"]["kind"], by_concept["Revenues"]["label"], by_concept["Revenues"]["labelZh"],
            by_concept["Revenues"]["counterpart"]) == (kcv + "LineItem", "Revenues", "收入", "http://fasb.org/us-gaap/2024#Revenues")
    axis = by_concept["ProductOrServiceAxis"]
    assert (axis["kind"], axis["labelZh"], axis["counterpart"]) == (kcv + "Axis", "产品或服务", "http://fasb.org/srt/2024#ProductOrServiceAxis")
    assert by_concept["PublicCloudServicesMember"]["labelZh"] == "公有云服务"
    with_counterpart = sum(1 for r in records if r["counterpart"])
    assert with_counterpart == sum(1 for c in taxonomy.concepts.values() if c.us_gaap and (c.kind != "item" or not c.abstract))


def test_report_findings(seed_answers, seed_build):
    records = seed_answers["report-findings"]["memory"].records()
    assert [(r["severity"], r["code"], r["document"], r["line"]) for r in records[:7]] == [
        ("warning", "prose-disagrees", Q2_2025, 21),  # 004:21 "US$101.0 million" against 004:181's 101,055 thousand
        ("warning", "prose-disagrees", Q2_2025, 29),  # 004:29 "RMB665.9 million" against 004:191's (665,844)
        ("warning", "damaged-row-repaired", Q2_2025, 191),  # 004:191 "Total operating expenses" with 7 figures under 6 columns
        ("warning", "damaged-row-repaired", Q2_2025, 222),  # 004:222 the share-based compensation row shifted left
        ("info", "relabelled", FY2024, 422),  # 000:422 "Accrued expenses and other liabilities" vs 004:133
        ("info", "relabelled", H1_2025, 116),  # 001:116 "– Foreign exchange loss" vs 004:195
        ("info", "relabelled", H1_2025, 116),
    ]
    # 004:180 US$ figures of the six-month column whose RMB figure is not printed: derived from Q1 + Q2
    assert ("info", "derived-rmb-source", Q2_2025, 180) in [(r["severity"], r["code"], r["document"], r["line"]) for r in records]
    assert Counter(r["code"] for r in records)["prose-disagrees"] == 2
    assert Counter(r["code"] for r in records if r["code"] != "prose-disagrees") == {
        "relabelled": 21, "header-repaired": 2, "damaged-row-repaired": 2, "derived-rmb-source": 1}
    cited = [f for f in seed_build.findings if any(line.document == Q2_2025 for line in f.lines)]
    assert len(records) == len(cited)
    assert ("info", "header-repaired", Q2_2025, 176) in [(r["severity"], r["code"], r["document"], r["line"]) for r in records]


def test_derived_fourth_quarters(answers):
    records = answers["derived-fourth-quarters"]["memory"].records()
    assert len(records) == 74 and all(r["value"] == r["year"] - r["nineMonths"] for r in records)
    by_key = {r["members"]: r for r in records}
    revenue = by_key["Revenues_2024-10-01_2024-12-31_CNY"]  # 000:203 7,785,180 − 003:222 5,553,038
    assert (revenue["value"], revenue["year"], revenue["yearReport"], revenue["nineMonths"], revenue["nineMonthsReport"]) == (
        k(2_232_142), k(7_785_180), "kc-2025-FY", k(5_553_038), "kc-2024-Q3")
    ebitda = by_key["AdjustedEbitda_2023-10-01_2023-12-31_CNY"]  # 000:127 (265,064) − 003:291 (237,344)
    assert (ebitda["value"], ebitda["yearReport"]) == (k(-27_720), "kc-2024-FY")
    sbc = by_key["AllocatedShareBasedCompensationExpense_2023-10-01_2023-12-31_IncomeStatementLocationAxis-CostOfRevenueMember_CNY"]
    assert sbc["nineMonths"] == k(427)  # 003:261 "(allocated in cost of revenues)", nine months 2023


def test_facts_per_report(seed_answers, seed_build):
    from lxml import etree

    from kcmodel.taxonomy import NAMESPACE

    instances = {a.report: seed_build.out / a.path for a in seed_build.artifacts if a.kind == "xbrl-instance"}
    xbrl_facts = {name: sum(1 for e in etree.parse(str(path)).getroot() if isinstance(e.tag, str) and e.tag.startswith(f"{{{NAMESPACE}}}"))
                  for name, path in instances.items()}
    found = rows(seed_answers, "facts-per-report")
    assert [(r, d, p) for r, d, p, *_ in found] == [
        ("kc-2024-Q3", Q3_2024, "2024-11-19"),  # 003:41 "Date: November 19, 2024"
        ("kc-2024-FY", FY2024, "2025-03-19"),  # 000:42
        ("kc-2025-H1", H1_2025, "2025-08-20"),  # 001:40
        ("kc-2025-Q2", Q2_2025, "2025-08-20"),  # 004:7 "08/20/2025"
        ("kc-2025-FY", FY2025, "2026-03-25"),  # 002:41
    ]
    assert {r: n for r, _, _, n, *_ in found} == xbrl_facts
    # translations: the tables' (Q2 2025: 8 of them six-month figures whose RMB source 004 does not print),
    # and the prose's own US$ figures (6 or 7 a report); findings: the tables', and where the prose
    # disagrees with them (000 lines 156, 170, 228; 002 line 223; 004 lines 21, 29)
    assert {r: (t, f) for r, _, _, _, t, f in found} == {
        "kc-2024-Q3": (122 + 6, 1), "kc-2024-FY": (113 + 7, 0 + 3), "kc-2025-H1": (108 + 6, 2),
        "kc-2025-Q2": (111 + 8 + 6, 5 + 2), "kc-2025-FY": (112 + 6, 0 + 1)}


# -- the command line ---------------------------------------------------------------------------------

def kcmodel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kcmodel.cli", *args], capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.mark.slow  # the command loads a whole build
def test_sparql_command_writes_csv_and_json_from_a_build(build):
    query = str(QUERIES / "quarterly-revenue.rq")
    done = kcmodel("sparql", query, "--data", str(build.out), "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "start,end,revenue,derived" and lines[1] == "2023-07-01,2023-09-30,1625208000,false"  # 003:222
    done = kcmodel("sparql", query, "--data", str(build.out), "--store", "oxigraph", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["head"]["vars"] == ["start", "end", "revenue", "derived"]
    assert document["results"]["bindings"][1]["revenue"] == {
        "type": "literal", "value": "1722450000", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert (build.out / "oxigraph").is_dir()


@pytest.mark.slow  # the command ingests the examples
def test_sparql_command_defaults_to_the_bundled_examples_in_memory():
    done = kcmodel("sparql", "PREFIX kcv: <https://kcmodel.org/vocab#> ASK { ?f a kcv:DerivedFact }")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "true\n"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_query_the_parser_rejects_is_one_line_with_line_and_column_and_exit_2(build, tmp_path, store):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX kcv: <https://kcmodel.org/vocab#>\nSELECT ?f WHERE {\n  ?f a kcv:Fact\n  FILTER (\n}\n", encoding="utf-8")
    done = kcmodel("sparql", str(bad), "--data", str(build.out), "--store", store)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    # the file, the line and column where the parser gave up, and its message
    assert re.match(rf"kcmodel: {re.escape(str(bad))}:\d+:\d+: \S", done.stderr), done.stderr


def test_oxigraph_store_needs_a_build_directory():
    done = kcmodel("sparql", "ASK {}", "--store", "oxigraph")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--data DIR" in done.stderr


def test_revenue_growth(seed_answers):
    # (start, end, stated, computed from the RMB levels rounded to 0.1%); stated at 003:55, 000:76, 001:75, 004:11, 002:74
    assert rows(seed_answers, "revenue-growth") == [
        ("2024-07-01", "2024-09-30", D("0.160"), D("0.160")),  # 1,885,574 / 1,625,208 (003:222) - 1
        ("2024-01-01", "2024-12-31", D("0.105"), D("0.105")),  # 7,785,180 / 7,047,461 (000:76) - 1
        ("2025-01-01", "2025-06-30", D("0.178"), D("0.178")),  # 4,319,204 / 3,667,464 (001:75) - 1
        ("2025-04-01", "2025-06-30", D("0.242"), D("0.242")),  # 2,349,227 / 1,891,780 (004:183) - 1
        ("2025-01-01", "2025-12-31", D("0.228"), D("0.228")),  # 9,558,619 / 7,785,180 (002:74) - 1
    ]
