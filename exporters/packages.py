"""Zip packages (Taxonomy Package 1.0; later Report Packages) written byte-for-byte reproducibly:
entries sorted, one fixed timestamp, fixed permissions, deflate."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from exporters.taxonomy import PACKAGE_ROOT, taxonomy_files
from kcmodel.taxonomy import Taxonomy

FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, bytes], top: str) -> bytes:
    """A zip whose single top-level directory ``top`` holds ``files`` (path -> content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[path])
    return buffer.getvalue()


def taxonomy_package(taxonomy: Taxonomy) -> bytes:
    return zip_bytes(taxonomy_files(taxonomy), PACKAGE_ROOT)


def write_taxonomy_package(taxonomy: Taxonomy, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{PACKAGE_ROOT}.zip"
    path.write_bytes(taxonomy_package(taxonomy))
    return path
