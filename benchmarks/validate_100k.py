"""Validating 100,000 facts: the target is under 2 seconds on this machine (issue 4).

The facts are the Q3 2024 example report's, repeated for 200 more entities (its contexts with
other identifiers), so every rule family has real work: calculations, cross-dimension sums, US$
translations, roll-forwards, identities, per-share, margins and period additivity.
Run: python benchmarks/validate_100k.py
"""

from __future__ import annotations

import sys
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kcmodel.contexts import Entity  # noqa: E402
from kcmodel.facts import FactRef, Translation  # noqa: E402
from kcmodel.ingest.reader import ingest_file  # noqa: E402
from kcmodel.report import Report  # noqa: E402
from kcmodel.taxonomy import RATE_CONCEPT, Taxonomy  # noqa: E402
from kcmodel.cli import _collect_less_often  # noqa: E402
from kcmodel.validation import validate_report  # noqa: E402

TARGET = 100_000


def _moved(ref: FactRef, entity: Entity) -> FactRef:
    return ref.model_copy(update={"context": ref.context.model_copy(update={"entity": entity})})


def synthetic_report() -> Report:
    base = ingest_file(ROOT / "examples" / "announcements" / "kc-2024-Q3.txt").report
    rate = base.rate
    body = [f for f in base.facts if f.concept != RATE_CONCEPT]
    facts = [rate]
    copies = 0
    while len(facts) < TARGET:
        entity = Entity(scheme=base.document.entity.scheme, identifier=f"{copies:010d}")
        copies += 1
        for fact in body:
            update = {"context": fact.context.model_copy(update={"entity": entity})}
            if fact.translation is not None:
                update["translation"] = Translation(source=_moved(fact.translation.source, entity), rate=rate.key)
            facts.append(fact.model_copy(update=update))
    return Report.model_construct(document=base.document, facts=tuple(facts[:TARGET]))


def main() -> None:
    _collect_less_often()  # as every kcmodel command sets it
    taxonomy = Taxonomy.load()
    report = synthetic_report()
    validate_report(report.model_construct(document=report.document, facts=report.facts[:2000]), taxonomy)  # warm up
    started = time.perf_counter()
    findings = validate_report(report, taxonomy)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"facts validated: {len(report.facts):,}")
    print(f"findings: {len(findings):,}")
    print(f"seconds: {elapsed:.2f} (target < 2.00)")
    print(f"facts per second: {len(report.facts) / elapsed:,.0f}")
    print(f"peak resident memory of the process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
