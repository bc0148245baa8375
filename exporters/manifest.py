"""A build's ``manifest.json``: what every writer returns (``Artifact``), written, and read back —
the files it lists of a kind, each one checked. The writers and the module that runs them all
import this one, which knows none of them.

The manifest is input like any other (a build folder may come from anywhere), so a listed path
must be relative, lie inside the build folder once symlinks are resolved, and be a regular file:
``/etc/passwd``, ``../../x``, a symlink out of the folder or ``/dev/zero`` are refused with one
line naming the manifest and the path, before anything listed is read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from exporters import jsonpretty, jsontext
from exporters.outfolder import write_file
from kcmodel.errors import KcError
from kcmodel.files import read_bounded

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Artifact:
    """One output of a build, as the manifest lists it."""

    path: str  # relative to the output directory, '/'-separated
    kind: str
    report: str | None  # the report's id (kc-2024-FY), for a per-report output
    source: str | None  # the announcement it was read from


def write_manifest(artifacts: list[Artifact], out: Path) -> Path:
    path = out / MANIFEST
    write_file(path, jsonpretty.dumps({"artifacts": [asdict(a) for a in artifacts]}, 2) + "\n")
    return path


def listed(folder: Path, kind: str) -> list[Path]:
    """The files of ``kind`` (``xbrl-instance``) that ``folder/manifest.json`` lists, in its order."""
    manifest = folder / MANIFEST
    artifacts = _artifacts(manifest)
    paths = [_inside(folder, manifest, a["path"]) for a in artifacts if a["kind"] == kind]
    if not paths:
        raise KcError(f"lists no {kind}: nothing to read", file=str(manifest))
    return paths


def _artifacts(manifest: Path) -> list[dict]:
    data = read_bounded(manifest, "a kcmodel manifest")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KcError(f"not UTF-8 text (byte {exc.start})", file=str(manifest)) from None
    document = jsontext.loads(text, str(manifest))
    artifacts = document.get("artifacts") if isinstance(document, dict) else None
    if not isinstance(artifacts, list) or not all(
            isinstance(a, dict) and isinstance(a.get("path"), str) and isinstance(a.get("kind"), str) for a in artifacts):
        raise KcError('not a kcmodel manifest: no "artifacts" list of objects with a "path" and a "kind"', file=str(manifest))
    return artifacts


def _inside(folder: Path, manifest: Path, listed_path: str) -> Path:
    """The listed file, if it is a regular file inside the build folder (symlinks resolved)."""
    given = PurePosixPath(listed_path)
    if not listed_path or given.is_absolute() or PureWindowsPath(listed_path).is_absolute() or PureWindowsPath(listed_path).drive:
        raise KcError(f"the listed path {listed_path!r} is not relative to the build folder", file=str(manifest))
    try:
        root = folder.resolve()
        path = (root / given).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL
        raise KcError(f"the listed path {listed_path!r} cannot be resolved", file=str(manifest)) from None
    if not path.is_relative_to(root):
        raise KcError(f"the listed path {listed_path!r} leaves the build folder", file=str(manifest))
    if not path.is_file():
        what = "is missing" if not path.exists() else "is not a regular file"
        raise KcError(f"the listed path {listed_path!r} {what}", file=str(manifest))
    return folder / given
