"""Hostile and large inputs (issue 12): every reading step must be linear in its input.

Each hostile line is ingested alone and inside the bundled Q3 2024 example (so every stage reads
it: tables, prose, ledger), at two sizes, each in a child process of its own; the script prints the
seconds (the taxonomy loaded before) and the peak memory of each, and the ratio of the times. A linear step takes about ten times as long at
ten times the size; a quadratic one a hundred times. The large announcement is the first seed (or
the bundled Q3 2024 example) repeated 100 times, about 5 MB.
Run: python benchmarks/hostile_inputs.py [SEED]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE = ROOT / "examples" / "announcements" / "kc-2024-Q3.txt"

# one hostile line, as a function of its size n (characters or repetitions)
LINES = {
    "brackets '[' * n": lambda n: "[" * n,
    "link openers '[](' * n": lambda n: "[](" * (n // 3),
    "backslashes": lambda n: "\\" * n,
    "emphasis '**' * n": lambda n: "**" * (n // 2),
    "parentheses '(' * n": lambda n: "(" * n,
    "figures ' 1' * n then a word": lambda n: "Revenues" + " 1" * (n // 2) + " x",
    "tab cells '1,2,3'": lambda n: "Revenues" + "\t1,2,3" * (n // 6),
    "spaced cells": lambda n: "Revenues" + "  (12" * (n // 5),
    "digits": lambda n: "1" * n,
    "one sentence of figures": lambda n: "Revenue was RMB" + " 1.2 million and" * (n // 16) + ".",
}

CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kcmodel.errors import KcError
from kcmodel.ingest.reader import ingest_file
from kcmodel.taxonomy import Taxonomy
taxonomy = Taxonomy.load()
start = time.perf_counter()
try:
    outcome = ingest_file(Path({path!r}), taxonomy).ledger.summary().split(": ", 1)[1][:60]
except KcError as exc:
    outcome = "KcError: " + exc.message[:50]
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, outcome, sep="\\t")
"""


def measure(path: Path) -> tuple[float, int, str]:
    """Seconds to ingest (the taxonomy loaded before), peak resident MB, and what came of it."""
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                          capture_output=True, text=True, timeout=1800)
    if done.returncode:
        return float("nan"), 0, "crashed: " + done.stderr.strip().splitlines()[-1]
    seconds, megabytes, outcome = done.stdout.strip().split("\t")
    return float(seconds), int(megabytes), outcome


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else next(iter(sorted(SEEDS.glob("*.txt"))), EXAMPLE)
    with TemporaryDirectory() as folder:
        print(f"{'case':40} {'size':>10} {'seconds':>8} {'peak MB':>8}  ratio  outcome")
        example = EXAMPLE.read_text(encoding="utf-8")
        for name, line in LINES.items():
            for alone in (True, False):
                times = []
                for n in (10_000, 100_000):
                    path = Path(folder) / "hostile.txt"
                    text = f"{line(n)}\n" if alone else example.replace("\n\n", f"\n\n{line(n)}\n\n", 1)
                    path.write_text(text, encoding="utf-8")
                    seconds, peak, outcome = measure(path)
                    times.append(seconds)
                    ratio = f"{times[1] / max(times[0], 1e-3):5.1f}" if n == 100_000 else "     "
                    case = f"{name}{'' if alone else ' (in Q3)'}"
                    print(f"{case:40} {n:>10,} {seconds:8.3f} {peak:8}  {ratio}  {outcome}", flush=True)
        text = seed.read_text(encoding="utf-8")
        for copies in (10, 100):
            path = Path(folder) / "large.txt"
            path.write_text(text * copies, encoding="utf-8")
            seconds, peak, outcome = measure(path)
            print(f"{seed.name} x {copies:<12} {path.stat().st_size:>16,} {seconds:8.2f} {peak:8}         {outcome}",
                  flush=True)


if __name__ == "__main__":
    main()
