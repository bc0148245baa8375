"""Reading the published forms (issue 10): PDF pages per second, HTML megabytes per second, and the
five seed announcements read as PDFs (target: under 2 seconds in all).

The seeds are printed to PDF by headless Chromium in typesetting A of tests/forms/render_pdf.py and
written as HTML by tests/forms/render_html.py (the first typesetting), once: the files are kept in
out/benchmarks/read-forms/ and reused while they are newer than the seeds and the renderers. A 40-page PDF is built
from their pages with PDFium. Only reading is timed (the best of a few runs, the first one warming
the imports), not ingesting.
Run: python benchmarks/read_forms.py [FOLDER]   (default ../shared/seeds)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kcmodel.ingest.forms.pdf import read_pdf  # noqa: E402

TARGET_SECONDS = 2.0  # five announcements as PDFs
BIG_PAGES = 40
RUNS = 3
CACHE = ROOT / "out" / "benchmarks" / "read-forms"


def fresh(target: Path, sources: list[Path]) -> bool:
    return target.exists() and all(target.stat().st_mtime >= s.stat().st_mtime for s in sources)


def print_seeds(sources: list[Path]) -> list[Path]:
    """The seeds as PDFs, printed by Chromium unless already printed."""
    from tests.forms.render_pdf import SETTINGS, render_seeds

    from tests.browser import CHROMIUM

    renderer = ROOT / "tests" / "forms" / "render_pdf.py"
    targets = [CACHE / f"{s.stem}.A.pdf" for s in sources]
    stale = [s for s, t in zip(sources, targets) if not fresh(t, [s, renderer])]
    if stale and not Path(CHROMIUM).exists():
        raise SystemExit(f"chromium is not installed ({CHROMIUM}): cannot print the seeds to PDF")
    if stale:
        render_seeds(stale, [SETTINGS["A"]], CACHE)
    return targets


def write_html(sources: list[Path]) -> list[Path] | None:
    """The seeds as HTML, or None when no HTML renderer or reader is there yet."""
    try:
        from kcmodel.ingest.forms.html import read_html  # noqa: F401
        from tests.forms.render_html import TYPESETTINGS
    except ImportError:
        return None
    name, render = next(iter(TYPESETTINGS.items()))
    targets = []
    renderer = ROOT / "tests" / "forms" / "render_html.py"
    for source in sources:
        target = CACHE / f"{source.stem}.{name}.html"
        if not fresh(target, [source, renderer]):
            target.write_bytes(render(source))
        targets.append(target)
    return targets


def build_big(pdfs: list[Path], pages: int) -> Path:
    """A PDF of ``pages`` pages taken in turn from the seeds' PDFs (PDFium copies them)."""
    import pypdfium2 as pdfium

    target = CACHE / f"big-{pages}.pdf"
    if fresh(target, pdfs):
        return target
    big = pdfium.PdfDocument.new()
    try:
        while len(big) < pages:
            for path in pdfs:
                source = pdfium.PdfDocument(path.read_bytes())
                try:
                    take = min(len(source), pages - len(big))
                    big.import_pages(source, list(range(take)))
                finally:
                    source.close()
                if len(big) >= pages:
                    break
        big.save(str(target))
    finally:
        big.close()
    return target


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(the first run, the best of ``RUNS``): the first pays for imports and warms the reader's caches."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times[0], min(times)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    sources = sorted(folder.glob("*.txt"))
    if not sources:
        print(f"no seeds in {folder}")
        return 2
    CACHE.mkdir(parents=True, exist_ok=True)
    pdfs = print_seeds(sources)
    data = [p.read_bytes() for p in pdfs]
    first, five = timed(lambda: [read_pdf(d, str(p), p.name) for d, p in zip(data, pdfs)])

    big = build_big(pdfs, BIG_PAGES)
    big_data = big.read_bytes()
    _, big_time = timed(lambda: read_pdf(big_data, str(big), big.name))

    pages = sum(_pages(p) for p in pdfs)
    print(f"{len(pdfs)} seeds as PDFs ({pages} pages, {sum(map(len, data)) / 1e6:.1f} MB) read in {five:.2f} s "
          f"(first run {first:.2f} s)")
    print(f"{BIG_PAGES}-page PDF read in {big_time:.2f} s: {BIG_PAGES / big_time:.0f} pages/s")
    html = write_html(sources)
    if html is None:
        print("HTML: kcmodel.ingest.forms.html.read_html is missing (not timed)")
    else:
        from kcmodel.ingest.forms.html import read_html

        pages_html = [(p.read_bytes(), p) for p in html]
        size = sum(len(d) for d, _ in pages_html)
        _, took = timed(lambda: [read_html(d, str(p), p.name) for d, p in pages_html])
        print(f"{len(html)} seeds as HTML ({size / 1e6:.2f} MB) read in {took:.2f} s: {size / 1e6 / took:.1f} MB/s")
    verdict = "met" if first < TARGET_SECONDS else "MISSED"
    print(f"target: five PDFs under {TARGET_SECONDS:.0f} s (first run): {verdict}")
    return 0 if first < TARGET_SECONDS else 1


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return len(pdf)
    finally:
        pdf.close()


if __name__ == "__main__":
    sys.exit(main())
