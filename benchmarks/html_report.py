"""Building the analyst report (issue 7) for the five seed announcements: target under 1 second.

Reading and validating the announcements is timed apart: the figure that counts is the report
itself, from the dataset and its findings to every page on disk (the first, cold build, with the
templates compiled and the dataset merged in the timed run), then warm builds in memory.
Run: python benchmarks/html_report.py [FOLDER]   (default ../shared/seeds, else the bundled examples)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.html import build_site, write_html_report  # noqa: E402
from kcmodel.ingest.reader import ingest_file  # noqa: E402
from kcmodel.report import Dataset  # noqa: E402
from kcmodel.validation import sort, validate  # noqa: E402

TARGET_SECONDS = 1.0


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    if not folder.is_dir():
        folder = ROOT / "examples" / "announcements"
    sources = sorted(folder.glob("*.txt"))
    started = time.perf_counter()
    done = [ingest_file(p) for p in sources]
    findings = sort([*(f for d in done for f in d.findings), *validate([d.report for d in done])])
    read = time.perf_counter() - started

    dataset = Dataset(reports=tuple(d.report for d in done))  # fresh: its merge is part of the timed build
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        artifacts = write_html_report(dataset, findings, Path(out))
        cold = time.perf_counter() - started
        files = [p for p in (Path(out) / "report").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        largest = max(files, key=lambda p: p.stat().st_size)
        largest_size = largest.stat().st_size
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        build_site(dataset, findings)
        warm.append(time.perf_counter() - started)

    print(f"{len(sources)} announcements from {folder} read and validated in {read:.2f} s (not counted)")
    print(f"report: {len(artifacts)} files, {size / 1e6:.1f} MB (largest {largest.name}, {largest_size / 1e3:.0f} kB)")
    print(f"first build to disk: {cold:.3f} s; warm builds in memory: median {statistics.median(warm):.3f} s, best {min(warm):.3f} s")
    verdict = "met" if cold < TARGET_SECONDS else "MISSED"
    print(f"target under {TARGET_SECONDS:.0f} s: {verdict}")
    return 0 if cold < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
