"""A build of the announcements, stage by stage: the target is the whole build (every output) in
at most 2 s wall and 200 MiB peak on this machine for the five announcements (issue 14).

Prints, for each stage, its wall time, its CPU time and its throughput (lines/s for ingest,
facts/s for validation and for each writer, with the files it writes), then the whole command
(`kcmodel build` in a fresh process: median wall time and median CPU time, user + system of the
build and its workers, of --repeat runs, and its peak resident memory). On a machine shared with
other work the CPU times are the figures to compare: they grow far less than wall times.

Run: python benchmarks/build.py [SOURCES...] [--repeat N]
(default sources: ../shared/seeds beside the checkout if present, else the bundled examples)
"""

from __future__ import annotations

import argparse
import compileall
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.artifacts import WRITERS  # noqa: E402
from exporters.manifest import write_manifest  # noqa: E402
from kcmodel.ingest.reader import ingest_file  # noqa: E402
from kcmodel.report import Dataset  # noqa: E402
from kcmodel.validation import sort, validate  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples" / "announcements"


def _files(sources: list[Path]) -> list[Path]:
    out: list[Path] = []
    for source in sources:
        out += sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith(".")) if source.is_dir() else [source]
    return out


class _Clock:
    """Wall and CPU time of a stage."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def line(self, name: str, count: int, what: str, note: str) -> str:
        return f"{name:<24}{self.wall:8.3f} s {self.cpu:8.3f} s CPU {count / self.cpu:12,.0f} {what}/s  ({note})"


def stages(files: list[Path]) -> None:
    """Each stage in this process, timed on its own (with the collector's thresholds a build sets)."""
    gc.set_threshold(10_000, 50, 1_000)  # as kcmodel.cli's build does
    with _Clock() as clock:
        done = [ingest_file(path) for path in files]
        lines = sum(len(path.read_text(encoding="utf-8", errors="replace").splitlines()) for path in files)
    print(clock.line("ingest", lines, "lines", f"{len(files)} files, {lines:,} lines"))

    with _Clock() as clock:
        dataset = Dataset(reports=tuple(r.report for r in done))
        findings = sort([*(f for r in done for f in r.findings), *validate(dataset.reports)])
        facts = sum(len(r.facts) for r in dataset.reports)
    print(clock.line("validate", facts, "facts", f"{facts:,} facts, {len(findings)} findings"))

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        artifacts = []
        for writer in WRITERS:
            with _Clock() as clock:
                made = writer(dataset, findings, out)
            artifacts += made
            print(clock.line(writer.__name__, facts, "facts", f"{len(made)} artifacts"))
        write_manifest(artifacts, out)
        written = [p for p in out.rglob("*") if p.is_file()]
        print(f"{'(outputs)':<24}{len(written):8d} files, {sum(p.stat().st_size for p in written) / 2**20:.1f} MiB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak (this process)':<24}{peak:8.0f} MiB")


def command(sources: list[Path], repeat: int) -> None:
    """`kcmodel build` as a user runs it: wall time (median) and peak memory of a fresh process."""
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            cpu, start = _children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-m", "kcmodel.cli", "build", *map(str, sources), "--out", f"{folder}/out"],
                           check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    verdict = "met" if statistics.median(walls) <= 2 and peak <= 200 else "NOT met"
    print(f"{'kcmodel build':<24}{statistics.median(walls):8.3f} s wall (median of {repeat}: "
          f"{', '.join(f'{w:.2f}' for w in walls)}), {statistics.median(cpus):.2f} s CPU (median: "
          f"{', '.join(f'{c:.2f}' for c in cpus)}), peak {peak:.0f} MiB — target 2 s / 200 MiB {verdict}")
    print(f"{'(load average)':<24}{os.getloadavg()[0]:8.2f} on {os.cpu_count()} cores: wall times grow with it")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compiled() -> int:
    """Write the bytecode of kcmodel's modules, as installing a package does: with
    PYTHONDONTWRITEBYTECODE set (as on this machine) every run would compile the modules changed
    since their last bytecode again, 60 ms of start-up that no installed kcmodel pays."""
    return sum(not compileall.compile_dir(ROOT / package, quiet=1) for package in ("kcmodel", "exporters"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = args.sources or [SEEDS if SEEDS.is_dir() else EXAMPLES]
    if compiled():
        print("warning: some modules did not compile to bytecode: start-up is slower than installed")
    print(f"sources: {', '.join(map(str, sources))}")
    stages(_files(sources))
    command(sources, args.repeat)


if __name__ == "__main__":
    main()
