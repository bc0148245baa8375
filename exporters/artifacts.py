"""Every output kcmodel builds from a dataset, and the manifest that lists them.

Adding a format means adding its writer here; the command line knows only this module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

from exporters import jsonpretty
from exporters.forked import apart
from exporters.manifest import Artifact, write_manifest
from exporters.html import write_html_report
from exporters.ixbrl import ixbrl_bytes
from exporters.oim import oim_files
from exporters.outfolder import write_file
from exporters.packages import report_package, write_taxonomy_package
from exporters.rdf.writer import write_rdf
from exporters.xbrl import instance_bytes
from kcmodel.findings import Finding, counts
from kcmodel.report import Dataset, Report
from kcmodel.taxonomy import Taxonomy


def clashes(reports: Iterable[tuple[str, Report]]) -> list[str]:
    """Reports that cannot share a build, one line each: two sources giving one report id would write the same files."""
    first: dict[str, str] = {}
    lines = []
    for source, report in reports:
        name = report.id
        if name in first:
            lines.append(f"report {name} comes from both {first[name]} and {source}")
        else:
            first[name] = source
    return lines


Writer = Callable[[Dataset, Sequence[Finding], Path], list[Artifact]]


def write_taxonomy(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    package = write_taxonomy_package(Taxonomy.load(), out / "taxonomy")
    return [Artifact(package.relative_to(out).as_posix(), "taxonomy-package", None, None)]


def _per_report(dataset: Dataset, out: Path, folder: str, extension: str, kind: str,
                render: Callable[[Report], bytes]) -> list[Artifact]:
    """One file per report, ``folder/<report id><extension>``."""
    artifacts = []
    for report in dataset.reports:
        name = report.id
        path = out / folder / f"{name}{extension}"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, render(report))
        artifacts.append(Artifact(path.relative_to(out).as_posix(), kind, name, report.document.source))
    return artifacts


_RENDERED: dict[tuple[str, int], tuple[Report, bytes]] = {}


def _once(render: Callable[[Report], bytes], report: Report) -> bytes:
    """A report's instance or inline document, rendered once per build: its folder and its package hold the same bytes."""
    key = (render.__name__, id(report))
    made = _RENDERED.get(key)
    if made is None or made[0] is not report:
        made = _RENDERED[key] = (report, render(report))
    return made[1]


def _instance(report: Report) -> bytes:
    return _once(instance_bytes, report)


def _inline(report: Report) -> bytes:
    return _once(ixbrl_bytes, report)


def write_instances(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    return _per_report(dataset, out, "xbrl", ".xbrl", "xbrl-instance", _instance)


def write_inline(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    return _per_report(dataset, out, "ixbrl", ".xhtml", "ixbrl", _inline)


def write_report_packages(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    """Per report an .xbri (the Inline XBRL document) and an .xbr (the XML instance), each with the taxonomy."""
    taxonomy = Taxonomy.load()
    artifacts = []
    for report in dataset.reports:
        name = report.id
        for extension, report_file, content in ((".xbri", f"{name}.xhtml", _inline(report)),
                                                (".xbr", f"{name}.xbrl", _instance(report))):
            path = out / "packages" / f"{name}{extension}"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, report_package(name, report_file, content, extension, taxonomy))
            artifacts.append(Artifact(path.relative_to(out).as_posix(), "report-package", name, report.document.source))
    return artifacts


def write_oim(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    """Per report xBRL-JSON (kind xbrl-json) and xBRL-CSV (kind xbrl-csv: its metadata file stands for it)."""
    artifacts = []
    for report in dataset.reports:
        name = report.id
        for relative, data in oim_files(report).items():
            path = out / "oim" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, data)
            if path.suffix == ".json":
                kind = "xbrl-csv" if path.name == "metadata.json" else "xbrl-json"
                artifacts.append(Artifact(path.relative_to(out).as_posix(), kind, name, report.document.source))
    return artifacts


def write_findings(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    document = {"counts": counts(findings), "findings": [f.to_json() for f in findings]}
    write_file(out / "findings.json", jsonpretty.dumps(document, 2) + "\n")
    return [Artifact("findings.json", "findings", None, None)]


WRITERS: list[Writer] = [write_taxonomy, write_instances, write_inline, write_oim, write_report_packages, write_findings,
                         write_rdf, write_html_report]


APART: tuple[Writer, ...] = (write_rdf, write_html_report)  # the longest writers, each on a core of its own
# the writers that need no findings: they start at once, in a process of their own, while the findings are made
FIRST: tuple[Writer, ...] = (write_taxonomy, write_instances, write_inline, write_oim, write_report_packages)


def write_all(dataset: Dataset, out: Path,
              findings: Sequence[Finding] | Callable[[], Sequence[Finding]] = ()) -> list[Artifact]:
    """Every output of the dataset into ``out`` and the manifest listing them.

    ``findings`` may be the function that makes them (validation): the writers that need none
    (``FIRST``) run in a process of their own while it does, so a build's second core is not idle
    then. The writers that share nothing with the others (RDF, the HTML report) run in processes of
    their own beside the rest.
    """
    out.mkdir(parents=True, exist_ok=True)
    for report in dataset.reports:  # made before the first writers fork, so they and validation share it
        report.as_reported()
    made: dict[str, list[Artifact]] = {}
    try:
        with ExitStack() as stack:
            first = stack.enter_context(apart(functools.partial(_write_each, FIRST, dataset, (), out)))
            found = findings() if callable(findings) else findings
            aside = {writer.__name__: stack.enter_context(apart(functools.partial(writer, dataset, found, out)))
                     for writer in APART}
            for writer in WRITERS:
                if writer not in APART and writer not in FIRST:
                    made[writer.__name__] = writer(dataset, found, out)
            made.update(first())
            made.update({name: result() for name, result in aside.items()})
    finally:
        _RENDERED.clear()
    artifacts = [a for writer in WRITERS for a in made[writer.__name__]]
    write_manifest(artifacts, out)
    return artifacts


def _write_each(writers: Sequence[Writer], dataset: Dataset, findings: Sequence[Finding],
                out: Path) -> dict[str, list[Artifact]]:
    """Several writers in turn, their artifacts by writer (a process's result: names, not functions)."""
    return {writer.__name__: writer(dataset, findings, out) for writer in writers}
