"""The ``kcmodel`` command line: one sub-command per job.

This module is the composition root: the only place in ``kcmodel`` that reaches the exporters,
and only inside the command that needs them. Bad input prints one line naming the file (and line)
and exits 2; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kcmodel.errors import KcError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _taxonomy(args: argparse.Namespace) -> int:
    from exporters.packages import write_taxonomy_package
    from exporters.taxonomy import taxonomy_files
    from kcmodel.taxonomy import TAXONOMY_DIR, Taxonomy

    taxonomy = Taxonomy.load()
    if args.write_source_tree:
        for path, data in taxonomy_files(taxonomy).items():
            target = TAXONOMY_DIR / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        print(f"wrote the generated taxonomy files under {TAXONOMY_DIR}")
    if args.out is not None:
        print(write_taxonomy_package(taxonomy, _writable_dir(args.out)))
    return 0


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
    taxonomy.set_defaults(run=_taxonomy, needs=lambda a: a.out is not None or a.write_source_tree,
                          needs_message="taxonomy needs --out DIR or --write-source-tree")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    needs: Callable[[argparse.Namespace], bool] | None = getattr(args, "needs", None)
    if needs is not None and not needs(args):
        parser.error(args.needs_message)
    try:
        return args.run(args)
    except KcError as exc:
        print(f"kcmodel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"kcmodel: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
