"""A company's whole history through the whole pipeline: the target is 10⁵ facts built (ingest,
validation, every output) in at most 60 s and 1 GiB peak, at a cost per fact that stays flat (issue 14).

The history is the announcements (../shared/seeds beside the checkout if present, else the bundled
examples) repeated as the announcements of earlier years: copy j moves every year it prints 4·j
years back (dates, headings, fiscal years), so each copy reads as another company year and no
period piles onto another. Each size is one `kcmodel build` in a fresh process: wall time, CPU time
(user + system, of the build and its workers), each per fact, and the peak resident memory of the
largest of its processes.

Run: python benchmarks/history.py [--facts 1000 10000 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples" / "announcements"
YEARS_PER_COPY = 4
_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d\d)(?![\d,])")


def _sources() -> list[Path]:
    folder = SEEDS if SEEDS.is_dir() else EXAMPLES
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _moved(text: str, years: int) -> str:
    """The announcement as if published ``years`` years earlier: every year it prints moved back."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) - years), text)


def history(folder: Path, copies: int) -> list[Path]:
    """``copies`` generations of the announcements, each moved 4 years further back."""
    written = []
    for copy in range(copies):
        for source in _sources():
            target = folder / f"{copy:03d}-{source.name}"
            target.write_bytes(_moved(source.read_text(encoding="utf-8"), YEARS_PER_COPY * copy).encode("utf-8"))
            written.append(target)
    return written


def _facts(build: Path) -> int:
    import json

    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    total = 0
    for artifact in manifest["artifacts"]:
        if artifact["kind"] == "xbrl-json":
            total += len(json.loads((build / artifact["path"]).read_text(encoding="utf-8"))["facts"])
    return total


def _cpu() -> float:
    """User and system CPU seconds of the finished child processes so far (a build and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(copies: int, work: Path) -> tuple[int, float, float, float]:
    """(facts, wall seconds, CPU seconds, peak MiB) of one build of ``copies`` generations."""
    sources = work / f"history-{copies}"
    shutil.rmtree(sources, ignore_errors=True)
    sources.mkdir(parents=True)
    history(sources, copies)
    out = work / f"build-{copies}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "kcmodel.cli", "build", str(sources), "--out", str(out)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return _facts(out), wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="build here and keep the sources and outputs")
    args = parser.parse_args()
    per_copy = None
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        print(f"{'facts':>9} {'copies':>7} {'wall s':>8} {'µs/fact':>8} {'CPU s':>8} {'µs/fact':>8} {'peak MiB':>9}")
        for wanted in args.facts:
            if per_copy is None:
                per_copy, _, _, _ = run(1, work)
            copies = max(1, round(wanted / per_copy))
            facts, wall, cpu, peak = run(copies, work)
            print(f"{facts:>9,} {copies:>7} {wall:>8.2f} {wall / facts * 1e6:>8.0f} {cpu:>8.2f} {cpu / facts * 1e6:>8.0f} "
                  f"{peak:>9.0f}", flush=True)
    print("target: 100,000 facts in <= 60 s and <= 1,024 MiB, the cost per fact flat")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end (wall times grow with it)")
    print("(CPU s: user + system time of the build and its workers, which a machine shared with other work "
          "inflates less than the wall time; on two idle cores the wall time is at least half of it)")


if __name__ == "__main__":
    main()
