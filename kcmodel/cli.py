"""The ``kcmodel`` command line: one sub-command per job.

This module is the composition root: the only place in ``kcmodel`` that reaches the exporters,
and only inside the command that needs them. Bad input prints one line naming the file (and line)
and exits 2; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from kcmodel.errors import KcError, printable

if TYPE_CHECKING:  # loaded inside the commands (see main)
    from kcmodel.findings import Finding
    from kcmodel.ingest.ledger import Ledger
    from kcmodel.report import Dataset, Report

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
_HERE = Path(__file__).resolve().parent
# the bundled example data: in a checkout, or installed with the package
EXAMPLES = next((p for p in (_HERE.parent / "examples" / "announcements", _HERE / "example_files" / "announcements")
                 if p.is_dir()), _HERE.parent / "examples" / "announcements")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)} (see {self.prog} --help)\n")


def _taxonomy(args: argparse.Namespace) -> int:
    from exporters.outfolder import write_file
    from exporters.packages import write_taxonomy_package
    from exporters.taxonomy import taxonomy_files
    from kcmodel.taxonomy import TAXONOMY_DIR, Taxonomy

    taxonomy = Taxonomy.load()
    if args.write_source_tree:
        for path, data in taxonomy_files(taxonomy).items():
            target = TAXONOMY_DIR / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file(target, data)
        print(f"wrote the generated taxonomy files under {TAXONOMY_DIR}")
    if args.out is not None:
        print(write_taxonomy_package(taxonomy, _writable_dir(args.out)))
    return 0


def _ingest_all(paths: Sequence[Path], meanwhile: Callable[[], object] = lambda: None,
                ledger: bool = False) -> tuple[list, int]:
    """Ingest each file, on every core; a bad one is reported in one line and the others still run.
    ``meanwhile`` is work of this process while the workers read. Each result comes back without the
    reader's work tables, and without its ledger unless ``ledger``: what crosses from a worker is
    pickled there and unpickled here, and only ``kcmodel ingest`` shows a ledger."""
    from exporters.forked import each
    from kcmodel.ingest import reader  # noqa: F401 - imported once, here, before the workers fork: they share it
    from kcmodel.taxonomy import Taxonomy

    Taxonomy.load()  # read once here, before the workers fork: they share it, and so do the writers after them
    done, failed = [], 0
    results = each(functools.partial(_ingest_one, ledger=ledger), paths, meanwhile, size=_bytes)
    for number, (path, (result, error)) in enumerate(zip(paths, results, strict=True), start=1):
        _progress(f"read {number}/{len(paths)} {printable(path.name)}", len(paths))
        if error is None:
            done.append(result)
        else:
            _progress("", len(paths))
            print(f"kcmodel: {error}", file=sys.stderr)
            failed += 1
    _progress("", len(paths))
    return done, failed


def _bytes(path: Path) -> int:
    """A file's size, which the readers go by to take the longest reads first (0 if it cannot be read:
    its reader reports why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _ingest_one(path: Path, ledger: bool) -> tuple[object, str | None]:
    """One file's ingest, or the one line its KcError says (which crosses a process boundary as text)."""
    from kcmodel.ingest.reader import ingest_file

    try:
        result = ingest_file(path)
    except KcError as exc:
        return None, str(exc)
    return _Read(result.report, result.findings, result.ledger if ledger else None), None


class _Read(NamedTuple):
    """What a command uses of an ingest (``kcmodel.ingest.reader.Ingested`` less its work tables)."""

    report: Report
    findings: list[Finding]
    ledger: Ledger | None


def _progress(text: str, files: int) -> None:
    """A one-line progress display for several files on a terminal; nothing in pipes or logs."""
    if files > 1 and sys.stderr.isatty():
        sys.stderr.write(f"\r\x1b[K{text}")
        sys.stderr.flush()


def _sources(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a directory stands for the files in it (every form: their content says which)."""
    out: list[Path] = []
    for path in paths:
        out += _announcements_in(path) if path.is_dir() else [path]
    return out


def _announcements_in(folder: Path) -> list[Path]:
    """The visible regular files of a folder, in name order (hidden files and sub-folders are not announcements)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())


def _ingest(args: argparse.Namespace) -> int:
    done, failed = _ingest_all(_sources(args.files), ledger=True)
    failed += _report_empty_folders(args.files)
    for result in done:
        if args.ledger:
            print("\n".join(result.ledger.lines()))
        if args.findings:
            print("\n".join(str(f) for f in result.findings))
        print(result.ledger.summary())
    return EXIT_USAGE if failed else 0


def _build(args: argparse.Namespace) -> int:
    """Every input is read and checked before the output folder is touched; the folder is then replaced whole."""
    given = args.sources or [EXAMPLES]
    sources = _sources(given)
    done, failed = _ingest_all(sources, _import_writers)  # the writers are imported while the workers read

    from exporters.artifacts import clashes, write_all
    from exporters.outfolder import replacing

    problems = [*_empty_folders(given), *_inside(sources, args.out)]
    if not failed:
        problems += clashes((str(source), result.report) for source, result in zip(sources, done, strict=True))
    for problem in problems:
        print(f"kcmodel: {printable(problem)}", file=sys.stderr)
    if failed or problems:
        return EXIT_USAGE
    dataset, findings = _merged(done)
    with replacing(args.out) as folder:  # validated while the writers that need no findings run
        artifacts = write_all(dataset, folder, findings)
    print(f"built {len(artifacts)} outputs from {len(done)} announcements into {args.out} (see manifest.json)")
    _LEFT_FOR_EXIT[:] = [done, dataset]  # freed with the process (see run), not object by object here
    return 0


_LEFT_FOR_EXIT: list = []  # the last build's data, in this process (a later build replaces it)


def _merged(done: list) -> tuple[Dataset, Callable[[], list[Finding]]]:
    """The reports read, merged into one dataset, and a function giving every finding in order: the
    reader's and the validator's (called when wanted, so a build validates while its first writers run)."""
    from kcmodel.report import Dataset
    from kcmodel.validation import sort, validate

    dataset = Dataset(reports=tuple(r.report for r in done))
    read = [f for r in done for f in r.findings]
    return dataset, lambda: sort([*read, *validate(dataset.reports)])


def _collect_less_often() -> None:
    """Every command makes millions of small objects that live until it ends (the model, its facts,
    their texts), and Python's cycle collector, at its default thresholds (700, 10, 10), walks them
    again and again: a fifth of a build's CPU time, a third of validating 100,000 facts. Young objects
    are collected every 10,000 allocations instead of 700 and the middle generation 50 times less
    often: cycles are still freed, and the peak memory of a build is unchanged. The forked workers and
    writers inherit the setting."""
    gc.set_threshold(10_000, 50, 1_000)


def _import_writers() -> None:
    import exporters.artifacts  # noqa: F401
    import exporters.outfolder  # noqa: F401
    import kcmodel.validation  # noqa: F401


def _report_empty_folders(paths: Sequence[Path]) -> int:
    """An empty folder given to read is an error, never a clean run over nothing: how many there were."""
    empty = _empty_folders([p for p in paths if not (p / "manifest.json").is_file()])
    for problem in empty:
        print(f"kcmodel: {printable(problem)}", file=sys.stderr)
    return len(empty)


def _empty_folders(paths: Sequence[Path]) -> list[str]:
    """A folder given with no announcements in it is a mistake, not an empty build."""
    return [f"{p}: no announcements in this folder" for p in paths if p.is_dir() and not _announcements_in(p)]


def _inside(sources: Sequence[Path], out: Path) -> list[str]:
    """Sources kept in the output folder would be deleted with the build it replaces."""
    folder = out.resolve()
    return [f"{s}: is inside the output folder {out}, which a build replaces whole" for s in sources
            if s.resolve().is_relative_to(folder)]


EXIT_FINDINGS = 1


def _load_reports(paths: Sequence[Path]) -> tuple[list, list, int]:
    """Reports (and the reader's findings) from announcements, XBRL instances, xBRL-JSON, xBRL-CSV
    (metadata or its folder) or a build folder (the instances its manifest lists); what cannot be
    read is one line on stderr and counts as failed."""
    from exporters.oim import load_oim
    from exporters.xbrl import load_instance

    reports, findings, failed = [], [], 0
    for path in paths:
        try:
            targets = _validation_targets(path)
        except KcError as exc:
            print(f"kcmodel: {exc}", file=sys.stderr)
            failed += 1
            continue
        for target in targets:
            if target.suffix.lower() not in {".xbrl", ".xml", ".json"} and not target.is_dir():
                done, bad = _ingest_all([target])
                failed += bad
                reports += [r.report for r in done]
                findings += [f for r in done for f in r.findings]
                continue
            try:
                reports.append(load_instance(target) if target.suffix.lower() in {".xbrl", ".xml"} else load_oim(target))
            except KcError as exc:
                print(f"kcmodel: {exc}", file=sys.stderr)
                failed += 1
    return reports, findings, failed


def _validation_targets(path: Path) -> list[Path]:
    """A file as given; a build folder as the instances its manifest lists; an xBRL-CSV folder (its
    metadata.json) as itself; any other folder as the files in it."""
    from exporters.manifest import MANIFEST, listed
    from exporters.oim.xbrl_csv import METADATA

    if not path.is_dir():
        return [path]
    if (path / MANIFEST).exists() or (path / MANIFEST).is_symlink():
        return listed(path, "xbrl-instance")
    if (path / METADATA).exists():
        return [path]
    files = _announcements_in(path)
    if not files:
        raise KcError("nothing to validate in this folder", file=str(path))
    return files


def _validate(args: argparse.Namespace) -> int:
    import json

    from kcmodel.validation import sort, validate

    reports, read, failed = _load_reports(args.inputs)  # a folder with nothing to validate is refused there
    findings = sort([*read, *validate(reports)])
    if args.format == "json":
        print(json.dumps(findings_document(findings), indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding)
        counts = findings_document(findings)["counts"]
        print(f"{len(reports)} reports: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes")
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if any(f.severity.value == "error" for f in findings) else 0


def findings_document(findings) -> dict:
    from kcmodel.findings import counts

    return {"counts": counts(findings), "findings": [f.to_json() for f in findings]}


def _convert(args: argparse.Namespace) -> int:
    """Between the XML instance, xBRL-JSON and xBRL-CSV, through the model."""
    from exporters.oim import csv_files, json_bytes, load_oim
    from exporters.outfolder import write_file
    from exporters.xbrl import instance_bytes, load_instance

    source, target = args.input, args.output
    if not source.exists():
        raise KcError("no such file or directory", file=str(source))
    report = load_instance(source) if source.suffix.lower() in {".xbrl", ".xml"} else load_oim(source)
    suffix = target.suffix.lower()
    if suffix in {".xbrl", ".xml"}:
        write_file(target, instance_bytes(report))
    elif suffix == ".json":
        write_file(target, json_bytes(report))
    else:
        directory = _writable_dir(target)
        for name, data in csv_files(report).items():
            write_file(directory / name, data)
    print(f"{source} -> {target}: {len(report.facts)} facts")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from exporters.outfolder import write_file
    from kcmodel.ingest.document import read_info
    from kcmodel.ingest.figures import figures_only
    from kcmodel.ingest.forms import read_document
    from kcmodel.taxonomy import Taxonomy

    out, failed = _writable_dir(args.out), 0
    for path in _sources(args.files):
        try:
            lines = read_document(path).lines
            info = read_info(lines, str(path))
            target = out / f"kc-{info.period_end.year}-{info.fiscal_period}.txt"
            write_file(target, figures_only(lines, str(path), Taxonomy.load()))
            print(target)
        except KcError as exc:
            print(f"kcmodel: {exc}", file=sys.stderr)
            failed += 1
    return EXIT_USAGE if failed else 0


def _sparql(args: argparse.Namespace) -> int:
    from exporters.rdf.confine import check
    from exporters.rdf.deadline import run_within
    from exporters.rdf.sparql import FORMATS, prepare, read_query
    from exporters.rdf.stores import EndpointStore, MemoryStore, OxigraphStore

    query, name = read_query(args.query)
    check(query, name, args.allow_service)  # parsed, never run: a typo or a SERVICE is reported before any loading
    if args.endpoint is not None:
        store = EndpointStore(args.endpoint, args.graph_store, args.timeout)
        if args.data is not None:
            store.load(args.data)
    elif args.store == "oxigraph":
        store = OxigraphStore.from_build(args.data)
    elif args.data is not None:
        store = MemoryStore.from_build(args.data)
    else:  # the bundled examples, built in memory
        from exporters.rdf.graph import dataset_quads

        done, failed = _ingest_all(_sources([EXAMPLES]))
        if failed:
            return EXIT_USAGE
        dataset, findings = _merged(done)
        store = MemoryStore.from_quads(dataset_quads(dataset, findings()))
    results = run_within(args.timeout, lambda: store.query(query, name, args.allow_service), args.endpoint or name,
                         meanwhile=lambda: prepare(args.format))
    sys.stdout.write(FORMATS[args.format](results))
    return 0


def _seconds(text: str) -> float:
    """A positive number of seconds (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text!r}")
    return value


def _writable_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise KcError("is not a directory", file=str(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KcError(f"cannot create the directory: {exc.strerror}", file=str(path)) from None
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kcmodel",
        description="Kingsoft Cloud results announcements as validated, linked XBRL data.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    taxonomy = commands.add_parser(
        "taxonomy",
        help="write the kc taxonomy as a Taxonomy Package 1.0 zip",
        description="Write the kc taxonomy (schema, labels, presentation, Calculations 1.1, dimensions) "
        "as a Taxonomy Package 1.0 zip.",
    )
    taxonomy.add_argument("--out", type=Path, metavar="DIR", help="directory for kc-taxonomy-2025.zip")
    taxonomy.add_argument(
        "--write-source-tree",
        action="store_true",
        help="regenerate the committed XBRL files under taxonomy/ from taxonomy/src (for maintainers)",
    )
    ingest = commands.add_parser("ingest", help="read announcements and report what became of every figure",
                                 description="Read announcements (text files, or folders of them) and print, per file, "
                                 "how many printed figures became facts and why the others did not.")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ingest.add_argument("--ledger", action="store_true", help="print every figure: the fact it became, or why not")
    ingest.add_argument("--findings", action="store_true", help="print what the reader noticed and repaired")
    ingest.set_defaults(run=_ingest)

    build = commands.add_parser("build", help="build every output from announcements (default: the bundled examples)",
                                description="Ingest announcements and write every output into DIR, listed in "
                                "DIR/manifest.json. Without SOURCES, the bundled example data is used.")
    build.add_argument("sources", nargs="*", type=Path, metavar="SOURCES")
    build.add_argument("--out", type=Path, metavar="DIR", required=True)
    build.set_defaults(run=_build)

    validate = commands.add_parser("validate", help="check announcements or built outputs; print the findings",
                                   description="Check calculations (Calculations 1.1), US$ translations, roll-forwards, "
                                   "identities, periods and reports against each other. Inputs: announcements, XBRL "
                                   "instances (.xbrl, .xml), xBRL-JSON (.json), xBRL-CSV (its metadata .json or its "
                                   "directory), or a build directory (the instances its manifest.json lists). "
                                   "Exit status: 0 clean, 1 errors found, 2 bad input.")
    validate.add_argument("inputs", nargs="+", type=Path, metavar="SOURCE")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=_validate)

    convert = commands.add_parser("convert", help="convert between XML instance, xBRL-JSON and xBRL-CSV",
                                  description="Read IN (an XBRL instance .xbrl/.xml, an xBRL-JSON .json, or an xBRL-CSV "
                                  "metadata file or directory) into the model and write OUT: .xbrl/.xml an instance, "
                                  ".json xBRL-JSON, anything else a directory of xBRL-CSV files.")
    convert.add_argument("input", type=Path, metavar="IN")
    convert.add_argument("output", type=Path, metavar="OUT")
    convert.set_defaults(run=_convert)

    figures = commands.add_parser("figures", help="reduce announcements to their tables, titles, dates and rate",
                                  description="Write each announcement reduced to what its facts come from "
                                  "(tables as printed, titles, dates, the rate), without its prose.")
    figures.add_argument("files", nargs="+", type=Path, metavar="FILE")
    figures.add_argument("--out", type=Path, metavar="DIR", required=True)
    figures.set_defaults(run=_figures)

    sparql = commands.add_parser(
        "sparql", help="run a SPARQL query over a build's RDF (rdflib, Oxigraph, or a SPARQL 1.1 server)",
        description="Run a SPARQL 1.1 query (text, or a .rq file) over the RDF of a build directory (default: the "
        "bundled examples, built in memory). The default graph is the union of kcmodel's named graphs. Stores: "
        "memory = rdflib in process; oxigraph = the embedded pyoxigraph store kept in DIR; --endpoint = put the "
        "dataset into a SPARQL 1.1 server (Graph Store HTTP Protocol, when --data is given) and query it there "
        "(SPARQL 1.1 Protocol). A query the parser rejects is reported with its line and column, exit status 2. "
        "Queries keep to the data: FROM and FROM NAMED select graphs already in the store (an IRI that names "
        "none selects an empty graph; nothing is ever loaded from an address), and SERVICE is refused unless "
        "--allow-service is given. Every query, and every request to --endpoint, ends after --timeout seconds; "
        "Ctrl-C stops it at once (exit status 130).")
    sparql.add_argument("query", metavar="QUERY|FILE.rq")
    sparql.add_argument("--data", type=Path, metavar="DIR", help="a kcmodel build directory (its manifest lists the RDF)")
    sparql.add_argument("--store", choices=("memory", "oxigraph"), default="memory")
    sparql.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint, e.g. http://127.0.0.1:7878/query")
    sparql.add_argument("--graph-store", metavar="URL",
                        help="its Graph Store HTTP Protocol endpoint (default: the endpoint's /store, as Oxigraph serves it)")
    sparql.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="table, or SPARQL 1.1 Query Results CSV or JSON")
    sparql.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                        help="stop the query after this long, and wait no longer for --endpoint (default: 60)")
    sparql.add_argument("--allow-service", action="store_true",
                        help="let SERVICE send the query's bindings to the servers it names (refused by default)")
    sparql.set_defaults(run=_sparql, needs=lambda a: (a.store != "oxigraph" or a.data is not None)
                        and not (a.endpoint and a.store == "oxigraph"),
                        needs_message="--store oxigraph keeps its store in a build directory: give --data DIR "
                        "(and no --endpoint)")

    taxonomy.set_defaults(run=_taxonomy, needs=lambda a: a.out is not None or a.write_source_tree,
                          needs_message="taxonomy needs --out DIR or --write-source-tree")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    needs: Callable[[argparse.Namespace], bool] | None = getattr(args, "needs", None)
    if needs is not None and not needs(args):
        parser.error(args.needs_message)
    _collect_less_often()
    try:
        return args.run(args)
    except KcError as exc:
        print(f"kcmodel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"kcmodel: {KcError(exc.strerror or str(exc), file=exc.filename)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kcmodel: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The ``kcmodel`` command: ``main``, then the process ends at once.

    A build leaves a heap of a few hundred thousand objects (the dataset, the reports read, their
    caches), which a normal exit frees one by one: a tenth of a second after the work is done. Every
    output is complete and synced when ``main`` returns and kcmodel registers no exit handler, so
    the process flushes its two streams and ends without that.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that has gone away (``| head``): nothing more can reach it
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
