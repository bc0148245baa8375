"""Build a Report from a hand-typed statements fixture (see ``fixtures/fy2024_statements.tsv``).

The fixture holds the cells exactly as printed; this module applies docs/conventions.md §2-§4 to them:
thousands multiplied out with decimals -3, per-share decimals 2, shares decimals 0, a negated row's
printed figure negated back to the concept's value, and each US$ cell a translation of the RMB cell
of its period at the document's rate. The US$ column's share count repeats the RMB one and is the
same fact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from kcmodel import Context, Document, Entity, Fact, FactRef, Period, Provenance, Report, Translation
from kcmodel.taxonomy import ItemType, Taxonomy
from kcmodel.units import CNY, CNY_PER_SHARE, CNY_PER_USD, SHARES, USD, USD_PER_SHARE

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = "000_74d97d5e07486dff.txt"
RATE = Decimal("7.2993")
RATE_DATE = dt.date(2024, 12, 31)
RATE_LINE = 503
# docs/conventions.md §2: Kingsoft Cloud, identified by its SEC CIK
KINGSOFT_CLOUD = Entity(scheme="http://www.sec.gov/CIK", identifier="0001795589")


def printed_number(text: str) -> Decimal:
    """'(6,444,254)' -> -6444254; a dash -> 0 (docs/conventions.md §7: dashes are fixed-zero)."""
    text = text.strip()
    if text in {"-", "–", "—"}:
        return Decimal(0)
    negative = text.startswith("(") and text.endswith(")")
    value = Decimal(text.strip("()").replace(",", ""))
    return -value if negative else value


def _periods(header: str) -> list[Period]:
    kind, spans = header.strip("[]").split(" ", 1)
    periods = []
    for span in spans.split("|"):
        days = [dt.date.fromisoformat(d) for d in span.split()]
        periods.append(Period.duration(*days) if kind == "duration" else Period.instant(days[0]))
    return periods


def fy2024_report(name: str = "fy2024_statements.tsv") -> Report:
    taxonomy = Taxonomy.load()
    rate = Fact.checked(taxonomy, concept="ConvenienceTranslationExchangeRate", context=Context(entity=KINGSOFT_CLOUD, period=Period.instant(RATE_DATE)),
                unit=CNY_PER_USD, value=RATE, decimals=4,
                provenance=(Provenance(document=SOURCE, line=RATE_LINE, label="Convenience translation", text="RMB7.2993"),))
    facts: dict = {rate.key: rate}
    periods: list[Period] = []
    for raw in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("["):
            periods = _periods(raw)
            continue
        line, concept_name, members, shown, *cells = raw.split("\t")
        concept = taxonomy.concept(concept_name)
        dims = () if members == "-" else tuple(tuple(m.split("=")) for m in members.split(","))
        sign = -1 if shown == "negated" else 1
        units, decimals, scale = {
            ItemType.perShare: ((CNY_PER_SHARE, USD_PER_SHARE), 2, 1),
            ItemType.shares: ((SHARES, SHARES), 0, 1),
        }.get(concept.type, ((CNY, USD), -3, 1000))
        columns = [(periods[0], units[0]), (periods[1], units[0]), (periods[1], units[1])]
        label = concept.label
        for (period, unit), cell in zip(columns, cells, strict=True):
            context = Context(entity=KINGSOFT_CLOUD, period=period, dimensions=dims)
            translation = None
            if unit in (USD, USD_PER_SHARE):
                source = facts[FactRef(concept=concept_name, context=context, unit=CNY if unit == USD else CNY_PER_SHARE)]
                translation = Translation(source=source.key, rate=rate.key)
            fact = Fact.checked(taxonomy, concept=concept_name, context=context, unit=unit, value=sign * printed_number(cell) * scale,
                        decimals=decimals, translation=translation,
                        provenance=(Provenance(document=SOURCE, line=int(line), label=label, text=cell),))
            known = facts.get(fact.key)
            facts[fact.key] = known.with_provenance(*fact.provenance) if known else fact
    document = Document(source=SOURCE, title="Preliminary announcement of annual results for the year ended December 31, 2024",
                        document_type="Annual results announcement", period_start=dt.date(2024, 1, 1),
                        period_end=dt.date(2024, 12, 31), fiscal_year=2024, fiscal_period="FY",
                        published=dt.date(2025, 3, 19), entity=KINGSOFT_CLOUD, entity_name="Kingsoft Cloud Holdings Limited")
    return Report(document=document, facts=tuple(facts.values()))
