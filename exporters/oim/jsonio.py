"""JSON in and out for the OIM formats: deterministic bytes out, untrusted text in.

Parsing refuses what OIM refuses and what would let a file misbehave: what is not a regular file
or is over ``kcmodel.files.MAX_BYTES``, text that is not UTF-8, and what ``exporters.jsontext``
refuses (duplicate keys, NaN, deep nesting, characters XML cannot carry). Every failure is a
KcError naming the file and, where the parser knows it, the line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from exporters import jsonpretty, jsontext
from exporters.oim.aspects import Where
from kcmodel.errors import KcError
from kcmodel.files import read_bounded


def dump(document: Any) -> bytes:
    """UTF-8, two-space indent, key order as built (callers build dicts in the order they mean)."""
    return (jsonpretty.dumps(document, 2) + "\n").encode("utf-8")


def parse(data: bytes, source: str) -> tuple[Any, str]:
    """The parsed document and its text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KcError(f"not UTF-8 text (byte {exc.start})", file=source, line=line) from None
    document = jsontext.loads(text, source)
    return document, text


def read(path: Path) -> tuple[Any, str]:
    return parse(read_bounded(path, "an OIM report"), str(path))


# possessive runs: no backtracking, and no regex state per character (a 60 MB string cost 8 GB)
_OBJECT_KEY = re.compile(r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"\s*:\s*\{')


def object_key_lines(text: str) -> dict[str, int]:
    """For each key that opens an object, the line of its first occurrence (for error messages)."""
    lines: dict[str, int] = {}
    position, line = 0, 1
    for match in _OBJECT_KEY.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        try:
            key = json.loads(f'"{match[1]}"')
        except json.JSONDecodeError:
            continue
        lines.setdefault(key, line)
    return lines


def document_type(document: Any) -> str | None:
    info = document.get("documentInfo") if isinstance(document, dict) else None
    kind = info.get("documentType") if isinstance(info, dict) else None
    return kind if isinstance(kind, str) else None


def expect_object(value: Any, what: str, where: Where) -> dict:
    if not isinstance(value, dict):
        raise where.error(f"{what} is not a JSON object")
    return value


def document_info_fields(info: dict, where: Where) -> dict[str, Any]:
    """The OimReport fields of a ``documentInfo`` object, its shape checked."""

    def names_to_strings(what: str) -> dict[str, str]:
        mapping = expect_object(info.get(what, {}), f"documentInfo.{what}", where)
        if not all(isinstance(v, str) for v in mapping.values()):
            raise where.error(f"documentInfo.{what} maps names to strings")
        return dict(mapping)

    taxonomy = info.get("taxonomy")
    if not isinstance(taxonomy, list) or not all(isinstance(v, str) for v in taxonomy):
        raise where.error("documentInfo.taxonomy is not a list of strings")
    return {
        "namespaces": names_to_strings("namespaces"),
        "taxonomy": list(taxonomy),
        "link_types": names_to_strings("linkTypes"),
        "link_groups": names_to_strings("linkGroups"),
        "features": dict(expect_object(info.get("features", {}), "documentInfo.features", where)),
    }
