"""The recorded bytes of a build of the bundled examples: one SHA-256 digest per output file.

Speed work must not change a single output byte (issue 14), so a build of the examples is compared,
file by file, with the digests in ``tests/fixtures/examples-build.sha256`` (``sha256sum`` format,
so ``sha256sum -c`` reads it too). When an output changes on purpose, the digests are recorded
again and the commit names each file that changed and why.

Run: python -m tests.output_digests            (build the examples, print which files differ)
     python -m tests.output_digests --record   (the same, then record the new digests)
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "fixtures" / "examples-build.sha256"


def digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (its path relative to the folder, with /) and its SHA-256."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def recorded(path: Path = RECORDED) -> dict[str, str]:
    """The digests as recorded: lines of ``<sha256>  <path>``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line)}


def record(found: dict[str, str], path: Path = RECORDED) -> None:
    path.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(found.items())), encoding="utf-8")


def differences(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    """One line per file that differs: changed, missing from the build, or new in it."""
    lines = [f"changed: {name}" for name in sorted(expected.keys() & found.keys()) if expected[name] != found[name]]
    lines += [f"missing: {name}" for name in sorted(expected.keys() - found.keys())]
    lines += [f"new:     {name}" for name in sorted(found.keys() - expected.keys())]
    return lines


def build_examples(out: Path) -> None:
    """``kcmodel build`` of the bundled examples (its default sources), as a user runs it."""
    subprocess.run([sys.executable, "-m", "kcmodel.cli", "build", "--out", str(out)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="record the new digests after printing the differences")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        build_examples(Path(folder) / "build")
        found = digests(Path(folder) / "build")
    changed = differences(recorded() if RECORDED.exists() else {}, found)
    print("\n".join(changed) if changed else f"all {len(found)} files as recorded")
    if args.record:
        record(found)
        print(f"recorded {len(found)} digests in {RECORDED.relative_to(ROOT)}")
    return 1 if changed and not args.record else 0


if __name__ == "__main__":
    sys.exit(main())
