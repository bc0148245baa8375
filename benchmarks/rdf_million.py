"""One million facts as N-Quads, loaded into Oxigraph; the example queries' latency on them (issue 6).

The facts are the five bundled announcements' RDF, exactly as ``kcmodel build`` writes it (every
fact with its provenance, translations, findings, derived quarters), repeated as the reports of
earlier years: copy j moves every date 4·j years back and gives reports, documents and findings
their own IRIs, so the data reads like a long history of the same company (periods do not pile
up on each other). The taxonomy graph and the series' descriptions are written once. Steps, each timed:

1. write the N-Quads file, streamed, in a forked child (so the Python objects it takes are not in
   this process's peak; the file is deleted at the end unless --keep);
2. ``pyoxigraph.Store.bulk_load`` it from its path into a store, in memory (the default) or on disk
   (``--store disk``, RocksDB, what ``kcmodel sparql --store oxigraph`` keeps in a build directory),
   then ``optimize``: facts and quads per second;
3. run every ``examples/queries/*.rq`` (default graph = union of the named graphs): latency.

Peak memory is this process's maximum resident set size (Python and Oxigraph's native heap).
Run: python benchmarks/rdf_million.py [--facts N] [--store memory|disk] [--repeat N] [--workdir DIR]
[--piece MiB] [--threads N] [--keep] [--reuse]. Not a test. Measured on the 2-core project machine: see docs/rdf.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.rdf import oxiload  # noqa: E402
from exporters.rdf.graph import DatasetQuads  # noqa: E402
from exporters.rdf.serialize import nquads  # noqa: E402
from exporters.rdf.vocabulary import DATASET_GRAPH, KCD, TAXONOMY_GRAPH  # noqa: E402
from kcmodel.ingest.reader import ingest_file  # noqa: E402
from kcmodel.report import Dataset  # noqa: E402
from kcmodel.validation import sort, validate  # noqa: E402

FACT_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://kcmodel.org/vocab#Fact>"
YEARS_PER_COPY = 4
SERIES = str(KCD) + "series/"


def machine() -> str:
    """Where the figures were taken: they mean little without it."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB of memory, {platform.system()} {platform.machine()}"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def base_quads() -> tuple[str, str]:
    """(what every copy shares, everything else) as N-Quads, from the bundled example announcements. Shared:
    the taxonomy graph and the series' descriptions (a series spans every year: docs/rdf.md, "Series")."""
    done = [ingest_file(p) for p in sorted((ROOT / "examples" / "announcements").glob("*.txt"))]
    dataset = Dataset(reports=tuple(r.report for r in done))
    findings = sort([*(f for r in done for f in r.findings), *validate(dataset.reports)])
    quads = DatasetQuads(dataset, findings).quads
    shared = [q for q in quads if q[3] == TAXONOMY_GRAPH or (q[3] == DATASET_GRAPH and str(q[0]).startswith(SERIES))]
    kept = set(shared)
    return nquads(shared), nquads(q for q in quads if q not in kept)


TOKENS = re.compile(r"(?<![0-9])(\d{4})(?=-[01]\d-[0-3]\d)|(kc-\d{4}-(?:FY|H1|H2|Q[1-4]))|(data/(?:document|finding)/)")


class Template:
    """The base N-Quads cut at every year of a date, report id and document or finding IRI, so a copy
    is a join of the pieces with a few of them replaced (no regular expression per copy)."""

    def __init__(self, text: str) -> None:
        self.pieces: list[str] = []
        self.slots: list[tuple[int, str, str]] = []  # (index in pieces, kind, original)
        last = 0
        for match in TOKENS.finditer(text):
            self.pieces.append(text[last:match.start()])
            kind = "year" if match.group(1) else ("id" if match.group(2) else "path")
            self.slots.append((len(self.pieces), kind, match.group(0)))
            self.pieces.append(match.group(0))
            last = match.end()
        self.pieces.append(text[last:])

    def copy(self, j: int) -> str:
        """The reports 4·j years earlier, with their own report, document and finding IRIs."""
        if j == 0:
            return "".join(self.pieces)
        pieces = list(self.pieces)
        replace = {"year": lambda y: f"{int(y) - YEARS_PER_COPY * j:04d}", "id": lambda i: f"{i}-s{j}",
                   "path": lambda p: f"{p}s{j}-"}
        cache: dict[tuple[str, str], str] = {}
        for index, kind, original in self.slots:
            key = (kind, original)
            if key not in cache:
                cache[key] = replace[kind](original)
            pieces[index] = cache[key]
        return "".join(pieces)


def write_synthetic(target: Path, facts: int) -> tuple[int, int, int, int]:
    """Write the synthetic N-Quads; (facts, copies, facts per copy, quads). Meant to run in a child."""
    taxonomy, body = base_quads()
    per_copy = body.count(FACT_TYPE)
    copies = -(-facts // per_copy)
    if copies * YEARS_PER_COPY >= 2000:
        raise SystemExit(f"--facts {facts} needs {copies} copies: dates would go before year 1")
    quads = taxonomy.count("\n")
    template = Template(body)
    with target.open("w", encoding="utf-8") as handle:
        handle.write(taxonomy)
        for j in range(copies):
            text = template.copy(j)
            handle.write(text)
            quads += text.count("\n")
    return per_copy * copies, copies, per_copy, quads


def write_in_child(target: Path, facts: int) -> tuple[int, int, int, int]:
    """The file written by a forked child: the Python objects it takes never count in this process's peak."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(write_synthetic, target, facts).result()


def written() -> int:
    """Bytes this process has caused to be written to disk so far (Linux), else 0: the load is disk-bound."""
    try:
        with open("/proc/self/io", encoding="ascii") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("write_bytes"))
    except (OSError, StopIteration):
        return 0


def load(store_dir: Path | None, target: Path, piece: int = oxiload.PIECE, threads: int = oxiload.THREADS):
    """A store holding the file, loaded as ``kcmodel sparql --store oxigraph`` loads a build (on disk: in
    pieces, 32 MiB unless --piece, three at once unless --threads, exporters/rdf/oxiload.py; in memory: from
    the path), then ``optimize``. The load is bound by the CPU: parsing, sorting, compactions."""
    import pyoxigraph

    store = pyoxigraph.Store(str(store_dir)) if store_dir else pyoxigraph.Store()
    if store_dir:
        oxiload.bulk_load(store, target, piece, threads)
    else:
        store.bulk_load(path=str(target), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    loaded = time.perf_counter()
    store.optimize()
    return store, loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--store", choices=("memory", "disk"), default="memory")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each query (the first is cold)")
    parser.add_argument("--piece", type=int, default=oxiload.PIECE >> 20,
                        help="MiB of N-Quads per bulk load on disk (default: what kcmodel sparql uses)")
    parser.add_argument("--threads", type=int, default=oxiload.THREADS,
                        help="pieces bulk-loaded at once on disk (default: what kcmodel sparql uses)")
    parser.add_argument("--keep", action="store_true", help="keep the N-Quads file and the store")
    parser.add_argument("--reuse", action="store_true",
                        help="take the workdir's N-Quads file as it is (and, with --store disk, its store if loaded)")
    args = parser.parse_args()
    import pyoxigraph

    print(f"machine: {machine()}; pyoxigraph {pyoxigraph.__version__}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kcmodel-rdf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    target, store_dir, stamp = work / "synthetic.nq", work / "store", work / "store.loaded"
    if args.reuse and target.is_file():
        quads = _count_lines(target)
        facts = _count_facts(target)
        print(f"synthetic dataset: {facts:,} facts, {quads:,} quads, {target.stat().st_size / 2**20:,.0f} MiB of "
              f"N-Quads (reused)")
    else:
        started = time.perf_counter()
        facts, copies, per_copy, quads = write_in_child(target, args.facts)
        print(f"synthetic dataset: {facts:,} facts ({copies} copies of {per_copy:,} facts: the 5 example reports and "
              f"their derived quarters), {quads:,} quads, {target.stat().st_size / 2**20:,.0f} MiB of N-Quads written "
              f"in {time.perf_counter() - started:.1f} s (by a child process: "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:,.0f} MiB peak)")
    print(f"peak memory before loading: {peak_mib():,.0f} MiB")

    disk = args.store == "disk"
    if disk and args.reuse and stamp.is_file():
        store = pyoxigraph.Store.read_only(str(store_dir))
        print(f"store reused: {store_dir}")
    else:
        if disk:
            shutil.rmtree(store_dir, ignore_errors=True)
            stamp.unlink(missing_ok=True)
        started, before, cpu = time.perf_counter(), written(), cpu_seconds()
        store, loaded = load(store_dir if disk else None, target, args.piece << 20, args.threads)
        done, cpu = time.perf_counter(), cpu_seconds() - cpu
        if disk:
            stamp.touch()
        pieces = f", in {args.piece} MiB pieces, {args.threads} at once" if disk else ""
        print(f"bulk load into Oxigraph {pyoxigraph.__version__} ({args.store}{pieces}): {loaded - started:.1f} s = "
              f"{facts / (loaded - started):,.0f} facts/s, {quads / (loaded - started):,.0f} quads/s; optimize "
              f"{done - loaded:.1f} s; store holds {len(store):,} quads; {(written() - before) / 2**30:,.1f} GiB "
              f"written to disk, {cpu:,.0f} s of CPU (load and optimize); load average {os.getloadavg()[0]:.2f}")
    print(f"peak memory after loading: {peak_mib():,.0f} MiB")

    print(f"\n{'query':32} {'rows':>9} " + " ".join(f"{'run ' + str(n + 1) + ' s':>9}" for n in range(args.repeat)))
    for path in sorted((ROOT / "examples" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        timings, count = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = store.query(text, use_default_graph_as_union=True)
            count = sum(1 for _ in result) if isinstance(result, pyoxigraph.QuerySolutions) else 1
            timings.append(time.perf_counter() - started)
        print(f"{path.stem:32} {count:>9,} " + " ".join(f"{t:>9.3f}" for t in timings))
    print(f"\npeak memory: {peak_mib():,.0f} MiB")
    del store
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {target} and {store_dir}")
    return 0


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b""))


def _count_facts(path: Path) -> int:
    needle = FACT_TYPE.encode("utf-8")
    with path.open("rb") as handle:
        return sum(line.count(needle) for line in handle)


if __name__ == "__main__":
    sys.exit(main())
