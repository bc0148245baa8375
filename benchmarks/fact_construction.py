"""Fact construction, the model's hottest path: facts per second for ``Fact.checked`` (checked against
the taxonomy, as every reader makes facts) and for ``Fact(...)`` (the fact's own checks only).

Rebuilds the facts of the bundled examples many times and prints the best of ``--repeat`` rounds
(the best round is the one least disturbed by other work on the machine).

Run: python benchmarks/fact_construction.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kcmodel.facts import Fact  # noqa: E402
from kcmodel.ingest.reader import ingest_file  # noqa: E402
from kcmodel.taxonomy import Taxonomy  # noqa: E402

EXAMPLES = ROOT / "examples" / "announcements"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    taxonomy = Taxonomy.load()
    facts = [f for path in sorted(EXAMPLES.iterdir()) for f in ingest_file(path, taxonomy).report.facts]
    fields = [{name: getattr(f, name) for name in Fact.model_fields} for f in facts]
    ways = {"Fact.checked(taxonomy, ...)": lambda d: Fact.checked(taxonomy, **d), "Fact(...)": lambda d: Fact(**d)}
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(args.repeat):
        for name, make in ways.items():
            start = time.perf_counter()
            for d in fields:
                make(d)
            best[name] = min(best[name], time.perf_counter() - start)
    for name, took in best.items():
        print(f"{name:<28}{len(fields) / took:12,.0f} facts/s  (best of {args.repeat} rounds of {len(fields):,} facts)")


if __name__ == "__main__":
    main()
