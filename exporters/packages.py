"""Zip packages, written byte-for-byte reproducibly (entries sorted, one fixed timestamp, fixed
permissions, deflate): the Taxonomy Package 1.0, and a Report Package 1.0 per report.

A report package carries its report under ``reports/`` and, being a taxonomy package too, the kc
taxonomy with its catalog, so it opens and validates on its own, offline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from exporters.outfolder import write_file
from exporters.taxonomy import PACKAGE_ROOT, taxonomy_files
from exporters.ziparchive import Deflated, deflate, zip_archive
from kcmodel.taxonomy import Taxonomy

FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, bytes | Deflated], top: str) -> bytes:
    """A zip whose single top-level directory ``top`` holds ``files`` (path -> content, or content deflated)."""
    return zip_archive(((f"{top}/{path}", files[path]) for path in sorted(files)), FIXED_TIME)


_DEFLATED: dict[int, tuple[Taxonomy, dict[str, Deflated]]] = {}  # by the taxonomy's identity; it is kept alive


def _taxonomy_members(taxonomy: Taxonomy) -> dict[str, Deflated]:
    """The taxonomy's files deflated, once per taxonomy: the taxonomy package and every report package hold them."""
    made = _DEFLATED.get(id(taxonomy))
    if made is None:
        made = _DEFLATED[id(taxonomy)] = (taxonomy, {path: deflate(content) for path, content in taxonomy_files(taxonomy).items()})
    return made[1]


def taxonomy_package(taxonomy: Taxonomy) -> bytes:
    return zip_bytes(_taxonomy_members(taxonomy), PACKAGE_ROOT)


def write_taxonomy_package(taxonomy: Taxonomy, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{PACKAGE_ROOT}.zip"
    write_file(path, taxonomy_package(taxonomy))
    return path


REPORT_PACKAGE_TYPES = {
    ".xbri": "https://xbrl.org/report-package/2023/xbri",  # an Inline XBRL report
    ".xbr": "https://xbrl.org/report-package/2023/xbr",  # an XBRL 2.1 (or xBRL-JSON) report
}


def report_package(name: str, report_file: str, content: bytes, extension: str, taxonomy: Taxonomy) -> bytes:
    """A Report Package 1.0 named ``name`` holding one report file and the kc taxonomy."""
    metadata = {"documentInfo": {"documentType": REPORT_PACKAGE_TYPES[extension]}}
    files = {**_taxonomy_members(taxonomy),
             "META-INF/reportPackage.json": (json.dumps(metadata, indent=2) + "\n").encode("utf-8"),
             f"reports/{report_file}": content}
    return zip_bytes(files, name)
