"""A rendering of an announcement gives the same facts as its TAB text, fact by fact.

Facts are compared on everything but provenance: concept, context (period and dimensions), unit,
value and decimals, and the translation link of a US$ fact. Ledger counts are compared by reason,
apart from numbers that state no company quantity (dates, years, page numbers), which a rendering's
running titles and repeated headers print more often than the TAB text.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from kcmodel.ingest.reader import Ingested


def fact_table(ingested: Ingested) -> dict[tuple, tuple[Decimal | str | None, int | None, tuple | None]]:
    out = {}
    for fact in ingested.report.facts:
        key = (fact.concept, fact.context.period.key, fact.context.dimensions, str(fact.unit) if fact.unit else None)
        link = (fact.translation.source.concept, fact.translation.source.context.period.key) if fact.translation else None
        out[key] = (fact.value, fact.decimals, link)
    return out


# Prose figures a rendering may print more often, or read with other words around them: the dates and
# years of a running title or a repeated column header, a page number; an exhibit number whose
# description a PDF wraps around it (read as an unmapped figure rather than as an exhibit number).
# None of them is a fact either way; every table figure, and every prose figure that is data, counts.
FURNITURE = {"date", "time", "not-a-company-quantity"}
PROSE_ONLY_FURNITURE = {"unmapped-label"}


def _counted(entry) -> bool:
    if entry.taken:
        return True
    if entry.reason.value in FURNITURE:
        return False
    return not (entry.at.sentence is not None and entry.reason.value in PROSE_ONLY_FURNITURE)


def ledger_counts(ingested: Ingested) -> Counter:
    return Counter("taken" if e.taken else e.reason.value for e in ingested.ledger.entries if _counted(e))


def differences(expected: Ingested, actual: Ingested, limit: int = 20) -> list[str]:
    """What differs, one line each (empty when the facts and ledger counts agree)."""
    want, got = fact_table(expected), fact_table(actual)
    out = [f"missing {k}: {want[k]}" for k in want if k not in got]
    out += [f"extra {k}: {got[k]}" for k in got if k not in want]
    out += [f"differs {k}: {want[k]} != {got[k]}" for k in want if k in got and want[k] != got[k]]
    counts_want, counts_got = ledger_counts(expected), ledger_counts(actual)
    if counts_want != counts_got:
        out.append(f"ledger counts {dict(counts_want)} != {dict(counts_got)}")
    return out[:limit] + ([f"... {len(out) - limit} more"] if len(out) > limit else [])
