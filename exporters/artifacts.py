"""Every output kcmodel builds from a dataset, and the manifest that lists them.

Adding a format means adding its writer here; the command line knows only this module.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from exporters.packages import write_taxonomy_package
from exporters.xbrl import instance_bytes
from kcmodel.report import Dataset, Report
from kcmodel.taxonomy import Taxonomy


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the output directory, '/'-separated
    kind: str
    report: str | None
    source: str | None


def report_id(report: Report) -> str:
    """A stable, readable name for a report: kc-2024-FY, kc-2025-H1, kc-2024-Q3."""
    document = report.document
    return f"kc-{document.fiscal_year or document.period_end.year}-{document.fiscal_period or document.period_end.isoformat()}"


def write_all(dataset: Dataset, out: Path, findings: dict | None = None) -> list[Artifact]:
    """Every output of the dataset into ``out``; ``findings`` is the validator's JSON document."""
    out.mkdir(parents=True, exist_ok=True)
    package = write_taxonomy_package(Taxonomy.load(), out / "taxonomy")
    artifacts = [Artifact(package.relative_to(out).as_posix(), "taxonomy-package", None, None)]
    for report in dataset.reports:
        name = report_id(report)
        path = out / "xbrl" / f"{name}.xbrl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(instance_bytes(report))
        artifacts.append(Artifact(path.relative_to(out).as_posix(), "xbrl-instance", name, report.document.source))
    if findings is not None:
        path = out / "findings.json"
        path.write_text(json.dumps(findings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        artifacts.append(Artifact("findings.json", "findings", None, None))
    write_manifest(artifacts, out)
    return artifacts


def write_manifest(artifacts: list[Artifact], out: Path) -> Path:
    path = out / "manifest.json"
    path.write_text(json.dumps({"artifacts": [asdict(a) for a in artifacts]}, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path
