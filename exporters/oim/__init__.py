"""OIM 1.0 reports: xBRL-JSON and xBRL-CSV out of a Report, and back in.

``oim_files(report)`` gives every OIM file of a report (relative path -> bytes);
``load_oim(path)`` reads an xBRL-JSON report or xBRL-CSV metadata (or a directory holding
``metadata.json``) back into a Report, dispatching on the document's ``documentType``. The aspect
mapping both formats share is ``exporters.oim.aspects``.
"""

from __future__ import annotations

from pathlib import Path

from exporters.oim import jsonio
from exporters.oim.aspects import CSV_DOCUMENT_TYPE, JSON_DOCUMENT_TYPE, to_oim
from exporters.oim.xbrl_csv import METADATA, csv_files, read_csv
from exporters.oim.xbrl_json import json_bytes, read_json
from kcmodel.errors import KcError
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy

__all__ = ["csv_files", "json_bytes", "load_oim", "oim_files"]


def oim_files(report: Report) -> dict[str, bytes]:
    """``{name}.json`` (xBRL-JSON) and ``{name}-csv/`` (xBRL-CSV: metadata.json, facts.csv,
    notes.csv), named by the report's id (``kc-2024-FY``)."""
    name, oim = report.id, to_oim(report)  # the OIM view both formats write, made once
    files = {f"{name}.json": json_bytes(report, oim)}
    files.update({f"{name}-csv/{path}": data for path, data in csv_files(report, oim).items()})
    return files


def load_oim(path: Path | str, taxonomy: Taxonomy | None = None) -> Report:
    """The Report an xBRL-JSON file or an xBRL-CSV report (its metadata file, or its directory) holds,
    its facts checked against ``taxonomy`` (the kc taxonomy kcmodel ships, unless given)."""
    path = Path(path)
    if path.is_dir():
        path = path / METADATA
        if not path.is_file():
            raise KcError(f"an xBRL-CSV directory holds its metadata in {METADATA}", file=str(path.parent))
    document, text = jsonio.read(path)
    kind = jsonio.document_type(document)
    if kind == JSON_DOCUMENT_TYPE:
        return read_json(document, text, str(path), taxonomy)
    if kind == CSV_DOCUMENT_TYPE:
        return read_csv(document, path.parent, str(path), taxonomy)
    raise KcError(f"not an OIM report: documentType {kind!r}, expected {JSON_DOCUMENT_TYPE!r} or {CSV_DOCUMENT_TYPE!r}",
                  file=str(path))
